// Making a connection, and making a CLOSED one new again. (The one door for state changes,
// set_state, and the decision recorder, decide, are inline in connection.hpp.)
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

void Connection::announce_making_room(Effects& out, AppEventKind kind, std::uint32_t bytes) {
  const Label& l = out.label;
  out.app_events.push_back(AppEvent{l.t, l.conn, l.who, kind, bytes});
}

}  // namespace tcpviz::tcp
