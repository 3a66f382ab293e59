// "faults" of a scenario (SCENARIO_FORMAT.md): rules on matching segments (drop, delay,
// duplicate) and crafted segments (inject).
#include "core/scenario/parse.hpp"
#include "core/scenario/parse_parts.hpp"
#include "core/scenario/seq_expr.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::scenario::detail {
namespace {

constexpr std::uint64_t kMaxCopies = 100;
constexpr std::uint64_t kMaxInjectLen = 65495;  // what fits an IPv4 packet with a TCP header
constexpr std::uint64_t kMaxConn = 100000;

Result<SeqExpr> read_seq_expr(const Json& v, const std::string& p) {
  if (v.is_number()) {
    auto n = read_uint(v, p, 0, 0xFFFFFFFFull);
    if (!n) return n.error();
    SeqExpr e;
    e.offset = static_cast<std::int64_t>(*n);
    e.text = seq_expr_to_string(e);
    return e;
  }
  if (!v.is_string()) {
    return field_error(p, "expected a number or an expression like \"snd.nxt\" or "
                          "\"iss-1000\", got " + std::string(json_type_phrase(v)));
  }
  auto e = parse_seq_expr(v.get_ref<const std::string&>());
  if (!e) return field_error(p, e.error().message);
  return e;
}

Result<bool> parse_inject(const Json& v, std::string_view ptr, Inject& out) {
  auto known = check_object(v, ptr, {"from", "flags", "seq", "ack", "len", "conn"});
  if (!known) return known;
  const Json* from = member(v, "from");
  if (from == nullptr) return field_error(child_pointer(ptr, "from"), "missing (client or server)");
  auto from_text = read_string(*from, child_pointer(ptr, "from"), 40);
  if (!from_text) return from_text.error();
  auto side = side_from_name(*from_text);
  if (!side) {
    return field_error(child_pointer(ptr, "from"),
                       "unknown side '" + *from_text + "' (expected client or server)");
  }
  out.from = *side;

  const Json* flags = member(v, "flags");
  if (flags == nullptr) {
    return field_error(child_pointer(ptr, "flags"), "missing (e.g. \"RST\" or \"SYN\")");
  }
  auto flags_text = read_string(*flags, child_pointer(ptr, "flags"), 64);
  if (!flags_text) return flags_text.error();
  std::string bad;
  auto bits = wire::flags_from_string(*flags_text, &bad);
  if (!bits) {
    return field_error(child_pointer(ptr, "flags"),
                       "unknown flag '" + bad +
                           "' (expected SYN, FIN, RST, PSH, ACK, URG, ECE, CWR, AE joined by '|')");
  }
  out.flags = bits->bits;

  if (const Json* x = member(v, "seq")) {
    auto e = read_seq_expr(*x, child_pointer(ptr, "seq"));
    if (!e) return e.error();
    out.seq = std::move(*e);
  }
  if (const Json* x = member(v, "ack")) {
    auto e = read_seq_expr(*x, child_pointer(ptr, "ack"));
    if (!e) return e.error();
    out.ack = std::move(*e);
  }
  if (const Json* x = member(v, "len")) {
    auto n = read_uint(*x, child_pointer(ptr, "len"), 0, kMaxInjectLen);
    if (!n) return n.error();
    out.len = static_cast<std::uint32_t>(*n);
  }
  if (const Json* x = member(v, "conn")) {
    auto n = read_uint(*x, child_pointer(ptr, "conn"), 0, kMaxConn);
    if (!n) return n.error();
    out.conn = static_cast<std::uint32_t>(*n);
  }
  return true;
}

Result<bool> parse_fault(const Json& v, std::string_view ptr, Fault& out) {
  if (!v.is_object()) {
    return field_error(ptr, "expected an object, got " + std::string(json_type_phrase(v)));
  }
  const bool has_match = member(v, "match") != nullptr;
  const bool has_inject = member(v, "inject") != nullptr;
  if (has_match == has_inject) {
    return field_error(ptr, has_match ? "has both match and inject (a fault is one or the other)"
                                      : "needs match (a rule on segments) or inject (a crafted "
                                        "segment)");
  }
  if (has_inject) {
    auto known = check_object(v, ptr, {"inject", "arrive_ms"});
    if (!known) return known;
    Inject inj;
    if (auto r = parse_inject(*member(v, "inject"), child_pointer(ptr, "inject"), inj); !r) {
      return r;
    }
    const Json* arrive = member(v, "arrive_ms");
    if (arrive == nullptr) {
      return field_error(child_pointer(ptr, "arrive_ms"),
                         "missing (when the injected segment arrives)");
    }
    auto d = read_ms(*arrive, child_pointer(ptr, "arrive_ms"), Duration{}, kMaxTime);
    if (!d) return d.error();
    inj.arrive = *d;
    out.inject = std::move(inj);
    return true;
  }

  auto known = check_object(v, ptr, {"match", "drop", "delay_ms", "duplicate", "gap_ms"});
  if (!known) return known;
  std::string mp = child_pointer(ptr, "match");
  auto text = read_string(*member(v, "match"), mp, 1000);
  if (!text) return text.error();
  auto m = parse_segment_match(*text);
  if (!m) return field_error(mp, m.error().message);
  out.match = std::move(*m);
  if (const Json* x = member(v, "drop")) {
    auto b = read_bool(*x, child_pointer(ptr, "drop"));
    if (!b) return b.error();
    out.drop = *b;
  }
  if (const Json* x = member(v, "delay_ms")) {
    auto d = read_ms(*x, child_pointer(ptr, "delay_ms"), Duration{}, kMaxTime);
    if (!d) return d.error();
    out.delay = *d;
  }
  if (const Json* x = member(v, "duplicate")) {
    auto n = read_uint(*x, child_pointer(ptr, "duplicate"), 0, kMaxCopies);
    if (!n) return n.error();
    out.duplicate = static_cast<std::uint32_t>(*n);
  }
  if (const Json* x = member(v, "gap_ms")) {
    if (out.duplicate == 0) {
      return field_error(child_pointer(ptr, "gap_ms"), "only goes with duplicate");
    }
    auto d = read_ms(*x, child_pointer(ptr, "gap_ms"), Duration{}, kMaxTime);
    if (!d) return d.error();
    out.gap = *d;
  }
  if (out.drop && (out.delay.count() != 0 || out.duplicate != 0)) {
    return field_error(ptr, "drop cannot be combined with delay_ms or duplicate (a dropped "
                            "segment is neither delayed nor copied)");
  }
  if (!out.drop && out.delay.count() == 0 && out.duplicate == 0) {
    return field_error(ptr, "the rule does nothing: give \"drop\": true, a delay_ms above 0 "
                            "or a duplicate count");
  }
  return true;
}

}  // namespace

Result<bool> parse_faults(const Json& v, std::string_view ptr, std::vector<Fault>& out) {
  if (!v.is_array()) {
    return field_error(ptr, "expected an array, got " + std::string(json_type_phrase(v)));
  }
  if (v.size() > kMaxFaults) {
    return field_error(ptr, "has " + std::to_string(v.size()) + " faults (at most " +
                                std::to_string(kMaxFaults) + ")");
  }
  out.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    Fault f;
    if (auto r = parse_fault(v[i], child_pointer(ptr, i), f); !r) return r;
    out.push_back(std::move(f));
  }
  return true;
}

}  // namespace tcpviz::scenario::detail
