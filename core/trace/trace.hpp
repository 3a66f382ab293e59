// The record of a run or a capture (DESIGN.md, core/trace): segments, state transitions,
// timers, application events and the decisions behind them. Append-only and sorted by time,
// so views binary-search it; everything carries `conn`, the connection it belongs to.
// Transitions, decisions and application events are the state machine's own records
// (core/tcp/effects.hpp), labelled by the connection as it makes them.
// The JSON and text forms are in trace_json.hpp and trace_text.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/effects.hpp"
#include "core/tcp/state.hpp"
#include "core/util/side.hpp"
#include "core/util/time.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::trace {

using tcpviz::Side;
using tcpviz::peer_of;
using tcpviz::side_name;  // "client", "server"

enum class Fate : std::uint8_t { Delivered, Dropped, InFlight /* run ended before arrival */ };
std::string_view fate_name(Fate f);  // "delivered", "dropped", "in-flight"

inline constexpr std::int32_t kNoFault = -1;
inline constexpr std::int32_t kRandomFault = -2;

struct Segment {
  std::uint32_t id = 0;
  std::uint32_t conn = 0;
  Side from = Side::Client;
  wire::TcpSegment tcp;
  std::uint32_t rel_seq = 0;              // to the sender's ISN, as Wireshark shows it
  std::optional<std::uint32_t> rel_ack;   // to the receiver's ISN; none when ACK is clear
  Time sent{};
  Time arrive{};                          // when it arrives (or would have, if dropped)
  Fate fate = Fate::Delivered;
  std::int32_t fault = kNoFault;          // index into the scenario's faults, or kRandomFault
  bool retransmission = false;
  bool injected = false;
  std::optional<std::uint32_t> copy_of;   // a duplicate made by the network
  // The segment's bytes (IPv4 header + TCP header + payload) inside Trace::raw_bytes, when
  // they were captured or built; raw_len 0 means "build them from the fields" (build_bytes).
  std::uint32_t raw_offset = 0;
  std::uint32_t raw_len = 0;
  bool truncated = false;                 // a capture cut it at the snap length
};

// {t, conn, who, from, to, cause, rfc}; cause and rfc are static text from the state machine
// (or the observer).
using Transition = tcp::Transition;

enum class TimerEnd : std::uint8_t { Fired, Cancelled, Pending /* still armed when the run ended */ };
std::string_view timer_end_name(TimerEnd e);  // "fired", "cancelled", "pending"

struct Timer {
  std::uint32_t conn = 0;
  Side who = Side::Client;
  tcp::TimerKind kind = tcp::TimerKind::Retransmit;
  Time armed{};
  Time deadline{};
  TimerEnd end = TimerEnd::Pending;
  Time end_t{};
};

using AppEvent = tcp::AppEvent;          // {t, conn, who, kind, bytes}
using Decision = tcp::DecisionRecord;    // {t, conn, who, segment, what}

// One incarnation of the 4-tuple (SCENARIO_FORMAT.md: numbered from 0 in creation order).
struct Connection {
  std::array<std::uint32_t, 2> ip{};     // IPv4 addresses, host order, [client, server]
  std::array<std::uint16_t, 2> port{};   // [client, server]
  std::array<std::optional<wire::SeqNum>, 2> isn{};  // [client, server], once known
};

struct Endpoint {
  std::string name;       // shown in the UI ("client", or the scenario's "name")
  std::uint32_t ip = 0;   // host order
  std::uint16_t port = 0;
};

struct Trace {
  std::array<Endpoint, 2> endpoints;  // [client, server]
  std::vector<Connection> conns;
  std::vector<Segment> segments;      // by `sent`, ties in the order they happened
  std::vector<Transition> transitions;
  std::vector<Timer> timers;          // by `armed`
  std::vector<AppEvent> app_events;
  std::vector<Decision> decisions;
  std::vector<std::uint8_t> raw_bytes;
  Time end{};                         // when the run (or capture) ended
  bool hit_time_cap = false;          // the one-hour cap stopped a runaway scenario
  bool inferred = false;              // states were inferred from a capture, not simulated
  std::vector<std::string> notes;     // warnings to show (capture problems, caps hit)

  void clear();  // keeps capacity, for reuse in loops
};

}  // namespace tcpviz::trace
