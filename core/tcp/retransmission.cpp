// The retransmission timer of RFC 6298, the SYN retry schedules of RFC 9293 3.8.3 and Linux
// (tcp_retransmit_timer, tcp_write_timeout), and giving up.
#include <algorithm>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr Duration kClockGranularity = from_ms(1);  // RFC 6298 2: G, our clock ticks in 1 ms

// RFC 6298 2.2 and 2.3, in whole microseconds. A free function of the TCB, so the compiler
// inlines it into on_new_ack, its one caller (saves a call per sample).
void take_rtt_sample(Tcb& tcb, Duration r, const Profile& profile) {
  if (!tcb.srtt) {
    // 2.2: "SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max (G, K*RTTVAR)"
    tcb.srtt = r;
    tcb.rttvar = r / 2;
  } else {
    // 2.3: "RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|, SRTT <- (1 - alpha) * SRTT +
    // alpha * R'" with alpha = 1/8, beta = 1/4; RTTVAR first, with the old SRTT.
    const Duration diff = *tcb.srtt > r ? *tcb.srtt - r : r - *tcb.srtt;
    tcb.rttvar = (3 * tcb.rttvar + diff) / 4;
    tcb.srtt = (7 * *tcb.srtt + r) / 8;
  }
  const Duration rto = *tcb.srtt + std::max(kClockGranularity, 4 * tcb.rttvar);
  // 2.4: "if it is less than 1 second, then the RTO SHOULD be rounded up to 1 second" (the
  // profile's rto_min; Linux uses 200 ms, TCP_RTO_MIN); 2.5: a maximum.
  tcb.rto = std::clamp(rto, profile.rto_min, profile.rto_max);
}
}  // namespace

// The RTO in force including the exponential backoff of RFC 6298 5.5 ("set RTO <- RTO * 2"),
// capped at the maximum (2.5). Linux's SYN-SENT uses the initial RTO unchanged for the first
// tcp_syn_linear_timeouts retransmissions (tcp_retransmit_timer: no doubling while
// icsk_backoff =< sysctl_tcp_syn_linear_timeouts), so SYN RTOs run 1, 1, 1, 1, 1, 2, 4 ... s.
// current_rto() (inline in connection.hpp) calls this only when tcb_.backoff > 0.
Duration Connection::backed_off_rto() const {
  int shift = tcb_.backoff;
  if (state_ == State::SynSent) shift = std::max(0, shift - config_.profile.syn_linear_timeouts);
  Duration rto = tcb_.rto;
  for (int i = 0; i < shift && rto < config_.profile.rto_max; ++i) rto *= 2;
  return std::min(rto, config_.profile.rto_max);
}

// RFC 9293 3.8.3 R2: when to give up. Linux counts retransmissions: tcp_syn_retries (plus
// tcp_syn_linear_timeouts, tcp_write_timeout) for a SYN, tcp_synack_retries for a SYN-ACK,
// tcp_retries2 for data. The `rfc` profile also gives up on a SYN by time (3 minutes).
bool Connection::retries_exhausted(Time now) const {
  const Profile& p = config_.profile;
  int limit = p.data_retries;
  const bool syn = state_ == State::SynSent || state_ == State::SynReceived;
  if (state_ == State::SynSent) limit = p.syn_retries + p.syn_linear_timeouts;
  if (state_ == State::SynReceived) limit = p.synack_retries;
  if (tcb_.backoff >= limit) return true;
  return syn && p.syn_give_up_after && now - first_syn_sent_ >= *p.syn_give_up_after;
}

void Connection::restart_retransmit_timer(Time now, Effects& out) {
  arm_timer(TimerKind::Retransmit, now + current_rto(), out);
}

