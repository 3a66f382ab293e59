// Hand-built traces for the ladder layout tests: the numbers follow RFC 9293 section 3.5's
// three-way handshake (figure 7) and section 3.6's close (figure 12), with a 50 ms one-way
// delay, client ISN 1000 and server ISN 5000, so every expected label is checkable by hand.
#pragma once

#include <optional>

#include "core/trace/trace.hpp"

namespace tcpviz::test {

inline trace::Segment make_segment(trace::Side from, std::uint16_t flags, std::uint32_t rel_seq,
                                   std::optional<std::uint32_t> rel_ack, std::uint32_t len,
                                   double sent_ms, double arrive_ms) {
  constexpr std::uint32_t kIsn[2] = {1000, 5000};
  const int me = from == trace::Side::Client ? 0 : 1;
  trace::Segment s;
  s.from = from;
  s.tcp.flags.bits = flags;
  s.tcp.seq = wire::SeqNum(kIsn[me] + rel_seq);
  if (rel_ack) s.tcp.ack = wire::SeqNum(kIsn[1 - me] + *rel_ack);
  s.rel_seq = rel_seq;
  s.rel_ack = rel_ack;
  s.tcp.payload_len = len;
  s.sent = from_ms_fraction(sent_ms);
  s.arrive = from_ms_fraction(arrive_ms);
  return s;
}

inline void push(trace::Trace& t, trace::Segment s) {
  s.id = static_cast<std::uint32_t>(t.segments.size());
  t.segments.push_back(s);
}

inline void transition(trace::Trace& t, double ms, trace::Side who, tcp::State from,
                       tcp::State to) {
  trace::Transition x;
  x.t = from_ms_fraction(ms);
  x.who = who;
  x.from = from;
  x.to = to;
  t.transitions.push_back(x);
}

// Open, 100 bytes from the client, close by the client, 60 s TIME-WAIT (Linux TCP_TIMEWAIT_LEN).
inline trace::Trace normal_lesson() {
  using F = wire::TcpFlags;
  using S = tcp::State;
  const auto C = trace::Side::Client, V = trace::Side::Server;
  trace::Trace t;
  t.conns.resize(1);
  push(t, make_segment(C, F::kSyn, 0, std::nullopt, 0, 0, 50));
  push(t, make_segment(V, F::kSyn | F::kAck, 0, 1, 0, 50, 100));
  push(t, make_segment(C, F::kAck, 1, 1, 0, 100, 150));
  push(t, make_segment(C, F::kPsh | F::kAck, 1, 1, 100, 300, 350));
  push(t, make_segment(V, F::kAck, 1, 101, 0, 350, 400));
  push(t, make_segment(C, F::kFin | F::kAck, 101, 1, 0, 600, 650));
  push(t, make_segment(V, F::kAck, 1, 102, 0, 650, 700));
  push(t, make_segment(V, F::kFin | F::kAck, 1, 102, 0, 900, 950));
  push(t, make_segment(C, F::kAck, 102, 2, 0, 950, 1000));
  transition(t, 0, V, S::Closed, S::Listen);
  transition(t, 0, C, S::Closed, S::SynSent);
  transition(t, 50, V, S::Listen, S::SynReceived);
  transition(t, 100, C, S::SynSent, S::Established);
  transition(t, 150, V, S::SynReceived, S::Established);
  transition(t, 600, C, S::Established, S::FinWait1);
  transition(t, 650, V, S::Established, S::CloseWait);
  transition(t, 700, C, S::FinWait1, S::FinWait2);
  transition(t, 900, V, S::CloseWait, S::LastAck);
  transition(t, 950, C, S::FinWait2, S::TimeWait);
  transition(t, 1000, V, S::LastAck, S::Closed);
  transition(t, 60950, C, S::TimeWait, S::Closed);
  t.end = from_ms(60950);
  return t;
}

}  // namespace tcpviz::test
