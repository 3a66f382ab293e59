// RFC 9293 3.10.7.3: a segment arrives in SYN-SENT.
#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::string_view kRfc = "RFC 9293 3.10.7.3";
}  // namespace

void Connection::syn_sent_segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out) {
  // "first, check the ACK bit: If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless
  // the RST bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>".
  // Such an ACK is the SYN-ACK of an old duplicate SYN (RFC 9293 3.5 Figure 8) or an ACK of
  // another incarnation of the connection, e.g. a challenge ACK after our host restarted
  // (RFC 5961 4, 3.5.1 half-open connections).
  bool ack_acceptable = false;
  if (seg.flags.ack()) {
    if (seg.ack <= tcb_.iss || seg.ack > tcb_.snd_nxt) {
      if (seg.flags.rst()) {
        decide(out, "SYN-SENT: ACK check", kRfc,
               "RST with ACK={0} does not acknowledge our SYN (ISS={1}, SND.NXT={2}): drop it",
               {seg.ack.raw(), tcb_.iss.raw(), tcb_.snd_nxt.raw()});
        return;
      }
      decide_reset(out, "SYN-SENT: ACK check", kRfc,
                   "SEG.ACK={0} is not in (ISS={1}, SND.NXT={2}]: it does not acknowledge our SYN "
                   "(an answer to an old duplicate SYN, or an ACK of another incarnation of this "
                   "connection), so send RST with SEQ={0} and keep waiting",
                   {seg.ack.raw(), tcb_.iss.raw(), tcb_.snd_nxt.raw()});
      send_reset_for(seg, out);
      // Linux: "if (icsk->icsk_retransmits == 0) inet_csk_reset_xmit_timer(sk,
      // ICSK_TIME_RETRANS, TCP_TIMEOUT_MIN, TCP_RTO_MAX)": the SYN goes again almost at once,
      // counted as a retransmission like any other (Profile::resyn_after_unacceptable_ack).
      if (const auto soon = config_.profile.resyn_after_unacceptable_ack;
          soon && tcb_.backoff == 0) {
        decide(out, "SYN-SENT: resend the SYN soon", "Linux tcp_rcv_synsent_state_process",
               "our SYN has not been retransmitted yet, so Linux brings its retransmission "
               "forward to {0} ms from now (TCP_TIMEOUT_MIN): the RST just sent clears the "
               "peer's old connection, and the SYN follows it",
               {soon->count() / 1000});
        arm_timer(TimerKind::Retransmit, now + *soon, out);
      }
      return;
    }
    ack_acceptable = true;  // "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable."
  }
  // "second, check the RST bit": RFC 5961 3.2: in SYN-SENT "the RST is acceptable if the ACK
  // field acknowledges the SYN".
  if (seg.flags.rst()) {
    if (!ack_acceptable) {
      decide(out, "SYN-SENT: RST check", kRfc,
             "a RST without an ACK of our SYN could be forged or old: drop it");
      return;
    }
    decide(out, "SYN-SENT: RST check", kRfc,
           "RST acknowledging our SYN (ACK={0}): nobody listens on that port, the connection "
           "is refused",
           {seg.ack.raw()});
    announce(out, AppEventKind::Refused);
    set_state(now, State::Closed, "rcv RST", kRfc, out);
    return;
  }
  // "third, check the security" -- not modelled (no IP security compartments).
  // "fourth, check the SYN bit"
  if (!seg.flags.syn()) {
    // "fifth, if neither of the SYN or RST bits is set, then drop the segment and return."
    decide(out, "SYN-SENT: no SYN", kRfc,
           "neither SYN nor RST: nothing to synchronize with, drop the segment");
    return;
  }
  tcb_.irs = seg.seq;
  tcb_.rcv_nxt = seg.seq + 1;
  rcv_wup_ = tcb_.rcv_nxt;  // our SYN's window counts from here (Linux tcp_rcv_synsent_state_process)
  tcb_.snd_wnd = seg.window;  // never scaled in a SYN (RFC 7323 2.2)
  tcb_.snd_wl1 = seg.seq;
  tcb_.snd_wl2 = seg.ack;
  max_snd_wnd_ = tcb_.snd_wnd;
  absorb_syn_options(seg);
  update_ts_recent(seg);
  if (ack_acceptable) {
    // "SND.UNA should be advanced to equal SEG.ACK ... If SND.UNA > ISS (our SYN has been
    // ACKed), change the connection state to ESTABLISHED, form an ACK segment
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
    decide(out, "SYN-SENT: SYN,ACK", kRfc,
           "SYN,ACK with SEQ={0} acknowledges our SYN (ACK={1}): both sides are synchronized, "
           "send the third segment, an ACK of {2}",
           {seg.seq.raw(), seg.ack.raw(), tcb_.rcv_nxt.raw()});
    on_new_ack(now, seg.ack, tsecr_of(seg), out);
    handshake_completed(now, "rcv SYN,ACK", kRfc, out);
    send_ack(now, out);
    try_send(now, out);
    return;
  }
  // "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
  // and send it." -- the simultaneous open of RFC 9293 3.5 Figure 7.
  decide(out, "SYN-SENT: SYN", kRfc,
         "a SYN without ACK (SEQ={0}) while our own SYN is out: a simultaneous open. Answer "
         "with SYN,ACK (SEQ=ISS={1}, ACK={2})",
         {seg.seq.raw(), tcb_.iss.raw(), tcb_.rcv_nxt.raw()});
  set_state(now, State::SynReceived, "rcv SYN", kRfc, out);
  send_syn(now, true, out);
  // Our SYN is still unacknowledged: the retransmission timer keeps running, now for the
  // SYN,ACK. Its ACK is timed from the SYN,ACK or not at all (Profile::
  // time_simultaneous_open_synack); no timer expired, so RFC 6298 5.7's 3 s does not apply.
  // A SYN already retransmitted is not timed either way (Karn; Linux keeps TCPCB_RETRANS).
  if (!rtt_timing_) return;
  if (config_.profile.time_simultaneous_open_synack) {
    rtt_started_ = now;
    decide(out, "RTT timing", "Linux tcp_send_synack, tcp_clean_rtx_queue",
           "the SYN,ACK carries our SYN's sequence number ISS={0} a second time; Linux sends "
           "the SYN's own buffer again with a new send time, so the ACK of it will be timed "
           "from now",
           {tcb_.iss.raw()});
  } else {
    rtt_timing_ = false;
    decide(out, "RTT timing", "RFC 6298 3",
           "the SYN,ACK carries our SYN's sequence number ISS={0} a second time, so the ACK "
           "of it cannot tell which copy it answers: no RTT sample from it (Karn's rule)",
           {tcb_.iss.raw()});
  }
}

}  // namespace tcpviz::tcp
