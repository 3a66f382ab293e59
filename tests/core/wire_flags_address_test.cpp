// Flag text (SCENARIO_FORMAT.md notation) and address formatting.
#include <catch2/catch.hpp>

#include <string>

#include "core/wire/address.hpp"
#include "core/wire/tcp_segment.hpp"

using namespace tcpviz::wire;

TEST_CASE("wire: flags print in the fixed order SYN FIN RST PSH ACK URG ECE CWR AE", "[wire][flags]") {
  CHECK(flags_to_string(TcpFlags{}) == "");
  CHECK(flags_to_string(TcpFlags{TcpFlags::kSyn}) == "SYN");
  CHECK(flags_to_string(TcpFlags{TcpFlags::kSyn | TcpFlags::kAck}) == "SYN|ACK");
  CHECK(flags_to_string(TcpFlags{TcpFlags::kFin | TcpFlags::kPsh | TcpFlags::kAck}) == "FIN|PSH|ACK");
  CHECK(flags_to_string(TcpFlags{0x1FF}) == "SYN|FIN|RST|PSH|ACK|URG|ECE|CWR|AE");
}

TEST_CASE("wire: flags parse in any order and case, and name a bad token", "[wire][flags]") {
  CHECK(flags_from_string("ack|syn") == std::optional<TcpFlags>(TcpFlags{TcpFlags::kSyn | TcpFlags::kAck}));
  CHECK(flags_from_string(" FIN | ACK ") == std::optional<TcpFlags>(TcpFlags{TcpFlags::kFin | TcpFlags::kAck}));
  CHECK(flags_from_string("") == std::optional<TcpFlags>(TcpFlags{}));
  CHECK(flags_from_string("NS") == std::optional<TcpFlags>(TcpFlags{TcpFlags::kAe}));  // RFC 3540's name
  std::string bad;
  CHECK_FALSE(flags_from_string("SYN|SNY", &bad).has_value());
  CHECK(bad == "SNY");
  CHECK_FALSE(flags_from_string("SYN||ACK", &bad).has_value());
  CHECK(bad.empty());
  for (std::uint16_t bits = 0; bits <= 0x1FF; ++bits) {
    const TcpFlags f{bits};
    REQUIRE(flags_from_string(flags_to_string(f)) == std::optional<TcpFlags>(f));
  }
}

TEST_CASE("wire: IPv4 addresses format and parse as dotted decimal", "[wire][address]") {
  CHECK(to_string(Ipv4Address::from_octets(192, 0, 2, 1)) == "192.0.2.1");
  CHECK(Ipv4Address::from_octets(192, 0, 2, 1).value == 0xC0000201u);
  CHECK(parse_ipv4_address("10.9.0.255") == std::optional<Ipv4Address>(Ipv4Address{0x0A0900FFu}));
  CHECK(parse_ipv4_address("0.0.0.0") == std::optional<Ipv4Address>(Ipv4Address{0}));
  for (const char* bad : {"", "1.2.3", "1.2.3.4.", "1.2.3.256", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "1..2.3"}) {
    CHECK_FALSE(parse_ipv4_address(bad).has_value());
  }
}

TEST_CASE("wire: IPv6 addresses format per RFC 5952", "[wire][address]") {
  Ipv6Address a;
  CHECK(to_string(a) == "::");
  a.bytes[15] = 1;
  CHECK(to_string(a) == "::1");
  Ipv6Address doc{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}};
  CHECK(to_string(doc) == "2001:db8::1:0:0:1");  // 4.2.3: the first of two equal runs
  Ipv6Address one_zero{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}};
  CHECK(to_string(one_zero) == "2001:db8:0:1:1:1:1:1");  // 4.2.2: a single 0 group is not "::"
}

TEST_CASE("wire: MAC addresses format lowercase and parse either separator", "[wire][address]") {
  const MacAddress m{{0x02, 0x00, 0x00, 0xAB, 0x0a, 0x01}};
  CHECK(to_string(m) == "02:00:00:ab:0a:01");
  CHECK(parse_mac_address("02:00:00:AB:0a:01") == std::optional<MacAddress>(m));
  CHECK(parse_mac_address("02-00-00-ab-0a-01") == std::optional<MacAddress>(m));
  CHECK_FALSE(parse_mac_address("02:00:00:ab:0a").has_value());
  CHECK_FALSE(parse_mac_address("02:00-00:ab:0a:01").has_value());
  CHECK_FALSE(parse_mac_address("02:00:00:ab:0a:0g").has_value());
}
