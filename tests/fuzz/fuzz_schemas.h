#pragma once

// Avro schemas shared by the fuzzers that need a fixed target: one field per kind of type (as
// src/avro/testdata/every_type.avsc) plus the nullable and nested shapes the mapping allows.

#include <string_view>

namespace divolte::fuzz {

inline constexpr std::string_view kEveryTypeSchema = R"({
  "type": "record", "name": "Everything", "namespace": "io.divolte.fuzz",
  "fields": [
    {"name": "nothing", "type": "null"},
    {"name": "flag", "type": "boolean"},
    {"name": "count", "type": "int"},
    {"name": "total", "type": "long"},
    {"name": "ratio", "type": "float"},
    {"name": "price", "type": "double"},
    {"name": "raw", "type": "bytes"},
    {"name": "label", "type": "string"},
    {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"],
                               "default": "RED"}},
    {"name": "id", "type": {"type": "fixed", "name": "Id", "size": 4}},
    {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
    {"name": "counters", "type": {"type": "map", "values": "long"}, "default": {"a": 1}},
    {"name": "referer", "type": ["null", "string"], "default": null},
    {"name": "size", "type": ["int", "null"], "default": 42},
    {"name": "anything", "type": ["null", "int", "string", "Color"], "default": null},
    {"name": "item", "type": {"type": "record", "name": "Item", "fields": [
      {"name": "sku", "type": "string"},
      {"name": "qty", "type": "int", "default": 1}
    ]}, "default": {"sku": "none"}},
    {"name": "items", "type": ["null", {"type": "array", "items": "Item"}], "default": null},
    {"name": "tree", "type": {"type": "record", "name": "Node", "fields": [
      {"name": "name", "type": "string"},
      {"name": "children", "type": {"type": "array", "items": "Node"}, "default": []}
    ]}, "default": {"name": "root"}},
    {"name": "matrix", "type": ["null", {"type": "array", "items": {"type": "map",
        "values": ["null", "double"]}}], "default": null},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}, "default": 0}
  ]
})";

}  // namespace divolte::fuzz
