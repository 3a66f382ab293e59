// RFC 9293 3.10.7.4: a segment arrives in SYN-RECEIVED or a synchronized state. The eight
// checks run in the RFC's order; each early return records the Decision that made it.
#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::string_view kRfc = "RFC 9293 3.10.7.4";

// "first, check sequence number": the four cases of the acceptability test. A free function
// the compiler inlines into other_segment_arrives (saves a call per segment); what to do with
// an unacceptable segment is Connection::reject_unacceptable.
bool segment_acceptable(const wire::TcpSegment& seg, wire::SeqNum rcv_nxt, std::uint32_t wnd) {
  const std::uint32_t len = seg.seg_len();
  if (len == 0 && wnd == 0) return seg.seq == rcv_nxt;
  if (len == 0) return wire::seq_in_window(seg.seq, rcv_nxt, wnd);
  if (wnd > 0) {
    return wire::seq_in_window(seg.seq, rcv_nxt, wnd) ||
           wire::seq_in_window(seg.seq + (len - 1), rcv_nxt, wnd);
  }
  return false;
}
}  // namespace

void Connection::other_segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (state_ == State::TimeWait && time_wait_special_cases(now, seg, out)) return;
  if (state_ == State::SynReceived && !seg.flags.rst()) {
    // Simultaneous open (RFC 9293 3.5 Figure 7, line 6): the peer's SYN,ACK repeats its SYN
    // (SEG.SEQ = RCV.NXT-1), which the strict window test below would refuse. Linux accepts
    // exactly this segment (tcp_validate_incoming: TCP_SYN_RECV, seq+1 == rcv_nxt,
    // ack_seq == snd_nxt) and so does this model.
    if (seg.flags.syn() && seg.flags.ack() && seg.seq + 1 == tcb_.rcv_nxt &&
        seg.ack == tcb_.snd_nxt) {
      decide(out, "SYN-RECEIVED: SYN,ACK", "RFC 9293 3.5 Figure 7",
             "simultaneous open: the peer's SYN,ACK (SEQ={0}) acknowledges our SYN with "
             "ACK={1}: both sides are synchronized",
             {seg.seq.raw(), seg.ack.raw()});
      on_new_ack(now, seg.ack, tsecr_of(seg), out);
      // RFC 7323 4.3 (and 5.3 R3): SEG.SEQ = IRS =< Last.ACK.sent = IRS+1 (our SYN,ACK's
      // ACK), so its TSval becomes TS.Recent; Linux likewise (tcp_ack: tcp_replace_ts_recent,
      // "!after(seq, tp->rcv_wup)"): a 6.18 kernel's next segment echoed the SYN,ACK's TSval.
      update_ts_recent(seg);
      tcb_.snd_wnd = seg.window;  // a SYN's window is never scaled (RFC 7323 2.2)
      tcb_.snd_wl1 = seg.seq;
      tcb_.snd_wl2 = seg.ack;
      handshake_completed(now, "rcv SYN,ACK", "RFC 9293 3.5 Figure 7", out);
      const std::size_t sent_before = out.segments.size();
      try_send(now, out);
      if (config_.profile.linux_sequence_check && out.segments.size() == sent_before) {
        // Linux then hands the segment to tcp_data_queue() (tcp_rcv_state_process, "step 7:
        // process the segment text"): its SYN octet ends at RCV.NXT, so "A retransmit, 2nd
        // most common case. Force an immediate ack." Each side sends one ACK more than
        // Figure 7 shows (a 6.18 kernel: "ack 1, win 502, sack 1 {0:1}" from both sides; the
        // D-SACK block is not modelled, no SACK blocks are). Data sent just now would have
        // carried that ACK (tcp_event_ack_sent clears the scheduled one).
        decide(out, "SYN-RECEIVED: SYN,ACK", "Linux tcp_data_queue",
               "Linux also treats the SYN,ACK as a repeated segment, since its SYN ends at "
               "RCV.NXT={0}: it answers with an ACK at once, one segment more than RFC 9293's "
               "Figure 7",
               {tcb_.rcv_nxt.raw()});
        send_ack(now, out);
      }
      return;
    }
    // The peer retransmitted the SYN we already answered (our SYN,ACK was lost or is late).
    if (seg.flags.syn() && !seg.flags.ack() && seg.seq == tcb_.irs) {
      if (!config_.profile.resend_synack_on_repeated_syn) {
        // RFC 9293 3.10.7.4 first check: SEG.SEQ=IRS is before RCV.NXT=IRS+1, so the SYN is
        // not acceptable: "an acknowledgment should be sent in reply ... <SEQ=SND.NXT>
        // <ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, drop the unacceptable
        // segment and return." A peer in SYN-SENT drops that ACK (3.10.7.3 fifth); our own
        // retransmission timer resends the SYN,ACK.
        decide(out, "first: sequence number", kRfc,
               "the peer sent its SYN (SEQ={0}) again, but RCV.NXT={1} is already past it: "
               "the segment is not acceptable, so send an ACK (SEQ=SND.NXT, ACK=RCV.NXT) and "
               "drop it; our SYN,ACK goes again only when our retransmission timer expires",
               {seg.seq.raw(), tcb_.rcv_nxt.raw()});
        send_invalid_ack(now, seg, /*data_exempt=*/false, out);
        return;
      }
      // Linux answers with the SYN,ACK again (tcp_check_req -> inet_rtx_syn_ack), which is
      // what gets the handshake going before the server's own timer expires.
      decide(out, "SYN-RECEIVED: SYN again", "Linux tcp_check_req",
             "the peer's SYN (SEQ={0}) arrived again: Linux takes it to mean that our SYN,ACK "
             "was lost (it may also be a late or duplicated copy) and sends the SYN,ACK again",
             {seg.seq.raw()});
      // tcp_check_req() resends only if !tcp_oow_rate_limited(..., &last_oow_ack_time).
      if (!may_answer_invalid(now, seg, /*data_exempt=*/false, out)) return;
      send_syn(now, true, out);
      // With two SYN,ACKs out the handshake gives no RTT sample (Karn), which is when Linux
      // starts data with its 3 s TCP_TIMEOUT_FALLBACK.
      syn_was_retransmitted_ = true;
      rtt_timing_ = false;  // Karn: an ACK could now answer either copy
      // Linux pushes the request's timer back by its current timeout (mod_timer_pending with
      // reqsk_timeout); the retry count is unchanged, since no timer expired.
      restart_retransmit_timer(now, out);
      return;
    }
  }
  if (!segment_acceptable(seg, tcb_.rcv_nxt, receive_window())) {  // first
    reject_unacceptable(now, seg, out);
    return;
  }
  update_ts_recent(seg);  // RFC 7323 4.3, after the first check
  // The second and fourth checks concern only a segment with RST or SYN set: the flag is
  // tested here (saves two calls for every other segment).
  if (seg.flags.rst() && !check_rst(now, seg, out)) return;  // second
  // third, "check security": not modelled (no IP security compartments), nothing to do.
  if (seg.flags.syn() && !check_syn(now, seg, out)) return;  // fourth
  if (!check_ack(now, seg, out)) return;               // fifth
  // sixth, "check the URG bit": urgent data is not modelled; the pointer is ignored.
  // seventh: only a segment with data has text to process (tested here, saves a call for
  // the others).
  if (seg.payload_len > 0) process_segment_text(now, seg, out);
  // eighth: without a FIN (in this segment or held for later) only FIN-WAIT-1 may have
  // something to do (tested here, saves a call for most segments).
  if (seg.flags.fin() || held_fin_ || state_ == State::FinWait1) process_fin(now, seg, out);
  if (state_ == State::Closed) return;
  try_send(now, out);  // the ACK may have opened the window for queued data
}

