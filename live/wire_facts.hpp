// What a fault rule needs to know about a real segment (sim::WireFacts): the side, the
// connection and the sequence numbers relative to each side's ISN as recorded so far. Shared
// by host mode and relay mode, which see real segments in the same way.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/sim/fault_rules.hpp"
#include "core/trace/trace.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::live {

inline sim::WireFacts wire_facts_of(const trace::Connection& tc, std::uint32_t conn,
                                    trace::Side from, const wire::TcpSegment& seg) {
  const auto from_i = static_cast<std::size_t>(from);
  const auto to_i = static_cast<std::size_t>(trace::peer_of(from));
  // A SYN carries its sender's ISN; before any is known, the segment is its own origin.
  const wire::SeqNum own_isn = seg.flags.syn() ? seg.seq : tc.isn[from_i].value_or(seg.seq);
  sim::WireFacts facts;
  facts.from = from;
  facts.conn = conn;
  facts.rel_seq = seg.seq.raw() - own_isn.raw();
  if (seg.flags.ack()) facts.rel_ack = seg.ack.raw() - (tc.isn[to_i] ? tc.isn[to_i]->raw() : 0u);
  return facts;
}

}  // namespace tcpviz::live
