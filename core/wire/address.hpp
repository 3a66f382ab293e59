// Link and network addresses as small values: IPv4 (kept in host order, as the trace model
// does), IPv6 and Ethernet MAC, with the usual text forms ("192.0.2.1", "2001:db8::1",
// "02:00:00:00:00:01"). Bytes on the wire are always written through byte_order.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcpviz::wire {

struct Ipv4Address {
  std::uint32_t value = 0;  // host order: 192.0.2.1 is 0xC0000201

  static constexpr Ipv4Address from_octets(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                           std::uint8_t d) {
    return Ipv4Address{(static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
                       (static_cast<std::uint32_t>(c) << 8) | static_cast<std::uint32_t>(d)};
  }
  constexpr std::array<std::uint8_t, 4> octets() const {
    return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
            static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
  }

  bool operator==(const Ipv4Address&) const = default;
};

struct Ipv6Address {
  std::array<std::uint8_t, 16> bytes{};  // network order, as on the wire
  bool operator==(const Ipv6Address&) const = default;
};

struct MacAddress {
  std::array<std::uint8_t, 6> bytes{};
  static constexpr MacAddress broadcast() { return MacAddress{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}}; }
  bool operator==(const MacAddress&) const = default;
};

// Dotted decimal, "192.0.2.1".
std::string to_string(Ipv4Address a);
// Exactly four decimal octets 0..255 separated by dots, no leading '+', no spaces;
// leading zeros are rejected because some tools read them as octal.
std::optional<Ipv4Address> parse_ipv4_address(std::string_view text);

// RFC 5952 text: lowercase hex, leading zeros dropped, the longest run (>= 2) of zero
// groups shortened to "::" (the first such run on a tie).
std::string to_string(const Ipv6Address& a);

// "02:00:00:00:00:01", lowercase.
std::string to_string(const MacAddress& m);
// Six two-digit hex groups separated by ':' or '-', either case.
std::optional<MacAddress> parse_mac_address(std::string_view text);

}  // namespace tcpviz::wire
