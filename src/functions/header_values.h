#pragma once

// The request's header and cookie values as the mapping language sees them: `header('Name')`
// (mapping.md §7.2) and `cookie('name')` (§7.1, "Cookies"). Stateless functions over an
// event::Event; results are written into caller-owned buffers or are views into the Event, so a
// mapper thread can reuse one buffer across events. Thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace divolte::event {
class Event;
}  // namespace divolte::event

namespace divolte::functions {

// Splits one header line into its values by mapping.md §7.2 rules 1-4 and appends them to
// *values (does not clear). Empty values are omitted.
void AppendHeaderValues(std::string_view line, std::vector<std::string>* values);

// `header('Name')`: every line of `request` whose name equals `name` case-insensitively, in
// request order, split as above. Clears *values first. Returns false when no line has that name
// (absent); true with an empty *values when lines exist but yield no values.
bool CollectHeaderValues(const event::Event& request, std::string_view name,
                         std::vector<std::string>* values);

// `cookie('name')`: all `Cookie` header lines (name case-insensitive) split on ';', each part
// trimmed (spaces and tabs) and split at its first '=' into name and value; a value enclosed in
// double quotes has them removed; names are case-sensitive; the first occurrence wins. A part
// without '=' is not a cookie. nullopt when no such cookie. The view points into `request`.
std::optional<std::string_view> FindCookie(const event::Event& request, std::string_view name);

}  // namespace divolte::functions
