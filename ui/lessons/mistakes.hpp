// "Common mistakes" (issue 7): wrong claims found in popular study notes
// (/work/shared/lecture-notes), each shown next to the built-in lesson whose trace disproves
// it. Every mistake carries the claim in the students' own words (en + zh), what really
// happens (en + zh), where RFC 9293 says so, the preset to load, and a predicate that finds
// the segment (and moment) in that preset's trace that contradicts the claim, so "Show me"
// can seek to it and select it. Logic only (no ImGui): tests/ui/lessons_mistakes_test.cpp
// runs each preset through the simulator and checks the predicate and the contradiction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/trace/trace.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui::lessons {

// Where in a trace a claim is disproved: the segment to select and the moment to seek to
// (the segment's arrival, or its loss, so its whole arrow is on screen).
struct Evidence {
  std::uint32_t segment = 0;
  Time at{};
};

struct Mistake {
  std::string_view id;        // "third-segment-syn"
  std::string_view claim_en;  // what the notes say
  std::string_view claim_zh;
  std::string_view truth_en;  // what RFC 9293 and the trace say
  std::string_view truth_zh;
  std::string_view rfc;       // "RFC 9293 3.5, Figure 6 line 4"
  std::string_view preset;    // the lesson that disproves it (scenario/presets.hpp)
  std::string_view where_en;  // how to find the moment: "the client's third segment"
  std::string_view where_zh;
  std::optional<Evidence> (*find)(const trace::Trace& t);
};

std::span<const Mistake> mistakes();
const Mistake* find_mistake(std::string_view id);

// The predicates behind Mistake::find, also useful on their own (e.g. any edited scenario).
// The third segment of connection 0 (the client's ACK completing the handshake).
std::optional<Evidence> third_handshake_segment(const trace::Trace& t);
// The first segment that acknowledges the first FIN, sent by the FIN's receiver.
std::optional<Evidence> ack_of_first_fin(const trace::Trace& t);
// The first segment that acknowledges the second FIN (the other side's): the last ACK.
std::optional<Evidence> last_ack(const trace::Trace& t);
// The segment whose arrival moved a side from FIN-WAIT-1 to CLOSING; none without CLOSING.
std::optional<Evidence> closing_entered(const trace::Trace& t);
// The first FIN sent after data flowed (its SEQ is the ISN plus everything sent before it).
std::optional<Evidence> fin_after_data(const trace::Trace& t);
// The data segment whose arrival moves its receiver from SYN-RECEIVED to ESTABLISHED: its
// cumulative ack did the work of a lost handshake ACK. None when a pure ACK completed it.
std::optional<Evidence> data_completes_handshake(const trace::Trace& t);
// The active opener's RST answering a SYN-ACK that does not acknowledge its SYN (an old
// duplicate's SYN-ACK, RFC 9293 Figure 8 line 5).
std::optional<Evidence> old_syn_ack_refused(const trace::Trace& t);
// The first FIN that arrives at a TCB in TIME-WAIT: the peer had not closed (it was still
// retransmitting its FIN) when this side's last ACK went out.
std::optional<Evidence> fin_again_in_time_wait(const trace::Trace& t);

// What the selected segment shows, with its numbers, as one sentence in `lang`:
// "Segment #2: flags ACK, seq=1, ack=1 (relative)".
std::string evidence_text(const trace::Trace& t, const Evidence& e, Language lang);

}  // namespace tcpviz::ui::lessons
