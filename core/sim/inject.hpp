// Crafted segments (SCENARIO_FORMAT.md "inject"): old duplicates and attacks. The segment
// carries the named side's addresses and ports; its seq and ack are numbers or expressions
// over a connection's variables (iss, irs, snd.nxt, snd.una, rcv.nxt), evaluated when the
// segment arrives.
#pragma once

#include <cstdint>

#include "core/scenario/scenario.hpp"
#include "core/tcp/tcb.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::sim {

// `vars`: the TCB whose variables the expressions read (the connection the segment claims to
// belong to), nullptr when the side never had one (every variable is then 0).
// Defaults: seq is snd.nxt; ack is rcv.nxt when ACK is set (and 0 when it is clear and no
// expression is given).
wire::TcpSegment build_injected_segment(const scenario::Inject& inject, const tcp::Tcb* vars,
                                        std::uint16_t src_port, std::uint16_t dst_port);

}  // namespace tcpviz::sim
