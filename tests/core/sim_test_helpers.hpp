// Scenarios as C++ values for the simulator's tests (no parser involved), and lookups over
// the trace they produce.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/sim/simulator.hpp"
#include "core/trace/trace.hpp"

namespace sim_test {

using namespace tcpviz;
using scenario::Call;
using scenario::Side;
using wire::TcpFlags;

// Client 192.0.2.1:40000 ISN 1000, server 192.0.2.2:80 ISN 5000, `linux` profile, 50 ms each
// way, no randomness (the example of SCENARIO_FORMAT.md without its faults).
inline scenario::Scenario base_scenario() {
  scenario::Scenario s;
  s.profile_name = "linux";
  s.sides[0].name = "client";
  s.sides[0].ip = scenario::kDefaultClientIp;
  s.sides[0].port = 40000;
  s.sides[0].isn = {1000};
  s.sides[1].name = "server";
  s.sides[1].ip = scenario::kDefaultServerIp;
  s.sides[1].port = 80;
  s.sides[1].isn = {5000};
  s.link[0].delay = from_ms(50);
  s.link[1].delay = from_ms(50);
  s.seed = 7;
  return s;
}

inline scenario::Action at(std::int64_t ms, Side who, Call call, std::uint32_t bytes = 0) {
  scenario::Action a;
  a.at = from_ms(ms);
  a.who = who;
  a.call = call;
  a.bytes = bytes;
  return a;
}

inline scenario::Action on(Side side, scenario::TriggerEvent e, std::int64_t after_ms, Side who,
                           Call call, std::uint32_t bytes = 0) {
  scenario::Action a;
  a.on = std::make_pair(side, e);
  a.after = from_ms(after_ms);
  a.who = who;
  a.call = call;
  a.bytes = bytes;
  return a;
}

// listen at 0, connect at 0.
inline scenario::Scenario handshake_scenario() {
  scenario::Scenario s = base_scenario();
  s.actions.push_back(at(0, Side::Server, Call::Listen));
  s.actions.push_back(at(0, Side::Client, Call::Connect));
  return s;
}

inline scenario::SegmentMatch match(Side side, scenario::MatchKind kind,
                                    std::optional<std::uint32_t> nth) {
  scenario::SegmentMatch m;
  m.side = side;
  m.kind = kind;
  m.nth = nth;
  return m;
}

inline std::uint16_t four_flags(const trace::Segment& s) {
  return s.tcp.flags.bits & (TcpFlags::kSyn | TcpFlags::kFin | TcpFlags::kRst | TcpFlags::kAck);
}

// Segments from `from` whose SYN/FIN/RST/ACK are exactly `flags`, in trace order.
inline std::vector<const trace::Segment*> segments(const trace::Trace& t, Side from,
                                                   std::uint16_t flags) {
  std::vector<const trace::Segment*> out;
  for (const trace::Segment& s : t.segments) {
    if (s.from == from && four_flags(s) == flags) out.push_back(&s);
  }
  return out;
}

inline std::vector<const trace::Transition*> transitions(const trace::Trace& t, Side who) {
  std::vector<const trace::Transition*> out;
  for (const trace::Transition& x : t.transitions) {
    if (x.who == who) out.push_back(&x);
  }
  return out;
}

inline const trace::Transition* find_transition(const trace::Trace& t, Side who, tcp::State from,
                                                tcp::State to) {
  for (const trace::Transition& x : t.transitions) {
    if (x.who == who && x.from == from && x.to == to) return &x;
  }
  return nullptr;
}

inline const trace::AppEvent* find_event(const trace::Trace& t, Side who, tcp::AppEventKind k,
                                         std::optional<std::uint32_t> conn = std::nullopt) {
  for (const trace::AppEvent& e : t.app_events) {
    if (e.who == who && e.kind == k && (!conn || e.conn == *conn)) return &e;
  }
  return nullptr;
}

inline double ms(Time t) { return to_ms(t); }

}  // namespace sim_test
