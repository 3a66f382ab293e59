// Timers (RFC 9293 3.10.8): retransmission, TIME-WAIT (2MSL), FIN-WAIT-2 (Linux) and the
// delayed ACK. The connection owns no clock: it reports deadlines and is called back.
#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::size_t index_of(TimerKind k) { return static_cast<std::size_t>(k); }
constexpr std::array<TimerKind, 4> kAllTimers{TimerKind::Retransmit, TimerKind::TimeWait,
                                              TimerKind::FinWait2, TimerKind::DelayedAck};
}  // namespace

// arm_timer (inline in connection.hpp) for a restart or a full out.timers.
void Connection::arm_timer_general(TimerKind kind, Time deadline, Effects& out) {
  Time& slot = timers_[index_of(kind)];
  const Time before = slot;
  // A restart is recorded as Cancelled then Armed (effects.hpp).
  if (before != kNotArmed) out.timers.push_back({kind, TimerAction::Cancelled, before});
  slot = deadline;
  out.timers.push_back({kind, TimerAction::Armed, deadline});
  if (deadline <= earliest_deadline_) {
    earliest_deadline_ = deadline;
  } else if (before == earliest_deadline_) {
    earliest_deadline_ = earliest_of_timers();  // the earliest was pushed back
  }
}

// cancel_timer (inline in connection.hpp) when out.timers is full: grow it, then cancel.
void Connection::cancel_timer_making_room(TimerKind kind, Effects& out) {
  out.timers.reserve(2 * out.timers.size() + 8);
  cancel_timer(kind, out);
}

void Connection::cancel_all_timers(Effects& out) {
  // Usually nothing is left armed by then (TIME-WAIT's timer has fired, the last ACK stopped
  // the retransmission timer): one compare instead of four.
  if (earliest_deadline_ == kNotArmed) return;
  for (const TimerKind k : kAllTimers) cancel_timer(k, out);
}

// RFC 9293 3.10.7.4 eighth step, TIME-WAIT: "Start the time-wait timer, turn off the other
// timers."
void Connection::start_time_wait(Time now, Effects& out) {
  cancel_timer(TimerKind::Retransmit, out);
  cancel_timer(TimerKind::FinWait2, out);
  cancel_timer(TimerKind::DelayedAck, out);
  arm_timer(TimerKind::TimeWait, now + config_.profile.time_wait, out);
}

void Connection::deadline_reached(Time now, Effects& out) {
  pristine_ = false;
  // Fire due timers earliest first; a handler may arm or cancel others, so look again each time.
  for (;;) {
    // The earliest deadline, the first kind on a tie; a stopped timer (kNotArmed) is never due.
    const Time due_at = earliest_deadline_;
    if (due_at > now) return;
    TimerKind due = TimerKind::Retransmit;
    for (const TimerKind k : kAllTimers) {
      if (timers_[index_of(k)] == due_at) {
        due = k;
        break;
      }
    }
    timers_[index_of(due)] = kNotArmed;
    earliest_deadline_ = earliest_of_timers();
    out.timers.push_back({due, TimerAction::Fired, due_at});
    switch (due) {
      case TimerKind::Retransmit:
        on_retransmit_timeout(now, out);
        break;
      case TimerKind::TimeWait:
        // RFC 9293 3.10.8: "If the time-wait timeout expires on a connection, delete the
        // TCB, enter the CLOSED state, and return."
        // 2 MSL is what lets every old segment die out (RFC 9293 3.4.2, 3.6): a scenario that
        // shortens TIME-WAIT below it (an override, for a lesson) must not be told otherwise.
        if (config_.profile.time_wait >= 2 * config_.profile.msl) {
          decide(out, "TIME-WAIT: timeout", "RFC 9293 3.10.8",
                 "the TIME-WAIT timer ({0} ms) expired: no segment of this connection can "
                 "still be in the network and no FIN came again while we waited, so it is "
                 "closed",
                 {config_.profile.time_wait.count() / 1000});
        } else {
          decide(out, "TIME-WAIT: timeout", "RFC 9293 3.10.8",
                 "the TIME-WAIT timer ({0} ms) expired and the TCB is deleted; this wait is "
                 "shorter than 2 MSL ({1} ms), so segments of this connection may still be in "
                 "the network and reach a new connection on the same ports",
                 {config_.profile.time_wait.count() / 1000,
                  2 * config_.profile.msl.count() / 1000});
        }
        set_state(now, State::Closed, "2MSL timeout", "RFC 9293 3.10.8", out);
        break;
      case TimerKind::FinWait2:
        // Linux tcp_fin_timeout: an orphaned FIN-WAIT-2 socket (a FIN_WAIT2 timewait sock,
        // tcp_time_wait(sk, TCP_FIN_WAIT2, tmo)) is destroyed silently when it expires: no
        // segment is sent. RFC 9293 has no such timer.
        decide(out, "FIN-WAIT-2: timeout", "Linux tcp_fin_timeout",
               "the application closed the socket and the peer sent no FIN for {0} ms: Linux "
               "drops the connection silently (RFC 9293 would wait forever)",
               {config_.profile.fin_wait2_timeout.value_or(Duration{}).count() / 1000});
        set_state(now, State::Closed, "FIN-WAIT-2 timeout", "Linux tcp_fin_timeout", out);
        break;
      case TimerKind::DelayedAck:
        if (state_ != State::Closed && state_ != State::Listen && state_ != State::SynSent) {
          decide(out, "delayed ACK", "RFC 9293 3.8.6.3",
                 "the delayed-ACK timer expired with no data to piggyback the ACK on: send a "
                 "pure ACK for RCV.NXT={0}",
                 {tcb_.rcv_nxt.raw()});
          send_ack(now, out);
        }
        break;
    }
  }
}

}  // namespace tcpviz::tcp
