// RFC 9293 3.10.7: dispatch by state, and the two states without a synchronized peer:
// CLOSED (3.10.7.1) and LISTEN (3.10.7.2).
#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::string_view kClosedRfc = "RFC 9293 3.10.7.1";
constexpr std::string_view kListenRfc = "RFC 9293 3.10.7.2";
}  // namespace

void Connection::segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out) {
  pristine_ = false;
  switch (state_) {
    case State::Closed:
      closed_segment_arrives(seg, out);
      return;
    case State::Listen:
      listen_segment_arrives(now, seg, out);
      return;
    case State::SynSent:
      syn_sent_segment_arrives(now, seg, out);
      return;
    default:
      other_segment_arrives(now, seg, out);
      return;
  }
}

// "all data in the incoming segment is discarded. An incoming segment containing a RST is
// discarded. An incoming segment not containing a RST causes a RST to be sent in response."
void Connection::closed_segment_arrives(const wire::TcpSegment& seg, Effects& out) {
  if (seg.flags.rst()) {
    decide(out, "CLOSED: RST", kClosedRfc,
           "no connection exists and the segment is a RST: discard it silently (a RST is never "
           "answered)");
    return;
  }
  if (seg.flags.ack()) {
    decide_reset(out, "CLOSED: reset", kClosedRfc,
                 "no connection exists: answer with RST, taking its SEQ from the segment's "
                 "ACK={0} so the sender accepts it",
                 {seg.ack.raw()});
  } else {
    decide_reset(out, "CLOSED: reset", kClosedRfc,
                 "no connection exists and the segment has no ACK: answer with RST,ACK where SEQ=0 "
                 "and ACK=SEG.SEQ+SEG.LEN={0}+{1}",
                 {seg.seq.raw(), seg.seg_len()});
  }
  send_reset_for(seg, out);
}

void Connection::listen_segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out) {
  // "first, check for a RST: An incoming RST segment could not be valid since it could not
  // have been sent in response to anything sent by this incarnation of the connection."
  if (seg.flags.rst()) {
    decide(out, "LISTEN: RST", kListenRfc,
           "a listener has sent nothing a RST could answer: ignore it");
    return;
  }
  // "second, check for an ACK: Any acknowledgment is bad if it arrives on a connection still
  // in the LISTEN state. An acceptable reset segment should be formed ... <SEQ=SEG.ACK>".
  if (seg.flags.ack()) {
    decide_reset(out, "LISTEN: ACK", kListenRfc,
                 "a listener has sent nothing to acknowledge, so ACK={0} is bad: answer with RST "
                 "SEQ={0}",
                 {seg.ack.raw()});
    send_reset_for(seg, out);
    return;
  }
  // "third, check for a SYN": (the security check is not modelled: no IP security labels).
  if (seg.flags.syn()) {
    tcb_.irs = seg.seq;
    tcb_.rcv_nxt = seg.seq + 1;
    tcb_.snd_una = tcb_.iss;
    tcb_.snd_nxt = tcb_.iss + 1;
    // The window in a SYN is never scaled (RFC 7323 2.2).
    tcb_.snd_wnd = seg.window;
    tcb_.snd_wl1 = seg.seq;
    tcb_.snd_wl2 = seg.ack;
    max_snd_wnd_ = tcb_.snd_wnd;
    absorb_syn_options(seg);
    listener_initial_window();
    passive_open_ = true;
    first_syn_sent_ = now;
    decide(out, "LISTEN: SYN", kListenRfc,
           "a SYN with SEQ={0}: remember IRS={0}, expect RCV.NXT={1} next, and answer with our "
           "own SYN (ISS={2}) acknowledging theirs",
           {seg.seq.raw(), tcb_.rcv_nxt.raw(), tcb_.iss.raw()});
    set_state(now, State::SynReceived, "rcv SYN", kListenRfc, out);
    send_syn(now, true, out);
    rtt_timing_ = true;  // the SYN-ACK is timed unless retransmitted (Karn)
    rtt_seq_ = tcb_.snd_nxt;
    rtt_started_ = now;
    arm_timer(TimerKind::Retransmit, now + current_rto(), out);
    return;
  }
  // "fourth, other data or control: ... drop the segment and return."
  decide(out, "LISTEN: other", kListenRfc,
         "neither RST, ACK nor SYN: a listener has nothing to do with it, drop it");
}

}  // namespace tcpviz::tcp
