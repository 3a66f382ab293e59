// TCP emitting (RFC 9293 section 3.1): header, options in Linux's layout, payload and the
// checksum over the pseudo-header. The expected bytes are Linux's own segments as captured,
// with the checksum tshark computed ("should be ...": Linux leaves the TCP checksum to the
// device on lo and veth, so the capture holds a partial sum).
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "core/wire/tcp_codec.hpp"
#include "tests/core/wire_test_util.hpp"
#include "tests/data/wire/captured_frames.hpp"

using namespace tcpviz;
using namespace tcpviz::wire;
using namespace tcpviz::wire_test;
namespace td = tcpviz::test_data;

namespace {

constexpr Ipv4Address kLoopback = Ipv4Address::from_octets(127, 0, 0, 1);
constexpr Ipv4Address kVethA = Ipv4Address::from_octets(10, 9, 0, 1);
constexpr Ipv4Address kVethB = Ipv4Address::from_octets(10, 9, 0, 2);
constexpr Ipv4Address kScapyHost = Ipv4Address::from_octets(10, 9, 0, 3);

struct Reemit {
  std::span<const std::uint8_t> frame;
  Ipv4Address src;
  Ipv4Address dst;
  std::uint16_t tshark_checksum;  // tshark's "[Calculated Checksum]"
};

// Parses the captured segment, emits the value again into a buffer pre-filled with `marker`
// and returns what was written; the bytes past it must still be the marker.
std::vector<std::uint8_t> reemit(const Reemit& r, std::uint8_t marker) {
  const auto parsed = parse_tcp(tcp_of_v4(r.frame));
  REQUIRE(parsed.ok());
  std::vector<std::uint8_t> out(tcp_of_v4(r.frame).size() + 32, marker);
  const auto n = emit_tcp(parsed->segment, parsed->payload, Ipv4PseudoHeader{r.src, r.dst}, out);
  REQUIRE(n.ok());
  CHECK(std::all_of(out.begin() + static_cast<std::ptrdiff_t>(*n), out.end(),
                    [marker](std::uint8_t b) { return b == marker; }));
  out.resize(*n);
  return out;
}

}  // namespace

TEST_CASE("wire: re-emitting Linux's segments gives Linux's bytes with the correct checksum",
          "[wire][tcp][emit]") {
  // Checksums: tshark "should be" values for the offloaded captures, and the as-sent value
  // for the scapy RST and the crafted segments, whose checksums tshark marks [correct].
  const Reemit cases[] = {
      {td::kLoV4Syn, kLoopback, kLoopback, 0x7563},       // mss,sackOK,TS,nop,wscale
      {td::kLoV4SynAck, kLoopback, kLoopback, 0xa96f},
      {td::kLoV4Ack, kLoopback, kLoopback, 0xd1ee},       // nop,nop,TS
      {td::kLoV4Data, kLoopback, kLoopback, 0x3593},
      {td::kLoV4FinAck, kLoopback, kLoopback, 0xd1e0},
      {td::kNoTimestampsSyn, kLoopback, kLoopback, 0xda5d},  // mss,nop,nop,sackOK,nop,wscale
      {td::kVethSyn, kVethA, kVethB, 0x4824},
      {td::kSackOneBlock, kVethB, kScapyHost, 0x1a8f},    // nop,nop,TS,nop,nop,SACK
      {td::kSackTwoBlocks, kVethB, kScapyHost, 0xeed8},
      {td::kSackThreeBlocks, kVethB, kScapyHost, 0xc196},
      {td::kScapyRst, kScapyHost, kVethB, 0xba82},
      {td::kTfoSynCookieRequest, kLoopback, kLoopback, 0x72fb},  // ...,wscale,TFO,nop,nop
      {td::kTfoSynAckCookie, kLoopback, kLoopback, 0x9c61},
      {td::kTfoSynData, kLoopback, kLoopback, 0x7f88},
      {td::kEcnSyn, kLoopback, kLoopback, 0x6d54},
      {td::kUrgData, kLoopback, kLoopback, 0x2ae8},
      {td::kRstAck, kLoopback, kLoopback, 0x4b9f},
      {td::kCraftedAeAck, kLoopback, kLoopback, 0xd0ee},
      {td::kCraftedAllNineFlags, kLoopback, kLoopback, 0xcfff},
  };
  for (const Reemit& r : cases) {
    const auto expected = with_checksum(tcp_of_v4(r.frame), kTcpChecksumOffset, r.tshark_checksum);
    // Two different markers: a byte emit forgot to write would differ between the two runs.
    CHECK(reemit(r, kMarker) == expected);
    CHECK(reemit(r, kOtherMarker) == expected);
  }
}

