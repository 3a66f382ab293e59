// Turns what a connection reports (tcp::Effects) into trace entries: state transitions, timer
// records (Armed opens one, Cancelled or Fired closes it, one still armed when the run ends
// stays Pending), application events, and the decisions, tied to the arriving segment that
// caused them. Segments are recorded by the simulator, which decides their fate on the link.
#pragma once

#include <cstdint>
#include <optional>

#include "core/sim/host.hpp"
#include "core/tcp/effects.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

class Recorder {
 public:
  void bind(trace::Trace& out) { out_ = &out; }

  // Everything in `fx` except its segments.
  void record(trace::Side who, Endpoint& e, Time now, std::optional<std::uint32_t> segment,
              const tcp::Effects& fx);
  // A transition the simulator makes on its own (a reboot, a TIME-WAIT taken over).
  void transition(trace::Side who, std::uint32_t conn, Time now, tcp::State from, tcp::State to,
                  std::string_view cause, std::string_view rfc);
  void decision(trace::Side who, std::uint32_t conn, Time now,
                std::optional<std::uint32_t> segment, const tcp::Decision& what);
  // Closes every timer record `e` still has open (its TCB is gone).
  void close_timers(Endpoint& e, Time now, trace::TimerEnd how);
  // The end of the run: open timers stay Pending, segments not yet arrived are InFlight.
  // `arrivals_pending` is false when the run handled every event it queued: then every
  // segment not dropped has arrived by `end`, and the segments need no look.
  void finish(Time end, bool arrivals_pending);

 private:
  trace::Trace* out_ = nullptr;
};

}  // namespace tcpviz::sim
