// A stable, human-readable text form of a trace: one event per line, every list merged in
// time order, absolute times in milliseconds with three decimals. Golden tests compare it, so
// it is deterministic and made for reading diffs:
//
//      0.000 [0] client  CLOSED -> SYN-SENT  (user connect; RFC 9293 3.10.1)
//      0.000 [0] client > server  #0 SYN seq=0 len=0 win=64240 <mss 1460,sackOK,TS 1:0,wscale 7>  delivered @50.000
//      0.000 [0] client  timer retransmit armed, deadline 1000.000
//     50.000 [0] server  why  LISTEN: SYN: ...  [RFC 9293 3.10.7.2]
//
// At one instant the order is: timers firing, decisions, transitions, application events,
// segments sent, timers armed or cancelled; within one kind, the order they happened.
#pragma once

#include <string>

#include "core/trace/trace.hpp"

namespace tcpviz::trace {

std::string trace_to_text(const Trace& trace);

// "1050.000" (microsecond ticks as milliseconds, exactly, with no floating point).
std::string ms_text(Time t);

}  // namespace tcpviz::trace