TEST_CASE("wire: a Linux SYN's options come out in the order mss,sackOK,TS,nop,wscale", "[wire][tcp][emit]") {
  // Linux SYN: "mss 1460,sackOK,TS val x ecr 0,nop,wscale 7" = kinds 2, 4, 8, 1, 3
  // (tcp_options_write() in net/ipv4/tcp_output.c).
  TcpSegment syn;
  syn.flags.bits = TcpFlags::kSyn;
  syn.options.mss = 1460;
  syn.options.sack_permitted = true;
  syn.options.timestamps = Timestamps{12345, 0};
  syn.options.window_scale = 7;
  std::vector<std::uint8_t> out(60, kMarker);
  const auto n = emit_tcp(syn, {}, Ipv4PseudoHeader{kVethA, kVethB}, out);
  REQUIRE(n.ok());
  REQUIRE(*n == 40);
  CHECK(tcp_header_len(syn.options) == 40);
  const std::vector<std::uint8_t> options(out.begin() + 20, out.begin() + 40);
  const std::vector<std::uint8_t> expected{2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x30, 0x39, 0, 0, 0, 0, 1, 3, 3, 7};
  CHECK(options == expected);
  CHECK(out[12] >> 4 == 10);  // data offset in 32-bit words
}

TEST_CASE("wire: option layouts without timestamps follow Linux too", "[wire][tcp][emit]") {
  // Linux with net.ipv4.tcp_timestamps=0 sends "mss,nop,nop,sackOK,nop,wscale"
  // (tests/data/wire nots.pcap: option bytes 02 04 ff d7 01 01 04 02 01 03 03 0a).
  TcpOptions o;
  o.mss = 1460;
  o.window_scale = 7;
  o.sack_permitted = true;
  std::vector<std::uint8_t> area(tcp_options_len(o), kMarker);
  REQUIRE(area.size() == 12);
  REQUIRE(emit_tcp_options(o, area).ok());
  CHECK(area == std::vector<std::uint8_t>{2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7});

  // Only an MSS: one word, no padding.
  TcpOptions mss_only;
  mss_only.mss = 536;
  CHECK(tcp_options_len(mss_only) == 4);
  // No options: a 20-byte header.
  CHECK(tcp_header_len(TcpOptions{}) == 20);
}

TEST_CASE("wire: options that cannot fit in 40 bytes are refused", "[wire][tcp][emit]") {
  // RFC 9293 3.1: data offset is 4 bits, so at most 60 - 20 = 40 bytes of options.
  TcpSegment s;
  s.flags.bits = TcpFlags::kAck;
  s.options.mss = 1460;
  s.options.timestamps = Timestamps{1, 2};
  s.options.window_scale = 7;
  s.options.sack_count = 4;
  CHECK(tcp_header_len(s.options) > kTcpMaxHeaderLen);
  std::vector<std::uint8_t> out(100, kMarker);
  const auto n = emit_tcp(s, {}, Ipv4PseudoHeader{}, out);
  REQUIRE_FALSE(n.ok());
  CHECK_THAT(n.error().message, Catch::Contains("60"));
  CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == kMarker; }));
}

TEST_CASE("wire: emit refuses a short buffer and a payload that disagrees with payload_len",
          "[wire][tcp][emit]") {
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4Data));
  REQUIRE(parsed.ok());
  const std::size_t need = tcp_of_v4(td::kLoV4Data).size();
  std::vector<std::uint8_t> out(need - 1, kMarker);
  const auto short_buf = emit_tcp(parsed->segment, parsed->payload, Ipv4PseudoHeader{}, out);
  REQUIRE_FALSE(short_buf.ok());
  CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == kMarker; }));

  out.assign(need, kMarker);
  const auto mismatch = emit_tcp(parsed->segment, parsed->payload.first(3), Ipv4PseudoHeader{}, out);
  REQUIRE_FALSE(mismatch.ok());
  CHECK_THAT(mismatch.error().message, Catch::Contains("payload_len 13"));
}

