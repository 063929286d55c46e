#include "config/hocon_parser.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "base/strings.h"
#include "config/hocon_lexer.h"

namespace divolte::config {
namespace {

// Recursive-descent parser over one document (a file, the built-in defaults or a define).
// The first error stops parsing; functions return null/false once failed() is set.
class Parser {
 public:
  struct Context {
    Origin origin;         // kind and name of the document; line is filled in per value
    std::string base_dir;  // for relative includes
    Path prefix;           // include point of this document in the including one
    int depth = 0;         // nesting depth at the include point
    int include_depth = 0;
  };

  Parser(std::string_view text, Context context) : lexer_(text), context_(std::move(context)) {}

  ValuePtr ParseRoot();
  ValuePtr ParseDefineValue();
  bool ParsePath(Path* path) { return ParsePathSegments(path, /*allow_spaces=*/false); }

  Lexer& lexer() { return lexer_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  bool Fail(const std::string& message);
  ValuePtr FailValue(const std::string& message) {
    Fail(message);
    return nullptr;
  }
  Origin OriginHere() const;

  ValuePtr ParseObjectBody(bool braced, const Path& object_path, int depth);
  bool ParseFieldSeparator(bool braced);
  bool ParseField(ValuePtr& object, const Path& object_path, int depth);
  bool ParsePathSegments(Path* path, bool allow_spaces);
  ValuePtr ParseValue(const Path& path, int depth);
  ValuePtr ParsePiece(const Path& path, int depth);
  ValuePtr ParseArray(const Path& path, int depth);
  ValuePtr ParseSubstitution();
  ValuePtr ParseUnquoted();

  bool AtInclude();
  bool ParseInclude(ValuePtr& object, const Path& object_path, int depth);
  bool ParseIncludeTarget(bool* required, std::string* kind, std::string* name);
  bool IncludeFile(ValuePtr& object, const Path& object_path, int depth, bool required,
                   const std::string& name);

  Lexer lexer_;
  Context context_;
  std::string error_;
};

bool Parser::Fail(const std::string& message) {
  if (!failed()) {
    if (context_.origin.kind == Origin::Kind::kDefine) {
      error_ =
          base::EscapeLineBreaks(message) + " (column " + std::to_string(lexer_.column()) + ")";
    } else {
      std::string name =
          context_.origin.kind == Origin::Kind::kFile ? context_.origin.name : "built-in default";
      error_ = name + ":" + std::to_string(lexer_.line()) + ":" + std::to_string(lexer_.column()) +
               ": " + base::EscapeLineBreaks(message);
    }
  }
  return false;
}

Origin Parser::OriginHere() const {
  Origin origin = context_.origin;
  if (origin.kind == Origin::Kind::kFile) origin.line = lexer_.line();
  return origin;
}

ValuePtr Parser::ParseRoot() {
  lexer_.SkipSpaceAndNewlines();
  ValuePtr root;
  if (lexer_.Peek() == '{') {
    lexer_.Advance();
    root = ParseObjectBody(/*braced=*/true, {}, context_.depth);
    if (!root) return nullptr;
    lexer_.SkipSpaceAndNewlines();
    if (!lexer_.AtEnd()) {
      return FailValue("Unexpected text after the closing '}' of the document");
    }
    return root;
  }
  return ParseObjectBody(/*braced=*/false, {}, context_.depth);
}

ValuePtr Parser::ParseDefineValue() {
  lexer_.SkipSpaceAndNewlines();
  if (lexer_.AtEnd()) return Value::String("", OriginHere());
  ValuePtr value = ParseValue({}, context_.depth);
  if (!value) return nullptr;
  lexer_.SkipSpaceAndNewlines();
  if (!lexer_.AtEnd()) {
    return FailValue(std::string("Unexpected '") + lexer_.Peek() + "' after the value");
  }
  return value;
}

ValuePtr Parser::ParseObjectBody(bool braced, const Path& object_path, int depth) {
  if (depth >= kMaxNestingDepth) {
    return FailValue("Nesting is deeper than " + std::to_string(kMaxNestingDepth) + " levels");
  }
  ValuePtr object = Value::Object(OriginHere());
  while (true) {
    lexer_.SkipSpaceAndNewlines();
    if (lexer_.AtEnd()) {
      if (braced) return FailValue("Expected '}' before the end of the input");
      return object;
    }
    char c = lexer_.Peek();
    if (c == '}') {
      if (!braced) return FailValue("Unexpected '}'");
      lexer_.Advance();
      return object;
    }
    if (c == ',') return FailValue("Unexpected ','");
    bool ok = AtInclude() ? ParseInclude(object, object_path, depth)
                          : ParseField(object, object_path, depth);
    if (!ok || !ParseFieldSeparator(braced)) return nullptr;
  }
}

// After a field: a comma, a newline or the end of the object.
bool Parser::ParseFieldSeparator(bool braced) {
  lexer_.SkipInlineSpaceAndComment();
  char c = lexer_.Peek();
  if (c == ',') {
    lexer_.Advance();
    return true;
  }
  if (c == '\n' || lexer_.AtEnd() || (braced && c == '}')) return true;
  return Fail(std::string("Expected ',' or a newline after a field, found '") + c + "'");
}

bool Parser::ParseField(ValuePtr& object, const Path& object_path, int depth) {
  Origin origin = OriginHere();
  Path key;
  if (!ParsePathSegments(&key, /*allow_spaces=*/true)) return false;
  if (depth + static_cast<int>(key.size()) >= kMaxNestingDepth) {
    return Fail("Nesting is deeper than " + std::to_string(kMaxNestingDepth) + " levels");
  }
  Path path = object_path;
  path.insert(path.end(), key.begin(), key.end());
  int value_depth = depth + static_cast<int>(key.size());
  lexer_.SkipInlineSpace();
  ValuePtr value;
  if (lexer_.Peek() == '{') {
    value = ParseValue(path, value_depth);
  } else if (lexer_.StartsWith("+=")) {
    lexer_.Advance(2);
    lexer_.SkipSpaceAndNewlines();
    ValuePtr element = ParseValue(path, value_depth);
    if (!element) return false;
    ValuePtr array = Value::Array(element->origin());
    array->mutable_items().push_back(std::move(element));
    ValuePtr previous = Value::Substitution(path, /*optional=*/true, context_.prefix, origin);
    value = Value::Concatenation({std::move(previous), std::move(array)}, origin);
  } else if (lexer_.Peek() == '=' || lexer_.Peek() == ':') {
    lexer_.Advance();
    lexer_.SkipSpaceAndNewlines();
    if (lexer_.AtValueEnd()) return Fail("Expected a value for key '" + PathToString(key) + "'");
    value = ParseValue(path, value_depth);
  } else {
    return Fail("Expected '=', ':', '+=' or '{' after key '" + PathToString(key) + "'");
  }
  if (!value) return false;
  object = Merge(object, WrapInPath(key, std::move(value), origin));
  return true;
}

// A path expression: unquoted runs split at '.', quoted strings kept whole. With allow_spaces
// (keys), whitespace between two pieces is part of the segment.
bool Parser::ParsePathSegments(Path* path, bool allow_spaces) {
  std::string current;
  bool has_current = false;
  while (!lexer_.AtEnd()) {
    char c = lexer_.Peek();
    if (c == '"') {
      std::string text;
      if (!lexer_.ReadQuoted(&text)) return Fail(lexer_.error());
      current += text;
      has_current = true;
    } else if (c == '.') {
      if (!has_current) return Fail("A path may not contain an empty segment");
      lexer_.Advance();
      path->push_back(std::move(current));
      current.clear();
      has_current = false;
    } else if (IsUnquotedChar(c) && !lexer_.AtComment()) {
      current += lexer_.ReadUnquotedRun(/*stop_at_dot=*/true);
      has_current = true;
    } else if (allow_spaces && IsInlineSpace(c) && has_current) {
      std::string space = lexer_.ReadInlineSpace();
      char next = lexer_.Peek();
      if (next == '"' || next == '.' || (IsUnquotedChar(next) && !lexer_.AtComment())) {
        current += space;
      }
    } else {
      break;
    }
  }
  if (!has_current) {
    if (lexer_.AtEnd()) return Fail("Expected a key or path");
    return Fail(std::string("Expected a key or path, found '") + lexer_.Peek() + "'");
  }
  path->push_back(std::move(current));
  return true;
}

// A value: one piece or a concatenation of pieces on one line.
ValuePtr Parser::ParseValue(const Path& path, int depth) {
  Origin origin = OriginHere();
  std::vector<ValuePtr> pieces;
  ValuePtr first = ParsePiece(path, depth);
  if (!first) return nullptr;
  pieces.push_back(std::move(first));
  while (true) {
    Origin space_origin = OriginHere();
    std::string space = lexer_.ReadInlineSpace();
    if (lexer_.AtValueEnd()) break;
    if (!space.empty()) pieces.push_back(Value::Whitespace(std::move(space), space_origin));
    ValuePtr piece = ParsePiece(path, depth);
    if (!piece) return nullptr;
    pieces.push_back(std::move(piece));
  }
  if (pieces.size() == 1) return pieces.front();
  return Value::Concatenation(std::move(pieces), std::move(origin));
}

ValuePtr Parser::ParsePiece(const Path& path, int depth) {
  char c = lexer_.Peek();
  Origin origin = OriginHere();
  if (c == '{') {
    lexer_.Advance();
    return ParseObjectBody(/*braced=*/true, path, depth + 1);
  }
  if (c == '[') return ParseArray(path, depth + 1);
  if (c == '$') return ParseSubstitution();
  if (c == '"') {
    std::string text;
    bool ok =
        lexer_.StartsWith("\"\"\"") ? lexer_.ReadTripleQuoted(&text) : lexer_.ReadQuoted(&text);
    if (!ok) return FailValue(lexer_.error());
    return Value::String(std::move(text), std::move(origin));
  }
  return ParseUnquoted();
}

ValuePtr Parser::ParseArray(const Path& path, int depth) {
  if (depth >= kMaxNestingDepth) {
    return FailValue("Nesting is deeper than " + std::to_string(kMaxNestingDepth) + " levels");
  }
  ValuePtr array = Value::Array(OriginHere());
  lexer_.Advance();  // '['
  while (true) {
    lexer_.SkipSpaceAndNewlines();
    if (lexer_.AtEnd()) return FailValue("Expected ']' before the end of the input");
    char c = lexer_.Peek();
    if (c == ']') {
      lexer_.Advance();
      return array;
    }
    if (c == ',') return FailValue("Unexpected ','");
    ValuePtr element = ParseValue(path, depth);
    if (!element) return nullptr;
    array->mutable_items().push_back(std::move(element));
    lexer_.SkipInlineSpaceAndComment();
    c = lexer_.Peek();
    if (c == ',') {
      lexer_.Advance();
    } else if (c != '\n' && c != ']' && !lexer_.AtEnd()) {
      return FailValue(std::string("Expected ',' or ']' in an array, found '") + c + "'");
    }
  }
}

ValuePtr Parser::ParseSubstitution() {
  Origin origin = OriginHere();
  if (!lexer_.StartsWith("${")) return FailValue("Unexpected '$' (quote it or write ${path})");
  lexer_.Advance(2);
  bool optional = false;
  if (lexer_.Peek() == '?') {
    optional = true;
    lexer_.Advance();
  }
  Path path;
  if (!ParsePathSegments(&path, /*allow_spaces=*/false)) return nullptr;
  if (lexer_.Peek() != '}') return FailValue("Expected '}' to end the substitution");
  lexer_.Advance();
  return Value::Substitution(std::move(path), optional, context_.prefix, std::move(origin));
}

ValuePtr Parser::ParseUnquoted() {
  Origin origin = OriginHere();
  char c = lexer_.Peek();
  if (!IsUnquotedChar(c) || lexer_.AtComment()) {
    return FailValue(std::string("Unexpected '") + c + "' (quote strings that contain it)");
  }
  std::string text = lexer_.ReadUnquotedRun(/*stop_at_dot=*/false);
  if (text == "true") return Value::Boolean(true, std::move(origin));
  if (text == "false") return Value::Boolean(false, std::move(origin));
  if (text == "null") return Value::Null(std::move(origin));
  if (IsJsonNumber(text)) {
    double number = std::strtod(text.c_str(), nullptr);
    return Value::Number(std::move(text), number, std::move(origin));
  }
  return Value::String(std::move(text), std::move(origin));
}

// `include` followed by whitespace and a quoted name or file(/required(/classpath(/url(.
bool Parser::AtInclude() {
  if (!lexer_.StartsWith("include") || !IsInlineSpace(lexer_.Peek(7))) return false;
  size_t offset = 7;
  while (IsInlineSpace(lexer_.Peek(offset))) ++offset;
  for (const char* start : {"\"", "file(", "required(", "classpath(", "url("}) {
    if (lexer_.StartsWith(start, offset)) return true;
  }
  return false;
}

bool Parser::ParseInclude(ValuePtr& object, const Path& object_path, int depth) {
  lexer_.Advance(7);
  lexer_.SkipInlineSpace();
  bool required = false;
  std::string kind;
  std::string name;
  if (!ParseIncludeTarget(&required, &kind, &name)) return false;
  if (kind == "url") return Fail("URL includes are not supported");
  if (kind == "classpath") {
    if (required) return Fail("Could not find required include classpath resource '" + name + "'");
    return true;
  }
  return IncludeFile(object, object_path, depth, required, name);
}

bool Parser::ParseIncludeTarget(bool* required, std::string* kind, std::string* name) {
  int closing = 0;
  if (lexer_.StartsWith("required(")) {
    *required = true;
    lexer_.Advance(9);
    lexer_.SkipInlineSpace();
    ++closing;
  }
  for (const char* wrapper : {"file", "classpath", "url"}) {
    std::string opening = std::string(wrapper) + "(";
    if (lexer_.StartsWith(opening)) {
      *kind = wrapper;
      lexer_.Advance(opening.size());
      lexer_.SkipInlineSpace();
      ++closing;
      break;
    }
  }
  if (lexer_.Peek() != '"' || lexer_.StartsWith("\"\"\"")) {
    return Fail("Expected a quoted file name after include");
  }
  if (!lexer_.ReadQuoted(name)) return Fail(lexer_.error());
  for (; closing > 0; --closing) {
    lexer_.SkipInlineSpace();
    if (lexer_.Peek() != ')') return Fail("Expected ')' in include");
    lexer_.Advance();
  }
  return true;
}

std::string ResolveIncludePath(const std::string& base_dir, const std::string& name) {
  std::filesystem::path path(name);
  if (path.is_absolute() || base_dir.empty()) return name;
  return (std::filesystem::path(base_dir) / path).string();
}

bool FileExists(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

bool Parser::IncludeFile(ValuePtr& object, const Path& object_path, int depth, bool required,
                         const std::string& name) {
  std::string path = ResolveIncludePath(context_.base_dir, name);
  if (!FileExists(path) && std::filesystem::path(name).extension().empty()) {
    if (FileExists(path + ".conf")) path += ".conf";
  }
  if (!FileExists(path)) {
    if (required) return Fail("Could not find required include file '" + path + "'");
    return true;
  }
  if (context_.include_depth + 1 > kMaxIncludeDepth) {
    return Fail("Includes are nested deeper than " + std::to_string(kMaxIncludeDepth) +
                " levels (include cycle?)");
  }
  base::Result<std::string> text = ReadFile(path);
  if (!text.ok()) return Fail(text.message());
  Context context{Origin::File(path, 0), std::filesystem::path(path).parent_path().string(),
                  context_.prefix, depth, context_.include_depth + 1};
  context.prefix.insert(context.prefix.end(), object_path.begin(), object_path.end());
  Parser included(*text, std::move(context));
  ValuePtr fields = included.ParseRoot();
  if (!fields) {
    error_ = included.error();
    return false;
  }
  object = Merge(object, std::move(fields));
  return true;
}

}  // namespace

base::Result<std::string> ReadFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return base::Result<std::string>::Error("Could not read configuration file '" + path +
                                            "': not found or not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return base::Result<std::string>::Error("Could not read configuration file '" + path +
                                            "': " + std::strerror(errno));
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxFileSize) {
      return base::Result<std::string>::Error("Configuration file '" + path +
                                              "' is larger than 16 MiB");
    }
  }
  if (in.bad()) {
    return base::Result<std::string>::Error("Could not read configuration file '" + path + "'");
  }
  return text;
}

