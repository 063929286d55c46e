#include "mapping/runtime.h"

#include "enrich/geo_service.h"
#include "enrich/user_agent_service.h"
#include "functions/conversions.h"
#include "functions/header_values.h"
#include "functions/json_text.h"

namespace divolte::mapping {

EventEvaluator::EventEvaluator(const ScriptMapping::Program& program,
                               const enrich::ThreadEnrichment& enrichment)
    : program_(program), enrichment_(enrichment), slots_(program.nodes.size()) {}

void EventEvaluator::Start(const event::EventValues& values) {
  values_ = &values;
  ++event_;
}

const Slot& EventEvaluator::Evaluate(int32_t index) {
  Slot& slot = slots_[static_cast<size_t>(index)];
  if (slot.event != event_) {
    slot.present = false;
    Compute(program_.nodes[static_cast<size_t>(index)], slot);
    slot.event = event_;
  }
  return slot;
}

namespace {

void SetText(Slot& slot, std::optional<std::string_view> text) {
  slot.present = text.has_value();
  if (text) slot.text = *text;
}

void SetInt(Slot& slot, std::optional<int32_t> value) {
  slot.present = value.has_value();
  if (value) slot.integer = *value;
}

}  // namespace

void EventEvaluator::Compute(const Node& node, Slot& slot) {
  if (node.op <= Op::kGeoField) {
    ComputeEventValue(node, slot);
    return;
  }
  if (node.op == Op::kDigestResult) {
    ComputeDigest(node, slot);
    return;
  }
  const Slot& input = Evaluate(node.input);
  if (node.op >= Op::kIsPresent) {
    ComputeCondition(node, input, slot);
    return;
  }
  if (!input.present) return;  // anything derived from an absent value is absent (§1.3)
  if (node.op <= Op::kListCommaSeparated) {
    ComputeList(node, input, slot);
  } else if (node.op <= Op::kJsonPath) {
    ComputeJson(node, input, slot);
  } else if (node.op <= Op::kParseUri) {
    ComputeConversion(node, input, slot);
  } else if (node.op <= Op::kQueryValueList) {
    ComputeUri(node, input, slot);
  } else if (node.op == Op::kMatch) {
    slot.present = true;
    node.regex->Matches(input.text, &slot.match);
  } else if (node.op == Op::kMatches) {
    slot.present = true;
    slot.boolean = input.match.matched();
  } else if (node.op == Op::kGroup) {
    SetText(slot, input.match.Group(static_cast<uint32_t>(node.index)));
  } else {  // kToHexLower, kToHexUpper, kToBase64
    slot.buffer.clear();
    if (node.op == Op::kToHexLower) input.digest.AppendHexLower(&slot.buffer);
    if (node.op == Op::kToHexUpper) input.digest.AppendHexUpper(&slot.buffer);
    if (node.op == Op::kToBase64) input.digest.AppendBase64(&slot.buffer);
    SetText(slot, slot.buffer);
  }
}

void EventEvaluator::ComputeEventValue(const Node& node, Slot& slot) {
  const event::EventValues& v = *values_;
  slot.present = true;
  switch (node.op) {
    case Op::kLocation:
      SetText(slot, v.location);
      break;
    case Op::kReferer:
      SetText(slot, v.referer);
      break;
    case Op::kFirstInSession:
      slot.boolean = v.first_in_session;
      break;
    case Op::kCorrupt:
      slot.boolean = v.corrupt;
      break;
    case Op::kDuplicate:
      slot.boolean = v.duplicate;
      break;
    case Op::kTimestamp:
      slot.integer = v.timestamp;
      break;
    case Op::kClientTimestamp:
      slot.integer = v.client_timestamp;
      break;
    case Op::kRemoteHost:
      slot.text = v.remote_host;
      break;
    case Op::kViewportPixelWidth:
      SetInt(slot, v.viewport_width);
      break;
    case Op::kViewportPixelHeight:
      SetInt(slot, v.viewport_height);
      break;
    case Op::kScreenPixelWidth:
      SetInt(slot, v.screen_width);
      break;
    case Op::kScreenPixelHeight:
      SetInt(slot, v.screen_height);
      break;
    case Op::kDevicePixelRatio:
      SetInt(slot, v.device_pixel_ratio);
      break;
    case Op::kPartyId:
      slot.text = v.party_id;
      break;
    case Op::kSessionId:
      slot.text = v.session_id;
      break;
    case Op::kPageViewId:
      SetText(slot, v.page_view_id);
      break;
    case Op::kEventId:
      slot.text = v.event_id;
      break;
    case Op::kEventType:
      SetText(slot, v.event_type);
      break;
    case Op::kUserAgentString:
      SetText(slot, v.user_agent);
      break;
    case Op::kEventParameters:
      if (v.json_parameters != nullptr) {  // already decoded (JSON events): no copy
        slot.json = v.json_parameters;
        slot.present = !slot.json->is_null();
        break;
      }
      slot.owned_json = event::DecodeEventParameters(v);
      slot.present = slot.owned_json.has_value() && !slot.owned_json->is_null();
      slot.json = slot.present ? &*slot.owned_json : nullptr;
      break;
    default:
      ComputeRequestValue(node, slot);
      break;
  }
}

// Values read from the request's headers, and the enrichments.
void EventEvaluator::ComputeRequestValue(const Node& node, Slot& slot) {
  const event::Event* request = values_->request;
  slot.present = false;
  if (node.op == Op::kCookie && request != nullptr) {
    SetText(slot, functions::FindCookie(*request, node.text));
  } else if (node.op == Op::kHeader && request != nullptr) {
    slot.present = functions::CollectHeaderValues(*request, node.text, &slot.list);
  } else if (node.op >= Op::kUserAgent) {
    ComputeEnrichment(node, slot);
  }
}

// userAgent() and its fields (mapping.md §7.8), ip2geo() and its fields (§7.9).
void EventEvaluator::ComputeEnrichment(const Node& node, Slot& slot) {
  switch (node.op) {
    case Op::kUserAgent:
      if (values_->user_agent.has_value() && enrichment_.user_agent != nullptr) {
        slot.user_agent = &enrichment_.user_agent->Lookup(*values_->user_agent);
        slot.present = true;
      }
      break;
    case Op::kUserAgentField: {
      const Slot& agent = Evaluate(node.input);
      if (agent.present) SetText(slot, (*agent.user_agent)[static_cast<int>(node.index)]);
      break;
    }
    case Op::kIp2Geo:
      ComputeGeo(node, slot);
      break;
    default:  // kGeoField
      ComputeGeoField(node, slot);
      break;
  }
}

void EventEvaluator::ComputeGeo(const Node& node, Slot& slot) {
  std::string_view address = values_->remote_host;
  if (node.input >= 0) {
    const Slot& input = Evaluate(node.input);
    if (!input.present) return;
    address = input.text;
  }
  if (enrichment_.geo == nullptr) return;
  if (geo_database_event_ != event_) {
    geo_database_ = &enrichment_.geo->Database();
    geo_database_event_ = event_;
  }
  const std::optional<enrich::GeoEntry> entry = geo_database_->Lookup(address);
  slot.present = entry.has_value();
  if (entry) slot.geo = *entry;
}

void EventEvaluator::ComputeGeoField(const Node& node, Slot& slot) {
  const Slot& lookup = Evaluate(node.input);
  if (!lookup.present) return;
  const int index = static_cast<int>(node.index);
  enrich::GeoField& field = slot.geo_field;
  geo_database_->ReadField(lookup.geo, index, &field);
  slot.present = field.present;
  if (!field.present) return;
  switch (enrich::GeoFieldTypeOf(index)) {
    case enrich::GeoFieldType::kInt:
      slot.integer = field.integer;
      break;
    case enrich::GeoFieldType::kString:
      slot.text = field.text;
      break;
    case enrich::GeoFieldType::kDouble:
      slot.floating = field.floating;
      break;
    case enrich::GeoFieldType::kBoolean:
      slot.boolean = field.boolean;
      break;
    case enrich::GeoFieldType::kStringList:
      slot.list.assign(field.texts.begin(), field.texts.end());
      break;
    case enrich::GeoFieldType::kIntList:
      slot.ints = field.integers;
      break;
  }
}

void EventEvaluator::ComputeList(const Node& node, const Slot& input, Slot& slot) {
  const auto& list = input.list;
  const auto size = static_cast<int64_t>(list.size());
  switch (node.op) {
    case Op::kListFirst:
      if (size > 0) SetText(slot, list.front());
      break;
    case Op::kListLast:
      if (size > 0) SetText(slot, list.back());
      break;
    case Op::kListGet: {
      const int64_t i = node.index < 0 ? size + node.index : node.index;
      if (i >= 0 && i < size) SetText(slot, list[static_cast<size_t>(i)]);
      break;
    }
    default:
      slot.buffer.clear();
      for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0) slot.buffer.push_back(',');
        slot.buffer.append(list[i]);
      }
      SetText(slot, slot.buffer);
      break;
  }
}

