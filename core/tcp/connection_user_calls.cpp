// The application's calls, RFC 9293 3.10.1 - 3.10.6 (OPEN, SEND, CLOSE, ABORT; RECEIVE is
// implicit: the application reads everything at once).
#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::string_view kOpen = "RFC 9293 3.10.1";
constexpr std::string_view kSend = "RFC 9293 3.10.2";
constexpr std::string_view kClose = "RFC 9293 3.10.4";
constexpr std::string_view kAbort = "RFC 9293 3.10.5";
}  // namespace

void Connection::open_active(Time now, wire::SeqNum iss, Effects& out) {
  if (state_ != State::Closed) {
    decide(out, "OPEN", kOpen, "error: connection already exists (the TCB is not CLOSED)");
    return;
  }
  start_new_incarnation();
  // RFC 9293 3.10.1: "issue a SYN segment <SEQ=ISS><CTL=SYN>. Set SND.UNA to ISS, SND.NXT to
  // ISS+1, enter SYN-SENT state".
  tcb_.iss = iss;
  tcb_.snd_una = iss;
  tcb_.snd_nxt = iss + 1;
  passive_open_ = false;
  first_syn_sent_ = now;
  set_state(now, State::SynSent, "user connect", kOpen, out);
  send_syn(now, false, out);
  rtt_timing_ = true;  // RFC 6298 3: the SYN is timed unless it gets retransmitted (Karn)
  rtt_seq_ = tcb_.snd_nxt;
  rtt_started_ = now;
  arm_timer(TimerKind::Retransmit, now + current_rto(), out);
}

void Connection::open_passive(Time now, Effects& out) {
  if (state_ != State::Closed) {
    decide(out, "OPEN", kOpen, "error: connection already exists (the TCB is not CLOSED)");
    return;
  }
  start_new_incarnation();
  passive_open_ = true;
  set_state(now, State::Listen, "user listen", kOpen, out);
}

void Connection::set_iss_for_accept(wire::SeqNum iss) {
  pristine_ = false;
  tcb_.iss = iss;
  accept_clone_ = true;
}

void Connection::send(Time now, std::uint32_t bytes, Effects& out) {
  pristine_ = false;
  switch (state_) {
    case State::Closed:
    case State::Listen:
      // RFC 9293 3.10.2: CLOSED "error: connection does not exist"; from LISTEN the RFC
      // would turn the connection active, which the sockets API never does.
      decide(out, "SEND", kSend, "error: connection does not exist ({0} bytes refused)",
             {bytes});
      return;
    case State::SynSent:
    case State::SynReceived:
      // "Queue the data for transmission after entering ESTABLISHED state."
      tcb_.send_queued += bytes;
      return;
    case State::Established:
    case State::CloseWait:
      if (tcb_.fin_queued) break;  // after shutdown(): the send direction is closed
      tcb_.send_queued += bytes;
      try_send(now, out);
      return;
    default:
      break;
  }
  decide(out, "SEND", kSend, "error: connection closing ({0} bytes refused)", {bytes});
}

