// The Internet checksum (RFC 1071) and the TCP pseudo-headers (RFC 9293 3.1, RFC 8200 8.1),
// checked against RFC 1071's worked example and against tshark's checksums of real frames.
#include <catch2/catch.hpp>

#include <vector>

#include "core/wire/checksum.hpp"
#include "core/wire/tcp_codec.hpp"
#include "tests/core/wire_test_util.hpp"
#include "tests/data/wire/captured_frames.hpp"

using namespace tcpviz;
using namespace tcpviz::wire;
using namespace tcpviz::wire_test;
namespace td = tcpviz::test_data;

namespace {

constexpr Ipv4Address kLoopback = Ipv4Address::from_octets(127, 0, 0, 1);

Ipv6Address ipv6_loopback() {
  Ipv6Address a;
  a.bytes[15] = 1;
  return a;
}

}  // namespace

TEST_CASE("wire: RFC 1071 section 3's example sums to 0xddf2", "[wire][checksum]") {
  // "00 01 f2 03 f4 f5 f6 f7": the one's complement sum is ddf2, so the checksum is ~ddf2.
  const std::uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  CHECK(internet_checksum(data) == static_cast<std::uint16_t>(~0xddf2));
}

TEST_CASE("wire: the checksum does not depend on where the data is split", "[wire][checksum]") {
  // RFC 1071 2(A)/2(B): the sum is commutative and byte-order independent; an odd-length
  // piece leaves a byte that pairs with the next piece's first byte.
  const auto ip = ip_of(td::kLoV4Data);
  const std::uint16_t whole = internet_checksum(ip);
  for (std::size_t a = 0; a <= ip.size(); ++a) {
    for (std::size_t b = a; b <= ip.size(); b += 7) {
      InternetChecksum sum;
      sum.add(ip.first(a));
      sum.add(ip.subspan(a, b - a));
      sum.add(ip.subspan(b));
      REQUIRE(sum.checksum() == whole);
    }
  }
  CHECK(internet_checksum({}) == 0xFFFF);
  const std::uint8_t odd[] = {0x12};
  CHECK(internet_checksum(odd) == static_cast<std::uint16_t>(~0x1200));  // padded with a zero byte
}

TEST_CASE("wire: a captured IPv4 header verifies and its checksum recomputes", "[wire][checksum]") {
  // tshark: lo4 frame 1 Header Checksum 0xc63f [correct].
  const auto header = ip_of(td::kLoV4Syn).first(20);
  CHECK(internet_checksum(header) == 0);  // RFC 1071: a header with its checksum sums to all ones
  auto zeroed = bytes_of(header);
  zeroed[10] = zeroed[11] = 0;
  CHECK(internet_checksum(zeroed) == 0xc63f);
}

TEST_CASE("wire: TCP checksums over the IPv4 pseudo-header match tshark", "[wire][checksum]") {
  // The scapy RST has a correct checksum (tshark: 0xba82 [correct]).
  const auto rst = tcp_of_v4(td::kScapyRst);
  const PseudoHeader rst_pseudo = Ipv4PseudoHeader{Ipv4Address::from_octets(10, 9, 0, 3),
                                                   Ipv4Address::from_octets(10, 9, 0, 2)};
  CHECK(tcp_checksum_ok(rst, rst_pseudo));
  CHECK(transport_checksum(rst_pseudo, rst, kTcpChecksumOffset) == 0xba82);
  // Swapping the addresses changes nothing (the sum is commutative); another address does.
  const PseudoHeader wrong = Ipv4PseudoHeader{Ipv4Address::from_octets(10, 9, 0, 4),
                                              Ipv4Address::from_octets(10, 9, 0, 2)};
  CHECK_FALSE(tcp_checksum_ok(rst, wrong));

  // Linux's offloaded checksums on lo: tshark "0xfe30 incorrect, should be 0x7563" etc.
  const PseudoHeader lo = Ipv4PseudoHeader{kLoopback, kLoopback};
  CHECK_FALSE(tcp_checksum_ok(tcp_of_v4(td::kLoV4Syn), lo));
  CHECK(transport_checksum(lo, tcp_of_v4(td::kLoV4Syn), kTcpChecksumOffset) == 0x7563);
  CHECK(transport_checksum(lo, tcp_of_v4(td::kLoV4Data), kTcpChecksumOffset) == 0x3593);  // odd length 45
  const auto fixed = with_checksum(tcp_of_v4(td::kLoV4Data), kTcpChecksumOffset, 0x3593);
  CHECK(tcp_checksum_ok(fixed, lo));
}

TEST_CASE("wire: TCP checksums over the IPv6 pseudo-header match tshark", "[wire][checksum]") {
  // lo6 frame 1: ::1 -> ::1, tshark "should be 0x9758"; frame 4 (9 data bytes) 0x6d0e.
  const PseudoHeader v6 = Ipv6PseudoHeader{ipv6_loopback(), ipv6_loopback()};
  const auto syn = std::span<const std::uint8_t>(td::kLoV6Syn).subspan(kEthLen + kIpv6Len);
  const auto data = std::span<const std::uint8_t>(td::kLoV6Data).subspan(kEthLen + kIpv6Len);
  CHECK(transport_checksum(v6, syn, kTcpChecksumOffset) == 0x9758);
  CHECK(transport_checksum(v6, data, kTcpChecksumOffset) == 0x6d0e);
  CHECK(tcp_checksum_ok(with_checksum(syn, kTcpChecksumOffset, 0x9758), v6));
  // The IPv4 pseudo-header of the same bytes gives another value: the pseudo-header matters.
  CHECK(transport_checksum(Ipv4PseudoHeader{kLoopback, kLoopback}, syn, kTcpChecksumOffset) != 0x9758);
}