// TIME-WAIT cases decided before the generic checks, as Linux's tcp_timewait_state_process.
bool Connection::time_wait_special_cases(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (seg.flags.rst()) return false;
  if (seg.flags.syn() && !seg.flags.ack()) {
    const bool newer_ts = tcb_.timestamps_ok && seg.options.timestamps &&
                          static_cast<std::int32_t>(seg.options.timestamps->value -
                                                    tcb_.ts_recent) > 0;
    if (seg.seq > tcb_.rcv_nxt) {
      // RFC 9293 3.10.7.4 fourth-step note and RFC 6191: a new SYN whose SEQ is beyond
      // everything of the old incarnation may reopen the 4-tuple (Linux TCP_TW_SYN).
      decide(out, "TIME-WAIT: new SYN", "RFC 6191; Linux tcp_timewait_state_process",
             "a SYN with SEQ={0} beyond the old connection's RCV.NXT={1} cannot be an old "
             "duplicate: end TIME-WAIT early and let the listener take it",
             {seg.seq.raw(), tcb_.rcv_nxt.raw()});
      out.syn_reopens_time_wait = true;
      return true;
    }
    if (newer_ts) {
      // RFC 6191 3: with timestamps the SYN is new when its TSval is greater than the last
      // one seen from the old connection, whatever its SEQ (Linux tcp_timewait_state_process:
      // "(s32)(tcptw->tw_ts_recent - tmp_opt.rcv_tsval) < 0").
      decide(out, "TIME-WAIT: new SYN", "RFC 6191; Linux tcp_timewait_state_process",
             "a SYN with SEQ={0}, not beyond the old connection's RCV.NXT={1}, but with "
             "TSval={2} newer than the old connection's TS.Recent={3}: the timestamp shows it "
             "is not an old duplicate, so end TIME-WAIT early and let the listener take it",
             {seg.seq.raw(), tcb_.rcv_nxt.raw(), seg.options.timestamps->value,
              tcb_.ts_recent});
      out.syn_reopens_time_wait = true;
      return true;
    }
    decide(out, "TIME-WAIT: old SYN", "RFC 5961 4.2; Linux tcp_timewait_state_process",
           "a SYN with SEQ={0} not beyond RCV.NXT={1} could be an old duplicate: answer with "
           "an ACK of the old connection and stay in TIME-WAIT",
           {seg.seq.raw(), tcb_.rcv_nxt.raw()});
    // Linux: tcp_timewait_check_oow_rate_limit(), the same per-socket limit.
    send_invalid_ack(now, seg, /*data_exempt=*/true, out);
    return true;
  }
  // RFC 9293 3.10.7.4 eighth step, TIME-WAIT: "Remain in the TIME-WAIT state. Restart the
  // 2 MSL time-wait timeout." The retransmitted FIN sits just below RCV.NXT, so the window
  // test would only ACK it; the timer restart is why TIME-WAIT exists.
  if (seg.flags.fin() && seg.seq + seg.seg_len() == tcb_.rcv_nxt) {
    decide(out, "TIME-WAIT: FIN again", kRfc,
           "the peer's FIN (SEQ={0}) arrived again (the peer resends it when our ACK of it is "
           "lost; the network may also deliver a copy): ACK it again and restart the 2MSL "
           "timer ({1} ms). The eighth step says so; the first check alone would only ACK it, "
           "as it lies before RCV.NXT, but restarting the timer here is what TIME-WAIT is for",
           {seg.seq.raw(), config_.profile.time_wait.count() / 1000});
    send_ack(now, out);
    arm_timer(TimerKind::TimeWait, now + config_.profile.time_wait, out);
    return true;
  }
  if (!config_.profile.linux_time_wait) return false;
  // Linux tcp_timewait_state_process(): "In window segment, it may be only reset or bare ack"
  // (SEQ = rcv_nxt and no data): it restarts the TIME-WAIT timer (inet_twsk_reschedule with
  // TCP_TIMEWAIT_LEN) and sends nothing.
  if (seg.seq == tcb_.rcv_nxt && seg.seg_len() == 0) {
    decide(out, "TIME-WAIT: bare ACK", "Linux tcp_timewait_state_process",
           "a segment without data at RCV.NXT={0}: Linux counts it as in window, sends "
           "nothing and restarts the TIME-WAIT timer ({1} ms)",
           {tcb_.rcv_nxt.raw(), config_.profile.time_wait.count() / 1000});
    update_ts_recent(seg);
    arm_timer(TimerKind::TimeWait, now + config_.profile.time_wait, out);
    return true;
  }
  // Everything else: "Out of window segment. All the segments are ACKed immediately." With
  // ACK set the timer restarts first ("if (paws_reject || th->ack) inet_twsk_reschedule");
  // the ACK goes through tcp_timewait_check_oow_rate_limit(), which never holds back a
  // segment with data (tcp_oow_rate_limited).
  if (seg.flags.ack()) {
    decide(out, "TIME-WAIT: other segment", "Linux tcp_timewait_state_process",
           "SEG.SEQ={0} (SEG.LEN={1}) is not a bare ACK at RCV.NXT={2}: Linux answers it with "
           "an ACK of the old connection (SEQ=SND.NXT, ACK=RCV.NXT) and, because it carries "
           "ACK, restarts the TIME-WAIT timer ({3} ms)",
           {seg.seq.raw(), seg.seg_len(), tcb_.rcv_nxt.raw(),
            config_.profile.time_wait.count() / 1000});
    arm_timer(TimerKind::TimeWait, now + config_.profile.time_wait, out);
  } else {
    decide(out, "TIME-WAIT: other segment", "Linux tcp_timewait_state_process",
           "SEG.SEQ={0} (SEG.LEN={1}) is not a bare ACK at RCV.NXT={2}: Linux answers it with "
           "an ACK of the old connection (SEQ=SND.NXT, ACK=RCV.NXT); without the ACK bit it "
           "does not restart the TIME-WAIT timer",
           {seg.seq.raw(), seg.seg_len(), tcb_.rcv_nxt.raw()});
  }
  send_invalid_ack(now, seg, /*data_exempt=*/true, out);
  return true;
}

