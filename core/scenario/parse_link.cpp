// "overrides", "link", "client" and "server" of a scenario (SCENARIO_FORMAT.md).
#include "core/scenario/parse_parts.hpp"

namespace tcpviz::scenario::detail {
namespace {

// An RTO of 0 would retransmit forever at one instant; 1 ms is the floor.
constexpr Duration kMinRto = from_ms(1);
constexpr std::uint64_t kMaxRetries = 50;
// RFC 7323 2.3: the largest window a 16-bit field scaled by 14 can say.
constexpr std::uint64_t kMaxReceiveWindow = 65535ull << 14;

template <class T>
Result<bool> set_ms(const Json& obj, std::string_view key, std::string_view ptr, Duration lo,
                    std::optional<T>& slot) {
  if (const Json* v = member(obj, key)) {
    auto d = read_ms(*v, child_pointer(ptr, key), lo, kMaxTime);
    if (!d) return d.error();
    slot = *d;
  }
  return true;
}

Result<bool> set_int(const Json& obj, std::string_view key, std::string_view ptr,
                     std::uint64_t hi, std::optional<int>& slot) {
  if (const Json* v = member(obj, key)) {
    auto n = read_uint(*v, child_pointer(ptr, key), 0, hi);
    if (!n) return n.error();
    slot = static_cast<int>(*n);
  }
  return true;
}

Result<bool> parse_direction(const Json& v, std::string_view ptr, LinkDirection& out) {
  auto known = check_object(v, ptr, {"delay_ms", "jitter_ms", "loss_pct", "duplicate_pct"});
  if (!known) return known;
  if (const Json* x = member(v, "delay_ms")) {
    auto d = read_ms(*x, child_pointer(ptr, "delay_ms"), Duration{}, kMaxTime);
    if (!d) return d.error();
    out.delay = *d;
  }
  if (const Json* x = member(v, "jitter_ms")) {
    auto d = read_ms(*x, child_pointer(ptr, "jitter_ms"), Duration{}, kMaxTime);
    if (!d) return d.error();
    out.jitter = *d;
  }
  if (const Json* x = member(v, "loss_pct")) {
    auto d = read_number(*x, child_pointer(ptr, "loss_pct"), 0, 100);
    if (!d) return d.error();
    out.loss_pct = *d;
  }
  if (const Json* x = member(v, "duplicate_pct")) {
    auto d = read_number(*x, child_pointer(ptr, "duplicate_pct"), 0, 100);
    if (!d) return d.error();
    out.duplicate_pct = *d;
  }
  return true;
}

}  // namespace

Result<bool> parse_overrides(const Json& v, std::string_view ptr, Overrides& out) {
  auto known = check_object(
      v, ptr,
      {"rto_initial_ms", "rto_min_ms", "rto_max_ms", "rto_after_syn_retransmit_ms", "syn_retries",
       "syn_linear_timeouts", "synack_retries", "data_retries", "msl_ms", "time_wait_ms",
       "fin_wait2_timeout_ms", "delayed_ack_ms", "rfc1337", "receive_window"});
  if (!known) return known;
  for (auto [key, slot] : {std::pair{"rto_initial_ms", &out.rto_initial},
                           std::pair{"rto_min_ms", &out.rto_min},
                           std::pair{"rto_max_ms", &out.rto_max},
                           std::pair{"rto_after_syn_retransmit_ms", &out.rto_after_syn_retransmit}}) {
    if (auto r = set_ms(v, key, ptr, kMinRto, *slot); !r) return r;
  }
  for (auto [key, slot] :
       {std::pair{"msl_ms", &out.msl}, std::pair{"time_wait_ms", &out.time_wait},
        std::pair{"delayed_ack_ms", &out.delayed_ack}}) {
    if (auto r = set_ms(v, key, ptr, Duration{}, *slot); !r) return r;
  }
  for (auto [key, slot] : {std::pair{"syn_retries", &out.syn_retries},
                           std::pair{"syn_linear_timeouts", &out.syn_linear_timeouts},
                           std::pair{"synack_retries", &out.synack_retries},
                           std::pair{"data_retries", &out.data_retries}}) {
    if (auto r = set_int(v, key, ptr, kMaxRetries, *slot); !r) return r;
  }
  if (out.rto_min && out.rto_max && *out.rto_min > *out.rto_max) {
    return field_error(child_pointer(ptr, "rto_max_ms"), "is below rto_min_ms");
  }
  if (const Json* x = member(v, "fin_wait2_timeout_ms")) {
    // null or false: no FIN-WAIT-2 timeout (RFC 9293 has none).
    if (x->is_null() || (x->is_boolean() && !x->get<bool>())) {
      out.fin_wait2_timeout = std::optional<Duration>{};
    } else {
      auto d = read_ms(*x, child_pointer(ptr, "fin_wait2_timeout_ms"), Duration{}, kMaxTime);
      if (!d) {
        return field_error(child_pointer(ptr, "fin_wait2_timeout_ms"),
                           "expected milliseconds from 0 to 3600000, or null for no timeout");
      }
      out.fin_wait2_timeout = std::optional<Duration>{*d};
    }
  }
  if (const Json* x = member(v, "rfc1337")) {
    auto b = read_bool(*x, child_pointer(ptr, "rfc1337"));
    if (!b) return b.error();
    out.rfc1337 = *b;
  }
  if (const Json* x = member(v, "receive_window")) {
    auto n = read_uint(*x, child_pointer(ptr, "receive_window"), 1, kMaxReceiveWindow);
    if (!n) return n.error();
    out.receive_window = static_cast<std::uint32_t>(*n);
  }
  return true;
}

Result<bool> parse_link(const Json& v, std::string_view ptr, Scenario& out) {
  if (!v.is_object()) {
    return field_error(ptr, "expected an object, got " + std::string(json_type_phrase(v)));
  }
  if (const Json* x = member(v, "seed")) {
    auto n = read_uint(*x, child_pointer(ptr, "seed"), 0, 0xFFFFFFFFFFFFFFFFull);
    if (!n) return n.error();
    out.seed = *n;
  }
  if (member(v, "c2s") != nullptr || member(v, "s2c") != nullptr) {
    // Per direction: { "c2s": {...}, "s2c": {...}, "seed": N }.
    auto known = check_object(v, ptr, {"c2s", "s2c", "seed"});
    if (!known) return known;
    if (const Json* x = member(v, "c2s")) {
      if (auto r = parse_direction(*x, child_pointer(ptr, "c2s"), out.link[0]); !r) return r;
    }
    if (const Json* x = member(v, "s2c")) {
      if (auto r = parse_direction(*x, child_pointer(ptr, "s2c"), out.link[1]); !r) return r;
    }
    return true;
  }
  // One object for both directions.
  auto known = check_object(
      v, ptr, {"delay_ms", "jitter_ms", "loss_pct", "duplicate_pct", "seed"});
  if (!known) return known;
  Json both = v;
  both.erase("seed");
  if (auto r = parse_direction(both, ptr, out.link[0]); !r) return r;
  out.link[1] = out.link[0];
  return true;
}

Result<bool> parse_side(const Json& v, std::string_view ptr, SideConfig& out) {
  auto known = check_object(v, ptr, {"name", "ip", "port", "isn", "options"});
  if (!known) return known;
  if (const Json* x = member(v, "name")) {
    auto s = read_string(*x, child_pointer(ptr, "name"), kMaxName);
    if (!s) return s.error();
    if (s->empty()) return field_error(child_pointer(ptr, "name"), "is empty");
    out.name = std::move(*s);
  }
  if (const Json* x = member(v, "ip")) {
    auto s = read_string(*x, child_pointer(ptr, "ip"), 15);
    if (!s) return s.error();
    auto ip = ipv4_from_text(*s);
    if (!ip) {
      return field_error(child_pointer(ptr, "ip"),
                         "'" + *s + "' is not an IPv4 address like 192.0.2.1");
    }
    out.ip = *ip;
  }
  if (const Json* x = member(v, "port")) {
    auto n = read_uint(*x, child_pointer(ptr, "port"), 1, 65535);
    if (!n) return n.error();
    out.port = static_cast<std::uint16_t>(*n);
  }
  if (const Json* x = member(v, "isn")) {
    std::string p = child_pointer(ptr, "isn");
    out.isn.clear();
    if (x->is_array()) {
      if (x->size() > kMaxIsns) {
        return field_error(p, "has " + std::to_string(x->size()) + " values (at most " +
                                  std::to_string(kMaxIsns) + ")");
      }
      for (std::size_t i = 0; i < x->size(); ++i) {
        auto n = read_uint((*x)[i], child_pointer(p, i), 0, 0xFFFFFFFFull);
        if (!n) return n.error();
        out.isn.push_back(static_cast<std::uint32_t>(*n));
      }
    } else {
      auto n = read_uint(*x, p, 0, 0xFFFFFFFFull);
      if (!n) {
        return field_error(p, "expected a number from 0 to 4294967295 or a list of them");
      }
      out.isn.push_back(static_cast<std::uint32_t>(*n));
    }
  }
  if (const Json* x = member(v, "options")) {
    std::string p = child_pointer(ptr, "options");
    auto k = check_object(*x, p, {"mss", "wscale", "sack", "timestamps"});
    if (!k) return k;
    // Each option: a value, true (the profile's default) or false (not offered).
    if (const Json* o = member(*x, "mss")) {
      if (o->is_boolean()) {
        out.options.mss = o->get<bool>() ? std::nullopt
                                         : std::optional<std::optional<std::uint16_t>>(
                                               std::optional<std::uint16_t>{});
      } else {
        // RFC 9293 3.7.1: the MSS counts payload bytes; 536 is the default without the option,
        // and a value below 88 makes no sense on IPv4 (Linux clamps to TCP_MIN_MSS 88).
        auto n = read_uint(*o, child_pointer(p, "mss"), 88, 65495);
        if (!n) return n.error();
        out.options.mss = std::optional<std::uint16_t>{static_cast<std::uint16_t>(*n)};
      }
    }
    if (const Json* o = member(*x, "wscale")) {
      if (o->is_boolean()) {
        out.options.window_scale = o->get<bool>() ? std::nullopt
                                                  : std::optional<std::optional<std::uint8_t>>(
                                                        std::optional<std::uint8_t>{});
      } else {
        // RFC 7323 2.3: the shift count is at most 14.
        auto n = read_uint(*o, child_pointer(p, "wscale"), 0, 14);
        if (!n) return n.error();
        out.options.window_scale = std::optional<std::uint8_t>{static_cast<std::uint8_t>(*n)};
      }
    }
    if (const Json* o = member(*x, "sack")) {
      auto b = read_bool(*o, child_pointer(p, "sack"));
      if (!b) return b.error();
      out.options.sack = *b;
    }
    if (const Json* o = member(*x, "timestamps")) {
      auto b = read_bool(*o, child_pointer(p, "timestamps"));
      if (!b) return b.error();
      out.options.timestamps = *b;
    }
  }
  return true;
}

std::optional<std::uint32_t> ipv4_from_text(std::string_view text) {
  std::uint32_t ip = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    std::size_t start = i;
    std::uint32_t octet = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      octet = octet * 10 + static_cast<std::uint32_t>(text[i] - '0');
      ++i;
    }
    if (i == start || octet > 255) return std::nullopt;
    if (i - start > 1 && text[start] == '0') return std::nullopt;  // no octal-looking "010"
    ip = (ip << 8) | octet;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return ip;
}

std::string ipv4_to_text(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

}  // namespace tcpviz::scenario::detail
