// Ethernet II with 802.1Q / 802.1ad tags, and ARP (RFC 826), against real frames from a veth
// pair and crafted tagged frames; expected values from tshark (tests/data/wire/WITNESS.txt).
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "core/wire/arp.hpp"
#include "core/wire/ethernet.hpp"
#include "tests/core/wire_test_util.hpp"
#include "tests/data/wire/captured_frames.hpp"

using namespace tcpviz;
using namespace tcpviz::wire;
using namespace tcpviz::wire_test;
namespace td = tcpviz::test_data;

namespace {
constexpr MacAddress kMacA{{0x02, 0, 0, 0, 0x0a, 0x01}};
constexpr MacAddress kMacB{{0x02, 0, 0, 0, 0x0b, 0x02}};
}  // namespace

TEST_CASE("wire: Ethernet II header of an untagged veth frame", "[wire][ethernet]") {
  // tshark: Destination 02:00:00:00:0b:02, Source 02:00:00:00:0a:01, Type IPv4 (0x0800).
  const auto p = parse_ethernet(td::kVethSyn);
  REQUIRE(p.ok());
  CHECK(p->header.dst == kMacB);
  CHECK(p->header.src == kMacA);
  CHECK(p->header.vlan_count == 0);
  CHECK(p->header.ether_type == 0x0800);
  CHECK(p->header_len == 14);
  CHECK(p->payload.size() == sizeof(td::kVethSyn) - 14);
}

TEST_CASE("wire: an 802.1Q tag gives priority, DEI and VLAN id", "[wire][ethernet][vlan]") {
  // tshark: 802.1Q Virtual LAN, PRI: 5, DEI: 0, ID: 100, then Type IPv4.
  const auto p = parse_ethernet(td::kCraftedDot1qSyn);
  REQUIRE(p.ok());
  REQUIRE(p->header.vlan_count == 1);
  CHECK(p->header.vlans[0] == VlanTag{0x8100, 5, false, 100});
  CHECK(p->header.ether_type == 0x0800);
  CHECK(p->header_len == 18);
  // The payload is the same IPv4 packet as in the untagged frame.
  CHECK(std::equal(p->payload.begin(), p->payload.end(), std::begin(td::kVethSyn) + 14, std::end(td::kVethSyn)));
}

TEST_CASE("wire: 802.1ad outer and 802.1Q inner tags (Q-in-Q)", "[wire][ethernet][vlan]") {
  // tshark: IEEE 802.1ad Priority 3, DEI 1, ID 200; 802.1Q PRI 0, DEI 0, ID 300; Type IPv4.
  const auto p = parse_ethernet(td::kCraftedQinQSyn);
  REQUIRE(p.ok());
  REQUIRE(p->header.vlan_count == 2);
  CHECK(p->header.vlans[0] == VlanTag{0x88a8, 3, true, 200});
  CHECK(p->header.vlans[1] == VlanTag{0x8100, 0, false, 300});
  CHECK(p->header.ether_type == 0x0800);
  CHECK(p->header_len == 22);
  std::vector<std::uint8_t> out(30, kMarker);
  const auto n = emit_ethernet(p->header, out);
  REQUIRE(n.ok());
  CHECK(*n == 22);
  CHECK(std::equal(out.begin(), out.begin() + 22, std::begin(td::kCraftedQinQSyn)));
  CHECK(out[22] == kMarker);
}

TEST_CASE("wire: a third VLAN tag, an 802.3 length field and truncation are rejected",
          "[wire][ethernet]") {
  const auto triple = parse_ethernet(td::kCraftedTripleTagSyn);
  REQUIRE_FALSE(triple.ok());
  CHECK_THAT(triple.error().message, Catch::Contains("VLAN"));
  auto frame = bytes_of(td::kVethSyn);
  frame[12] = 0x05;  // 0x05dc = 1500: an IEEE 802.3 length, not an EtherType
  frame[13] = 0xdc;
  CHECK_FALSE(parse_ethernet(frame).ok());
  const std::span<const std::uint8_t> q(td::kCraftedQinQSyn);
  for (std::size_t len = 0; len < 22; ++len) CHECK_FALSE(parse_ethernet(q.first(len)).ok());
  CHECK(parse_ethernet(q.first(22)).ok());
}

TEST_CASE("wire: ARP request and reply from a real veth (RFC 826)", "[wire][arp]") {
  // tshark frame 1: Broadcast <- 02:00:00:00:0a:01, request, who has 10.9.0.2 tell 10.9.0.1,
  // target MAC 00:00:00:00:00:00. Frame 2: reply, 10.9.0.2 is at 02:00:00:00:0b:02.
  const auto eth = parse_ethernet(td::kVethArpRequest);
  REQUIRE(eth.ok());
  CHECK(eth->header.dst == MacAddress::broadcast());
  CHECK(eth->header.ether_type == kEtherTypeArp);
  const auto req = parse_arp(eth->payload);
  REQUIRE(req.ok());
  CHECK(req->operation == ArpOperation::Request);
  CHECK(req->sender_mac == kMacA);
  CHECK(req->sender_ip == Ipv4Address::from_octets(10, 9, 0, 1));
  CHECK(req->target_mac == MacAddress{});
  CHECK(req->target_ip == Ipv4Address::from_octets(10, 9, 0, 2));

  const auto reply_eth = parse_ethernet(td::kVethArpReply);
  REQUIRE(reply_eth.ok());
  const auto reply = parse_arp(reply_eth->payload);
  REQUIRE(reply.ok());
  CHECK(reply->operation == ArpOperation::Reply);
  CHECK(reply->sender_mac == kMacB);
  CHECK(reply->sender_ip == Ipv4Address::from_octets(10, 9, 0, 2));
  CHECK(reply->target_mac == kMacA);

  // The reply Linux sent is exactly the one RFC 826 prescribes for the request.
  CHECK(arp_reply_to(*req, kMacB) == *reply);
  std::vector<std::uint8_t> out(32, kMarker);
  const auto n = emit_arp(arp_reply_to(*req, kMacB), out);
  REQUIRE(n.ok());
  CHECK(*n == 28);
  CHECK(std::equal(out.begin(), out.begin() + 28, reply_eth->payload.begin()));
  CHECK(out[28] == kMarker);
}

TEST_CASE("wire: ARP that is not IPv4 over Ethernet, or truncated, is rejected", "[wire][arp]") {
  const auto body = std::span<const std::uint8_t>(td::kVethArpRequest).subspan(14);
  for (std::size_t len = 0; len < kArpLen; ++len) CHECK_FALSE(parse_arp(body.first(len)).ok());
  auto bad = bytes_of(body);
  bad[3] = 0xdd;  // protocol type 0x08dd
  CHECK_FALSE(parse_arp(bad).ok());
  bad = bytes_of(body);
  bad[7] = 3;  // RARP request: not ours
  CHECK_FALSE(parse_arp(bad).ok());
}
