// Records live traffic into the same trace::Trace the simulator produces (segments with raw
// bytes, transitions, timers, application events, decisions), so the UI shows a live run
// the way it shows a simulated one. Live runs have no end, so memory is bounded: past a cap
// the oldest quarter of each event list is evicted (and said so in the trace's notes and
// counters); of the segments, the oldest half (by count, or by bytes past the packet-bytes
// cap), because every eviction moves what is kept, and a fast relay fills the caps several
// times a second.
// Payload bytes are kept as tcpdump's snap length keeps them (TraceCaps::snaplen): every
// header always, the first bytes of each direction whole, past them only a few payload bytes
// per segment (marked `truncated`; the pcap export writes the original length).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/tcp/effects.hpp"
#include "core/trace/trace.hpp"
#include "core/util/time.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::live {

struct TraceCaps {
  // 150,000 with half evicted keeps at least the 75,000 newest, as 100,000 with a quarter
  // evicted did; at ~180 bytes per segment past the snap length (plus 192 for trace::Segment)
  // that is ~56 MB at most, less than the 64 MiB byte cap alone allowed before.
  std::size_t max_segments = 150000;
  std::size_t max_raw_bytes = 64u << 20;  // 64 MiB of packet bytes
  std::size_t max_events = 200000;        // per list: transitions, timers, app events, decisions
  std::size_t max_conns = 100000;         // the host refuses new connections past this
  // Payload snap length. The first `keep_whole` payload bytes of each direction of each
  // connection are recorded whole, so lesson-sized connections (an HTTP exchange, an nc of a
  // file of a few KiB) export a complete pcap; past them each segment keeps its headers and its
  // first `snaplen` payload bytes (tcpdump -s, counted after the headers), enough for an
  // application header, and the trace marks it truncated. 0 keeps every byte.
  // Why these defaults: recording whole payload was the relay's main cost (bench/relay.sh,
  // live/README.md): a 1,448-byte segment is copied into the trace, copied again when the
  // byte cap evicts, and (TSO) checksummed; 128 bytes cut the bytes per segment from ~1,500 to
  // ~180, so the segment cap, not the byte cap, bounds a bulk transfer's history.
  std::size_t keep_whole = 64u << 10;
  std::size_t snaplen = 128;
};

struct SegmentRecord {
  Time sent{};
  Time arrive{};
  std::uint32_t conn = 0;
  trace::Side from = trace::Side::Client;
  trace::Fate fate = trace::Fate::Delivered;
  std::int32_t fault = trace::kNoFault;
  std::optional<std::uint32_t> copy_of;
};

class TraceRecorder {
 public:
  explicit TraceRecorder(const TraceCaps& caps = {}) : caps_(caps) {}

  // A new incarnation of a 4-tuple; returns its `conn` number.
  std::uint32_t new_connection(std::uint32_t client_ip, std::uint16_t client_port,
                               std::uint32_t server_ip, std::uint16_t server_port);
  void set_isn(std::uint32_t conn, trace::Side side, wire::SeqNum isn);

  // One segment on the wire; `ip_packet` is its IPv4 header + TCP header + payload.
  // Sets rel_seq/rel_ack from the ISNs known (a SYN makes its sender's ISN known) and marks a
  // retransmission when the segment carries no sequence number beyond what that side sent.
  // Returns the segment's id.
  std::uint32_t record_segment(const SegmentRecord& r, const wire::TcpSegment& seg,
                               std::span<const std::uint8_t> ip_packet) {
    return record_segment(r, seg, ip_packet, {});
  }
  // The same, with the packet's bytes in two parts (headers, then payload), stored back to back.
  // Past the snap length (TraceCaps::snaplen) only payload_kept() bytes of the payload are
  // stored (the packet's last bytes are the payload's, whatever the split) and the segment is
  // marked truncated.
  std::uint32_t record_segment(const SegmentRecord& r, const wire::TcpSegment& seg,
                               std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail);

  // How many of `seg`'s payload bytes record_segment() would store now: all of them within the
  // first TraceCaps::keep_whole bytes of the sender's stream, else TraceCaps::snaplen. The
  // relay asks first, so it finishes no checksum over bytes the trace will not hold.
  std::uint32_t payload_kept(std::uint32_t conn, trace::Side from, wire::SeqNum seq, std::uint32_t payload_len) const;

  // What one input to a connection caused (everything but its segments, which are recorded
  // as they go on the wire).
  void record_effects(Time now, std::uint32_t conn, trace::Side who, const tcp::Effects& effects,
                      std::optional<std::uint32_t> cause_segment);

  // One transition that was not caused by this recorder's own inputs (relay mode: inferred
  // by the passive observer). It may be up to a handshake late (the observer learns that a
  // server was listening only from its SYN|ACK), so it goes in at its place in time order.
  void record_transition(const trace::Transition& t);
  // The states in this trace are inferred, not a state machine's own (trace.inferred).
  void set_inferred() { trace_.inferred = true; }

  void add_note(std::string note);
  // Stamps the end time; timers still armed stay Pending.
  void finish(Time end);

  const trace::Trace& trace() const { return trace_; }
  bool conns_full() const { return trace_.conns.size() >= caps_.max_conns; }
  std::uint64_t evicted_segments() const { return evicted_segments_; }
  std::uint64_t evicted_events() const { return evicted_events_; }

 private:
  struct ConnState {
    std::array<std::optional<wire::SeqNum>, 2> highest_end;  // per side: max SEQ+SEG.LEN sent
    // Per side, per TimerKind: the index in timers of the one still open. Per side because
    // both ends can hold the same timer at once (relay mode: a simultaneous close leaves both
    // in TIME-WAIT).
    std::array<std::array<std::optional<std::size_t>, 4>, 2> open_timer;
    // Per side: the sequence number of the first data byte, for the snap length's stream
    // offsets (ISN + 1 once the SYN is seen, else the first segment's), and how far the
    // stream has advanced (64 bits: past 2^31 the 32-bit offsets could wrap back into the
    // kept-whole part, RFC 9293 3.4 sequence arithmetic).
    std::array<std::optional<wire::SeqNum>, 2> stream_start;
    std::array<std::uint64_t, 2> advanced{};
  };
  void evict_segments(bool bytes_full);
  template <class T>
  void evict_front(std::vector<T>& list);
  void evict_timers();

  TraceCaps caps_;
  trace::Trace trace_;
  std::vector<ConnState> conn_states_;  // index: conn (conns are never evicted; the host caps them)
  std::uint32_t next_segment_id_ = 0;
  std::uint64_t evicted_segments_ = 0;
  std::uint64_t evicted_events_ = 0;
  bool eviction_noted_ = false;
  bool snap_noted_ = false;
};

}  // namespace tcpviz::live
