// The connection's invariants, checked by the tests after every event.
#include "core/tcp/invariants.hpp"

namespace tcpviz::tcp {

std::optional<std::string> check_invariants(const Connection& c) {
  const Tcb& t = c.tcb_;
  const State s = c.state_;
  auto armed = [&](TimerKind k) { return c.timer_armed(k); };
  const std::string where = std::string(" in ") + std::string(rfc_name(s));
  if (c.earliest_deadline_ != c.earliest_of_timers()) {
    return "the cached earliest deadline is not the earliest timer's" + where;
  }
  if (s == State::Closed || s == State::Listen) {
    for (const Time deadline : c.timers_) {
      if (deadline != Connection::kNotArmed) return "a timer is armed" + where + " (no TCB, nothing to time)";
    }
    return std::nullopt;
  }
  // RFC 9293 3.3.1: SND.UNA =< SND.NXT.
  if (t.snd_una > t.snd_nxt) {
    return "SND.UNA=" + std::to_string(t.snd_una.raw()) + " is after SND.NXT=" +
           std::to_string(t.snd_nxt.raw()) + where;
  }
  if (wire::seq_distance(t.iss, t.snd_nxt) == 0) return "SND.NXT=ISS: the SYN is not counted" + where;
  if (s != State::SynSent && t.rcv_nxt == t.irs) return "RCV.NXT=IRS: the peer's SYN is not counted" + where;
  // Held out-of-order data lies strictly beyond RCV.NXT, sorted and disjoint.
  wire::SeqNum prev_right = t.rcv_nxt;
  for (const auto& h : c.held_) {
    if (!(prev_right < h.left) || !(h.left < h.right)) {
      return "held out-of-order data [" + std::to_string(h.left.raw()) + ", " +
             std::to_string(h.right.raw()) + ") is not beyond RCV.NXT=" +
             std::to_string(t.rcv_nxt.raw()) + where;
    }
    prev_right = h.right;
  }
  // The tail loss probe's queue of segments in flight ends where SND.NXT is and holds nothing
  // already acknowledged; the probe timer is the retransmission timer.
  if (!c.in_flight_.empty()) {
    if (c.in_flight_.back().end != t.snd_nxt) {
      return "the last segment in flight does not end at SND.NXT" + where;
    }
    if (!(t.snd_una < c.in_flight_.front().end)) {
      return "an acknowledged segment is still in flight" + where;
    }
  }
  if (c.probe_armed_ && !armed(TimerKind::Retransmit)) {
    return "a loss probe without its timer" + where;
  }
  if (s == State::TimeWait) {
    if (!armed(TimerKind::TimeWait)) return "TIME-WAIT without its 2MSL timer";
    if (armed(TimerKind::Retransmit)) return "a retransmission timer" + where;
    return std::nullopt;
  }
  if (armed(TimerKind::TimeWait)) return "a 2MSL timer" + where;
  // RFC 6298 5.1/5.2: the retransmission timer runs exactly while something is unacknowledged.
  const bool outstanding = t.snd_una != t.snd_nxt;
  if (outstanding && !armed(TimerKind::Retransmit)) {
    return "unacknowledged sequence space without a retransmission timer" + where;
  }
  const bool persisting = t.send_queued > 0 && t.snd_wnd == 0;  // RFC 9293 3.8.6.1
  if (!outstanding && armed(TimerKind::Retransmit) && !persisting) {
    return "a retransmission timer with nothing unacknowledged" + where;
  }
  if ((s == State::FinWait2 || s == State::Closing || s == State::LastAck ||
       s == State::FinWait1) && !t.fin_queued) {
    return "no FIN queued" + where;
  }
  if (s == State::FinWait2 && (!t.fin_sent || outstanding)) {
    return "FIN-WAIT-2 before our FIN was acknowledged";
  }
  if ((s == State::CloseWait || s == State::Closing || s == State::LastAck) && !t.fin_received) {
    return "the peer's FIN was not received" + where;
  }
  if (armed(TimerKind::FinWait2) && s != State::FinWait2) return "a FIN-WAIT-2 timer" + where;
  return std::nullopt;
}

}  // namespace tcpviz::tcp
