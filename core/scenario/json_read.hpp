// Checked reads from a parsed scenario JSON (internal to core/scenario). Every reader names
// the field by its JSON pointer in the message, checks the type before reading (the web build
// has no exceptions, so nlohmann's throwing accessors are never used) and checks the range.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/result.hpp"
#include "core/util/time.hpp"

namespace tcpviz::scenario::detail {

using Json = nlohmann::json;

// "/link" + "c2s" -> "/link/c2s" (RFC 6901 escaping of '~' and '/').
std::string child_pointer(std::string_view parent, std::string_view key);
std::string child_pointer(std::string_view parent, std::size_t index);

// "a string", "an array", ... for messages.
std::string_view json_type_phrase(const Json& v);
// A short rendering of a value for messages (long values are cut).
std::string json_brief(const Json& v);

Error field_error(std::string_view pointer, std::string_view reason);

// The object at `pointer` may only hold `known` keys; anything else is an error naming it.
Result<bool> check_object(const Json& v, std::string_view pointer,
                          std::initializer_list<std::string_view> known);

// The member `key` of an object, or nullptr when absent.
const Json* member(const Json& obj, std::string_view key);

Result<std::uint64_t> read_uint(const Json& v, std::string_view pointer, std::uint64_t lo,
                                std::uint64_t hi);
Result<double> read_number(const Json& v, std::string_view pointer, double lo, double hi);
// Milliseconds (fractions allowed) within [lo, hi], rounded to the microsecond tick.
Result<Duration> read_ms(const Json& v, std::string_view pointer, Duration lo, Duration hi);
Result<bool> read_bool(const Json& v, std::string_view pointer);
Result<std::string> read_string(const Json& v, std::string_view pointer, std::size_t max_len);

// Milliseconds as a JSON number: an integer when whole, so files stay tidy.
Json ms_to_json(Duration d);

// A printable range bound for messages: "3600000" or "0.5".
std::string number_text(double x);

}  // namespace tcpviz::scenario::detail
