// Ties what the connections report (tcp::Effects) to the trace. For the length of a run the
// trace's transitions, decisions and application events live in the simulator's Effects: the
// connections stamp each record with the label set before each input (begin_input), so they
// are appended straight to the trace, with no copy. What is left to do after an input is the
// timer records (Armed opens one, Cancelled or Fired closes it, one still armed when the run
// ends stays Pending). Segments are recorded by the simulator, which decides their fate on the
// link.
#pragma once

#include <cstdint>
#include <optional>

#include "core/sim/host.hpp"
#include "core/tcp/effects.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

class Recorder {
 public:
  // The start of a run: `fx` takes the trace's (cleared) transition, decision and app-event
  // vectors, and finish() gives them back. A swap, not a copy: both keep their capacity, so a
  // warm simulator allocates nothing for them.
  void bind(trace::Trace& out, tcp::Effects& fx);

  // Before an input to endpoint `e` of `who`: the label the connection stamps on its records
  // (a listener's records carry the number of the connection it would make next).
  void begin_input(trace::Side who, const Endpoint& e, Time now,
                   std::optional<std::uint32_t> segment) {
    const std::uint32_t conn =
        e.listener ? static_cast<std::uint32_t>(out_->conns.size()) : e.conn;
    fx_->begin_input(tcp::Label{now, conn, who, segment});
  }
  // After the input: its timer changes become timer records, and its records take `e.conn`
  // if the simulator numbered the connection only after the input (a listener's copy).
  void record(trace::Side who, Endpoint& e, Time now);
  // A transition the simulator makes on its own (a reboot, a TIME-WAIT taken over).
  void transition(trace::Side who, std::uint32_t conn, Time now, tcp::State from, tcp::State to,
                  std::string_view cause, std::string_view rfc);
  void decision(trace::Side who, std::uint32_t conn, Time now,
                std::optional<std::uint32_t> segment, const tcp::Decision& what);
  // Closes every timer record `e` still has open (its TCB is gone).
  void close_timers(Endpoint& e, Time now, trace::TimerEnd how);
  // The end of the run: the records go back to the trace, open timers stay Pending, segments
  // not yet arrived are InFlight. `arrivals_pending` is false when the run handled every event
  // it queued: then every segment not dropped has arrived by `end`, and the segments need no
  // look.
  void finish(Time end, bool arrivals_pending);

 private:
  trace::Trace* out_ = nullptr;
  tcp::Effects* fx_ = nullptr;
};

}  // namespace tcpviz::sim
