// RFC 9293 3.10.7.4, fifth (ACK), seventh (segment text) and eighth (FIN) steps.
#include <algorithm>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::string_view kRfc = "RFC 9293 3.10.7.4";
}  // namespace

// The FIN is processed only when everything before it has arrived.
bool Connection::fin_in_order(const wire::TcpSegment& seg) const {
  return seg.flags.fin() && seg.seq <= tcb_.rcv_nxt &&
         tcb_.rcv_nxt <= seg.seq + seg.payload_len;
}

void Connection::handshake_completed(Time now, std::string_view cause, std::string_view rfc,
                                     Effects& out) {
  if (syn_was_retransmitted_ && !tcb_.srtt) {
    // RFC 6298 5.7: "If the timer expires awaiting the ACK of a SYN segment and the TCP
    // implementation is using an RTO less than 3 seconds, the RTO MUST be re-initialized to 3
    // seconds when data transmission begins".
    tcb_.rto = std::max(tcb_.rto, config_.profile.rto_after_syn_retransmit);
    tcb_.backoff = 0;
    decide(out, "RTO after a retransmitted SYN", "RFC 6298 5.7",
           "the handshake needed a retransmission and gave no RTT sample: data starts with "
           "RTO={0} ms",
           {tcb_.rto.count() / 1000});
  }
  set_state(now, State::Established, cause, rfc, out);
  if (tcb_.fin_queued) {
    // CLOSE was called in SYN-RECEIVED: "queue for processing after entering ESTABLISHED".
    set_state(now, State::FinWait1, released_ ? "user close" : "user shutdown",
              "RFC 9293 3.10.4", out);
  }
}

void Connection::peer_reset(Time now, std::string_view rfc, Effects& out) {
  announce(out, AppEventKind::Reset);
  set_state(now, State::Closed, "rcv RST", rfc, out);
}

