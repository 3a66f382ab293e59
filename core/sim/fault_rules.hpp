// The scripted fault rules of a scenario (SCENARIO_FORMAT.md "faults"), applied to every
// segment a connection puts on the wire, in order, before any random fault: the first rule
// whose match fits decides.
//
// Counting (`#n`): every rule counts, on its own, the segments from its side that are of its
// kind and pass its filters, retransmissions included, whether or not an earlier rule already
// decided that segment's fate. So "client data #2" always means the client's second data
// segment, the same segment a reader counts on the ladder diagram, no matter which other
// rules exist. Copies made by the network and injected segments are not "sent by a side"
// and are neither counted nor matched.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::sim {

// The facts of one sent segment a match compares.
struct WireFacts {
  scenario::Side from = scenario::Side::Client;
  std::uint32_t conn = 0;
  std::uint32_t rel_seq = 0;
  std::optional<std::uint32_t> rel_ack;  // none when ACK is clear
};

// The kind and filters of `m` (not its side or #n).
bool matches_kind_and_filters(const scenario::SegmentMatch& m, const wire::TcpSegment& seg,
                              const WireFacts& facts);

class FaultRules {
 public:
  void reset(std::span<const scenario::Fault> faults);
  bool empty() const { return faults_.empty(); }
  // Counts `seg` for every rule and returns the index (into the scenario's faults) of the
  // first rule that applies to it, if any.
  // Inline for a scenario without rules (most lessons): nothing to count or match.
  std::optional<std::uint32_t> first_match(const wire::TcpSegment& seg, const WireFacts& facts) {
    if (faults_.empty()) return std::nullopt;
    return first_match_of_rules(seg, facts);
  }

 private:
  std::optional<std::uint32_t> first_match_of_rules(const wire::TcpSegment& seg,
                                                    const WireFacts& facts);
  std::span<const scenario::Fault> faults_;
  std::vector<std::uint32_t> counts_;  // per fault rule
};

}  // namespace tcpviz::sim
