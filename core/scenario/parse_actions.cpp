// "actions" of a scenario (SCENARIO_FORMAT.md): a trigger (at_ms, or on + after_ms), the
// side and the call.
#include "core/scenario/parse_parts.hpp"

namespace tcpviz::scenario::detail {
namespace {

Result<bool> parse_action(const Json& v, std::string_view ptr, Action& out,
                          std::uint64_t& total_bytes) {
  auto known = check_object(v, ptr, {"at_ms", "on", "after_ms", "who", "do", "bytes"});
  if (!known) return known;
  const Json* at = member(v, "at_ms");
  const Json* on = member(v, "on");
  const Json* after = member(v, "after_ms");
  if ((at == nullptr) == (on == nullptr)) {
    return field_error(ptr, at ? "has both at_ms and on (give exactly one trigger)"
                               : "needs a trigger: at_ms, or on (with an optional after_ms)");
  }
  if (at != nullptr) {
    if (after != nullptr) {
      return field_error(child_pointer(ptr, "after_ms"), "only goes with on, not with at_ms");
    }
    auto d = read_ms(*at, child_pointer(ptr, "at_ms"), Duration{}, kMaxTime);
    if (!d) return d.error();
    out.at = *d;
  } else {
    std::string p = child_pointer(ptr, "on");
    auto text = read_string(*on, p, 40);
    if (!text) return text.error();
    std::size_t colon = text->find(':');
    auto side = side_from_name(std::string_view(*text).substr(0, colon));
    auto event = colon == std::string::npos
                     ? std::nullopt
                     : trigger_event_from_name(std::string_view(*text).substr(colon + 1));
    if (!side || !event) {
      return field_error(p, "'" + *text +
                                "': expected <side>:<event> with side client or server and "
                                "event established, eof, closed or reset");
    }
    out.on = std::pair{*side, *event};
    if (after != nullptr) {
      auto d = read_ms(*after, child_pointer(ptr, "after_ms"), Duration{}, kMaxTime);
      if (!d) return d.error();
      out.after = *d;
    }
  }

  const Json* who = member(v, "who");
  if (who == nullptr) return field_error(child_pointer(ptr, "who"), "missing (client or server)");
  auto who_text = read_string(*who, child_pointer(ptr, "who"), 40);
  if (!who_text) return who_text.error();
  auto side = side_from_name(*who_text);
  if (!side) {
    return field_error(child_pointer(ptr, "who"),
                       "unknown side '" + *who_text + "' (expected client or server)");
  }
  out.who = *side;

  const Json* call = member(v, "do");
  constexpr std::string_view kCalls =
      "(expected listen, connect, send, close, shutdown, abort, reboot)";
  if (call == nullptr) return field_error(child_pointer(ptr, "do"), "missing " + std::string(kCalls));
  auto call_text = read_string(*call, child_pointer(ptr, "do"), 40);
  if (!call_text) return call_text.error();
  auto c = call_from_name(*call_text);
  if (!c) {
    return field_error(child_pointer(ptr, "do"),
                       "unknown call '" + *call_text + "' " + std::string(kCalls));
  }
  out.call = *c;

  const Json* bytes = member(v, "bytes");
  if (out.call == Call::Send) {
    if (bytes == nullptr) {
      return field_error(child_pointer(ptr, "bytes"), "missing (how many bytes to send)");
    }
    auto n = read_uint(*bytes, child_pointer(ptr, "bytes"), 1, kMaxTotalBytes);
    if (!n) return n.error();
    total_bytes += *n;
    if (total_bytes > kMaxTotalBytes) {
      return field_error(child_pointer(ptr, "bytes"),
                         "the sends add up to more than " + std::to_string(kMaxTotalBytes) +
                             " bytes");
    }
    out.bytes = static_cast<std::uint32_t>(*n);
  } else if (bytes != nullptr) {
    return field_error(child_pointer(ptr, "bytes"), "only goes with \"do\": \"send\"");
  }
  return true;
}

}  // namespace

Result<bool> parse_actions(const Json& v, std::string_view ptr, std::vector<Action>& out) {
  if (!v.is_array()) {
    return field_error(ptr, "expected an array, got " + std::string(json_type_phrase(v)));
  }
  if (v.size() > kMaxActions) {
    return field_error(ptr, "has " + std::to_string(v.size()) + " actions (at most " +
                                std::to_string(kMaxActions) + ")");
  }
  std::uint64_t total_bytes = 0;
  out.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    Action a;
    if (auto r = parse_action(v[i], child_pointer(ptr, i), a, total_bytes); !r) return r;
    out.push_back(a);
  }
  return true;
}

}  // namespace tcpviz::scenario::detail