// "fifth, check the ACK field".
bool Connection::check_ack(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (!seg.flags.ack()) {
    decide(out, "fifth: ACK", kRfc,
           "the ACK bit is off: every segment after the handshake must carry it, drop it");
    return false;
  }
  if (state_ == State::SynReceived) {
    // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state ... If the segment
    // acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST>".
    if (!(tcb_.snd_una < seg.ack && seg.ack <= tcb_.snd_nxt)) {
      decide_reset(out, "fifth: ACK", kRfc,
                   "SEG.ACK={0} is not in (SND.UNA={1}, SND.NXT={2}]: it does not acknowledge our "
                   "SYN, so send RST with SEQ={0}",
                   {seg.ack.raw(), tcb_.snd_una.raw(), tcb_.snd_nxt.raw()});
      send_reset_for(seg, out);
      return false;
    }
    decide(out, "fifth: ACK", kRfc,
           "SEG.ACK={0} acknowledges our SYN (ISS={1}): the three-way handshake is complete",
           {seg.ack.raw(), tcb_.iss.raw()});
    on_new_ack(now, seg.ack, tsecr_of(seg), out);
    tcb_.snd_wnd = static_cast<std::uint32_t>(seg.window) << tcb_.snd_wscale;
    tcb_.snd_wl1 = seg.seq;
    tcb_.snd_wl2 = seg.ack;
    max_snd_wnd_ = std::max(max_snd_wnd_, tcb_.snd_wnd);
    handshake_completed(now, "rcv ACK of SYN", kRfc, out);
    return true;
  }
  // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the
  // segment, and return."
  if (seg.ack > tcb_.snd_nxt) {
    if (state_ == State::Established && config_.profile.silent_on_ack_of_unsent_data) {
      // Linux tcp_ack(): "If the ack includes data we haven't sent yet, discard this segment"
      // (-SKB_DROP_REASON_TCP_ACK_UNSENT_DATA); tcp_rcv_established() then drops it without
      // sending anything. An answer would only feed an ACK loop with a desynchronized peer.
      decide(out, "fifth: ACK", "Linux tcp_ack",
             "SEG.ACK={0} acknowledges data we never sent (SND.NXT={1}): Linux drops the "
             "segment without an answer (RFC 9293 would send an ACK)",
             {seg.ack.raw(), tcb_.snd_nxt.raw()});
      return false;
    }
    decide(out, "fifth: ACK", kRfc,
           "SEG.ACK={0} acknowledges data we never sent (SND.NXT={1}): send an ACK and drop it",
           {seg.ack.raw(), tcb_.snd_nxt.raw()});
    // Linux, in the other synchronized states (tcp_rcv_state_process: tcp_ack() not
    // acceptable): tcp_send_challenge_ack(), behind the per-socket limit.
    send_invalid_ack(now, seg, /*data_exempt=*/false, out);
    return false;
  }
  // RFC 5961 5.2: acceptable only if (SND.UNA - MAX.SND.WND) =< SEG.ACK.
  if (seg.ack < tcb_.snd_una - max_snd_wnd_) {
    decide(out, "fifth: ACK", "RFC 5961 5.2",
           "SEG.ACK={0} is older than SND.UNA-MAX.SND.WND={1}-{2}: too old to be real, send an "
           "ACK and drop it",
           {seg.ack.raw(), tcb_.snd_una.raw(), max_snd_wnd_});
    send_invalid_ack(now, seg, /*data_exempt=*/false, out);  // Linux tcp_send_challenge_ack
    return false;
  }
  // Linux ends a tail loss probe's episode on the ACK that answers it (tcp_process_tlp_ack).
  if (tlp_high_seq_) end_tlp_episode(seg, tcb_.snd_una < seg.ack);
  if (tcb_.snd_una < seg.ack) on_new_ack(now, seg.ack, tsecr_of(seg), out);
  update_send_window(seg);  // SND.UNA =< SEG.ACK =< SND.NXT holds here
  const bool fin_acked = tcb_.fin_sent && tcb_.snd_una == tcb_.snd_nxt;
  switch (state_) {
    case State::FinWait1:
      // "In addition to the processing for the ESTABLISHED state, if the FIN segment is now
      // acknowledged, then enter FIN-WAIT-2". When this same segment carries the peer's FIN,
      // the eighth step goes straight to TIME-WAIT (the three-segment close).
      if (fin_acked && !fin_in_order(seg)) {
        decide(out, "fifth: ACK", kRfc,
               "SEG.ACK={0} acknowledges our FIN: our direction is closed, wait for the "
               "peer's FIN",
               {seg.ack.raw()});
        set_state(now, State::FinWait2, "rcv ACK of FIN", kRfc, out);
        if (released_ && config_.profile.fin_wait2_timeout) {
          arm_timer(TimerKind::FinWait2, now + *config_.profile.fin_wait2_timeout, out);
        }
      }
      return true;
    case State::Closing:
      // "if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise, ignore
      // the segment."
      if (!fin_acked) return false;
      decide(out, "fifth: ACK", kRfc,
             "SEG.ACK={0} acknowledges our FIN after both FINs crossed: enter TIME-WAIT",
             {seg.ack.raw()});
      set_state(now, State::TimeWait, "rcv ACK of FIN", kRfc, out);
      start_time_wait(now, out);
      return false;
    case State::LastAck:
      // "The only thing that can arrive in this state is an acknowledgment of our FIN. If our
      // FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return."
      if (fin_acked) {
        decide(out, "fifth: ACK", kRfc,
               "SEG.ACK={0} acknowledges our FIN: both directions are closed, and the side "
               "that closed second needs no TIME-WAIT",
               {seg.ack.raw()});
        set_state(now, State::Closed, "rcv ACK of FIN", kRfc, out);
      }
      return false;
    case State::TimeWait:
      // A retransmitted FIN was handled before the checks; anything else is a stray ACK.
      decide(out, "fifth: ACK", kRfc,
             "TIME-WAIT expects only a retransmitted FIN: this segment (ACK={0}) needs nothing",
             {seg.ack.raw()});
      return false;
    default:
      return true;
  }
}