base::Result<ValuePtr> ParseFile(const std::string& path) {
  base::Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseDocument(*text, Origin::File(path, 0),
                       std::filesystem::path(path).parent_path().string());
}

base::Result<ValuePtr> ParseDocument(std::string_view text, const Origin& origin,
                                     const std::string& base_dir) {
  Parser parser(text, {origin, base_dir, {}, 0, 0});
  ValuePtr root = parser.ParseRoot();
  if (!root) return base::Result<ValuePtr>::Error(parser.error());
  return root;
}

base::Result<Path> ParsePathExpression(std::string_view text) {
  Parser parser(text, {Origin::Define(), "", {}, 0, 0});
  Path path;
  parser.lexer().SkipInlineSpace();
  if (parser.ParsePath(&path)) {
    parser.lexer().SkipInlineSpace();
    if (parser.lexer().AtEnd()) return path;
    return base::Result<Path>::Error("Invalid path '" + std::string(text) + "'");
  }
  return base::Result<Path>::Error("Invalid path '" + std::string(text) + "': " + parser.error());
}

base::Result<ValuePtr> ParseDefine(std::string_view define) {
  std::string prefix = "Invalid --define '" + std::string(define) + "': ";
  size_t equals = FindUnquoted(define, '=');
  if (equals == std::string_view::npos) {
    return base::Result<ValuePtr>::Error(prefix + "expected KEY=VALUE");
  }
  base::Result<Path> key = ParsePathExpression(define.substr(0, equals));
  if (!key.ok()) return base::Result<ValuePtr>::Error(prefix + key.message());
  if (static_cast<int>(key->size()) >= kMaxNestingDepth) {
    return base::Result<ValuePtr>::Error(prefix + "the key is too deep");
  }
  Parser parser(define, {Origin::Define(), "", {}, static_cast<int>(key->size()), 0});
  parser.lexer().Advance(equals + 1);
  ValuePtr value = parser.ParseDefineValue();
  if (!value) return base::Result<ValuePtr>::Error(prefix + parser.error());
  return WrapInPath(*key, std::move(value), Origin::Define());
}

}  // namespace divolte::config
