// Scenario JSON -> Scenario (SCENARIO_FORMAT.md). Every field is validated; an unknown or
// out-of-range field is an error whose message starts with the field's JSON pointer
// ("/faults/2/match: unknown kind 'SYNACK' (expected SYN, SYN|ACK, FIN, RST, ACK, data or =FLAGS)").
#pragma once

#include <string>
#include <string_view>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"

namespace tcpviz::scenario {

Result<Scenario> parse_scenario(std::string_view json_text);
// The scenario as JSON with every default filled in (what a trace's "scenario" holds), and
// what the page puts in its URL hash. parse_scenario(scenario_to_json(s)) == s.
std::string scenario_to_json(const Scenario& s);

// One fault-match string, "server SYN|ACK #1 conn=0" (shared with --fault and live mode).
Result<SegmentMatch> parse_segment_match(std::string_view text);
// "<match> drop" / "<match> delay=<ms>" / "<match> duplicate=<n>": the CLI's --fault form.
Result<Fault> parse_fault_flag(std::string_view text);

}  // namespace tcpviz::scenario
