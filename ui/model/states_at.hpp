// Both endpoints' states at a moment: what the state diagram highlights, and what the page's
// postMessage "state" event reports (SCENARIO_FORMAT.md: t_ms and both sides' states). And
// one connection's TCB at a moment: what a segment of that connection meets when it arrives.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/trace/trace.hpp"

namespace tcpviz::ui {

struct SideState {
  tcp::State state = tcp::State::Closed;     // CLOSED before its first transition
  std::optional<trace::Transition> last;     // the transition that led there, if any
};

// [client, server] at `t` (transitions at exactly `t` have happened). All connections of a
// side share its lifeline; the latest transition wins.
std::array<SideState, 2> states_at(const trace::Trace& tr, Time t);

// The state of connection `conn`'s TCB on side `who` at `t` (transitions at exactly `t` have
// happened): the TCB an arriving segment of that connection is processed by (RFC 9293 3.10.7),
// which the merged lifeline above can hide (a closed earlier connection hides the listener).
// Before its first transition a TCB is in the state that transition leaves: a connection the
// listener spawns starts from LISTEN (3.10.7.2), one nobody opened is CLOSED (3.10.7.1).
tcp::State tcb_state_at(const trace::Trace& tr, std::uint32_t conn, trace::Side who, Time t);

}  // namespace tcpviz::ui
