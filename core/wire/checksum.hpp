// The Internet checksum (RFC 1071): the 16-bit ones' complement of the ones' complement sum
// of the data taken as big-endian 16-bit words. Incremental, so a header, a pseudo-header and
// a payload kept in different buffers can be summed without copying them together.
//
// TCP's checksum also covers a pseudo-header of the IP addresses, the protocol and the TCP
// length: RFC 9293 section 3.1 (IPv4) and RFC 8200 section 8.1 (IPv6).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "core/wire/address.hpp"

namespace tcpviz::wire {

inline constexpr std::uint8_t kIpProtocolTcp = 6;

class InternetChecksum {
 public:
  // Adds bytes as if appended to everything added so far; an odd-length span leaves a byte
  // that pairs with the first byte of the next call (RFC 1071 section 2, "(A)"), so the
  // split points between calls do not matter.
  void add(std::span<const std::uint8_t> bytes);
  void add_u16(std::uint16_t word);
  void add_u32(std::uint32_t word);

  // The value to store in a checksum field: ~(folded sum), over everything added (an odd
  // trailing byte is padded with a zero byte, RFC 1071 section 1).
  std::uint16_t checksum() const;
  // True when the data already contains its checksum field and it is right: the sum then
  // folds to 0xFFFF (RFC 1071 section 1, "checking the checksum").
  bool verifies() const { return checksum() == 0; }

 private:
  std::uint64_t sum_ = 0;  // wide enough that carries are folded only at the end
  bool odd_ = false;       // an odd byte is waiting for its low half
};

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes);

// RFC 9293 section 3.1: source address, destination address, zero, PTCL, TCP length.
struct Ipv4PseudoHeader {
  Ipv4Address src;
  Ipv4Address dst;
  std::uint8_t protocol = kIpProtocolTcp;
};

// RFC 8200 section 8.1: source address, final destination address, upper-layer packet
// length (32 bits), three zero bytes, next header.
struct Ipv6PseudoHeader {
  Ipv6Address src;
  Ipv6Address dst;
  std::uint8_t next_header = kIpProtocolTcp;
};

using PseudoHeader = std::variant<Ipv4PseudoHeader, Ipv6PseudoHeader>;

// Adds the pseudo-header for an upper-layer packet (header + data) of `upper_len` bytes.
void add_pseudo_header(InternetChecksum& sum, const PseudoHeader& pseudo, std::uint32_t upper_len);

// The checksum over pseudo-header + `upper` where `upper` has its checksum field zeroed or
// not: pass `checksum_at` to skip the two bytes at that offset (treated as zero), so a
// caller can compute the value for a packet whose field still holds the old one.
std::uint16_t transport_checksum(const PseudoHeader& pseudo, std::span<const std::uint8_t> upper,
                                 std::size_t checksum_at);

// True when `upper` (with its checksum field as received) checks against the pseudo-header.
bool transport_checksum_ok(const PseudoHeader& pseudo, std::span<const std::uint8_t> upper);

}  // namespace tcpviz::wire
