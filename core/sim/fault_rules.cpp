#include "core/sim/fault_rules.hpp"

#include "core/scenario/match.hpp"

namespace tcpviz::sim {

bool matches_kind_and_filters(const scenario::SegmentMatch& m, const wire::TcpSegment& seg,
                              const WireFacts& facts) {
  // The kind test is scenario's, shared with the live relay, so both read a match the same way.
  if (!scenario::segment_is_kind(m, seg)) return false;
  if (m.rel_seq && *m.rel_seq != facts.rel_seq) return false;
  // ack=N compares the relative acknowledgment number, which only exists with ACK set.
  if (m.rel_ack && (!facts.rel_ack || *m.rel_ack != *facts.rel_ack)) return false;
  if (m.len && *m.len != seg.payload_len) return false;
  if (m.conn && *m.conn != facts.conn) return false;
  return true;
}

void FaultRules::reset(std::span<const scenario::Fault> faults) {
  faults_ = faults;
  // Most lessons have no rules: clear() is a store where assign() of nothing is a call.
  if (faults.empty()) {
    counts_.clear();
  } else {
    counts_.assign(faults.size(), 0);
  }
}

std::optional<std::uint32_t> FaultRules::first_match_of_rules(const wire::TcpSegment& seg,
                                                              const WireFacts& facts) {
  std::optional<std::uint32_t> first;
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    const scenario::Fault& f = faults_[i];
    if (!f.match || f.match->side != facts.from) continue;
    if (!matches_kind_and_filters(*f.match, seg, facts)) continue;
    const std::uint32_t n = ++counts_[i];
    const bool applies = !f.match->nth || *f.match->nth == n;
    if (applies && !first) first = static_cast<std::uint32_t>(i);
  }
  return first;
}

}  // namespace tcpviz::sim
