// Linux's tail loss probe: RFC 8985 section 7 ("TLP") as net/ipv4/tcp_output.c sets and sends
// it (tcp_schedule_loss_probe, tcp_send_loss_probe) and net/ipv4/tcp_input.c ends it
// (tcp_process_tlp_ack). Only profiles with Profile::tail_loss_probe get here.
//
// Why it matters to a lesson: when the last segment sent (a FIN, say) is lost, Linux does not
// wait for a timeout and back off. Its retransmission timer is first a probe timer; when that
// expires the last segment goes again and the RTO restarts undoubled, so a FIN lost twice is
// sent again after 1, 2 and 4 RTOs (a 6.18 kernel: +314, +320, +640 ms), not 1, 3 and 7.
#include <algorithm>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr Duration kTimeoutMin = from_ms(2);  // TCP_TIMEOUT_MIN_US (include/net/tcp.h)
// tcp_rearm_rto() sets at least usecs_to_jiffies(1): one jiffy, 4 ms at CONFIG_HZ=250 (as
// Profile::delayed_ack_before_data).
constexpr Duration kOneJiffy = from_ms(4);
}  // namespace

void Connection::note_sent(Time now, std::uint16_t flags) {
  if (!config_.profile.tail_loss_probe) return;
  in_flight_.push_back(InFlight{tcb_.snd_nxt, now, flags});
}

// tcp_clean_rtx_queue(): a segment leaves the queue once wholly acknowledged; one acknowledged
// in part stays, starting at SND.UNA.
void Connection::drop_acked_in_flight() {
  std::size_t acked = 0;
  while (acked < in_flight_.size() && in_flight_[acked].end <= tcb_.snd_una) ++acked;
  in_flight_.pop_front(acked);
}

// tcp_schedule_loss_probe(): "Schedule a loss probe in 2*RTT for SACK capable connections not
// in loss recovery". `advancing_rto`: an ACK restarts the timer, so the RTO it competes with
// runs from now; after new data it runs from when the oldest segment in flight left
// (tcp_rto_delta_us). Returns false, arming nothing, when no probe applies.
bool Connection::schedule_loss_probe(Time now, bool advancing_rto, Effects& out) {
  const Profile& p = config_.profile;
  if (!p.tail_loss_probe || in_flight_.empty() || !tcb_.sack_ok || in_rto_recovery_) {
    return false;
  }
  // "Probe timeout is 2*rtt. Add minimum RTO to account for delayed ack when there's one
  // outstanding packet. If no RTT sample is available then probe after TCP_TIMEOUT_INIT."
  Duration pto = p.rto_initial;
  if (tcb_.srtt) {
    const Duration two_srtt =
        p.linux_rtt_estimator ? Duration(tcb_.srtt_us8 >> 2) : 2 * *tcb_.srtt;
    pto = two_srtt + (in_flight_.size() == 1 ? p.rto_min : kTimeoutMin);
  }
  // "If the RTO formula yields an earlier time, then use that time."
  const Duration rto_left =
      advancing_rto ? current_rto() : in_flight_.front().sent + current_rto() - now;
  if (rto_left > Duration{}) pto = std::min(pto, rto_left);
  probe_armed_ = true;
  probe_timeout_ = pto;
  arm_timer(TimerKind::Retransmit, now + pto, out);
  return true;
}

// tcp_send_loss_probe(). The probe would be new data if the window let some go; here it never
// does, since send_queued_data() sends all the window allows at once: it is the last segment
// in flight, sent again as it was.
void Connection::on_loss_probe_timeout(Time now, Effects& out) {
  probe_armed_ = false;
  if (tlp_high_seq_ || in_flight_.empty()) {
    // "At most one outstanding TLP": tcp_rearm_rto() with the probe timer pending keeps the
    // RTO of the oldest segment in flight, counted from when it left (at least a jiffy away).
    const Time rto_due = in_flight_.empty() ? now + current_rto()
                                            : std::max(in_flight_.front().sent + current_rto(),
                                                       now + kOneJiffy);
    decide(out, "tail loss probe", "Linux tcp_send_loss_probe, tcp_process_tlp_ack",
           "the probe timer expired, but the last probe's episode is still open: no ACK has "
           "gone beyond SND.NXT={0}, where it ended (an ACK exactly there does not close it), "
           "and Linux allows one probe per episode. No probe now: the retransmission timer "
           "waits for the RTO of the oldest segment, {1} ms from now",
           {tlp_high_seq_ ? tlp_high_seq_->raw() : tcb_.snd_nxt.raw(),
            (rto_due - now).count() / 1000});
    arm_timer(TimerKind::Retransmit, rto_due, out);
    return;
  }
  InFlight& last = in_flight_.back();
  const wire::SeqNum start =
      std::max(in_flight_.size() > 1 ? in_flight_[in_flight_.size() - 2].end : tcb_.snd_una,
               tcb_.snd_una);
  const bool fin = (last.flags & wire::TcpFlags::kFin) != 0;
  const std::uint32_t len = wire::seq_distance(start, last.end) - (fin ? 1u : 0u);
  emit(now, last.flags, start, len, out);
  last.sent = now;
  // __tcp_retransmit_skb() marks the segment TCPCB_EVER_RETRANS, part of the TCPCB_RETRANS
  // mask, so tcp_clean_rtx_queue() takes no RTT sample from its ACK (Karn); with timestamps
  // tcp_ack_update_rtt() measures from the echoed TSval instead.
  rtt_timing_ = false;
  karn_skipped_ = true;
  tlp_high_seq_ = tcb_.snd_nxt;
  // "Reset s.t. tcp_rearm_rto will restart timer from now": a full RTO, not doubled, and no
  // retry counted (icsk_retransmits and retrans_stamp stay as they are).
  restart_retransmit_timer(now, out);
  decide(out, "tail loss probe", "RFC 8985 7.3; Linux tcp_send_loss_probe",
         "no ACK for the last segment within the probe timeout ({0} ms: 2*SRTT plus 200 ms "
         "with one segment in flight or 2 ms with more, or the RTO if sooner): send it again "
         "(SEQ={1}) as a tail loss probe, to draw an ACK before a retransmission timeout. It is not a timeout: "
         "the RTO is not doubled and the retransmission timer restarts with RTO={2} ms",
         {probe_timeout_.count() / 1000, start.raw(), current_rto().count() / 1000});
}

// tcp_process_tlp_ack(), for an ACK at or beyond the probe's SND.NXT. The probe resent data
// (tp->tlp_retrans): an ACK beyond it ends the episode (a loss was repaired; Linux then cuts
// cwnd, not modelled), and so does a pure duplicate ACK of it (both copies arrived). An ACK
// exactly at it that also moves SND.UNA leaves the episode open, as in the kernel.
void Connection::end_tlp_episode(const wire::TcpSegment& seg, bool snd_una_advanced) {
  const wire::SeqNum high = *tlp_high_seq_;
  if (seg.ack < high) return;
  const bool window_update =
      (static_cast<std::uint32_t>(seg.window) << tcb_.snd_wscale) != tcb_.snd_wnd;
  const bool pure_dupack = !snd_una_advanced && seg.seg_len() == 0 && !window_update;
  if (seg.ack > high || pure_dupack) tlp_high_seq_.reset();
}

}  // namespace tcpviz::tcp
