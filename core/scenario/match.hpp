// The fault-match grammar of SCENARIO_FORMAT.md ("<side> <kind> <which> [seq=N] [ack=N]
// [len=N] [conn=N]") beyond what parse.hpp declares: the kind test a simulator or a live
// relay applies to a segment on the wire.
#pragma once

#include "core/scenario/scenario.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::scenario {

// True when `seg` is of the match's kind (side, which and the filters are the caller's):
// SYN: SYN set, ACK clear; SYN|ACK: both; FIN: FIN set; RST: RST set; ACK: a pure ACK (ACK set,
// no SYN, FIN or RST, no payload); data: payload and no SYN or RST; =FLAGS: exactly these of
// SYN, FIN, RST, ACK (PSH, URG, ECE, CWR, AE are never compared).
bool segment_is_kind(const SegmentMatch& m, const wire::TcpSegment& seg);

}  // namespace tcpviz::scenario
