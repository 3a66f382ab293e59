// The IPv6 fixed header (RFC 8200 section 3) and a walk over the common extension headers
// (section 4) to the upper-layer protocol: hop-by-hop options (0), routing (43), fragment (44),
// destination options (60), and the authentication header (51, RFC 4302) whose length unit
// differs. The walk stops at anything else, which is taken as the upper-layer protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/result.hpp"
#include "core/wire/address.hpp"

namespace tcpviz::wire {

inline constexpr std::size_t kIpv6HeaderLen = 40;
inline constexpr std::uint8_t kIpv6HopByHop = 0;
inline constexpr std::uint8_t kIpv6Routing = 43;
inline constexpr std::uint8_t kIpv6Fragment = 44;
inline constexpr std::uint8_t kIpv6Auth = 51;
inline constexpr std::uint8_t kIpv6NoNextHeader = 59;
inline constexpr std::uint8_t kIpv6DestOptions = 60;

struct Ipv6Header {
  std::uint8_t traffic_class = 0;
  std::uint32_t flow_label = 0;    // 20 bits
  std::uint16_t payload_length = 0;
  std::uint8_t next_header = 0;    // of the fixed header (the first extension header, if any)
  std::uint8_t hop_limit = 64;
  Ipv6Address src;
  Ipv6Address dst;
  bool operator==(const Ipv6Header&) const = default;
};

struct Ipv6Fragment {  // RFC 8200 section 4.5
  std::uint16_t offset = 0;  // in 8-byte units, 13 bits
  bool more = false;         // M flag
  std::uint32_t identification = 0;
};

struct ParsedIpv6 {
  Ipv6Header header;
  std::uint8_t upper_protocol = 0;        // after the extension headers (6 for TCP)
  std::size_t extension_len = 0;          // bytes of extension headers walked
  bool is_fragment = false;               // a fragment header was found
  Ipv6Fragment fragment;                  // valid when is_fragment
  // The upper-layer bytes after the extension headers, cut to the payload length. For a
  // fragment with a non-zero offset these are fragment data, not an upper-layer header.
  std::span<const std::uint8_t> payload;
};

// Fails on a truncated header, a version other than 6, a payload length beyond the span
// (unless allow_truncated), or an extension header running past the payload. A payload
// length of 0 (a jumbogram, RFC 2675) is taken as "the rest of the span".
Result<ParsedIpv6> parse_ipv6(std::span<const std::uint8_t> bytes, bool allow_truncated = false);

// Writes the 40-byte fixed header (payload_length and next_header as given) to `out`.
Result<std::size_t> emit_ipv6(const Ipv6Header& h, std::span<std::uint8_t> out);

}  // namespace tcpviz::wire
