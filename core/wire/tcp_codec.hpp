// TCP header bytes <-> TcpSegment (RFC 9293 section 3.1).
//
// TcpView is the checked view: TcpView::check() looks at the lengths once (the fixed header
// is there, data offset >= 5, the header fits in the span, the options are well formed) and
// after that every accessor is in bounds. parse_tcp() turns a view into the plain value;
// emit_tcp() writes a value back, options laid out as Linux lays them out, with the checksum
// computed over the pseudo-header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/result.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/seq.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::wire {

inline constexpr std::size_t kTcpMinHeaderLen = 20;  // data offset 5
inline constexpr std::size_t kTcpMaxHeaderLen = 60;  // data offset 15
inline constexpr std::size_t kTcpMaxOptionsLen = kTcpMaxHeaderLen - kTcpMinHeaderLen;
inline constexpr std::size_t kTcpChecksumOffset = 16;

// Option kinds (IANA "TCP Option Kind Numbers").
inline constexpr std::uint8_t kTcpOptEol = 0;
inline constexpr std::uint8_t kTcpOptNop = 1;
inline constexpr std::uint8_t kTcpOptMss = 2;
inline constexpr std::uint8_t kTcpOptWindowScale = 3;
inline constexpr std::uint8_t kTcpOptSackPermitted = 4;
inline constexpr std::uint8_t kTcpOptSack = 5;
inline constexpr std::uint8_t kTcpOptTimestamps = 8;

class TcpView {
 public:
  // Fails, naming the field and the numbers, when the bytes cannot be a TCP header.
  static Result<TcpView> check(std::span<const std::uint8_t> bytes);

  std::uint16_t src_port() const;
  std::uint16_t dst_port() const;
  SeqNum seq() const;
  SeqNum ack() const;
  std::uint8_t data_offset() const;  // in 32-bit words, 5..15
  std::size_t header_len() const { return std::size_t{data_offset()} * 4; }
  TcpFlags flags() const;            // all nine; the three reserved bits are not kept
  std::uint16_t window() const;
  std::uint16_t checksum() const;
  std::uint16_t urgent() const;
  std::span<const std::uint8_t> options_bytes() const;
  std::span<const std::uint8_t> payload() const;
  std::span<const std::uint8_t> bytes() const { return bytes_; }

 private:
  explicit TcpView(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::span<const std::uint8_t> bytes_;
};

struct ParsedTcp {
  TcpSegment segment;                     // payload_len == payload.size()
  std::span<const std::uint8_t> payload;  // points into the parsed bytes
  std::size_t header_len = 0;             // as on the wire (data offset * 4)
};

// `bytes` is exactly the TCP segment (header + payload), as cut by the IP layer's length.
Result<ParsedTcp> parse_tcp(std::span<const std::uint8_t> bytes);

// The options area (the bytes between the fixed header and the data offset). Known options
// with the wrong length, and repeats of an option already seen, are kept verbatim in
// `unknown` (Linux's tcp_parse_options() ignores them the same way) so nothing is lost; only
// a length that cannot be walked (0, 1, or past the end) is an error. Bytes after an EOL are
// padding (RFC 9293 section 3.1) and are not read. `header_offset` is where the area starts
// in the header, for error messages (20 for a real header).
Result<TcpOptions> parse_tcp_options(std::span<const std::uint8_t> area, std::size_t header_offset = 20);

// Bytes the options take when emitted, padded to a multiple of 4. The layout is Linux's
// (tcp_options_write()): MSS; Timestamps (preceded by SACK-permitted when both are set,
// otherwise NOP,NOP); NOP,NOP,SACK-permitted when there are no timestamps; NOP, Window scale;
// NOP,NOP,SACK blocks; then unknown options verbatim; NOP padding. That gives Linux's SYN
// "mss,sackOK,TS,nop,wscale" (kinds 2,4,8,1,3), its SYN without timestamps
// "mss,nop,nop,sackOK,nop,wscale" and its data segments' "nop,nop,TS".
// If that layout does not fit in 40 bytes the options are packed without NOPs instead, so
// every value parse_tcp_options() produced can be emitted again. May exceed 40 for values
// that cannot be a real header; emit_tcp() then fails.
std::size_t tcp_options_len(const TcpOptions& options);
// 20 + tcp_options_len(): the header length emit_tcp() will write (may exceed 60, see above).
std::size_t tcp_header_len(const TcpOptions& options);

// Writes the options (tcp_options_len() bytes) to the start of `out`; fails if they do not
// fit in `out` or in 40 bytes.
Result<std::size_t> emit_tcp_options(const TcpOptions& options, std::span<std::uint8_t> out);

// Writes header + options + payload to the start of `out` and fills in the checksum over
// `pseudo` (RFC 9293 section 3.1); `seg.checksum` is ignored. Requires
// seg.payload_len == payload.size(). Returns the number of bytes written; nothing past
// them is touched. `payload` may already sit at out[tcp_header_len(...)] (then it is not
// copied) but must not otherwise overlap `out`.
Result<std::size_t> emit_tcp(const TcpSegment& seg, std::span<const std::uint8_t> payload,
                             const PseudoHeader& pseudo, std::span<std::uint8_t> out);

// True when the segment's checksum field is right for `pseudo`.
bool tcp_checksum_ok(std::span<const std::uint8_t> segment_bytes, const PseudoHeader& pseudo);

}  // namespace tcpviz::wire
