// What a live session hands the UI thread once per change (live/session.hpp): the recorded
// trace, one summary per kept connection, the engine's counters and what the caps evicted.
// Plain values over core/ types only, with no OS headers, so the UI's live panel can read
// them; only the desktop app (which links tcpviz_live) ever fills them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/tcp/state.hpp"
#include "core/trace/trace.hpp"
#include "core/util/time.hpp"

namespace tcpviz::live {

enum class SessionMode : std::uint8_t { Host, Relay };

// Where a connection is in its life, as the segments on the wire show it (both modes see
// segments; only host mode also has our side's state machine): the list's status column.
enum class ConnectionStatus : std::uint8_t {
  New,     // a SYN (and maybe its SYN,ACK) seen, the handshake not yet completed
  Active,  // the handshake completed, or traffic of a connection whose SYN was not seen
  Closing, // a FIN seen from one side only
  Closed,  // a FIN seen from both sides (RFC 9293 3.6)
  Reset,   // an RST seen (RFC 9293 3.5.2)
};
std::string_view connection_status_name(ConnectionStatus s);  // "new", "active", ...

struct SessionConnection {
  std::uint32_t conn = 0;  // trace::Segment::conn
  std::array<std::uint32_t, 2> ip{};    // [client, server], host order
  std::array<std::uint16_t, 2> port{};  // [client, server]
  ConnectionStatus status = ConnectionStatus::New;
  std::size_t segments = 0;             // kept in the trace (evicted ones not counted)
  std::size_t retransmissions = 0;
  std::size_t dropped = 0;              // by a fault rule
  Time first_seen{};
  Time last_seen{};
  std::array<std::uint64_t, 2> bytes{};  // new payload bytes [client to server, server to client]
  // The last state each side [client, server] entered, where the trace has transitions: our
  // side in host mode, both sides where the relay infers them.
  std::array<std::optional<tcp::State>, 2> state;
  // How it ended, once Closed (RFC 9293 3.6): "three-segment", "four-segment", "simultaneous".
  std::string_view close_kind;
};

struct SessionCounter {
  std::string name;
  std::uint64_t value = 0;
};

struct SessionSnapshot {
  std::uint64_t generation = 0;  // bumped on every published change
  SessionMode mode = SessionMode::Host;
  std::string description;       // "host 192.0.2.2/24 on tap0", "relay tap0 <-> tap1"
  bool running = false;          // false once the loop has ended (stopped, or an error)
  std::string error;             // why the loop ended early, if it did
  Time now{};                    // session time of this snapshot
  // The whole recorded trace, shared (never copied by the UI); entries carry `conn`.
  std::shared_ptr<const trace::Trace> trace;
  std::vector<SessionConnection> connections;  // most recent last, at most max_connections
  std::vector<SessionCounter> counters;
  std::uint64_t evicted_segments = 0;     // segments the recorder's caps evicted so far
  std::uint64_t evicted_connections = 0;  // connections no longer in `connections`
  std::size_t max_connections = 0;
  std::size_t max_segments = 0;
  std::vector<scenario::Fault> faults;  // the rules in force
  bool faults_editable = false;         // whether replace_faults() reaches the engine
  std::vector<std::string> log;         // the engine's last lines, oldest first
};

}  // namespace tcpviz::live
