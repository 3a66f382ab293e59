// IPv4 (RFC 791) and IPv6 (RFC 8200) headers against real frames; expected values from
// tshark (tests/data/wire/WITNESS.txt).
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "core/wire/ipv4.hpp"
#include "core/wire/ipv6.hpp"
#include "tests/core/wire_test_util.hpp"
#include "tests/data/wire/captured_frames.hpp"

using namespace tcpviz;
using namespace tcpviz::wire;
using namespace tcpviz::wire_test;
namespace td = tcpviz::test_data;

TEST_CASE("wire: IPv4 header of a Linux SYN", "[wire][ipv4]") {
  // tshark: Total Length 60, Identification 0x767a, DF, TTL 64, TCP, checksum 0xc63f [correct].
  const auto p = parse_ipv4(ip_of(td::kLoV4Syn));
  REQUIRE(p.ok());
  const Ipv4Header& h = p->header;
  CHECK(p->header_len == 20);
  CHECK(h.total_length == 60);
  CHECK(h.identification == 0x767a);
  CHECK(h.dont_fragment);
  CHECK_FALSE(h.more_fragments);
  CHECK(h.fragment_offset == 0);
  CHECK_FALSE(h.is_fragment());
  CHECK(h.ttl == 64);
  CHECK(h.protocol == 6);
  CHECK(h.checksum == 0xc63f);
  CHECK(p->checksum_ok);
  CHECK(h.src == Ipv4Address::from_octets(127, 0, 0, 1));
  CHECK(p->payload.size() == 40);
}

TEST_CASE("wire: IPv4 fragments are flagged by MF or a non-zero offset (RFC 791 3.2)", "[wire][ipv4]") {
  // tshark frag frame 1: id 0xfb27, MF, offset 0, total 1500; frame 2: offset 185 (x8 = 1480), MF clear.
  const auto first = parse_ipv4(ip_of(td::kIpv4FirstFragment));
  REQUIRE(first.ok());
  CHECK(first->header.more_fragments);
  CHECK(first->header.fragment_offset == 0);
  CHECK(first->header.is_fragment());
  CHECK(first->header.total_length == 1500);
  CHECK(first->header.protocol == 17);
  const auto last = parse_ipv4(ip_of(td::kIpv4LastFragment));
  REQUIRE(last.ok());
  CHECK_FALSE(last->header.more_fragments);
  CHECK(last->header.fragment_offset == 185);
  CHECK(last->header.is_fragment());
  CHECK(last->header.identification == 0xfb27);
  CHECK(last->checksum_ok);  // tshark 0x68d4 [correct]
}

TEST_CASE("wire: IPv4 options (Record Route, IHL 7) are kept and re-emitted", "[wire][ipv4]") {
  // tshark: Header Length 28 (7), Total Length 39, Record Route (7 bytes) + EOL, checksum
  // 0x0f3b [correct].
  const auto ip = ip_of(td::kIpv4RecordRoute);
  const auto p = parse_ipv4(ip);
  REQUIRE(p.ok());
  CHECK(p->header_len == 28);
  CHECK(p->header.options_len == 8);
  CHECK(p->header.options[0] == 7);  // Record Route type
  CHECK(p->header.options[1] == 7);  // length
  CHECK(p->header.options[7] == 0);  // EOL
  CHECK(p->checksum_ok);
  CHECK(p->payload.size() == 39 - 28);
  std::vector<std::uint8_t> out(40, kMarker);
  const auto n = emit_ipv4(p->header, out);
  REQUIRE(n.ok());
  CHECK(*n == 28);
  CHECK(std::equal(out.begin(), out.begin() + 28, ip.begin()));
  CHECK(out[28] == kMarker);
}

TEST_CASE("wire: emitting a captured IPv4 header gives the same bytes and checksum", "[wire][ipv4]") {
  for (const auto frame : {std::span<const std::uint8_t>(td::kLoV4Syn), std::span<const std::uint8_t>(td::kVethSyn),
                           std::span<const std::uint8_t>(td::kIpv4LastFragment)}) {
    const auto ip = ip_of(frame);
    const auto p = parse_ipv4(ip);
    REQUIRE(p.ok());
    std::vector<std::uint8_t> out(20, kMarker);
    REQUIRE(emit_ipv4(p->header, out).ok());
    CHECK(std::equal(out.begin(), out.end(), ip.begin()));
    const auto back = parse_ipv4(std::span<const std::uint8_t>(ip).first(p->header.total_length));
    REQUIRE(back.ok());
    CHECK(back->header == p->header);
  }
}

TEST_CASE("wire: IPv4 truncated at any length fails cleanly", "[wire][ipv4][truncation]") {
  const auto ip = ip_of(td::kIpv4RecordRoute);  // 39 bytes, IHL 7
  for (std::size_t len = 0; len < ip.size(); ++len) {
    CHECK_FALSE(parse_ipv4(ip.first(len)).ok());
    if (len >= 28) {
      // A capture cut by its snap length: allowed on request, payload is what is there.
      const auto cut = parse_ipv4(ip.first(len), true);
      REQUIRE(cut.ok());
      CHECK(cut->payload.size() == len - 28);
    }
  }
  CHECK(parse_ipv4(ip).ok());
}