void Connection::on_retransmit_timeout(Time now, Effects& out) {
  if (retries_exhausted(now)) {
    if (state_ == State::SynSent || state_ == State::SynReceived) {
      decide(out, "retransmission: give up", "RFC 9293 3.8.3",
             "the SYN was sent {0} times over {1} ms without an answer: give up, the "
             "connection attempt times out",
             {tcb_.backoff + 1, (now - first_syn_sent_).count() / 1000});
    } else {
      decide(out, "retransmission: give up", "RFC 9293 3.8.3",
             "SEQ={0} was retransmitted {1} times without an acknowledgment: give up, the "
             "connection times out",
             {tcb_.snd_una.raw(), tcb_.backoff});
    }
    announce(out, AppEventKind::Timeout);
    set_state(now, State::Closed, "retransmission limit", "RFC 9293 3.8.3", out);
    return;
  }
  // RFC 6298 5.4: "Retransmit the earliest segment that has not been acknowledged";
  // 5.5: "The host MUST set RTO <- RTO * 2 ("back off the timer")";
  // 5.6: "Start the retransmission timer, such that it expires after RTO seconds".
  ++tcb_.backoff;
  if (tcb_.snd_una == tcb_.snd_nxt && tcb_.send_queued > 0) {
    // Nothing in flight: this was the persist timer of a zero window.
    decide(out, "zero window probe", "RFC 9293 3.8.6.1",
           "the peer's window has been zero and {0} bytes wait: send one byte (SEQ={1}) to "
           "ask for a window update",
           {tcb_.send_queued, tcb_.snd_nxt.raw()});
    send_window_probe(now, out);
    restart_retransmit_timer(now, out);
    return;
  }
  in_rto_recovery_ = true;
  recovery_point_ = tcb_.snd_nxt;
  retransmit_earliest(now, out);
  restart_retransmit_timer(now, out);
  decide(out, "retransmission timeout", "RFC 6298 5.4-5.6",
         "no ACK for SEQ={0} before the timer expired: retransmission #{1}; wait {2} ms for the "
         "next one",
         {tcb_.snd_una.raw(), tcb_.backoff, current_rto().count() / 1000});
}

void Connection::retransmit_earliest(Time now, Effects& out) {
  rtt_timing_ = false;  // Karn: an ACK now cannot tell which copy it answers (RFC 6298 3)
  if (tcb_.snd_una == tcb_.iss) {
    // Our SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED) is the earliest unacknowledged segment.
    syn_was_retransmitted_ = true;
    send_syn(now, state_ != State::SynSent, out);
    return;
  }
  const std::uint32_t in_flight = wire::seq_distance(tcb_.snd_una, tcb_.snd_nxt);
  if (in_flight == 0) return;
  const std::uint32_t data = in_flight - (tcb_.fin_sent ? 1u : 0u);
  const std::uint32_t len = std::min<std::uint32_t>(tcb_.snd_mss, data);
  std::uint16_t flags = wire::TcpFlags::kAck;
  if (len > 0 && len == data) flags |= wire::TcpFlags::kPsh;
  if (tcb_.fin_sent && len == data) flags |= wire::TcpFlags::kFin;
  emit(now, flags, tcb_.snd_una, len, out);
}

// SND.UNA advances to `ack` (SND.UNA < ack =< SND.NXT was checked by the caller).
void Connection::on_new_ack(Time now, wire::SeqNum ack, Effects& out) {
  tcb_.snd_una = ack;
  if (rtt_timing_ && ack >= rtt_seq_) {
    rtt_timing_ = false;
    take_rtt_sample(tcb_, now - rtt_started_, config_.profile);
    tcb_.backoff = 0;
    decide(out, "RTT sample", "RFC 6298 2.3",
           "measured R={0} us: SRTT={1} us, RTTVAR={2} us, so RTO={3} us",
           {(now - rtt_started_).count(), tcb_.srtt->count(), tcb_.rttvar.count(),
            tcb_.rto.count()});
  } else if (tcb_.backoff > 0) {
    // Karn's algorithm (RFC 6298 3 and 5): no sample from a retransmitted segment, and the
    // backed-off RTO stays until a new sample "collapses" it.
    tcb_.rto = current_rto();
    tcb_.backoff = 0;
  }
  if (in_rto_recovery_) {
    if (ack >= recovery_point_) {
      in_rto_recovery_ = false;
    } else if (tcb_.snd_una != tcb_.snd_nxt) {
      // A partial ACK after a timeout: the next segment was probably lost too. Linux (in
      // TCP_CA_Loss) sends it now rather than waiting for another, doubled, timeout.
      decide(out, "partial ACK after a timeout", "RFC 6582 3.2; Linux TCP_CA_Loss",
             "ACK={0} covers the retransmission but not everything sent before the timeout "
             "(up to {1}): retransmit the next segment from {0} at once",
             {ack.raw(), recovery_point_.raw()});
      retransmit_earliest(now, out);
    }
  }
  // RFC 6298 5.2: "When all outstanding data has been acknowledged, turn off the
  // retransmission timer." 5.3: "When an ACK is received that acknowledges new data, restart
  // the retransmission timer so that it will expire after RTO seconds".
  if (tcb_.snd_una == tcb_.snd_nxt) {
    cancel_timer(TimerKind::Retransmit, out);
  } else {
    restart_retransmit_timer(now, out);
  }
}

}  // namespace tcpviz::tcp