// "seventh, process the segment text". The application reads at once, so RCV.WND stays open.
void Connection::process_segment_text(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (seg.payload_len == 0) return;
  if (state_ != State::Established && state_ != State::FinWait1 && state_ != State::FinWait2) {
    // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has been
    // received from the remote side. Ignore the segment text."
    decide(out, "seventh: text", kRfc,
           "{0} bytes after the peer's FIN: the peer already said it sends nothing more, ignore "
           "them",
           {seg.payload_len});
    return;
  }
  if (released_ && (state_ == State::FinWait1 || state_ == State::FinWait2) &&
      seg.seq + seg.payload_len > tcb_.rcv_nxt) {
    // RFC 9293 3.6.1 (which takes over RFC 1122 4.2.2.13): "if new data is received after
    // CLOSE is called, its TCP implementation SHOULD send a RST to show that data was lost
    // (SHLD-3)". It sets no SEQ; the profile picks the form (reset_after_close_from_segment).
    constexpr std::string_view kDataAfterClose = "RFC 9293 3.6.1";
    if (config_.profile.reset_after_close_from_segment) {
      // Linux (tcp_rcv_state_process, FIN_WAIT1/2 with RCV_SHUTDOWN: LINUX_MIB_TCPABORTONDATA)
      // returns 1 and tcp_v4_send_reset() answers the segment itself: SEQ=SEG.ACK. If the
      // peer has moved on since it sent that ACK, the SEQ is stale there and RFC 5961 3.2
      // makes it drop the RST or answer it with a challenge ACK.
      decide_reset(out, "seventh: text", "RFC 9293 3.6.1; Linux tcp_rcv_state_process",
                   "{0} new bytes arrived but our application has closed the socket and can never "
                   "read them: send RST with SEQ=SEG.ACK={1}, built from the arriving segment as "
                   "Linux does, and close. The peer resets only if {1} is exactly its RCV.NXT",
                   {seg.payload_len, seg.ack.raw()});
      send_reset_for(seg, out);
    } else {
      decide_reset(out, "seventh: text", kDataAfterClose,
                   "{0} new bytes arrived but our application has closed the socket and can never "
                   "read them: send RST with SEQ=SND.NXT={1} (the form of an ABORT, RFC 9293 "
                   "3.10.5) to show that data was lost, and close",
                   {seg.payload_len, tcb_.snd_nxt.raw()});
      send_rst(tcb_.snd_nxt, out);
    }
    set_state(now, State::Closed, "rcv data after close", kDataAfterClose, out);
    return;
  }
  if (seg.seq > tcb_.rcv_nxt) {
    // Data beyond a gap is held (sequence space only, the owner keeps the bytes) and the gap
    // is reported at once with a duplicate ACK (RFC 9293 3.8.6.3; RFC 5681 4.2: "A TCP
    // receiver SHOULD send an immediate duplicate ACK when an out-of-order segment arrives").
    hold_out_of_order(seg.seq, seg.seq + seg.payload_len);
    if (seg.flags.fin()) held_fin_ = seg.seq + seg.payload_len;
    decide(out, "seventh: text", kRfc,
           "SEG.SEQ={0} is ahead of RCV.NXT={1}: {2} bytes are missing before it. Hold it for "
           "later and ACK {1} at once (a duplicate ACK)",
           {seg.seq.raw(), tcb_.rcv_nxt.raw(), seg.seq - tcb_.rcv_nxt});
    send_ack(now, out);
    return;
  }
  const wire::SeqNum end = seg.seq + seg.payload_len;
  std::uint32_t fresh = end > tcb_.rcv_nxt ? wire::seq_distance(tcb_.rcv_nxt, end) : 0;
  fresh = std::min(fresh, receive_window());
  if (fresh == 0) return;
  tcb_.rcv_nxt += fresh;
  const bool filled_gap = !held_.empty();
  const std::uint32_t pulled = take_held_data();
  if (pulled > 0) {
    decide(out, "seventh: text", kRfc,
           "this segment fills the gap: {0} held bytes follow it, RCV.NXT jumps to {1}",
           {pulled, tcb_.rcv_nxt.raw()});
  }
  unacked_rcv_bytes_ += fresh + pulled;
  data_received_ = true;  // Linux tcp_event_data_recv: icsk_ack.ato = TCP_ATO_MIN from now on
  announce(out, AppEventKind::Data, fresh + pulled);
  if (fin_in_order(seg) || (held_fin_ && *held_fin_ == tcb_.rcv_nxt)) {
    return;  // the eighth step ACKs data and FIN together
  }
  // Acknowledge: at once in quick-ack mode, when enough data is unacknowledged (RFC 9293
  // 3.8.6.3 or Linux, Profile::ack_after_one_full_segment) or when a gap was filled (RFC 5681
  // 4.2), else delayed. RMSS: "the MSS specified by the TCP endpoint receiving the segments".
  const std::uint32_t rcv_mss = config_.offer.mss.value_or(536);
  const bool quick = quickacks_left_ > 0 && !pingpong_;
  const bool enough = config_.profile.ack_after_one_full_segment
                          ? unacked_rcv_bytes_ > rcv_mss
                          : unacked_rcv_bytes_ >= 2 * rcv_mss;
  if (enough && !quick && !filled_gap && config_.profile.delayed_ack_min.count() != 0) {
    // Told only where it is the reason: quick-ack mode and a filled gap ACK at once anyway.
    if (config_.profile.ack_after_one_full_segment) {
      decide(out, "delayed ACK", "Linux __tcp_ack_snd_check",
             "{0} bytes have arrived since the last ACK, more than one full-sized segment "
             "(RMSS={1}): Linux ACKs now instead of waiting",
             {unacked_rcv_bytes_, rcv_mss});
    } else {
      decide(out, "delayed ACK", "RFC 9293 3.8.6.3",
             "{0} bytes have arrived since the last ACK, at least two full-sized segments "
             "(2*RMSS={1}): an ACK is due now, not after the delay",
             {unacked_rcv_bytes_, 2 * rcv_mss});
    }
  }
  schedule_ack(now, quick || enough || filled_gap, out);
}

