// RFC 8200 section 3:
//   0-3 version (4) | traffic class (8) | flow label (20)   4-5 payload length
//   6 next header   7 hop limit   8-23 source   24-39 destination
#include "core/wire/ipv6.hpp"

#include <string>

#include "core/wire/byte_order.hpp"

namespace tcpviz::wire {
namespace {

std::string at_offset(std::size_t offset) { return " at offset " + std::to_string(offset); }

}  // namespace

Result<ParsedIpv6> parse_ipv6(std::span<const std::uint8_t> bytes, bool allow_truncated) {
  if (bytes.size() < kIpv6HeaderLen) {
    return Error{"IPv6 header truncated: " + std::to_string(bytes.size()) + " bytes, need " +
                 std::to_string(kIpv6HeaderLen)};
  }
  const std::uint32_t first = load_be32(bytes, 0);
  const unsigned version = first >> 28;
  if (version != 6) return Error{"IPv6: version field is " + std::to_string(version) + ", not 6"};

  ParsedIpv6 p;
  Ipv6Header& h = p.header;
  h.traffic_class = static_cast<std::uint8_t>(first >> 20);
  h.flow_label = first & 0xFFFFFu;
  h.payload_length = load_be16(bytes, 4);
  h.next_header = bytes[6];
  h.hop_limit = bytes[7];
  for (std::size_t i = 0; i < 16; ++i) {
    h.src.bytes[i] = bytes[8 + i];
    h.dst.bytes[i] = bytes[24 + i];
  }

  std::size_t end = bytes.size();
  if (h.payload_length != 0) {
    end = kIpv6HeaderLen + h.payload_length;
    if (end > bytes.size()) {
      if (!allow_truncated) {
        return Error{"IPv6 payload length " + std::to_string(h.payload_length) + " but only " +
                     std::to_string(bytes.size() - kIpv6HeaderLen) + " bytes follow the header (truncated packet)"};
      }
      end = bytes.size();
    }
  }

  std::size_t at = kIpv6HeaderLen;
  std::uint8_t next = h.next_header;
  // Each extension header is at least 8 bytes, so the walk ends within the span.
  while (next == kIpv6HopByHop || next == kIpv6Routing || next == kIpv6DestOptions || next == kIpv6Auth ||
         next == kIpv6Fragment) {
    if (at + 8 > end) {
      return Error{"IPv6 extension header " + std::to_string(next) + at_offset(at) + " is truncated"};
    }
    std::size_t len = 8;  // the fragment header is always 8 bytes (RFC 8200 4.5)
    if (next == kIpv6Auth) {
      len = (std::size_t{bytes[at + 1]} + 2) * 4;  // RFC 4302 section 2.2: 4-octet units, minus 2
    } else if (next != kIpv6Fragment) {
      len = (std::size_t{bytes[at + 1]} + 1) * 8;  // RFC 8200 4.3: 8-octet units, not counting the first 8
    }
    if (len > end - at) {
      return Error{"IPv6 extension header " + std::to_string(next) + at_offset(at) + " has length " +
                   std::to_string(len) + ", past the end of the payload"};
    }
    const std::uint8_t following = bytes[at];
    if (next == kIpv6Fragment) {
      const std::uint16_t off_flags = load_be16(bytes, at + 2);
      p.is_fragment = true;
      p.fragment.offset = static_cast<std::uint16_t>(off_flags >> 3);
      p.fragment.more = (off_flags & 1u) != 0;
      p.fragment.identification = load_be32(bytes, at + 4);
      at += len;
      next = following;
      // A later fragment carries data from the middle of the original packet: whatever the
      // next-header value says, no header starts here (RFC 8200 4.5).
      if (p.fragment.offset != 0) break;
      continue;
    }
    at += len;
    next = following;
  }
  p.upper_protocol = next;
  p.extension_len = at - kIpv6HeaderLen;
  p.payload = bytes.subspan(at, end - at);
  return p;
}

Result<std::size_t> emit_ipv6(const Ipv6Header& h, std::span<std::uint8_t> out) {
  if (out.size() < kIpv6HeaderLen) {
    return Error{"IPv6 emit: header needs 40 bytes but the buffer has " + std::to_string(out.size())};
  }
  if (h.flow_label > 0xFFFFFu) {
    return Error{"IPv6 emit: flow label " + std::to_string(h.flow_label) + " does not fit in 20 bits"};
  }
  store_be32(out, 0, (6u << 28) | (std::uint32_t{h.traffic_class} << 20) | h.flow_label);
  store_be16(out, 4, h.payload_length);
  out[6] = h.next_header;
  out[7] = h.hop_limit;
  for (std::size_t i = 0; i < 16; ++i) {
    out[8 + i] = h.src.bytes[i];
    out[24 + i] = h.dst.bytes[i];
  }
  return kIpv6HeaderLen;
}

}  // namespace tcpviz::wire
