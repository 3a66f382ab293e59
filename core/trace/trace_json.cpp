// trace_to_json: the trace JSON of SCENARIO_FORMAT.md. Keys keep the documented order
// (nlohmann::ordered_json), times are milliseconds (whole numbers when whole), and everything
// a segment only sometimes has (options, copy_of, injected) appears only when present.
#include "core/trace/trace_json.hpp"

#include <nlohmann/json.hpp>

#include "core/scenario/parse.hpp"
#include "core/trace/bytes.hpp"

namespace tcpviz::trace {
namespace {

using OJson = nlohmann::ordered_json;

OJson ms(Duration d) {
  if (d.count() % 1000 == 0) return OJson(static_cast<std::int64_t>(d.count() / 1000));
  return OJson(to_ms(d));
}

std::string ip_text(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

OJson options_json(const wire::TcpOptions& o) {
  OJson j = OJson::object();
  if (o.mss) j["mss"] = *o.mss;
  if (o.window_scale) j["wscale"] = *o.window_scale;
  if (o.sack_permitted) j["sack_perm"] = true;
  if (o.timestamps) {
    OJson ts = OJson::object();
    ts["val"] = o.timestamps->value;
    ts["ecr"] = o.timestamps->echo_reply;
    j["timestamps"] = std::move(ts);
  }
  if (o.sack_count > 0) {
    OJson blocks = OJson::array();
    for (std::uint8_t i = 0; i < o.sack_count && i < o.sack.size(); ++i) {
      blocks.push_back(OJson::array({o.sack[i].left.raw(), o.sack[i].right.raw()}));
    }
    j["sack"] = std::move(blocks);
  }
  if (o.unknown_len > 0) {
    j["unknown_hex"] = to_hex(std::vector<std::uint8_t>(
        o.unknown.begin(), o.unknown.begin() + std::min<std::size_t>(o.unknown_len, 40)));
  }
  return j;
}

OJson segment_json(const Trace& t, const Segment& s) {
  OJson j = OJson::object();
  j["id"] = s.id;
  j["conn"] = s.conn;
  j["from"] = side_name(s.from);
  j["to"] = side_name(peer_of(s.from));
  j["flags"] = wire::flags_to_string(s.tcp.flags);
  j["seq"] = s.tcp.seq.raw();
  j["ack"] = s.tcp.flags.ack() ? OJson(s.tcp.ack.raw()) : OJson(nullptr);
  j["rel_seq"] = s.rel_seq;
  j["rel_ack"] = s.rel_ack ? OJson(*s.rel_ack) : OJson(nullptr);
  j["len"] = s.tcp.payload_len;
  j["window"] = s.tcp.window;
  OJson opt = options_json(s.tcp.options);
  if (!opt.empty()) j["options"] = std::move(opt);
  j["sent_ms"] = ms(s.sent);
  j["arrive_ms"] = ms(s.arrive);
  j["fate"] = fate_name(s.fate);
  if (s.fault >= 0) {
    j["fault"] = s.fault;
  } else if (s.fault == kRandomFault) {
    j["fault"] = "random";
  } else {
    j["fault"] = nullptr;
  }
  j["retransmission"] = s.retransmission;
  if (s.copy_of) j["copy_of"] = *s.copy_of;
  if (s.injected) j["injected"] = true;
  if (s.truncated) j["truncated"] = true;
  j["bytes_hex"] = to_hex(segment_bytes(t, s));
  return j;
}

OJson endpoint_json(const Trace& t, std::size_t side) {
  OJson j = OJson::object();
  const Endpoint& e = t.endpoints[side];
  std::optional<wire::SeqNum> isn;
  std::uint16_t port = e.port;
  if (!t.conns.empty()) {
    isn = t.conns[0].isn[side];
    if (t.conns[0].port[side] != 0) port = t.conns[0].port[side];
  }
  j["iss"] = isn ? OJson(isn->raw()) : OJson(nullptr);
  j["port"] = port;
  j["name"] = e.name;
  j["ip"] = ip_text(e.ip);
  return j;
}

}  // namespace

std::string to_hex(const std::vector<std::uint8_t>& bytes) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string trace_to_json(const Trace& t, const scenario::Scenario* scenario_as_run,
                          int indent) {
  OJson j = OJson::object();
  j["version"] = 1;
  if (scenario_as_run != nullptr) {
    j["scenario"] = OJson::parse(scenario::scenario_to_json(*scenario_as_run), nullptr, false);
  } else {
    j["scenario"] = nullptr;
  }
  OJson endpoints = OJson::object();
  endpoints["client"] = endpoint_json(t, 0);
  endpoints["server"] = endpoint_json(t, 1);
  j["endpoints"] = std::move(endpoints);

  OJson conns = OJson::array();
  for (std::size_t i = 0; i < t.conns.size(); ++i) {
    const Connection& c = t.conns[i];
    OJson cj = OJson::object();
    cj["conn"] = i;
    for (std::size_t side = 0; side < 2; ++side) {
      OJson e = OJson::object();
      e["ip"] = ip_text(c.ip[side]);
      e["port"] = c.port[side];
      e["iss"] = c.isn[side] ? OJson(c.isn[side]->raw()) : OJson(nullptr);
      cj[side == 0 ? "client" : "server"] = std::move(e);
    }
    conns.push_back(std::move(cj));
  }
  j["conns"] = std::move(conns);

  OJson segments = OJson::array();
  for (const Segment& s : t.segments) segments.push_back(segment_json(t, s));
  j["segments"] = std::move(segments);

  OJson transitions = OJson::array();
  for (const Transition& tr : t.transitions) {
    OJson e = OJson::object();
    e["t_ms"] = ms(tr.t);
    e["conn"] = tr.conn;
    e["who"] = side_name(tr.who);
    e["from"] = tcp::rfc_name(tr.from);
    e["to"] = tcp::rfc_name(tr.to);
    e["cause"] = tr.cause;
    e["rfc"] = tr.rfc;
    transitions.push_back(std::move(e));
  }
  j["transitions"] = std::move(transitions);

  OJson timers = OJson::array();
  for (const Timer& tm : t.timers) {
    OJson e = OJson::object();
    e["conn"] = tm.conn;
    e["who"] = side_name(tm.who);
    e["kind"] = tcp::timer_kind_name(tm.kind);
    e["armed_ms"] = ms(tm.armed);
    e["deadline_ms"] = ms(tm.deadline);
    e["end"] = timer_end_name(tm.end);
    e["end_ms"] = tm.end == TimerEnd::Pending ? OJson(nullptr) : ms(tm.end_t);
    timers.push_back(std::move(e));
  }
  j["timers"] = std::move(timers);

  OJson app_events = OJson::array();
  for (const AppEvent& a : t.app_events) {
    OJson e = OJson::object();
    e["t_ms"] = ms(a.t);
    e["conn"] = a.conn;
    e["who"] = side_name(a.who);
    e["event"] = tcp::app_event_name(a.kind);
    if (a.kind == tcp::AppEventKind::Data) e["bytes"] = a.bytes;
    app_events.push_back(std::move(e));
  }
  j["app_events"] = std::move(app_events);

  OJson decisions = OJson::array();
  for (const Decision& d : t.decisions) {
    OJson e = OJson::object();
    e["t_ms"] = ms(d.t);
    e["conn"] = d.conn;
    e["who"] = side_name(d.who);
    e["segment"] = d.segment ? OJson(*d.segment) : OJson(nullptr);
    e["step"] = d.what.step;
    e["rfc"] = d.what.rfc;
    e["text"] = tcp::render_decision_text(d.what);
    decisions.push_back(std::move(e));
  }
  j["decisions"] = std::move(decisions);

  j["end_ms"] = ms(t.end);
  j["hit_time_cap"] = t.hit_time_cap;
  j["inferred"] = t.inferred;
  j["notes"] = t.notes;
  return j.dump(indent, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace tcpviz::trace
