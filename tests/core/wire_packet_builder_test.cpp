// Whole packets from a TcpSegment. Linux's IPv4 header on a TCP connection is version 4,
// IHL 5, DSCP/ECN 0, DF, TTL 64: rebuilding a captured Linux packet from its parsed TCP value
// and its addresses and IP id must give the captured bytes (TCP checksum as tshark computes it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "tests/core/wire_test_util.hpp"
#include "tests/data/wire/captured_frames.hpp"

using namespace tcpviz;
using namespace tcpviz::wire;
using namespace tcpviz::wire_test;
namespace td = tcpviz::test_data;

namespace {
constexpr Ipv4Address kLoopback = Ipv4Address::from_octets(127, 0, 0, 1);
constexpr MacAddress kMacA{{0x02, 0, 0, 0, 0x0a, 0x01}};
constexpr MacAddress kMacB{{0x02, 0, 0, 0, 0x0b, 0x02}};
}  // namespace

TEST_CASE("wire: an IPv4+TCP packet built from a Linux SYN's fields is Linux's packet", "[wire][builder]") {
  // tshark lo4 frame 1: IP id 0x767a, DF, TTL 64, header checksum 0xc63f; TCP checksum should be 0x7563.
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4Syn));
  REQUIRE(parsed.ok());
  const Ipv4TcpAddressing addr{kLoopback, kLoopback, 0x767a, 64};
  CHECK(ipv4_tcp_packet_len(parsed->segment) == 60);
  std::vector<std::uint8_t> out(64, kMarker);
  const auto n = emit_ipv4_tcp(parsed->segment, parsed->payload, addr, out);
  REQUIRE(n.ok());
  REQUIRE(*n == 60);
  const auto expected = with_checksum(ip_of(td::kLoV4Syn), 20 + kTcpChecksumOffset, 0x7563);
  CHECK(std::vector<std::uint8_t>(out.begin(), out.begin() + 60) == expected);
  CHECK(std::all_of(out.begin() + 60, out.end(), [](std::uint8_t b) { return b == kMarker; }));
}

TEST_CASE("wire: a data packet carries its payload and both checksums verify", "[wire][builder]") {
  // tshark lo4 frame 4: 65 bytes, IP id 0x767c, header checksum 0xc638, TCP should be 0x3593.
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4Data));
  REQUIRE(parsed.ok());
  const auto built = build_ipv4_tcp(parsed->segment, parsed->payload, {kLoopback, kLoopback, 0x767c, 64});
  REQUIRE(built.ok());
  CHECK(*built == with_checksum(ip_of(td::kLoV4Data), 20 + kTcpChecksumOffset, 0x3593));
  const auto ip = parse_ipv4(*built);
  REQUIRE(ip.ok());
  CHECK(ip->checksum_ok);
  CHECK(ip->header.checksum == 0xc638);
  CHECK(tcp_checksum_ok(ip->payload, Ipv4PseudoHeader{kLoopback, kLoopback}));
}

TEST_CASE("wire: an Ethernet frame built around the veth SYN is the captured frame", "[wire][builder]") {
  // tshark veth frame 3: 02:00:00:00:0a:01 -> 02:00:00:00:0b:02, IPv4 id 0x7af8, TCP should be 0x4824.
  const auto parsed = parse_tcp(tcp_of_v4(td::kVethSyn));
  REQUIRE(parsed.ok());
  const auto frame = build_ethernet_ipv4_tcp(
      parsed->segment, parsed->payload,
      {Ipv4Address::from_octets(10, 9, 0, 1), Ipv4Address::from_octets(10, 9, 0, 2), 0x7af8, 64}, {kMacA, kMacB});
  REQUIRE(frame.ok());
  CHECK(*frame == with_checksum(td::kVethSyn, kEthLen + 20 + kTcpChecksumOffset, 0x4824));
}

TEST_CASE("wire: a short frame is zero-padded to the 60-byte Ethernet minimum", "[wire][builder]") {
  // The scapy RST: 54 bytes captured at the sender (tshark: IP id 0x0001, DF, TTL 64, TCP
  // checksum 0xba82 [correct]); on the wire it is padded to 60 bytes (IEEE 802.3 minimum without FCS).
  const auto parsed = parse_tcp(tcp_of_v4(td::kScapyRst));
  REQUIRE(parsed.ok());
  const auto frame = build_ethernet_ipv4_tcp(
      parsed->segment, {}, {Ipv4Address::from_octets(10, 9, 0, 3), Ipv4Address::from_octets(10, 9, 0, 2), 1, 64},
      {kMacA, kMacB});
  REQUIRE(frame.ok());
  REQUIRE(frame->size() == kEthernetMinFrameLen);
  CHECK(std::equal(frame->begin(), frame->begin() + 54, std::begin(td::kScapyRst)));
  CHECK(std::all_of(frame->begin() + 54, frame->end(), [](std::uint8_t b) { return b == 0; }));
  // The padding is not part of the IP packet.
  const auto eth = parse_ethernet(*frame);
  REQUIRE(eth.ok());
  const auto ip = parse_ipv4(eth->payload);
  REQUIRE(ip.ok());
  CHECK(ip->payload.size() == 20);
}

TEST_CASE("wire: the builder refuses what cannot be a packet and leaves the buffer alone", "[wire][builder]") {
  TcpSegment s;
  s.payload_len = 10;
  std::vector<std::uint8_t> payload(9, 0);
  CHECK_FALSE(build_ipv4_tcp(s, payload, {}).ok());
  std::vector<std::uint8_t> out(39, kMarker);
  s.payload_len = 0;
  CHECK_FALSE(emit_ipv4_tcp(s, {}, {}, out).ok());  // 40 bytes needed
  CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == kMarker; }));
  s.payload_len = 65535 - 40 + 1;  // one byte over the IPv4 total length limit
  std::vector<std::uint8_t> big(s.payload_len, 0);
  CHECK_FALSE(build_ipv4_tcp(s, big, {}).ok());
}