// "first, check sequence number": a segment that failed the acceptability test
// (segment_acceptable above).
void Connection::reject_unacceptable(Time now, const wire::TcpSegment& seg, Effects& out) {
  const std::uint32_t len = seg.seg_len();
  const std::uint32_t wnd = receive_window();
  const auto window_end = static_cast<std::int64_t>((tcb_.rcv_nxt + wnd).raw());
  if (seg.flags.rst()) {
    if (config_.profile.linux_sequence_check && seg.seq + 1 == tcb_.rcv_nxt &&
        (state_ == State::CloseWait || state_ == State::LastAck || state_ == State::Closing)) {
      // Linux tcp_reset_check() (tcp_validate_incoming): after the peer's FIN, an RST at
      // RCV.NXT-1 counts as exact ("seq == tp->rcv_nxt - 1" in CLOSE-WAIT, LAST-ACK or
      // CLOSING): some stacks send their RST with their FIN's sequence number.
      decide(out, "second: RST", "Linux tcp_reset_check",
             "RST with SEQ={0}, one before RCV.NXT={1}: the peer's FIN took that number, and "
             "after a FIN Linux accepts an RST there as if it were exact (RFC 9293 would drop "
             "it as outside the window)",
             {seg.seq.raw(), tcb_.rcv_nxt.raw()});
      if (state_ == State::CloseWait) {
        peer_reset(now, "Linux tcp_reset_check", out);
      } else {
        set_state(now, State::Closed, "rcv RST", "Linux tcp_reset_check", out);
      }
      return;
    }
    // RFC 5961 3.2: "If the RST bit is set and the sequence number is outside the current
    // receive window, silently drop the segment."
    decide(out, "first: sequence number", kRfc,
           "RST with SEQ={0} is outside the receive window [RCV.NXT={1}, {2}): drop it silently",
           {seg.seq.raw(), tcb_.rcv_nxt.raw(), window_end});
    return;
  }
  if (config_.profile.linux_sequence_check && seg.flags.syn() && state_ != State::SynReceived &&
      state_ != State::TimeWait) {
    // Linux tcp_validate_incoming() answers a SYN on a synchronized socket with a challenge
    // ACK whether or not tcp_sequence() accepts it ("if (th->syn) goto syn_challenge" on
    // both paths; a repeated SYN,ACK ends at RCV.NXT and is accepted, "!before(end_seq,
    // tp->rcv_wup)"): tcp_send_challenge_ack(), the same segment the first check would send,
    // so the fourth check explains it.
    if (seg.flags.ack() && seg.seq == tcb_.irs) {
      decide(out, "fourth: SYN", "Linux tcp_validate_incoming",
             "the peer's SYN,ACK (SEQ={0}) arrived again although we are synchronized (the peer "
             "resends it when our ACK of it is lost; the network may also deliver a copy or a "
             "late one). Linux answers a SYN on a synchronized connection with a challenge ACK "
             "(SEQ=SND.NXT={1}, ACK=RCV.NXT={2}), which gives the peer the ACK it may be missing",
             {seg.seq.raw(), tcb_.snd_nxt.raw(), tcb_.rcv_nxt.raw()});
      send_invalid_ack(now, seg, /*data_exempt=*/false, out);  // tcp_send_challenge_ack
      return;
    }
    check_syn(now, seg, out);
    return;
  }
  // Linux tcp_sequence() lets through a segment that ends at or after RCV.WUP (the RCV.NXT of
  // our last window: "!before(end_seq, tp->rcv_wup)"), such as a retransmitted FIN ending at
  // RCV.NXT; tcp_ack(..., FLAG_UPDATE_TS_RECENT) then calls tcp_replace_ts_recent(), which
  // stores its TSval because it starts at or before RCV.WUP ("!after(seq, tp->rcv_wup)") and
  // is not older (tcp_paws_check). tcp_data_queue() answers it at once, as here. A SYN is
  // answered by the SYN check before tcp_ack (no update); an RST was dropped above. One
  // decision tells it: the RFC's "drop it" would contradict Linux's acceptance.
  if (config_.profile.linux_sequence_check && tcb_.timestamps_ok &&
      seg.options.timestamps && !seg.flags.syn() && seg.seq + len >= rcv_wup_ &&
      seg.seq <= rcv_wup_ &&
      static_cast<std::int32_t>(seg.options.timestamps->value - tcb_.ts_recent) > 0) {
    tcb_.ts_recent = seg.options.timestamps->value;
    decide(out, "first: sequence number", "Linux tcp_sequence, tcp_replace_ts_recent",
           "this retransmission ends at SEQ={0}, not after RCV.NXT={1}: RFC 9293's window test "
           "would refuse it, but Linux's tcp_sequence() accepts it because it does not end "
           "before RCV.WUP={2} (RCV.NXT when we last sent a window). The data or FIN in it "
           "arrived before; Linux keeps its TSval={3} as TS.Recent, which our ACKs and later "
           "segments echo",
           {(seg.seq + len).raw(), tcb_.rcv_nxt.raw(), rcv_wup_.raw(), tcb_.ts_recent});
    // Accepted, the segment goes on to tcp_ack() like any other: its ACK field may
    // acknowledge our FIN (both ACKs of a simultaneous close lost, the peer's FIN,ACK
    // retransmitted). tcp_rcv_state_process() then ends CLOSING in TIME-WAIT (tcp_time_wait)
    // or LAST-ACK in CLOSED (tcp_done) and consumes the segment ("goto consume"): no ACK. If
    // the ACK check answered the segment itself, that answer is all. Otherwise
    // tcp_data_queue() sees a retransmission ("A retransmit, 2nd most common case. Force an
    // immediate ack.") and the ACK below goes out.
    if (seg.flags.ack()) {
      const State before = state_;
      const std::size_t answers = out.segments.size();
      check_ack(now, seg, out);
      if (state_ != before && (state_ == State::TimeWait || state_ == State::Closed)) return;
      if (out.segments.size() != answers) return;
    }
  } else {
    decide(out, "first: sequence number", kRfc,
           "SEG.SEQ={0} (SEG.LEN={1}) is outside the receive window [RCV.NXT={2}, {3}): an old "
           "or duplicate segment; send an ACK and drop it",
           {seg.seq.raw(), len, tcb_.rcv_nxt.raw(), window_end});
  }
  // Linux tcp_validate_incoming(): a SYN gets a challenge ACK, anything else a duplicate ACK
  // unless tcp_oow_rate_limited() (which exempts segments carrying data or FIN).
  send_invalid_ack(now, seg, /*data_exempt=*/true, out);
}

