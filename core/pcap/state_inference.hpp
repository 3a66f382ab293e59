// The rules the passive observer uses to infer one end's state from the segments it sends
// and receives (RFC 9293 section 3.10, read backwards: "it sent a FIN, so its user called
// CLOSE"). Internal to core/pcap (observer.cpp).
#pragma once

#include <optional>
#include <vector>

#include "core/tcp/state.hpp"
#include "core/trace/trace.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::pcap {

class InferredEnd {
 public:
  InferredEnd(trace::Side who, std::vector<trace::Transition>& out) : who_(who), out_(&out) {}

  // Where the end stood when the capture began (the first transition out of CLOSED).
  void start(Time t, tcp::State s, std::string_view cause, std::string_view rfc);

  void sent(Time t, const wire::TcpSegment& seg);
  void received(Time t, const wire::TcpSegment& seg);

  tcp::State state() const { return state_; }

 private:
  void go(Time t, tcp::State to, std::string_view cause, std::string_view rfc);
  bool acks_our_fin(const wire::TcpSegment& seg) const;
  bool acks_our_syn(const wire::TcpSegment& seg) const;

  trace::Side who_;
  std::vector<trace::Transition>* out_;
  tcp::State state_ = tcp::State::Closed;
  bool passive_ = false;                  // reached SYN-RECEIVED from LISTEN
  std::optional<wire::SeqNum> iss_;       // our SYN's sequence number
  std::optional<wire::SeqNum> fin_seq_;   // the sequence number our FIN took
};

}  // namespace tcpviz::pcap