void EventEvaluator::ComputeJson(const Node& node, const Slot& input, Slot& slot) {
  if (node.op == Op::kJsonValue) {
    SetText(slot, functions::JsonParameterValue(*input.json, node.text, &slot.buffer));
    return;
  }
  const functions::JsonPath& path = *node.path;
  if (path.definite()) {
    slot.json = path.FindOne(*input.json);
    slot.present = slot.json != nullptr;
    return;
  }
  path.FindAll(*input.json, &slot.matches);
  event::JsonArray copies;
  copies.reserve(slot.matches.size());
  for (const event::JsonValue* match : slot.matches) copies.push_back(*match);
  slot.owned_json = event::JsonValue::Array(std::move(copies));
  slot.json = &*slot.owned_json;
  slot.present = true;
}

void EventEvaluator::ComputeConversion(const Node& node, const Slot& input, Slot& slot) {
  const std::string_view text = input.text;
  switch (node.op) {
    case Op::kParseInt32:
      SetInt(slot, functions::ParseInt32(text));
      break;
    case Op::kParseInt64: {
      const auto value = functions::ParseInt64(text);
      slot.present = value.has_value();
      if (value) slot.integer = *value;
      break;
    }
    case Op::kParseFp32: {
      const auto value = functions::ParseFp32(text);
      slot.present = value.has_value();
      if (value) slot.floating = *value;
      break;
    }
    case Op::kParseFp64: {
      const auto value = functions::ParseFp64(text);
      slot.present = value.has_value();
      if (value) slot.floating = *value;
      break;
    }
    case Op::kParseBool:
      slot.present = true;
      slot.boolean = functions::ParseBool(text);
      break;
    default:  // kParseUri
      slot.uri = functions::Uri::Parse(text);
      slot.present = slot.uri.has_value();
      slot.text = text;
      break;
  }
}

