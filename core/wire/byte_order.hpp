// Big-endian ("network byte order", RFC 791 appendix B / RFC 1700) loads and stores with
// explicit shifts. Every wire codec reads and writes through these so that no code casts a
// byte pointer to a wider type, swaps in place or relies on the host's endianness
// (DESIGN.md, core/wire). Callers have already checked the span is long enough; the
// accessors index the span, so a debug build's bounds checks still catch a mistake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace tcpviz::wire {

constexpr std::uint16_t load_be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned>(b[at]) << 8) | b[at + 1]);
}

constexpr std::uint32_t load_be32(std::span<const std::uint8_t> b, std::size_t at) {
  return (static_cast<std::uint32_t>(b[at]) << 24) | (static_cast<std::uint32_t>(b[at + 1]) << 16) |
         (static_cast<std::uint32_t>(b[at + 2]) << 8) | static_cast<std::uint32_t>(b[at + 3]);
}

constexpr void store_be16(std::span<std::uint8_t> b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

constexpr void store_be32(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 24);
  b[at + 1] = static_cast<std::uint8_t>(v >> 16);
  b[at + 2] = static_cast<std::uint8_t>(v >> 8);
  b[at + 3] = static_cast<std::uint8_t>(v);
}

}  // namespace tcpviz::wire
