// The IPv4 header (RFC 791 section 3.1) as a value, with parse and emit.
//
// parse_ipv4() checks the version, IHL >= 5, that the header fits and that the total length
// agrees with the span; it reports the header checksum as a separate result so a capture with
// a bad checksum (or one computed by offloading NIC hardware, left as zero) still shows.
// Fragments are flagged, not reassembled: a fragment's payload is not a whole TCP segment.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/result.hpp"
#include "core/wire/address.hpp"

namespace tcpviz::wire {

inline constexpr std::size_t kIpv4MinHeaderLen = 20;
inline constexpr std::size_t kIpv4MaxHeaderLen = 60;
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;

struct Ipv4Header {
  std::uint8_t dscp_ecn = 0;      // the old TOS byte: DSCP (6 bits) and ECN (2 bits, RFC 3168)
  std::uint16_t total_length = 0; // header + payload, as on the wire
  std::uint16_t identification = 0;
  bool dont_fragment = false;     // DF
  bool more_fragments = false;    // MF
  std::uint16_t fragment_offset = 0;  // in 8-byte units, 13 bits
  std::uint8_t ttl = 64;
  std::uint8_t protocol = 0;
  std::uint16_t checksum = 0;     // as parsed; emitting computes it
  Ipv4Address src;
  Ipv4Address dst;
  std::array<std::uint8_t, 40> options{};  // kept verbatim, padding included
  std::uint8_t options_len = 0;            // a multiple of 4 on the wire

  // RFC 791 section 3.2: a packet is a fragment when MF is set or the offset is not zero.
  constexpr bool is_fragment() const { return more_fragments || fragment_offset != 0; }
  bool operator==(const Ipv4Header&) const = default;
};

struct ParsedIpv4 {
  Ipv4Header header;
  std::size_t header_len = 0;             // IHL * 4
  bool checksum_ok = false;               // the header checksum verifies (RFC 791 3.1)
  std::span<const std::uint8_t> payload;  // [header_len, total_length) of the packet
};

// `bytes` may be longer than total_length (an Ethernet frame pads short packets to 60 bytes);
// the extra bytes are not part of the packet. A span shorter than total_length is an error
// unless `allow_truncated` (a capture cut at its snap length): then payload is what is there.
Result<ParsedIpv4> parse_ipv4(std::span<const std::uint8_t> bytes, bool allow_truncated = false);

// IHL * 4: 20 + options_len rounded up to 4.
std::size_t ipv4_header_len(const Ipv4Header& h);

// Writes the header (only; total_length is taken from `h`) to the start of `out` with a
// freshly computed header checksum. Returns the header length.
Result<std::size_t> emit_ipv4(const Ipv4Header& h, std::span<std::uint8_t> out);

}  // namespace tcpviz::wire