void EventEvaluator::ComputeUri(const Node& node, const Slot& input, Slot& slot) {
  if (node.op == Op::kQueryValue) {
    SetText(slot, input.query.FirstValue(node.text));
    return;
  }
  if (node.op == Op::kQueryValueList) {
    const auto key = input.query.Find(node.text);
    if (!key) return;
    slot.list.clear();
    for (size_t j = 0; j < input.query.value_count(*key); ++j) {
      slot.list.emplace_back(input.query.value(*key, j));
    }
    slot.present = true;
    return;
  }
  const functions::Uri& uri = *input.uri;
  switch (node.op) {
    case Op::kUriScheme:
      SetText(slot, uri.scheme());
      break;
    case Op::kUriHost:
      SetText(slot, uri.host());
      break;
    case Op::kUriPort:
      SetInt(slot, uri.port());
      break;
    case Op::kUriPath:
      SetText(slot, uri.DecodedPath(&slot.buffer));
      break;
    case Op::kUriRawPath:
      SetText(slot, uri.raw_path());
      break;
    case Op::kUriDecodedQuery:
      SetText(slot, uri.DecodedQuery(&slot.buffer));
      break;
    case Op::kUriRawQuery:
      SetText(slot, uri.raw_query());
      break;
    case Op::kUriDecodedFragment:
      SetText(slot, uri.DecodedFragment(&slot.buffer));
      break;
    case Op::kUriRawFragment:
      SetText(slot, uri.raw_fragment());
      break;
    default:  // kUriQuery
      if (const auto raw = uri.raw_query()) {
        slot.query.Parse(*raw);
        slot.present = true;
      }
      break;
  }
}

