// The rules the passive observer uses to infer one end's state from the segments it sends
// and receives (RFC 9293 section 3.10, read backwards: "it sent a FIN, so its user called
// CLOSE"). Internal to core/pcap (observer.cpp).
#pragma once

#include <optional>
#include <vector>

#include "core/tcp/effects.hpp"

#include "core/tcp/state.hpp"
#include "core/trace/trace.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::pcap {

// How long an observed end is taken to stay in TIME-WAIT. The observer cannot see the end's
// timer, so it assumes Linux's, the stack on both sides of every live relay and in most
// captures: a fixed TCP_TIMEWAIT_LEN of 60 s (include/net/tcp.h), the `linux` profile's
// time_wait. (RFC 9293 3.3.2 asks for 2*MSL, 4 minutes with its 2-minute MSL.)
inline constexpr Duration kInferredTimeWait = std::chrono::seconds(60);

// A change to an observed end's TIME-WAIT timer, for the trace's timer records (as the state
// machine reports its own timers in tcp::Effects).
struct InferredTimerChange {
  Time t{};
  trace::Side who = trace::Side::Client;
  tcp::TimerChange change{};
};

class InferredEnd {
 public:
  // Transitions go to `out`; TIME-WAIT timer changes to `timers`, when given.
  InferredEnd(trace::Side who, std::vector<trace::Transition>& out,
              std::vector<InferredTimerChange>* timers = nullptr, Duration time_wait = kInferredTimeWait)
      : who_(who), out_(&out), timers_(timers), time_wait_(time_wait) {}

  // Where the end stood when the capture began (the first transition out of CLOSED).
  void start(Time t, tcp::State s, std::string_view cause, std::string_view rfc);

  void sent(Time t, const wire::TcpSegment& seg);
  void received(Time t, const wire::TcpSegment& seg);

  tcp::State state() const { return state_; }

  // While in TIME-WAIT: when the inferred 2MSL timer runs out (entry into TIME-WAIT, or the
  // latest retransmitted FIN, plus kInferredTimeWait).
  std::optional<Time> time_wait_deadline() const { return time_wait_deadline_; }
  // Time has passed without a segment: once `now` reaches the TIME-WAIT deadline the end is
  // taken to have deleted its TCB (RFC 9293 3.10.8), CLOSED at the deadline.
  void expire(Time now);
  // A new incarnation of the 4-tuple took over while this end was in TIME-WAIT: the stack
  // deleted the TIME-WAIT TCB early (Linux: a SYN accepted by tcp_timewait_state_process, RFC
  // 6191, or a port reused by tcp_tw_reuse), so the end is CLOSED at `t`. Nothing otherwise.
  void time_wait_taken_over(Time t, std::string_view cause, std::string_view rfc);

 private:
  void go(Time t, tcp::State to, std::string_view cause, std::string_view rfc);
  void time_wait_timer(Time t, tcp::TimerAction action, Time deadline);
  bool acks_our_fin(const wire::TcpSegment& seg) const;
  bool acks_our_syn(const wire::TcpSegment& seg) const;

  trace::Side who_;
  std::vector<trace::Transition>* out_;
  std::vector<InferredTimerChange>* timers_;
  Duration time_wait_;
  std::optional<Time> time_wait_deadline_;
  tcp::State state_ = tcp::State::Closed;
  bool passive_ = false;                  // reached SYN-RECEIVED from LISTEN
  std::optional<wire::SeqNum> iss_;       // our SYN's sequence number
  std::optional<wire::SeqNum> fin_seq_;   // the sequence number our FIN took
};

}  // namespace tcpviz::pcap
