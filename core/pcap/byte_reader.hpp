// Loads of 16/32-bit integers in a byte order chosen at run time: pcap and pcapng files are
// written in the byte order of the machine that wrote them and say which through their magic
// numbers, so a reader must handle both (libpcap's sf-pcap.c swaps "if the magic number is
// byte-swapped"). Explicit shifts, no casts of byte pointers (DESIGN.md, core/wire).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace tcpviz::pcap {

struct ByteOrder {
  bool big_endian = false;

  // Written out without loops so that the compiler sees a plain load (and a byte swap when
  // the orders differ): these run four times per packet record of a large capture.
  std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) const {
    const unsigned b0 = b[at], b1 = b[at + 1];
    return static_cast<std::uint16_t>(big_endian ? (b0 << 8) | b1 : (b1 << 8) | b0);
  }
  std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) const {
    const std::uint32_t b0 = b[at], b1 = b[at + 1], b2 = b[at + 2], b3 = b[at + 3];
    return big_endian ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
  }
};

inline constexpr ByteOrder kLittleEndian{false};
inline constexpr ByteOrder kBigEndian{true};

}  // namespace tcpviz::pcap