// CLOSE and the half-close share the FIN; only CLOSE releases the connection, which is what
// Linux's FIN-WAIT-2 timeout depends on (tcp_close arms it, shutdown(SHUT_WR) does not).
void Connection::queue_fin(Time now, bool release, Effects& out) {
  const std::string_view cause = release ? "user close" : "user shutdown";
  if (release) released_ = true;
  switch (state_) {
    case State::Closed:
      decide(out, "CLOSE", kClose, "error: connection does not exist");
      return;
    case State::Listen:
    case State::SynSent:
      // "Any outstanding RECEIVEs are returned ... delete the TCB, enter CLOSED state".
      set_state(now, State::Closed, cause, kClose, out);
      return;
    case State::SynReceived:
      if (tcb_.fin_queued) return;
      tcb_.fin_queued = true;
      if (tcb_.send_queued == 0) {
        // "If no SENDs have been issued and there is no pending data to send, then form a FIN
        // segment and send it, and enter FIN-WAIT-1 state" (Linux tcp_close_state:
        // TCP_SYN_RECV -> TCP_FIN_WAIT1 | TCP_ACTION_FIN). The ACK of our SYN may then come
        // with the ACK of the FIN; the handshake's bookkeeping is FIN-WAIT-1's fifth step.
        decide(out, "CLOSE", kClose,
               "CLOSE in SYN-RECEIVED with no data queued: send a FIN (SEQ={0}) now, without "
               "waiting for the ACK of our SYN, and enter FIN-WAIT-1",
               {tcb_.snd_nxt.raw()});
        set_state(now, State::FinWait1, cause, kClose, out);
        try_send(now, out);
        return;
      }
      // "otherwise, queue for processing after entering ESTABLISHED state": the FIN leaves
      // after the queued data, once our SYN is acknowledged (handshake_completed).
      decide(out, "CLOSE", kClose,
             "CLOSE in SYN-RECEIVED with {0} bytes queued: the FIN waits until the handshake "
             "completes (ESTABLISHED) and the data has been sent",
             {tcb_.send_queued});
      return;
    case State::Established:
      // "Queue this until all preceding SENDs have been segmentized, then form a FIN segment
      // and send it. In any case, enter FIN-WAIT-1 state."
      if (tcb_.fin_queued) return;
      tcb_.fin_queued = true;
      set_state(now, State::FinWait1, cause, kClose, out);
      try_send(now, out);
      return;
    case State::CloseWait:
      // "Queue this request until all preceding SENDs have been segmentized; then send a FIN
      // segment, enter LAST-ACK state." (Linux changes the state at once, tcp_close_state.)
      if (tcb_.fin_queued) return;
      tcb_.fin_queued = true;
      set_state(now, State::LastAck, cause, kClose, out);
      try_send(now, out);
      return;
    case State::FinWait2:
      // shutdown() earlier, close() now: Linux arms tcp_fin_timeout for the orphan.
      if (release && config_.profile.fin_wait2_timeout && !timer_armed(TimerKind::FinWait2)) {
        arm_timer(TimerKind::FinWait2, now + *config_.profile.fin_wait2_timeout, out);
      }
      return;
    default:
      // FIN-WAIT-1, CLOSING, LAST-ACK, TIME-WAIT: our FIN is already on its way; closing a
      // half-closed socket only releases it.
      return;
  }
}

void Connection::close(Time now, Effects& out) {
  pristine_ = false;
  queue_fin(now, true, out);
}

void Connection::shutdown(Time now, Effects& out) {
  pristine_ = false;
  queue_fin(now, false, out);
}

void Connection::abort(Time now, Effects& out) {
  pristine_ = false;
  released_ = true;
  switch (state_) {
    case State::Closed:
      decide(out, "ABORT", kAbort, "error: connection does not exist");
      return;
    case State::SynReceived:
    case State::Established:
    case State::FinWait1:
    case State::FinWait2:
    case State::CloseWait:
      if (config_.profile.abort_sends_rst_ack) {
        send_abort_rst_ack(now, out);
        break;
      }
      // "Send a reset segment: <SEQ=SND.NXT><CTL=RST>"
      decide_reset(out, "ABORT", kAbort,
                   "the application aborts a synchronized connection: send RST with "
                   "SEQ=SND.NXT={0} and forget the connection",
                   {tcb_.snd_nxt.raw()});
      send_rst(tcb_.snd_nxt, out);
      break;
    default:
      // LISTEN, SYN-SENT: nothing to tell the peer; CLOSING, LAST-ACK, TIME-WAIT: "respond
      // with ok and delete the TCB".
      break;
  }
  set_state(now, State::Closed, "user abort", kAbort, out);
}

}  // namespace tcpviz::tcp
