// The bytes of a trace segment: IPv4 header + TCP header + payload (DESIGN.md, core/trace).
//
// A captured segment has its bytes in Trace::raw_bytes. A simulated one is built from its
// fields, with the connection's addresses, Linux's IPv4 header (see packet_builder.hpp) and
// a SYNTHETIC PAYLOAD: the simulator moves byte counts, not bytes, so the data is made up,
// but made up the same way everywhere (natively and in wasm, in the UI's hex view, in
// exported captures), from the sending side and the stream offset alone.
//
// The synthetic stream is a run of 16-byte records, one per 16 stream offsets:
//   record r (stream offsets 16r .. 16r+15) = side letter ('c' client, 's' server),
//   the record's first offset 16r as 8 lowercase hex digits, ':', "tcpviz"
// e.g. the client's stream begins "c00000000:tcpvizc00000010:tcpvizc00000020:tcpviz..." and
// the server's "s00000000:tcpviz...". All printable ASCII, so a hex dump's text column shows
// who sent the data and at which stream offset each record starts. Offsets are modulo 2^32.
//
// The stream offset counts data bytes only: the first data byte after the SYN is offset 0,
// i.e. k = rel_seq - 1 for a data segment sent after the SYN (rel_seq is relative to the
// sender's ISN, and the SYN took sequence number ISN).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/trace/trace.hpp"

namespace tcpviz::trace {

inline constexpr std::uint32_t kSyntheticRecordLen = 16;

// Byte k of `side`'s synthetic stream.
constexpr std::uint8_t synthetic_payload_byte(Side side, std::uint32_t stream_offset) {
  constexpr char kHex[] = "0123456789abcdef";
  constexpr char kTail[] = ":tcpviz";  // positions 9..15 of a record
  const std::uint32_t pos = stream_offset % kSyntheticRecordLen;
  const std::uint32_t record_start = stream_offset - pos;
  if (pos == 0) return side == Side::Client ? 'c' : 's';
  if (pos <= 8) {
    const std::uint32_t shift = 4 * (8 - pos);
    return static_cast<std::uint8_t>(kHex[(record_start >> shift) & 0xFu]);
  }
  return static_cast<std::uint8_t>(kTail[pos - 9]);
}

// Fills `out` with the synthetic stream from `stream_offset` on.
void synthetic_payload(Side side, std::uint32_t stream_offset, std::span<std::uint8_t> out);

// The stream offset of the first data byte of `seg`: rel_seq - 1, plus one when the segment
// carries the SYN itself (data on a SYN starts right after it).
std::uint32_t synthetic_stream_offset(const Segment& seg);

// The IPv4 identification a built segment gets: the low 16 bits of the segment id, so the
// same trace always gives the same bytes.
constexpr std::uint16_t synthetic_ip_id(const Segment& seg) { return static_cast<std::uint16_t>(seg.id); }

// IPv4 + TCP bytes of `seg`: the stored bytes when raw_len > 0, otherwise built from the
// fields (addresses from trace.conns[seg.conn].ip, falling back to the trace's endpoints,
// ports from the segment, synthetic payload). Empty when neither is possible (stored range
// outside raw_bytes, or options that do not fit in a TCP header).
std::vector<std::uint8_t> segment_bytes(const Trace& trace, const Segment& seg);

}  // namespace tcpviz::trace
