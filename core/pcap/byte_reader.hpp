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

  std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) const {
    const unsigned lo = big_endian ? b[at + 1] : b[at];
    const unsigned hi = big_endian ? b[at] : b[at + 1];
    return static_cast<std::uint16_t>((hi << 8) | lo);
  }
  std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) const {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const std::size_t k = big_endian ? i : 3 - i;
      v = (v << 8) | b[at + k];
    }
    return v;
  }
};

inline constexpr ByteOrder kLittleEndian{false};
inline constexpr ByteOrder kBigEndian{true};

}  // namespace tcpviz::pcap
