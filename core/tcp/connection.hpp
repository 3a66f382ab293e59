// One TCP connection as a pure state machine ("sans-IO"), RFC 9293 section 3.10.
//
// Inputs: an application call, an arriving segment or the passing of time, each with the
// current time. Output: everything that input caused, appended to the caller's Effects.
// The connection owns no clock, no randomness, no I/O and no callbacks: the ISN and the
// profile come in from outside and `next_deadline()` says when to call back. Payload bytes
// are not stored here either: a connection tracks sequence space; whoever owns it keeps the
// bytes (the simulator synthesizes them, the live host buffers them).
#pragma once

#include <cstdint>
#include <optional>

#include "core/tcp/effects.hpp"
#include "core/tcp/profile.hpp"
#include "core/tcp/state.hpp"
#include "core/tcp/tcb.hpp"
#include "core/util/time.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::tcp {

struct ConnectionConfig {
  Profile profile;
  OptionOffer offer;             // what this side puts in its SYN / SYN-ACK
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::uint32_t ts_offset = 0;   // RFC 7323 5.4: per-connection random TSval offset
};

class Connection {
 public:
  explicit Connection(const ConnectionConfig& config);

  // --- Application calls (RFC 9293 3.10.1 - 3.10.6) ---
  // OPEN, active: CLOSED -> SYN-SENT, sends <SEQ=ISS><CTL=SYN>.
  void open_active(Time now, wire::SeqNum iss, Effects& out);
  // OPEN, passive: CLOSED -> LISTEN.
  void open_passive(Time now, Effects& out);
  // A listening TCB about to take a SYN: the copy the owner makes of a listener gets the ISS
  // the owner chose for this 4-tuple (RFC 6528) before the SYN is delivered to it.
  void set_iss_for_accept(wire::SeqNum iss);
  // SEND: queue `bytes` bytes of data.
  void send(Time now, std::uint32_t bytes, Effects& out);
  // CLOSE: FIN after the queued data; the application releases the connection.
  void close(Time now, Effects& out);
  // Half-close: FIN after the queued data; the application keeps receiving.
  void shutdown(Time now, Effects& out);
  // ABORT: RST to the peer (when synchronized), then CLOSED.
  void abort(Time now, Effects& out);

  // --- The network (RFC 9293 3.10.7) ---
  void segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out);

  // --- Time ---
  // The earliest armed timer's deadline, nullopt when nothing is armed.
  std::optional<Time> next_deadline() const;
  // Fires every timer whose deadline is <= now (RFC 9293 3.10.8).
  void deadline_reached(Time now, Effects& out);

  State state() const { return state_; }
  const Tcb& tcb() const { return tcb_; }
  const ConnectionConfig& config() const { return config_; }
  // True once the application has released the connection (close or abort), which is what
  // Linux's FIN-WAIT-2 timeout depends on.
  bool released_by_application() const { return released_; }

 private:
  // The state machine engineer owns everything below; the public API above is a contract.
  void set_state(Time now, State to, std::string_view cause, std::string_view rfc, Effects& out);

  ConnectionConfig config_;
  State state_ = State::Closed;
  Tcb tcb_;
  bool released_ = false;
};

}  // namespace tcpviz::tcp