void Connection::hold_out_of_order(wire::SeqNum left, wire::SeqNum right) {
  // Clip to the receive window; keep at most a few ranges (a lesson never needs more).
  constexpr std::size_t kMaxHeld = 16;
  const wire::SeqNum window_end = tcb_.rcv_nxt + receive_window();
  if (right > window_end) right = window_end;
  if (right <= left) return;
  HeldRange r{left, right};
  std::vector<HeldRange> merged;
  merged.reserve(held_.size() + 1);
  bool placed = false;
  for (const HeldRange& h : held_) {
    if (h.right < r.left) {
      merged.push_back(h);
    } else if (r.right < h.left) {
      if (!placed) merged.push_back(r);
      placed = true;
      merged.push_back(h);
    } else {  // overlapping or touching: grow r
      if (h.left < r.left) r.left = h.left;
      if (h.right > r.right) r.right = h.right;
    }
  }
  if (!placed) merged.push_back(r);
  if (merged.size() > kMaxHeld) return;
  held_ = std::move(merged);
}

// Moves RCV.NXT over held ranges that now start at or before it; returns the bytes gained.
std::uint32_t Connection::take_held_data() {
  std::uint32_t gained = 0;
  while (!held_.empty() && held_.front().left <= tcb_.rcv_nxt) {
    if (held_.front().right > tcb_.rcv_nxt) {
      gained += wire::seq_distance(tcb_.rcv_nxt, held_.front().right);
      tcb_.rcv_nxt = held_.front().right;
    }
    held_.erase(held_.begin());
  }
  return gained;
}

void Connection::schedule_ack(Time now, bool immediate, Effects& out) {
  // Linux tcp_send_delayed_ack(): "timeout = jiffies + ato", and ato is still 0 when no data
  // has arrived yet (only tcp_event_data_recv sets it), so such an ACK waits one tick.
  const std::optional<Duration>& before_data = config_.profile.delayed_ack_before_data;
  const Duration delay =
      !data_received_ && before_data ? *before_data : config_.profile.delayed_ack_min;
  if (immediate || delay.count() == 0) {
    send_ack(now, out);
    return;
  }
  // Linux inet_csk_schedule_ack + tcp_send_delayed_ack: if the application sends within the
  // delay, the ACK rides on that data (emit() cancels this timer).
  if (!timer_armed(TimerKind::DelayedAck)) arm_timer(TimerKind::DelayedAck, now + delay, out);
}