// "second, check the RST bit", with RFC 5961 3.2: only a RST exactly at RCV.NXT resets.
bool Connection::check_rst(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (!seg.flags.rst()) return true;
  if (state_ == State::SynReceived && passive_open_ && seg.seq != tcb_.rcv_nxt &&
      config_.profile.half_open_is_request_sock &&
      !(seg.flags.ack() && seg.ack != tcb_.snd_nxt)) {
    // Linux tcp_check_req(): a listener's half-open connection is a request sock, for which
    // the window test is all: "if (flg & (TCP_FLAG_RST|TCP_FLAG_SYN)) goto embryonic_reset;",
    // which answers an RST with nothing ("if (!(flg & TCP_FLAG_RST)) ... send_reset") and
    // drops the request (inet_csk_reqsk_queue_drop). RFC 5961 3.2's exact test and challenge
    // ACK (below) apply to full sockets only. (A segment whose ACK is not ISS+1 goes to the
    // listener instead: "return sk"; left to the checks below.)
    decide(out, "second: RST", "Linux tcp_check_req",
           "RST with SEQ={0} is inside the window, though not exactly RCV.NXT={1}: for a "
           "half-open connection Linux checks only the window (no RFC 5961 challenge ACK), so "
           "it forgets the connection without an answer; the listener goes on listening",
           {seg.seq.raw(), tcb_.rcv_nxt.raw()});
    if (accept_clone_) {
      fall_back_to_listener(now, "rcv RST", out);
    } else {
      return_to_listen(now, "rcv RST", out);
    }
    return false;
  }
  if (seg.seq != tcb_.rcv_nxt) {
    if (state_ == State::TimeWait && config_.profile.linux_time_wait) {
      // Linux tcp_timewait_state_process acts only on a RST exactly at rcv_nxt. (`rfc`: the
      // second check applies "In all states except SYN-SENT", TIME-WAIT included, so the
      // challenge ACK below.)
      decide(out, "second: RST", "Linux tcp_timewait_state_process",
             "RST with SEQ={0} is not exactly RCV.NXT={1}: TIME-WAIT ignores it",
             {seg.seq.raw(), tcb_.rcv_nxt.raw()});
      return false;
    }
    decide(out, "second: RST", "RFC 5961 3.2",
           "RST with SEQ={0} is inside the window but not exactly RCV.NXT={1}: it may be "
           "forged, so send a challenge ACK and drop it (a real peer answers with an exact RST)",
           {seg.seq.raw(), tcb_.rcv_nxt.raw()});
    send_invalid_ack(now, seg, /*data_exempt=*/false, out);  // Linux tcp_send_challenge_ack
    return false;
  }
  switch (state_) {
    case State::SynReceived:
      if (!passive_open_) {
        // "If this connection was initiated with an active OPEN (i.e., came from SYN-SENT
        // state), then the connection was refused".
        decide(out, "second: RST", kRfc,
               "RST with SEQ=RCV.NXT={0} after a simultaneous open: the connection is refused",
               {seg.seq.raw()});
        announce(out, AppEventKind::Refused);
        set_state(now, State::Closed, "rcv RST", kRfc, out);
        return false;
      }
      if (accept_clone_) {
        // "return this connection to LISTEN state ... The user need not be informed": this
        // TCB is the listener's copy for one SYN and the listener never stopped listening, so
        // the copy falls back to LISTEN (no application event) and its owner discards it.
        decide(out, "second: RST", kRfc,
               "RST with SEQ=RCV.NXT={0}: the peer never wanted this connection (an old "
               "duplicate SYN). Forget it; the listener goes on listening",
               {seg.seq.raw()});
        fall_back_to_listener(now, "rcv RST", out);
        return false;
      }
      decide(out, "second: RST", kRfc,
             "RST with SEQ=RCV.NXT={0}: the SYN we answered was an old duplicate. Return to "
             "LISTEN; the user need not be informed",
             {seg.seq.raw()});
      return_to_listen(now, "rcv RST", out);
      return false;
    case State::Established:
    case State::FinWait1:
    case State::FinWait2:
    case State::CloseWait:
      decide(out, "second: RST", kRfc,
             "RST with SEQ exactly RCV.NXT={0}: the peer reset the connection; queued data "
             "is lost",
             {seg.seq.raw()});
      peer_reset(now, kRfc, out);
      return false;
    case State::TimeWait:
      if (config_.profile.rfc1337) {
        // RFC 1337 ("TIME-WAIT Assassination Hazards") fix R1: ignore RST in TIME-WAIT.
        // Linux with tcp_rfc1337 = 1 does the same and, unlike for a bare ACK, leaves the
        // TIME-WAIT timer alone: tcp_timewait_state_process() (6.x) reschedules only in the
        // `else` of "if (th->rst)" (older kernels rescheduled after it too).
        decide(out, "second: RST", "RFC 1337",
               "RST in TIME-WAIT: ignored (RFC 1337), so an old RST cannot cut TIME-WAIT "
               "short");
        return false;
      }
      decide(out, "second: RST", kRfc,
             "RST with SEQ=RCV.NXT={0} in TIME-WAIT: enter CLOSED at once (the TIME-WAIT "
             "assassination of RFC 1337)",
             {seg.seq.raw()});
      set_state(now, State::Closed, "rcv RST", kRfc, out);
      return false;
    default:  // CLOSING, LAST-ACK: "enter the CLOSED state, delete the TCB, and return."
      decide(out, "second: RST", kRfc,
             "RST with SEQ=RCV.NXT={0} while closing: enter CLOSED", {seg.seq.raw()});
      set_state(now, State::Closed, "rcv RST", kRfc, out);
      return false;
  }
}