TEST_CASE("wire: parse(emit(x)) == x for captured and constructed segments", "[wire][tcp][roundtrip]") {
  std::vector<TcpSegment> values;
  const std::span<const std::uint8_t> frames[] = {
      td::kLoV4Syn,        td::kLoV4SynAck,      td::kLoV4Ack,           td::kLoV4Data,
      td::kSackOneBlock,   td::kSackThreeBlocks, td::kTfoSynCookieRequest, td::kTfoSynAckCookie,
      td::kTfoSynData,     td::kEcnSyn,          td::kUrgData,           td::kCraftedAllNineFlags};
  for (const auto f : frames) {
    const auto p = parse_tcp(tcp_of_v4(f));
    REQUIRE(p.ok());
    values.push_back(p->segment);
  }
  // Values near the edges: seq/ack at the top of the 32-bit space, a full 4-block SACK
  // (34 bytes: still fits, with its NOP,NOP in 36), a window scale above RFC 7323's 14.
  TcpSegment edge;
  edge.src_port = 65535;
  edge.dst_port = 1;
  edge.seq = SeqNum(0xFFFFFFFFu);
  edge.ack = SeqNum(0xFFFFFFF0u);
  edge.flags.bits = 0x1FF;
  edge.window = 0xFFFF;
  edge.urgent = 0xFFFF;
  edge.options.sack_count = 4;
  for (std::uint8_t i = 0; i < 4; ++i) {
    edge.options.sack[i] = SackBlock{SeqNum(0xFFFFFF00u + i * 16u), SeqNum(0x00000010u + i * 16u)};
  }
  values.push_back(edge);
  TcpSegment odd;
  odd.options.window_scale = 15;
  odd.options.unknown = {30, 3, 0xAB};
  odd.options.unknown_len = 3;
  values.push_back(odd);

  for (TcpSegment v : values) {
    std::vector<std::uint8_t> payload(v.payload_len, 0x42);
    std::vector<std::uint8_t> out(tcp_header_len(v.options) + payload.size());
    const auto n = emit_tcp(v, payload, Ipv4PseudoHeader{kVethA, kVethB}, out);
    REQUIRE(n.ok());
    const auto back = parse_tcp(out);
    REQUIRE(back.ok());
    CHECK(tcp_checksum_ok(out, Ipv4PseudoHeader{kVethA, kVethB}));
    v.checksum = back->segment.checksum;  // emit computes it; everything else must survive
    CHECK(back->segment == v);
  }
}

TEST_CASE("wire: a compact option list too long for Linux's layout is packed without NOPs",
          "[wire][tcp][roundtrip]") {
  // 39 bytes of options as another stack might pack them: mss, wscale, TS, 2-block SACK and
  // a 4-byte unknown option. Linux's NOP-aligned layout would need 44 bytes.
  std::vector<std::uint8_t> area{2, 4, 0x05, 0xb4, 3, 3, 7, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
  const std::uint8_t sack[] = {5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40};
  area.insert(area.end(), std::begin(sack), std::end(sack));
  const std::uint8_t unknown[] = {30, 4, 0xAA, 0xBB};
  area.insert(area.end(), std::begin(unknown), std::end(unknown));
  area.push_back(0);  // EOL to the 40-byte boundary
  REQUIRE(area.size() == 40);
  const auto o = parse_tcp_options(area);
  REQUIRE(o.ok());
  CHECK(tcp_options_len(*o) <= kTcpMaxOptionsLen);
  std::vector<std::uint8_t> out(tcp_options_len(*o), kMarker);
  REQUIRE(emit_tcp_options(*o, out).ok());
  const auto again = parse_tcp_options(out);
  REQUIRE(again.ok());
  CHECK(*again == *o);
}

TEST_CASE("wire: re-emitting an IPv6 segment uses the RFC 8200 8.1 pseudo-header", "[wire][tcp][emit]") {
  // lo6 frame 1 (::1 -> ::1 SYN): tshark "checksum 0x0030 incorrect, should be 0x9758".
  const auto tcp = std::span<const std::uint8_t>(td::kLoV6Syn).subspan(kEthLen + kIpv6Len);
  const auto parsed = parse_tcp(tcp);
  REQUIRE(parsed.ok());
  Ipv6Address loopback;
  loopback.bytes[15] = 1;
  std::vector<std::uint8_t> out(tcp.size() + 4, kMarker);
  const auto n = emit_tcp(parsed->segment, parsed->payload, Ipv6PseudoHeader{loopback, loopback}, out);
  REQUIRE(n.ok());
  out.resize(*n);
  CHECK(out == with_checksum(tcp, kTcpChecksumOffset, 0x9758));
}
