// Helpers shared by the wire tests: slicing captured frames (tests/data/wire) at the offsets
// tshark reports, and emitting into buffers pre-filled with a marker byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tcpviz::wire_test {

inline constexpr std::size_t kEthLen = 14;   // Ethernet II, no VLAN tag (tshark: "Ethernet II")
inline constexpr std::size_t kIpv4Len = 20;  // IHL 5 for every captured TCP frame (tshark)
inline constexpr std::size_t kIpv6Len = 40;

// The TCP segment of a captured Ethernet + IPv4 (IHL 5) frame without padding.
inline std::span<const std::uint8_t> tcp_of_v4(std::span<const std::uint8_t> frame) {
  return frame.subspan(kEthLen + kIpv4Len);
}
inline std::span<const std::uint8_t> ip_of(std::span<const std::uint8_t> frame) { return frame.subspan(kEthLen); }

inline std::vector<std::uint8_t> bytes_of(std::span<const std::uint8_t> s) { return {s.begin(), s.end()}; }

// The capture's bytes with the checksum at `at` replaced: Linux offloads the TCP checksum on
// lo and veth, so what tcpdump saw holds only a partial sum (tshark: "incorrect, should be").
inline std::vector<std::uint8_t> with_checksum(std::span<const std::uint8_t> s, std::size_t at, std::uint16_t c) {
  std::vector<std::uint8_t> v = bytes_of(s);
  v[at] = static_cast<std::uint8_t>(c >> 8);
  v[at + 1] = static_cast<std::uint8_t>(c);
  return v;
}

inline constexpr std::uint8_t kMarker = 0xA5;
inline constexpr std::uint8_t kOtherMarker = 0x5A;

}  // namespace tcpviz::wire_test
