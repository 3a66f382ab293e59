// The deterministic network (DESIGN.md, core/sim): runs a scenario from its start to its end
// and records everything in a Trace. A run is a pure function of the scenario (its seed
// included): the same scenario gives the same trace, byte for byte, natively and in wasm.
#pragma once

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

// Runs `scenario` into `out` (cleared first; its buffers are reused).
void run(const scenario::Scenario& scenario, trace::Trace& out);

inline trace::Trace run(const scenario::Scenario& scenario) {
  trace::Trace t;
  run(scenario, t);
  return t;
}

}  // namespace tcpviz::sim
