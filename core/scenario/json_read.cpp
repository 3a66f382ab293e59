#include "core/scenario/json_read.hpp"

#include <cmath>
#include <cstdio>

namespace tcpviz::scenario::detail {

std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child_pointer(std::string_view parent, std::size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

std::string_view json_type_phrase(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

std::string json_brief(const Json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

Error field_error(std::string_view pointer, std::string_view reason) {
  std::string p(pointer);
  if (p.empty()) p = "/";
  return Error{p + ": " + std::string(reason)};
}

Result<bool> check_object(const Json& v, std::string_view pointer,
                          std::initializer_list<std::string_view> known) {
  if (!v.is_object()) {
    return field_error(pointer, "expected an object, got " + std::string(json_type_phrase(v)));
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    bool found = false;
    for (std::string_view k : known) found = found || (k == it.key());
    if (!found) {
      std::string list;
      for (std::string_view k : known) {
        if (!list.empty()) list += ", ";
        list += k;
      }
      return field_error(child_pointer(pointer, it.key()),
                         "unknown field (expected one of: " + list + ")");
    }
  }
  return true;
}

const Json* member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string number_text(double x) {
  if (std::isfinite(x) && std::fabs(x) < 9e15 && x == std::floor(x)) {
    return std::to_string(static_cast<long long>(x));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

Result<std::uint64_t> read_uint(const Json& v, std::string_view pointer, std::uint64_t lo,
                                std::uint64_t hi) {
  std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (v.is_number_unsigned()) {
    std::uint64_t x = v.get<std::uint64_t>();
    if (x < lo || x > hi) return field_error(pointer, json_brief(v) + " is out of range " + range);
    return x;
  }
  if (v.is_number_integer()) {  // negative (non-negative integers parse as unsigned)
    return field_error(pointer, json_brief(v) + " is out of range " + range);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    // JavaScript writes every number as a double; a whole one is fine.
    if (!std::isfinite(d) || d != std::floor(d)) {
      return field_error(pointer, "expected a whole number, got " + json_brief(v));
    }
    // 2^64 - 1 rounds up to 2^64 as a double, so comparing with `hi` alone would let 2^64
    // through to a conversion that is undefined; anything at or past 2^64 is out of range.
    constexpr double kTwoTo64 = 18446744073709551616.0;
    if (d < static_cast<double>(lo) || d >= kTwoTo64 || static_cast<std::uint64_t>(d) > hi) {
      return field_error(pointer, json_brief(v) + " is out of range " + range);
    }
    return static_cast<std::uint64_t>(d);
  }
  return field_error(pointer, "expected a whole number, got " + std::string(json_type_phrase(v)));
}

Result<double> read_number(const Json& v, std::string_view pointer, double lo, double hi) {
  if (!v.is_number()) {
    return field_error(pointer, "expected a number, got " + std::string(json_type_phrase(v)));
  }
  double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    return field_error(pointer, json_brief(v) + " is out of range [" + number_text(lo) + ", " +
                                    number_text(hi) + "]");
  }
  return d;
}

Result<Duration> read_ms(const Json& v, std::string_view pointer, Duration lo, Duration hi) {
  auto d = read_number(v, pointer, to_ms(lo), to_ms(hi));
  if (!d) return d.error();
  return from_ms_fraction(*d);
}

Result<bool> read_bool(const Json& v, std::string_view pointer) {
  if (!v.is_boolean()) {
    return field_error(pointer, "expected true or false, got " + std::string(json_type_phrase(v)));
  }
  return v.get<bool>();
}

Result<std::string> read_string(const Json& v, std::string_view pointer, std::size_t max_len) {
  if (!v.is_string()) {
    return field_error(pointer, "expected a string, got " + std::string(json_type_phrase(v)));
  }
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() > max_len) {
    return field_error(pointer, "is " + std::to_string(s.size()) + " bytes long (at most " +
                                    std::to_string(max_len) + ")");
  }
  return s;
}

Json ms_to_json(Duration d) {
  if (d.count() % 1000 == 0) return Json(static_cast<std::int64_t>(d.count() / 1000));
  return Json(to_ms(d));
}

}  // namespace tcpviz::scenario::detail