// "eighth, check the FIN bit".
void Connection::process_fin(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (state_ == State::Closed) return;  // the text step reset the connection
  const bool in_order = (seg.flags.fin() && seg.seq + seg.payload_len == tcb_.rcv_nxt) ||
                        (held_fin_ && *held_fin_ == tcb_.rcv_nxt);
  if (!in_order) {
    if (seg.flags.fin() && seg.payload_len == 0 && seg.seq > tcb_.rcv_nxt) {
      // A FIN beyond a gap: like out-of-order data, hold it and report the gap at once.
      held_fin_ = seg.seq;
      decide(out, "eighth: FIN", kRfc,
             "FIN at SEQ={0} but bytes from RCV.NXT={1} are still missing: hold it for later "
             "and ACK {1} at once (a duplicate ACK)",
             {seg.seq.raw(), tcb_.rcv_nxt.raw()});
      send_ack(now, out);
    }
    if (state_ == State::FinWait1 && tcb_.fin_sent && tcb_.snd_una == tcb_.snd_nxt) {
      // Our FIN was acknowledged but the peer's FIN could not be taken yet.
      set_state(now, State::FinWait2, "rcv ACK of FIN", kRfc, out);
      if (released_ && config_.profile.fin_wait2_timeout) {
        arm_timer(TimerKind::FinWait2, now + *config_.profile.fin_wait2_timeout, out);
      }
    }
    return;
  }
  if (tcb_.fin_received) return;  // a second FIN cannot move RCV.NXT again
  // "advance RCV.NXT over the FIN, and send an acknowledgment for the FIN."
  const wire::SeqNum fin_seq = tcb_.rcv_nxt;
  held_fin_.reset();
  tcb_.rcv_nxt += 1;
  tcb_.fin_received = true;
  announce(out, AppEventKind::Eof);
  switch (state_) {
    case State::Established: {
      decide(out, "eighth: FIN", kRfc,
             "FIN with SEQ={0}: the peer will send no more data. Enter CLOSE-WAIT until our "
             "application closes too",
             {fin_seq.raw()});
      set_state(now, State::CloseWait, "rcv FIN", kRfc, out);
      // Linux tcp_fin(): inet_csk_schedule_ack + inet_csk_enter_pingpong_mode, so
      // __tcp_ack_snd_check delays this ACK; if the application closes within the delay the
      // FIN carries it (the common three-segment close). `rfc`: ACK the FIN at once.
      const bool linux_style = config_.profile.quickack_at_start;
      if (linux_style) pingpong_ = true;
      if (linux_style && !data_received_ && config_.profile.delayed_ack_before_data) {
        decide(out, "eighth: FIN", "Linux tcp_fin, tcp_send_delayed_ack",
               "no data has arrived on this connection, so Linux's delayed-ACK timeout (ato) "
               "is still 0: the ACK of the FIN leaves at the next timer tick, {0} ms later, "
               "not after the {1} ms of a connection that has received data",
               {config_.profile.delayed_ack_before_data->count() / 1000,
                config_.profile.delayed_ack_min.count() / 1000});
      }
      schedule_ack(now, !linux_style, out);
      return;
    }
    case State::FinWait1:
      if (tcb_.fin_sent && tcb_.snd_una == tcb_.snd_nxt) {
        // "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT".
        decide(out, "eighth: FIN", kRfc,
               "FIN,ACK: the peer acknowledges our FIN and closes its side in one segment. "
               "ACK it and wait {0} ms in TIME-WAIT in case that ACK is lost",
               {config_.profile.time_wait.count() / 1000});
        send_ack(now, out);  // Linux tcp_fin: tcp_send_ack for FIN_WAIT states
        set_state(now, State::TimeWait, "rcv FIN,ACK", kRfc, out);
        start_time_wait(now, out);
        return;
      }
      // "otherwise, enter the CLOSING state" -- both FINs crossed in the network.
      decide(out, "eighth: FIN", kRfc,
             "the peer's FIN arrived before the ACK of our FIN (SND.UNA={0}, SND.NXT={1}): "
             "both sides are closing at once, enter CLOSING",
             {tcb_.snd_una.raw(), tcb_.snd_nxt.raw()});
      send_ack(now, out);
      set_state(now, State::Closing, "rcv FIN", kRfc, out);
      return;
    case State::FinWait2:
      decide(out, "eighth: FIN", kRfc,
             "the peer's FIN: both directions are closed. ACK it and wait {0} ms in TIME-WAIT in "
             "case that ACK is lost",
             {config_.profile.time_wait.count() / 1000});
      send_ack(now, out);
      set_state(now, State::TimeWait, "rcv FIN", kRfc, out);
      start_time_wait(now, out);
      return;
    default:
      // CLOSE-WAIT, CLOSING, LAST-ACK: "Remain in the ... state." (TIME-WAIT is handled before
      // the checks.)
      send_ack(now, out);
      return;
  }
}

}  // namespace tcpviz::tcp
