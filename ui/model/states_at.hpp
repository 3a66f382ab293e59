// Both endpoints' states at a moment: what the state diagram highlights, and what the page's
// postMessage "state" event reports (SCENARIO_FORMAT.md: t_ms and both sides' states).
#pragma once

#include <array>
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

}  // namespace tcpviz::ui
