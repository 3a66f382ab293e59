// The narration panel's words (DESIGN.md, ui/): for the step under the playhead, what just
// happened in plain language, why, and where the RFC says so, in English and Chinese. Derived
// from the trace, so it is true for every edited scenario, not only for the stock lessons.
// Written in our own words; where the course notes are wrong (a SYN flag on the third
// handshake segment, a FIN flag or a random sequence number on the ACK of a FIN, CLOSING
// blamed on a lost ACK), the text says what really happens.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace/trace.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui::narration {

struct Line {
  std::string text;
  std::string rfc;  // "RFC 9293 3.5", empty when none applies
};

struct Narration {
  Time at{};                // the moment narrated (the last event at or before the playhead)
  std::vector<Line> lines;  // at most a handful
};

// Everything that happened at the last event time at or before `playhead`. `max_flight`, the
// longest sent->arrive of the trace (Workspace::max_flight), bounds the search; without it
// it is computed (a pass over every segment).
Narration narrate(const trace::Trace& t, Time playhead, Language lang, bool linux_names,
                  std::optional<Duration> max_flight = std::nullopt);

// One line for a state change of `who`: "The client got the SYN-ACK acknowledging its SYN...".
// With the trace, the words follow what really happened around it (the ACK of a FIN sent now
// or delayed, shutdown() or close(), the TIME-WAIT this run uses, a simultaneous open) and
// use the trace's endpoint names; without it (a question about the future) they stay general.
Line transition_line(const trace::Trace& t, const trace::Transition& x, Language lang,
                     bool linux_names);
Line transition_line(trace::Side who, tcp::State from, tcp::State to, Language lang,
                     bool linux_names);
// One line for a segment being sent (or lost, when `lost`), for the reason the trace shows.
Line segment_line(const trace::Trace& t, const trace::Segment& s, bool lost, Language lang);
Line arrival_line(const trace::Trace& t, const trace::Segment& s, Language lang);
// A note when a segment arrived at the very instant one of the receiver's timers was due and,
// arrivals coming first, stopped or restarted it (ties_text.cpp); nullopt when none did.
std::optional<Line> timer_tie_line(const trace::Trace& t, Time at, Language lang);

// A lesson's answer to its question (scenario/presets.hpp), by preset id; nullopt for ids
// without one.
std::optional<std::string_view> preset_answer(std::string_view preset_id, Language lang);
// The ids that have an answer, in table order (for the test that every lesson has one).
std::vector<std::string_view> preset_answer_ids();

// A decision's "why" (core/tcp/effects.hpp) in the UI language. In Chinese the text comes from
// a table keyed by the core's English template (decisions_zh.cpp), filled with the same values;
// decision_text_zh / decision_step_zh say nullopt for a template the table lacks, and
// decision_text / decision_step then fall back to the English.
std::optional<std::string> decision_text_zh(const tcp::Decision& d);
std::optional<std::string_view> decision_step_zh(std::string_view step);
std::string decision_text(const tcp::Decision& d, Language lang);
std::string decision_step(std::string_view step, Language lang);

// "client" / "客户端"; the trace's endpoint name when it has a custom one.
std::string side_words(const trace::Trace& t, trace::Side s, Language lang);

}  // namespace tcpviz::ui::narration
