// The retransmission timer of RFC 6298, the SYN retry schedules of RFC 9293 3.8.3 and Linux
// (tcp_retransmit_timer, tcp_write_timeout), and giving up.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr Duration kClockGranularity = from_ms(1);  // RFC 6298 2: G, our clock ticks in 1 ms

// RFC 6298 2.2 and 2.3, in whole microseconds. A free function of the TCB, so the compiler
// inlines it into take_sample, its one caller (saves a call per sample). Says which rule
// applied and whether 2.4 or 2.5 moved the RTO, for the Decision that shows the numbers.
struct Rfc6298Sample {
  bool first = false;        // 2.2 (no SRTT yet) rather than 2.3
  std::int8_t clamped = 0;   // -1: raised to the minimum (2.4), +1: cut to the maximum (2.5)
};
Rfc6298Sample take_rfc6298_sample(Tcb& tcb, Duration r, const Profile& profile) {
  Rfc6298Sample how;
  how.first = !tcb.srtt;
  if (how.first) {
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
  // profile's rto_min); 2.5: "A maximum value MAY be placed on RTO provided it is at least 60
  // seconds" (rto_max).
  how.clamped = rto < profile.rto_min ? -1 : (rto > profile.rto_max ? 1 : 0);
  tcb.rto = std::clamp(rto, profile.rto_min, profile.rto_max);
  return how;
}

// The Decision of an RFC 6298 sample: which rule made SRTT and RTTVAR (2.2 for the first
// measurement, 2.3 after it) and, when the sum SRTT + max(G, 4*RTTVAR) was outside the
// profile's bounds, the rule that moved it (2.4 rounds up to the minimum, 1 s in `rfc`; 2.5
// caps it). A student who adds SRTT and 4*RTTVAR then sees why the RTO differs.
struct SampleText {
  std::string_view rfc, text;
};
constexpr SampleText kSampleTexts[2][3] = {
    {
        // 2.3, a later measurement R'.
        {"RFC 6298 2.3, 2.4",
         "measured R'={0} us: SRTT=7/8*SRTT+1/8*R'={1} us, RTTVAR=3/4*RTTVAR+1/4*|SRTT-R'|={2} "
         "us; SRTT+max(G, 4*RTTVAR) is below the minimum RTO, so it is rounded up: RTO={3} us"},
        {"RFC 6298 2.3",
         "measured R'={0} us: SRTT=7/8*SRTT+1/8*R'={1} us, RTTVAR=3/4*RTTVAR+1/4*|SRTT-R'|={2} "
         "us, so RTO=SRTT+max(G, 4*RTTVAR)={3} us"},
        {"RFC 6298 2.3, 2.5",
         "measured R'={0} us: SRTT=7/8*SRTT+1/8*R'={1} us, RTTVAR=3/4*RTTVAR+1/4*|SRTT-R'|={2} "
         "us; SRTT+max(G, 4*RTTVAR) is above the maximum RTO, so it is capped: RTO={3} us"},
    },
    {
        // 2.2, the first measurement R.
        {"RFC 6298 2.2, 2.4",
         "first measurement R={0} us: SRTT=R={1} us, RTTVAR=R/2={2} us; SRTT+max(G, 4*RTTVAR) "
         "is below the minimum RTO, so it is rounded up: RTO={3} us"},
        {"RFC 6298 2.2",
         "first measurement R={0} us: SRTT=R={1} us, RTTVAR=R/2={2} us, so RTO=SRTT+max(G, "
         "4*RTTVAR)={3} us"},
        {"RFC 6298 2.2, 2.5",
         "first measurement R={0} us: SRTT=R={1} us, RTTVAR=R/2={2} us; SRTT+max(G, 4*RTTVAR) "
         "is above the maximum RTO, so it is capped: RTO={3} us"},
    },
};
// Linux tcp_rtt_estimator() (net/ipv4/tcp_input.c) with its own fixed-point variables:
// srtt_us is 8*SRTT, mdev_us 4*mean deviation; rttvar_us is the variance term the RTO uses,
// floored at tcp_rto_min_us() through mdev_max_us, which is reset to that floor once per RTT
// (when SND.UNA passes rtt_seq), and rttvar_us then only decays a quarter of the way towards
// it. __tcp_set_rto() (include/net/tcp.h): RTO = (srtt_us >> 3) + rttvar_us; tcp_bound_rto()
// caps it at TCP_RTO_MAX. There is no lower clamp on the RTO itself: TCP_RTO_MIN floors the
// variance, so the RTO is never below SRTT + 200 ms. (The kernel then rounds the RTO up to
// whole jiffies, usecs_to_jiffies; the model keeps microseconds.)
// Example, RTT 100 ms: first sample srtt_us = 800000, mdev_us = 200000, rttvar_us =
// max(200000, 200000), RTO = 100000 + 200000 = 300000 us; later 100 ms samples shrink mdev_us
// but rttvar_us stays at the 200000 floor, so the RTO stays 300 ms.
void take_linux_sample(Tcb& tcb, Duration r, const Profile& profile) {
  const std::int64_t rto_min = profile.rto_min.count();
  std::int64_t m = r.count();
  std::int64_t srtt = tcb.srtt_us8;
  if (srtt != 0) {
    m -= srtt >> 3;  // "m is now error in rtt est"
    srtt += m;       // "rtt = 7/8 rtt + 1/8 new"
    if (m < 0) {
      m = -m;
      m -= tcb.mdev_us >> 2;
      if (m > 0) m >>= 3;  // a falling RTT moves mdev with the finer gain alpha*beta
    } else {
      m -= tcb.mdev_us >> 2;
    }
    tcb.mdev_us += m;  // "mdev = 3/4 mdev + 1/4 new"
    if (tcb.mdev_us > tcb.mdev_max_us) {
      tcb.mdev_max_us = tcb.mdev_us;
      if (tcb.mdev_max_us > tcb.rttvar_us) tcb.rttvar_us = tcb.mdev_max_us;
    }
    if (tcb.snd_una > tcb.rtt_seq) {  // once per RTT: after(tp->snd_una, tp->rtt_seq)
      if (tcb.mdev_max_us < tcb.rttvar_us) tcb.rttvar_us -= (tcb.rttvar_us - tcb.mdev_max_us) >> 2;
      tcb.rtt_seq = tcb.snd_nxt;
      tcb.mdev_max_us = rto_min;
    }
  } else {
    srtt = m << 3;        // "take the measured time to be rtt"
    tcb.mdev_us = m << 1;  // "make sure rto = 3*rtt"
    tcb.rttvar_us = std::max(tcb.mdev_us, rto_min);
    tcb.mdev_max_us = tcb.rttvar_us;
    tcb.rtt_seq = tcb.snd_nxt;
  }
  tcb.srtt_us8 = std::max<std::int64_t>(1, srtt);
  tcb.srtt = Duration(tcb.srtt_us8 >> 3);
  tcb.rttvar = Duration(tcb.rttvar_us);
  tcb.rto = std::min(Duration((tcb.srtt_us8 >> 3) + tcb.rttvar_us), profile.rto_max);
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

// Linux tcp_model_timeout() (net/ipv4/tcp_timer.c): how long `boundary` retransmissions take
// when the RTO starts at rto_base and doubles up to TCP_RTO_MAX, then stays there.
Duration Connection::linux_model_timeout(int boundary, Duration rto_base) const {
  const Duration rto_max = config_.profile.rto_max;
  int linear_backoff_thresh = 0;  // ilog2(TCP_RTO_MAX / rto_base)
  while (linear_backoff_thresh < 30 &&
         rto_base * (std::int64_t{2} << linear_backoff_thresh) <= rto_max) {
    ++linear_backoff_thresh;
  }
  if (boundary <= linear_backoff_thresh) {
    return ((std::int64_t{2} << boundary) - 1) * rto_base;
  }
  return ((std::int64_t{2} << linear_backoff_thresh) - 1) * rto_base +
         (boundary - linear_backoff_thresh) * rto_max;
}

// Linux, after close() (SOCK_DEAD): tcp_write_timeout() gives up when retransmits_timed_out(
// sk, tcp_orphan_retries(), 0), i.e. once tcp_model_timeout(8, TCP_RTO_MIN) = 511 x 200 ms =
// 102.2 s have passed since the first retransmission of the oldest unacknowledged segment
// (tp->retrans_stamp: tcp_retransmit_skb() sets it, "Save stamp of the first (attempted)
// retransmit", from the skb's send time, which __tcp_transmit_skb() has just renewed). Linux
// decides by time; the 8 only sets that time. Under this model's RTOs the time decides too:
// the RTO is never below rto_min and doubles, so the 9th expiry comes at least 510 x rto_min
// after the first retransmission and a count of 8 would never stop earlier; but an RTO above
// 102.2 s / 254 (about 402 ms; the initial 1 s, say) reaches 102.2 s sooner (1 s: the 7th
// expiry, at 127 s, 126 s after the first retransmission, after 6 retransmissions), where a
// count would retransmit twice more than Linux. (With the RTO at TCP_RTO_MAX, tcp_orphan_retries() would
// give 0 retries; the model never gets there within 102.2 s, so it is left out.)
bool Connection::orphan_timed_out(Time now) const {
  const Profile& p = config_.profile;
  if (!p.orphan_retries || !released_ || tcb_.backoff == 0) return false;
  return now - retrans_stamp_ >= linux_model_timeout(*p.orphan_retries, p.rto_min);
}

// RFC 9293 3.8.3 R2: when to give up. Linux counts retransmissions: tcp_syn_retries (plus
// tcp_syn_linear_timeouts, tcp_write_timeout) for a SYN, tcp_synack_retries for a SYN-ACK,
// tcp_retries2 for data; after close(), tcp_orphan_retries by time (orphan_timed_out). The
// `rfc` profile also gives up on a SYN by time (3 minutes).
bool Connection::retries_exhausted(Time now) const {
  const Profile& p = config_.profile;
  int limit = p.data_retries;
  const bool syn = state_ == State::SynSent || state_ == State::SynReceived;
  if (state_ == State::SynSent) limit = p.syn_retries + p.syn_linear_timeouts;
  if (state_ == State::SynReceived) limit = p.synack_retries;
  if (tcb_.backoff >= limit) return true;
  if (!syn && orphan_timed_out(now)) return true;
  return syn && p.syn_give_up_after && now - first_syn_sent_ >= *p.syn_give_up_after;
}

void Connection::restart_retransmit_timer(Time now, Effects& out) {
  probe_armed_ = false;
  arm_timer(TimerKind::Retransmit, now + current_rto(), out);
}

void Connection::on_retransmit_timeout(Time now, Effects& out) {
  if (probe_armed_) {  // the probe timer of a tail loss probe, not the RTO (Linux)
    on_loss_probe_timeout(now, out);
    return;
  }
  // The first expiry for this segment: its first retransmission leaves now (Linux
  // tcp_retransmit_skb sets tp->retrans_stamp then, to the retransmission's send time).
  if (tcb_.backoff == 0) retrans_stamp_ = now;
  if (retries_exhausted(now)) {
    if (state_ == State::SynSent || state_ == State::SynReceived) {
      decide(out, "retransmission: give up", "RFC 9293 3.8.3",
             "the SYN was sent {0} times without an answer, and the wait after the last one "
             "ran out {1} ms after the first: give up, the connection attempt times out",
             {tcb_.backoff + 1, (now - first_syn_sent_).count() / 1000});
    } else if (orphan_timed_out(now) && tcb_.backoff < config_.profile.data_retries) {
      decide(out, "retransmission: give up", "Linux tcp_write_timeout, tcp_orphan_retries",
             "the application has closed the socket, so Linux allows this orphaned "
             "connection {0} ms (tcp_orphan_retries: 8 retransmissions at the minimum RTO) "
             "from the first retransmission of SEQ={1}; {2} ms have passed after {3} "
             "retransmissions: give up, the connection times out",
             {linux_model_timeout(*config_.profile.orphan_retries, config_.profile.rto_min)
                      .count() / 1000,
              tcb_.snd_una.raw(), (now - retrans_stamp_).count() / 1000, tcb_.backoff});
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
  tlp_high_seq_.reset();  // Linux tcp_enter_loss(): "tp->tlp_high_seq = 0"
  retransmit_earliest(now, out);
  restart_retransmit_timer(now, out);
  decide(out, "retransmission timeout", "RFC 6298 5.4-5.6",
         "no ACK for SEQ={0} before the timer expired: retransmission #{1}; wait {2} ms for the "
         "next one",
         {tcb_.snd_una.raw(), tcb_.backoff, current_rto().count() / 1000});
}

void Connection::retransmit_earliest(Time now, Effects& out) {
  rtt_timing_ = false;  // Karn: an ACK now cannot tell which copy it answers (RFC 6298 3)
  karn_skipped_ = true;
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
  // The oldest segment in flight left again now (its skb timestamp, which the tail loss
  // probe's RTO is counted from).
  if (!in_flight_.empty()) in_flight_.front().sent = now;
}

void Connection::take_sample(Time now, Duration r, Effects& out) {
  (void)now;
  karn_skipped_ = false;
  tcb_.backoff = 0;
  if (config_.profile.linux_rtt_estimator) {
    take_linux_sample(tcb_, r, config_.profile);
    decide(out, "RTT sample", "Linux tcp_rtt_estimator, __tcp_set_rto",
           "measured R={0} us: SRTT={1} us; Linux's variance term rttvar_us={2} us (never below "
           "TCP_RTO_MIN, decaying once per RTT), so RTO=SRTT+rttvar_us={3} us",
           {r.count(), tcb_.srtt->count(), tcb_.rttvar_us, tcb_.rto.count()});
    return;
  }
  const Rfc6298Sample how = take_rfc6298_sample(tcb_, r, config_.profile);
  const SampleText& said = kSampleTexts[how.first ? 1 : 0][how.clamped + 1];
  decide(out, "RTT sample", said.rfc, said.text,
         {r.count(), tcb_.srtt->count(), tcb_.rttvar.count(), tcb_.rto.count()});
}

// SND.UNA advances to `ack` (SND.UNA < ack =< SND.NXT was checked by the caller).
void Connection::on_new_ack(Time now, wire::SeqNum ack, std::uint32_t tsecr, Effects& out) {
  tcb_.snd_una = ack;
  if (!in_flight_.empty()) drop_acked_in_flight();
  // Linux tcp_ack_update_rtt(): "if (seq_rtt_us < 0 && tp->rx_opt.saw_tstamp &&
  // tp->rx_opt.rcv_tsecr && flag & FLAG_ACKED) seq_rtt_us = ca_rtt_us = tcp_rtt_tsopt_us(tp, 1)":
  // a retransmission hides which copy is acknowledged, but TSecr says when the echoed copy
  // left. tcp_rtt_tsopt_us(): now - TSecr in timestamp ticks (1 ms), at least 1 tick.
  const bool ambiguous = karn_skipped_ || (syn_was_retransmitted_ && !tcb_.srtt);
  const bool ts_sample = !(rtt_timing_ && ack >= rtt_seq_) && ambiguous &&
                         config_.profile.rtt_from_timestamps && tcb_.timestamps_ok && tsecr != 0;
  if (rtt_timing_ && ack >= rtt_seq_) {
    rtt_timing_ = false;
    take_sample(now, now - rtt_started_, out);
  } else if (ts_sample) {
    const auto now_ts = static_cast<std::uint32_t>(now.count() / 1000) + config_.ts_offset;
    std::uint32_t ticks = now_ts - tsecr;
    if (ticks == 0) ticks = 1;
    const Duration r = from_ms(ticks);
    rtt_timing_ = false;
    decide(out, "RTT sample from TSecr", "Linux tcp_ack_update_rtt, tcp_rtt_tsopt_us",
           "ACK={0} covers a retransmitted segment, so Karn's rule cannot tell which copy it "
           "answers; but it echoes our timestamp TSecr={1}, sent {2} ms ago: Linux takes R={3} "
           "us from it",
           {ack.raw(), tsecr, ticks, r.count()});
    take_sample(now, r, out);
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
  // the retransmission timer so that it will expire after RTO seconds". Linux with the tail
  // loss probe sets the probe timer instead (tcp_set_xmit_timer).
  if (tcb_.snd_una == tcb_.snd_nxt) {
    cancel_timer(TimerKind::Retransmit, out);
  } else if (!schedule_loss_probe(now, /*advancing_rto=*/true, out)) {
    restart_retransmit_timer(now, out);
  }
}

}  // namespace tcpviz::tcp