// SYN-RECEIVED of a plain passive OPEN falls back to LISTEN with a clean TCB (the ISS kept).
void Connection::return_to_listen(Time now, std::string_view cause, Effects& out) {
  cancel_all_timers(out);
  const wire::SeqNum iss = tcb_.iss;
  start_new_incarnation();
  tcb_.iss = iss;
  passive_open_ = true;
  state_ = State::SynReceived;  // so the Transition reads SYN-RECEIVED -> LISTEN
  set_state(now, State::Listen, cause, kRfc, out);
}

// A listener's copy back in LISTEN: the transition SYN-RECEIVED -> LISTEN of RFC 9293
// 3.10.7.4, no application event (set_state announces LISTEN only after CLOSED), no timer left.
void Connection::fall_back_to_listener(Time now, std::string_view cause, Effects& out) {
  fell_back_to_listener_ = true;
  cancel_all_timers(out);
  set_state(now, State::Listen, cause, kRfc, out);
}

// "fourth, check the SYN bit".
bool Connection::check_syn(Time now, const wire::TcpSegment& seg, Effects& out) {
  if (!seg.flags.syn()) return true;
  if (state_ == State::SynReceived && passive_open_) {
    if (config_.profile.half_open_is_request_sock) {
      // Linux tcp_check_req() tests the ACK before the window: a SYN whose ACK is not ISS+1
      // goes to the listener ("return sk"), whose answer is <SEQ=SEG.ACK><CTL=RST> and which
      // keeps the request; the fifth check below says and does exactly that.
      if (seg.flags.ack() && seg.ack != tcb_.snd_nxt) return true;
      // Otherwise, inside the window, "goto embryonic_reset": send_reset (tcp_v4_send_reset,
      // SK_RST_REASON_INVALID_SYN) answers the SYN from its own fields, then
      // inet_csk_reqsk_queue_drop() forgets the request. Nothing returns to the application.
      decide_reset(out, "fourth: SYN", "Linux tcp_check_req",
                   "a different SYN (SEQ={0}, expected the one before RCV.NXT={1}) inside the "
                   "window of this half-open connection: Linux answers it with a reset built from "
                   "that SYN alone, as a closed port would (RFC 9293 3.10.7.1), and forgets the "
                   "connection; the listener goes on listening",
                   {seg.seq.raw(), tcb_.rcv_nxt.raw()});
      send_reset_for(seg, out);
    } else {
      // "If the connection was initiated with a passive OPEN, then return this connection to
      // the LISTEN state and return." (A listener's copy just ends.)
      decide(out, "fourth: SYN", kRfc,
             "a different SYN (SEQ={0}, expected the one before RCV.NXT={1}) in SYN-RECEIVED: "
             "give up this half-open connection",
             {seg.seq.raw(), tcb_.rcv_nxt.raw()});
    }
    if (accept_clone_) {
      fall_back_to_listener(now, "rcv SYN", out);
    } else {
      return_to_listen(now, "rcv SYN", out);
    }
    return false;
  }
  // RFC 5961 4.2 / RFC 9293: "If the SYN bit is set, irrespective of the sequence number, TCP
  // endpoints MUST send a 'challenge ACK' to the remote peer: <SEQ=SND.NXT><ACK=RCV.NXT>
  // <CTL=ACK>. After sending the acknowledgment, TCP implementations MUST drop the segment".
  decide(out, "fourth: SYN", "RFC 5961 4.2",
         "a SYN (SEQ={0}) on a synchronized connection: it may be forged, or the peer "
         "restarted. Send a challenge ACK (SEQ=SND.NXT={1}, ACK=RCV.NXT={2}) and drop it; a "
         "restarted peer answers that ACK with a RST",
         {seg.seq.raw(), tcb_.snd_nxt.raw(), tcb_.rcv_nxt.raw()});
  send_invalid_ack(now, seg, /*data_exempt=*/false, out);  // Linux tcp_send_challenge_ack
  return false;
}

}  // namespace tcpviz::tcp