TEST_CASE("wire: IPv4 with a bad version, IHL or total length is rejected", "[wire][ipv4]") {
  auto ip = bytes_of(ip_of(td::kLoV4Syn));
  auto bad = ip;
  bad[0] = 0x65;  // version 6
  CHECK_FALSE(parse_ipv4(bad).ok());
  bad = ip;
  bad[0] = 0x44;  // IHL 4
  const auto ihl = parse_ipv4(bad);
  REQUIRE_FALSE(ihl.ok());
  CHECK_THAT(ihl.error().message, Catch::Contains("IHL 4"));
  bad = ip;
  bad[3] = 19;  // total length 19 < the 20-byte header
  CHECK_FALSE(parse_ipv4(bad).ok());
  bad = ip;
  bad[3] = 61;  // total length one past the span
  CHECK_FALSE(parse_ipv4(bad).ok());
  // A wrong header checksum is reported, not rejected: the packet still shows.
  bad = ip;
  bad[10] ^= 0xFF;
  const auto ck = parse_ipv4(bad);
  REQUIRE(ck.ok());
  CHECK_FALSE(ck->checksum_ok);
  // Trailing bytes (Ethernet padding) are not payload.
  auto padded = ip;
  padded.resize(ip.size() + 6, 0);
  const auto pad = parse_ipv4(padded);
  REQUIRE(pad.ok());
  CHECK(pad->payload.size() == 40);
}

TEST_CASE("wire: IPv6 fixed header of a loopback SYN", "[wire][ipv6]") {
  // tshark lo6 frame 1: flow label 0x2cb14, payload length 40, next header TCP, hop limit 64.
  const auto p = parse_ipv6(ip_of(td::kLoV6Syn));
  REQUIRE(p.ok());
  CHECK(p->header.traffic_class == 0);
  CHECK(p->header.flow_label == 0x2cb14);
  CHECK(p->header.payload_length == 40);
  CHECK(p->header.next_header == 6);
  CHECK(p->header.hop_limit == 64);
  CHECK(p->upper_protocol == 6);
  CHECK(p->extension_len == 0);
  CHECK_FALSE(p->is_fragment);
  CHECK(p->payload.size() == 40);
  CHECK(to_string(p->header.src) == "::1");
  std::vector<std::uint8_t> out(40, kMarker);
  REQUIRE(emit_ipv6(p->header, out).ok());
  CHECK(std::equal(out.begin(), out.end(), ip_of(td::kLoV6Syn).begin()));
}

TEST_CASE("wire: IPv6 walks a hop-by-hop header to the upper layer (RFC 8200 4.3)", "[wire][ipv6]") {
  // tshark mld frame 1: payload length 56, next header 0, hop-by-hop (8 bytes) -> ICMPv6 (58),
  // hop limit 1, dst ff02::16.
  const auto p = parse_ipv6(ip_of(td::kIpv6HopByHopMld));
  REQUIRE(p.ok());
  CHECK(p->header.next_header == kIpv6HopByHop);
  CHECK(p->upper_protocol == 58);
  CHECK(p->extension_len == 8);
  CHECK(p->payload.size() == 56 - 8);
  CHECK(p->header.hop_limit == 1);
  CHECK(to_string(p->header.dst) == "ff02::16");
}

TEST_CASE("wire: IPv6 fragments are flagged with offset, M and identification (RFC 8200 4.5)",
          "[wire][ipv6]") {
  // tshark frag frame 3: Offset 0, More Fragments Yes, Identification 0x9d7c3340, next UDP;
  // frame 4: Offset 181 (1448 bytes), More Fragments No, payload length 568.
  const auto first = parse_ipv6(ip_of(td::kIpv6FirstFragment));
  REQUIRE(first.ok());
  CHECK(first->is_fragment);
  CHECK(first->fragment.offset == 0);
  CHECK(first->fragment.more);
  CHECK(first->fragment.identification == 0x9d7c3340u);
  CHECK(first->upper_protocol == 17);
  CHECK(first->header.flow_label == 0x66831);
  CHECK(to_string(first->header.src) == "2001:db8::1");
  const auto last = parse_ipv6(ip_of(td::kIpv6LastFragment));
  REQUIRE(last.ok());
  CHECK(last->is_fragment);
  CHECK(last->fragment.offset == 181);
  CHECK_FALSE(last->fragment.more);
  CHECK(last->payload.size() == 568 - 8);
}

TEST_CASE("wire: IPv6 truncated at any length, or with an overlong extension header, fails cleanly",
          "[wire][ipv6][truncation]") {
  const auto ip = ip_of(td::kIpv6HopByHopMld);  // 96 bytes
  for (std::size_t len = 0; len < ip.size(); ++len) CHECK_FALSE(parse_ipv6(ip.first(len)).ok());
  for (std::size_t len = 48; len < ip.size(); ++len) CHECK(parse_ipv6(ip.first(len), true).ok());
  auto bad = bytes_of(ip);
  bad[41] = 20;  // hop-by-hop length (20+1)*8 = 168 bytes > the 56-byte payload
  const auto over = parse_ipv6(bad);
  REQUIRE_FALSE(over.ok());
  CHECK_THAT(over.error().message, Catch::Contains("offset 40"));
  bad = bytes_of(ip);
  bad[0] = 0x40;  // version 4
  CHECK_FALSE(parse_ipv6(bad).ok());
}
