// The trace JSON of SCENARIO_FORMAT.md ("Trace (JSON), what a run produces"), a public
// interface: the CLI prints it, the page's `tcpviz.trace()` returns it, scripts read it.
#pragma once

#include <string>
#include <string_view>

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"
#include "core/util/result.hpp"

namespace tcpviz::trace {

// Version 1. `scenario_as_run` (may be null, e.g. for a capture) goes in "scenario" with its
// defaults filled in. Besides the documented fields the object carries "conns" (every
// incarnation of the 4-tuple: addresses, ports, ISNs), "notes", "end_ms", "hit_time_cap" and
// "inferred"; endpoints also give "name" and "ip".
// `indent` < 0: one line; otherwise pretty-printed with that many spaces.
std::string trace_to_json(const Trace& trace, const scenario::Scenario* scenario_as_run,
                          int indent = -1);

// A hex string of bytes, lowercase, no separators ("9c400050...").
std::string to_hex(const std::vector<std::uint8_t>& bytes);

}  // namespace tcpviz::trace
