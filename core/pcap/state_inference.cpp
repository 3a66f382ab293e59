#include "core/pcap/state_inference.hpp"

namespace tcpviz::pcap {

using tcp::State;

void InferredEnd::time_wait_timer(Time t, tcp::TimerAction action, Time deadline) {
  if (timers_ != nullptr) timers_->push_back({t, who_, tcp::TimerChange{tcp::TimerKind::TimeWait, action, deadline}});
}

void InferredEnd::go(Time t, State to, std::string_view cause, std::string_view rfc) {
  if (to == state_) return;
  // TIME-WAIT's timer lives exactly as long as the state: armed on entry, cancelled when an
  // RST ends it early, fired by expire().
  if (state_ == State::TimeWait && time_wait_deadline_) {
    const Time deadline = *time_wait_deadline_;
    time_wait_timer(t, t >= deadline ? tcp::TimerAction::Fired : tcp::TimerAction::Cancelled, deadline);
    time_wait_deadline_.reset();
  }
  if (to == State::TimeWait) {
    time_wait_deadline_ = t + time_wait_;
    time_wait_timer(t, tcp::TimerAction::Armed, *time_wait_deadline_);
  }
  trace::Transition tr;
  tr.t = t;
  tr.who = who_;
  tr.from = state_;
  tr.to = to;
  tr.cause = cause;
  tr.rfc = rfc;
  out_->push_back(tr);
  state_ = to;
}

void InferredEnd::expire(Time now) {
  if (state_ != State::TimeWait || !time_wait_deadline_ || now < *time_wait_deadline_) return;
  go(*time_wait_deadline_, State::Closed, "inferred: the 2MSL timer ran out (Linux TCP_TIMEWAIT_LEN, 60 s)",
     "RFC 9293 3.10.8");
}

void InferredEnd::time_wait_taken_over(Time t, std::string_view cause, std::string_view rfc) {
  expire(t);
  if (state_ == State::TimeWait) go(t, State::Closed, cause, rfc);
}

void InferredEnd::start(Time t, State s, std::string_view cause, std::string_view rfc) {
  go(t, s, cause, rfc);
  if (s == State::SynReceived) passive_ = true;
}

bool InferredEnd::acks_our_fin(const wire::TcpSegment& seg) const {
  return seg.flags.ack() && fin_seq_ && seg.ack > *fin_seq_;
}

bool InferredEnd::acks_our_syn(const wire::TcpSegment& seg) const {
  // Without our SYN captured, any ACK is taken to acknowledge it.
  return seg.flags.ack() && (!iss_ || seg.ack > *iss_);
}

void InferredEnd::sent(Time t, const wire::TcpSegment& seg) {
  expire(t);
  if (seg.flags.rst()) {
    // RFC 9293 3.10.4 ABORT (or an RST answering something unacceptable): the sender drops
    // its TCB. A closed port answering a SYN is already CLOSED.
    if (state_ != State::Closed && state_ != State::Listen) go(t, State::Closed, "inferred: saw RST sent", "RFC 9293 3.10.4");
    return;
  }
  if (seg.flags.syn()) {
    if (!iss_) iss_ = seg.seq;
    if (!seg.flags.ack()) {
      if (state_ == State::Closed) go(t, State::SynSent, "inferred: saw SYN sent (active OPEN)", "RFC 9293 3.10.1");
    } else if (state_ == State::Listen || state_ == State::Closed) {
      // The SYN that caused this SYN|ACK was not seen arriving (not captured).
      passive_ = true;
      go(t, State::SynReceived, "inferred: saw SYN|ACK sent", "RFC 9293 3.10.7.2");
    }
  }
  if (seg.flags.fin()) {
    if (!fin_seq_) fin_seq_ = seg.seq + (seg.flags.syn() ? 1u : 0u) + seg.payload_len;
    switch (state_) {
      case State::SynReceived:
      case State::Established: go(t, State::FinWait1, "inferred: saw FIN sent (CLOSE)", "RFC 9293 3.10.4"); break;
      case State::CloseWait: go(t, State::LastAck, "inferred: saw FIN sent (CLOSE)", "RFC 9293 3.10.4"); break;
      default: break;
    }
  }
}

void InferredEnd::received(Time t, const wire::TcpSegment& seg) {
  expire(t);
  if (seg.flags.rst()) {
    switch (state_) {
      case State::SynSent:
        // RFC 9293 3.10.7.3: an RST acknowledging our SYN means "connection refused".
        if (seg.flags.ack()) go(t, State::Closed, "inferred: saw RST arrive (connection refused)", "RFC 9293 3.10.7.3");
        break;
      case State::SynReceived:
        // RFC 9293 3.10.7.4 second: a passive open returns to LISTEN, an active one closes.
        go(t, passive_ ? State::Listen : State::Closed, "inferred: saw RST arrive", "RFC 9293 3.10.7.4");
        break;
      case State::Closed:
      case State::Listen: break;
      default:
        // Synchronized states and TIME-WAIT (Linux: an RST ends TIME-WAIT, tcp_rfc1337 = 0).
        go(t, State::Closed, "inferred: saw RST arrive (connection reset)", "RFC 9293 3.10.7.4");
        break;
    }
    return;
  }
  if (seg.flags.syn()) {
    if (!seg.flags.ack()) {
      if (state_ == State::Listen) {
        passive_ = true;
        go(t, State::SynReceived, "inferred: saw SYN arrive", "RFC 9293 3.10.7.2");
      } else if (state_ == State::SynSent) {
        go(t, State::SynReceived, "inferred: saw SYN arrive (simultaneous open)", "RFC 9293 3.10.7.3");
      }
      return;
    }
    if (state_ == State::SynSent && acks_our_syn(seg)) {
      go(t, State::Established, "inferred: saw SYN|ACK arrive", "RFC 9293 3.10.7.3");
    } else if (state_ == State::SynReceived && !passive_ && acks_our_syn(seg)) {
      // Simultaneous open (RFC 9293 figure 7, lines 5-6): the peer's SYN|ACK acknowledges our
      // SYN and this end becomes ESTABLISHED.
      go(t, State::Established, "inferred: saw SYN|ACK arrive (simultaneous open)", "RFC 9293 3.5");
    }
    return;
  }
  // RFC 9293 3.10.7.4: the ACK field is processed (fifth) before the FIN bit (eighth).
  if (seg.flags.ack()) {
    switch (state_) {
      case State::SynReceived:
        if (acks_our_syn(seg)) go(t, State::Established, "inferred: saw ACK of SYN arrive", "RFC 9293 3.10.7.4");
        break;
      case State::FinWait1:
        // A FIN|ACK that acknowledges our FIN goes straight to TIME-WAIT below, as the
        // simulator shows it (eighth step: "If our FIN has been ACKed (perhaps in this
        // segment), then enter TIME-WAIT"); Linux's FIN-WAIT-2 in between lasts microseconds
        // (a 6.18 kernel's inet_sock_set_state tracepoint: 31 us) and no capture can show it.
        if (acks_our_fin(seg) && !seg.flags.fin()) {
          go(t, State::FinWait2, "inferred: saw ACK of FIN arrive", "RFC 9293 3.10.7.4");
        }
        break;
      case State::Closing:
        if (acks_our_fin(seg)) go(t, State::TimeWait, "inferred: saw ACK of FIN arrive", "RFC 9293 3.10.7.4");
        break;
      case State::LastAck:
        if (acks_our_fin(seg)) go(t, State::Closed, "inferred: saw ACK of FIN arrive", "RFC 9293 3.10.7.4");
        break;
      default: break;
    }
  }
  if (seg.flags.fin()) {
    switch (state_) {
      case State::SynReceived:
      case State::Established: go(t, State::CloseWait, "inferred: saw FIN arrive", "RFC 9293 3.10.7.4"); break;
      case State::FinWait1:
        if (acks_our_fin(seg)) {
          go(t, State::TimeWait, "inferred: saw FIN|ACK of our FIN arrive", "RFC 9293 3.10.7.4");
        } else {
          go(t, State::Closing, "inferred: saw FIN arrive (simultaneous close)", "RFC 9293 3.10.7.4");
        }
        break;
      case State::FinWait2: go(t, State::TimeWait, "inferred: saw FIN arrive", "RFC 9293 3.10.7.4"); break;
      case State::TimeWait:
        // RFC 9293 3.10.7.4 eighth step, TIME-WAIT: "Remain in the TIME-WAIT state. Restart
        // the 2 MSL time-wait timeout." (the peer's FIN came again: our ACK of it was lost).
        time_wait_timer(t, tcp::TimerAction::Cancelled, *time_wait_deadline_);
        time_wait_deadline_ = t + time_wait_;
        time_wait_timer(t, tcp::TimerAction::Armed, *time_wait_deadline_);
        break;
      default: break;
    }
  }
}

}  // namespace tcpviz::pcap
