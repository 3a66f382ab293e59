// The connection's one door for state changes (set_state) and its decision recorder.
#include "core/tcp/connection.hpp"


namespace tcpviz::tcp {

namespace {
// Linux TCP_MAX_QUICKACKS (include/net/tcp.h): at most 16 segments are ACKed at once when a
// connection starts receiving (tcp_event_data_recv -> tcp_incr_quickack).
constexpr int kMaxQuickAcks = 16;
}  // namespace

Connection::Connection(const ConnectionConfig& config) : config_(config) {
  tcb_.rcv_wnd = config_.profile.receive_window;
  tcb_.rto = config_.profile.rto_initial;  // RFC 6298 2.1
  quickacks_left_ = config_.profile.quickack_at_start ? kMaxQuickAcks : 0;
}

// A CLOSED connection opened again is a new incarnation: nothing of the old TCB survives.
void Connection::start_new_incarnation() {
  // A connection fresh from its constructor already is one (the simulator opens every TCB
  // right after making it): skip rebuilding it.
  if (pristine_) {
    pristine_ = false;
    return;
  }
  // Connection(config_) reads config_ before the assignment overwrites it.
  *this = Connection(config_);
  pristine_ = false;
}

void Connection::set_state(Time now, State to, std::string_view cause, std::string_view rfc,
                           Effects& out) {
  (void)now;
  const State from = state_;
  if (from == to) return;
  state_ = to;
  out.transitions.push_back(Transition{from, to, cause, rfc});
  switch (to) {
    case State::Listen:
      // Only a user's OPEN announces listening; falling back from SYN-RECEIVED does not
      // ("The user need not be informed", RFC 9293 3.10.7.4).
      if (from == State::Closed) out.app_events.push_back({AppEventKind::Listening});
      break;
    case State::SynSent:
      out.app_events.push_back({AppEventKind::Connecting});
      break;
    case State::Established:
      // A listener's copy becomes visible to the application now: Linux's accept() returns
      // a socket only once the handshake has completed (inet_csk_accept).
      if (accept_clone_) out.app_events.push_back({AppEventKind::Accepted});
      out.app_events.push_back({AppEventKind::Established});
      break;
    case State::Closed:
      // RFC 9293 3.10.7.x "enter the CLOSED state and delete the TCB": no timer survives.
      cancel_all_timers(out);
      out.app_events.push_back({AppEventKind::Closed});
      break;
    default:
      break;
  }
}

}  // namespace tcpviz::tcp