// Every piece is evaluated before the digest starts, so a piece that is itself a digest never
// runs while this one holds its context.
void EventEvaluator::ComputeDigest(const Node& node, Slot& slot) {
  const DigesterProgram& digester = program_.digesters[static_cast<size_t>(node.index)];
  for (const DigestPiece& piece : digester.pieces) {
    if (piece.node >= 0) Evaluate(piece.node);
  }
  functions::DigestRun run(digester.digester);
  for (const DigestPiece& piece : digester.pieces) {
    if (piece.node < 0) {
      run.Add(piece.text);
      continue;
    }
    const Slot& value = slots_[static_cast<size_t>(piece.node)];
    if (!value.present) continue;
    switch (program_.nodes[static_cast<size_t>(piece.node)].kind) {
      case Kind::kJson:
        run.AddJson(*value.json);
        break;
      case Kind::kBytes:
        run.Add(value.digest.bytes());
        break;
      default:
        run.Add(value.text);
        break;
    }
  }
  slot.digest = run.Finish();
  slot.present = true;
}

void EventEvaluator::ComputeCondition(const Node& node, const Slot& input, Slot& slot) {
  switch (node.op) {
    case Op::kIsPresent:
    case Op::kIsAbsent:
      slot.present = true;
      slot.boolean = input.present == (node.op == Op::kIsPresent);
      return;
    case Op::kEqualTo: {
      const Slot& other = Evaluate(node.input2);
      slot.present = true;
      const Node& left = program_.nodes[static_cast<size_t>(node.input)];
      const Node& right = program_.nodes[static_cast<size_t>(node.input2)];
      slot.boolean = input.present && other.present
                         ? left.kind == right.kind && Equal(left, input, other)
                         : !input.present && !other.present;
      return;
    }
    case Op::kEqualToLiteral: {
      slot.present = true;
      slot.boolean = false;
      if (!input.present || !node.literal) return;
      const Constant& c = *node.literal;
      switch (c.kind) {
        case Kind::kString:
          slot.boolean = input.text == c.text;
          break;
        case Kind::kBoolean:
          slot.boolean = input.boolean == c.boolean;
          break;
        case Kind::kInt:
        case Kind::kLong:
          slot.boolean = input.integer == c.integer;
          break;
        case Kind::kFloat:
        case Kind::kDouble:
          slot.boolean = input.floating == c.floating;
          break;
        case Kind::kStringList:
          slot.boolean = input.list == c.list;
          break;
        default:  // kIntList
          slot.boolean = input.ints == c.ints;
          break;
      }
      return;
    }
    default:
      break;
  }
  if (!input.present) return;
  if (node.op == Op::kNot) {
    slot.present = true;
    slot.boolean = !input.boolean;
    return;
  }
  const Slot& other = Evaluate(node.input2);  // both sides are evaluated (§6)
  if (!other.present) return;
  slot.present = true;
  slot.boolean =
      node.op == Op::kAnd ? input.boolean && other.boolean : input.boolean || other.boolean;
}

// Equality of two present values of the same kind (§6).
bool EventEvaluator::Equal(const Node& node, const Slot& left, const Slot& right) const {
  switch (node.kind) {
    case Kind::kString:
    case Kind::kUri:
      return left.text == right.text;
    case Kind::kBoolean:
      return left.boolean == right.boolean;
    case Kind::kInt:
    case Kind::kLong:
      return left.integer == right.integer;
    case Kind::kFloat:
    case Kind::kDouble:
      return left.floating == right.floating;
    case Kind::kStringList:
      return left.list == right.list;
    case Kind::kIntList:
      return left.ints == right.ints;
    case Kind::kQueryMap:
      return left.query == right.query;
    case Kind::kBytes:
      return left.digest == right.digest;
    case Kind::kJson:
      return functions::JsonEquals(*left.json, *right.json);
    default:
      return false;
  }
}

}  // namespace divolte::mapping
