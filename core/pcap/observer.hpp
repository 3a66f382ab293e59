// The passive observer (DESIGN.md, core/pcap): from the segments a capture saw, infer the
// states BOTH ends went through, as a Trace the UI can show like a simulated one (marked
// inferred). Nothing here knows an end's real state; every transition is a deduction from a
// segment seen, and its cause says so ("inferred: saw SYN sent").
//
// Where the capture point sits matters. A segment captured at time t left its sender a
// little before t and reaches its receiver a little after t. The observer estimates those two
// one-way delays from the handshake, assuming each end answers at once (a kernel sends the
// SYN-ACK and the handshake's ACK without waiting for the application):
//
//   client            capture point             server
//     |---- SYN ---------> t0 ----------------->  |      d_s = (t1 - t0) / 2
//     |                     |                     |        (capture point -> server)
//     |  <--------------- t1 <------- SYN|ACK ----|      d_c = (t2 - t1) / 2
//     |---- ACK ---------> t2                     |        (capture point -> client)
//
// A capture on the client host gives d_c ~ 0 and d_s ~ the whole one-way
// delay to the server; a capture on the server gives d_s ~ 0; a capture in the middle splits
// the round trip. A segment from the client seen at t is then sent at t - d_c and arrives at
// t + d_s (from the server: sent at t - d_s, arrives at t + d_c). The sender's transitions
// (e.g. SYN-SENT, FIN-WAIT-1) happen when it sends; the receiver's (SYN-RECEIVED, CLOSE-WAIT,
// TIME-WAIT ...) when the segment arrives. Without a captured handshake both delays are taken
// as 0 and a note says so. Times are shifted so that the first segment is sent at 0 (the note
// gives the shift, so trace time = capture time + shift).
#pragma once

#include <cstddef>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/state_inference.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::pcap {

struct PathEstimate {
  Duration capture_to_client{};  // d_c: one-way delay between the capture point and the client
  Duration capture_to_server{};  // d_s
  bool from_handshake = false;   // false: no handshake captured, both taken as 0
};

PathEstimate estimate_path(const Capture& capture, const Conversation& conversation);

// The inferred TIME-WAIT timer changes as the trace's timer records (armed, then fired or
// cancelled), appended to `timers`, which stays sorted by `armed` when `changes` is in time order.
void add_timer_records(const std::vector<InferredTimerChange>& changes, std::vector<trace::Timer>& timers);

// One conversation as a trace: segments (with their captured IP bytes in raw_bytes, rel_seq /
// rel_ack as Wireshark shows them), both ends' inferred transitions, inferred = true, and the
// capture's warnings in notes.
trace::Trace conversation_to_trace(const Capture& capture, const Conversation& conversation);

// Connection `conn` (numbered as summarize() numbers them). Out of range: an empty trace
// whose notes say so.
trace::Trace capture_to_trace(const Capture& capture, std::size_t conn);

}  // namespace tcpviz::pcap
