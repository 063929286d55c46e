#pragma once

// The compiled form of a mapping script (mapping.md §1): what the load-time evaluation of the
// script leaves behind. Producers are nodes of a DAG, each naming its inputs by index, so one
// event evaluates each node at most once (mapping.md §1.4) into the slot of the same index. The
// actions are a tree of `map`, `when`, `section`, `exit`, `stop` and `drop`. Everything that
// names something (fields, regexes, JSONPaths, digest algorithms, header names) is resolved
// here; per event nothing is looked up by name. Immutable after loading; shared by all threads.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "avro/schema.h"
#include "base/counter.h"
#include "base/log.h"
#include "functions/digest.h"
#include "functions/jsonpath.h"
#include "functions/regex.h"
#include "mapping/script_mapping.h"

namespace divolte::mapping {

// The types of per-event values (mapping.md §8).
enum class Kind : uint8_t {
  kString,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kStringList,
  kIntList,
  kQueryMap,
  kBytes,
  kJson,
  kUri,
  kMatcher,
  kUserAgent,
  kGeo,
};

// "string", "list of strings", "URI", … (messages).
std::string_view KindName(Kind kind);

enum class Op : uint8_t {
  // Event values (§7.1); no inputs.
  kLocation,
  kReferer,
  kFirstInSession,
  kCorrupt,
  kDuplicate,
  kTimestamp,
  kClientTimestamp,
  kRemoteHost,
  kViewportPixelWidth,
  kViewportPixelHeight,
  kScreenPixelWidth,
  kScreenPixelHeight,
  kDevicePixelRatio,
  kPartyId,
  kSessionId,
  kPageViewId,
  kEventId,
  kEventType,
  kUserAgentString,
  kCookie,           // text: the cookie name
  kHeader,           // text: the header name
  kEventParameters,  // JSON
  kUserAgent,        // input: none; the parsed user agent (enrichment)
  kUserAgentField,   // input: a kUserAgent node; index: the accessor
  kIp2Geo,           // input: -1 (the peer) or a string node
  kGeoField,         // input: a kIp2Geo node; index: the accessor
  // Lists of strings (headers, valueList).
  kListFirst,
  kListLast,
  kListGet,  // index: 0-based, negative from the end
  kListCommaSeparated,
  // JSON.
  kJsonValue,  // text: the member name
  kJsonPath,   // path: the compiled JSONPath
  // parse … to … (§7.4).
  kParseInt32,
  kParseInt64,
  kParseFp32,
  kParseFp64,
  kParseBool,
  kParseUri,
  // URI accessors (§7.5); input: a kParseUri node.
  kUriScheme,
  kUriHost,
  kUriPort,
  kUriPath,
  kUriRawPath,
  kUriDecodedQuery,
  kUriRawQuery,
  kUriDecodedFragment,
  kUriRawFragment,
  kUriQuery,
  // Query maps (§7.6); text: the name.
  kQueryValue,
  kQueryValueList,
  // Regular expressions (§7.7); regex: the compiled pattern.
  kMatch,
  kMatches,
  kGroup,  // index: the group number
  // Digests (§7.10); index: the digester.
  kDigestResult,
  kToHexLower,
  kToHexUpper,
  kToBase64,
  // Conditions (§6).
  kIsPresent,
  kIsAbsent,
  kEqualTo,         // input, input2: both producers
  kEqualToLiteral,  // input; literal: the constant
  kAnd,
  kOr,
  kNot,
};

// A load-time constant as a per-event value (equalTo literals, digest pieces, mapped literals).
struct Constant {
  Kind kind = Kind::kString;
  std::string text;
  bool boolean = false;
  int64_t integer = 0;            // kInt, kLong
  double floating = 0;            // kFloat, kDouble
  std::vector<std::string> list;  // kStringList (equalTo only)
  std::vector<int32_t> ints;      // kIntList (equalTo only)
};

struct Node {
  Op op = Op::kLocation;
  Kind kind = Kind::kString;
  int32_t input = -1;
  int32_t input2 = -1;
  int64_t index = 0;
  std::string text;
  std::optional<functions::Regex> regex;
  std::optional<functions::JsonPath> path;
  std::optional<Constant> literal;  // kEqualToLiteral; nullopt: the literal can never be equal
  std::string label;                // readable form for messages: `parse(location() to uri)`
};

// One piece of a digest: a producer, or a literal string.
struct DigestPiece {
  int32_t node = -1;  // -1: `text` is a literal piece
  std::string text;
};

struct DigesterProgram {
  functions::Digester digester;
  std::string label;                // `digester("sha-256")`
  std::vector<DigestPiece> pieces;  // final when loading completes (§7.10)
};

struct Action {
  enum class Type : uint8_t { kMapNode, kMapConstant, kWhen, kSection, kExit, kStop, kDrop };
  Type type = Type::kExit;
  avro::FieldIndex field = 0;    // kMapNode, kMapConstant
  int32_t node = -1;             // kMapNode: the value; kWhen: the condition
  Constant constant;             // kMapConstant
  std::vector<Action> children;  // kWhen, kSection
};

// Per field: JSON conversion failures (§11.2), counted and logged at INFO at most every 10 s.
struct FieldFailures {
  std::string field;
  mutable base::Counter count;  // thread-safe; counted through the const Program
  mutable base::RateLimiter log;
};

struct ScriptMapping::Program {
  const avro::Schema* schema = nullptr;
  std::string name;  // the mapping's name
  std::vector<Node> nodes;
  std::vector<DigesterProgram> digesters;
  std::vector<Action> actions;
  // By field index; only JSON-mapped fields are ever counted.
  std::deque<FieldFailures> conversion_failures;
};

}  // namespace divolte::mapping
