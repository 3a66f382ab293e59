// Fault rules made from clicks (SCENARIO_FORMAT.md, "faults"): every fault the UI creates is
// an ordinary match rule, "<side> <kind> #n [conn=N]", so an edited scenario is still a plain
// scenario that can be saved and shared. Pure functions, tested without ImGui.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"
#include "ui/model/command.hpp"

namespace tcpviz::ui {

// The kind a person would name this segment by: SYN, SYN|ACK, RST, FIN, data or ACK (in that
// order of precedence: a FIN carrying data is named FIN). nullopt for a segment none of the
// words fit (no SYN, FIN, RST or ACK and no payload); the caller then offers nothing.
std::optional<scenario::MatchKind> kind_of(const trace::Segment& s);
std::string_view kind_word(scenario::MatchKind k);  // "SYN", "SYN|ACK", "FIN", ..., "data"

// Whether `s` is of kind `k` in the format's sense (a FIN with data is both FIN and data).
bool segment_has_kind(const trace::Segment& s, scenario::MatchKind k);

// The rule that picks exactly this segment: "<side> <kind> #n", n counted the way the format
// counts (the n-th segment from that side of that kind, 1-based, retransmissions included),
// with "conn=N" added when the trace holds several connections. `every`: "<side> <kind> *"
// (every one like this). nullopt for segments no rule can pick: network duplicates and
// injected segments (they are not sent by the side), or an unknown id.
std::optional<scenario::SegmentMatch> match_for(const trace::Trace& t, std::uint32_t segment_id,
                                                bool every = false);

// What a click on a segment means: drop it, or, if a drop rule already dropped it, remove that
// rule ("clicking again removes it"). An existing rule with the same match text is replaced.
std::optional<Command> toggle_drop_command(const scenario::Scenario& s, const trace::Trace& t,
                                           std::uint32_t segment_id);
// Delay this segment by `extra` on top of the link delay (dragging its arrival end). A zero or
// negative delay removes an existing delay rule for it.
std::optional<Command> delay_command(const scenario::Scenario& s, const trace::Trace& t,
                                     std::uint32_t segment_id, Duration extra);
std::optional<Command> duplicate_command(const scenario::Scenario& s, const trace::Trace& t,
                                         std::uint32_t segment_id, std::uint32_t copies);
std::optional<Command> drop_every_command(const scenario::Scenario& s, const trace::Trace& t,
                                          std::uint32_t segment_id);

// The index of the scenario's first match rule whose text is `text`, if any.
std::optional<std::size_t> find_rule(const scenario::Scenario& s, std::string_view text);

}  // namespace tcpviz::ui
