// TCP header parsing (RFC 9293 section 3.1) against real Linux segments captured on loopback
// and veth (tests/data/wire/README.md). Every expected value is read off tshark's decoding of
// the same bytes (tests/data/wire/WITNESS.txt), not off this parser.
#include <catch2/catch.hpp>

#include <string>

#include "core/wire/tcp_codec.hpp"
#include "tests/core/wire_test_util.hpp"
#include "tests/data/wire/captured_frames.hpp"

using namespace tcpviz;
using namespace tcpviz::wire;
using namespace tcpviz::wire_test;
namespace td = tcpviz::test_data;

TEST_CASE("wire: Linux SYN parses to its ports, ISN, window and mss,sackOK,TS,wscale", "[wire][tcp]") {
  // tshark: 56134 -> 5555 [SYN] Seq(raw)=4175577150 Win=65495 hdr 40, MSS=65495 SACK_PERM
  // TSval=4149590314 TSecr=0 WS=1024 (shift 10), checksum field 0xfe30.
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4Syn));
  REQUIRE(parsed.ok());
  const TcpSegment& s = parsed->segment;
  CHECK(s.src_port == 56134);
  CHECK(s.dst_port == 5555);
  CHECK(s.seq == SeqNum(4175577150u));
  CHECK(s.ack == SeqNum(0));
  CHECK(s.flags.bits == TcpFlags::kSyn);
  CHECK(s.window == 65495);
  CHECK(s.checksum == 0xfe30);
  CHECK(s.urgent == 0);
  CHECK(parsed->header_len == 40);
  CHECK(s.payload_len == 0);
  CHECK(parsed->payload.empty());
  CHECK(s.options.mss == std::optional<std::uint16_t>(65495));
  CHECK(s.options.sack_permitted);
  REQUIRE(s.options.timestamps.has_value());
  CHECK(s.options.timestamps->value == 4149590314u);
  CHECK(s.options.timestamps->echo_reply == 0);
  CHECK(s.options.window_scale == std::optional<std::uint8_t>(10));
  CHECK(s.options.sack_count == 0);
  CHECK(s.options.unknown_len == 0);
  CHECK(s.seg_len() == 1);  // RFC 9293 3.4: the SYN occupies one sequence number
}

TEST_CASE("wire: SYN-ACK acknowledges ISN+1 and echoes the SYN's TSval", "[wire][tcp]") {
  // tshark: 5555 -> 56134 [SYN, ACK] Seq=308593345 Ack=4175577151 Win=65483,
  // TSval=811583081 TSecr=4149590314.
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4SynAck));
  REQUIRE(parsed.ok());
  const TcpSegment& s = parsed->segment;
  CHECK(s.flags.bits == (TcpFlags::kSyn | TcpFlags::kAck));
  CHECK(s.seq == SeqNum(308593345u));
  CHECK(s.ack == SeqNum(4175577151u));
  CHECK(s.window == 65483);
  CHECK(s.options.timestamps == std::optional<Timestamps>(Timestamps{811583081u, 4149590314u}));
}

TEST_CASE("wire: data segment carries its payload and nop,nop,TS", "[wire][tcp]") {
  // tshark: [PSH, ACK] Seq=4175577151 Ack=308593346 Win=64 Len=13, hdr 32.
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4Data));
  REQUIRE(parsed.ok());
  const TcpSegment& s = parsed->segment;
  CHECK(s.flags.bits == (TcpFlags::kPsh | TcpFlags::kAck));
  CHECK(s.window == 64);
  CHECK(parsed->header_len == 32);
  CHECK(s.payload_len == 13);
  CHECK(std::string(parsed->payload.begin(), parsed->payload.end()) == "hello tcpviz\n");
  CHECK_FALSE(s.options.mss.has_value());
  CHECK_FALSE(s.options.window_scale.has_value());
  CHECK_FALSE(s.options.sack_permitted);
  CHECK(s.options.timestamps == std::optional<Timestamps>(Timestamps{4149590314u, 811583081u}));
  CHECK(s.seg_len() == 13);
}

TEST_CASE("wire: FIN occupies one sequence number", "[wire][tcp]") {
  // tshark: [FIN, ACK] Seq=4175577164 Ack=308593346.
  const auto parsed = parse_tcp(tcp_of_v4(td::kLoV4FinAck));
  REQUIRE(parsed.ok());
  CHECK(parsed->segment.flags.bits == (TcpFlags::kFin | TcpFlags::kAck));
  CHECK(parsed->segment.seq == SeqNum(4175577164u));
  CHECK(parsed->segment.seg_len() == 1);  // RFC 9293 3.4
}

TEST_CASE("wire: Linux's SACK blocks (RFC 2018) parse in the order sent", "[wire][tcp][sack]") {
  // tshark: Ack=1101, SLE=1601 SRE=1701 SLE=1401 SRE=1501 SLE=1201 SRE=1301, hdr 60,
  // TSval=1736003480 TSecr=1002.
  const auto three = parse_tcp(tcp_of_v4(td::kSackThreeBlocks));
  REQUIRE(three.ok());
  const TcpOptions& o = three->segment.options;
  CHECK(three->header_len == 60);
  CHECK(three->segment.ack == SeqNum(1101));
  REQUIRE(o.sack_count == 3);
  CHECK(o.sack[0] == SackBlock{SeqNum(1601), SeqNum(1701)});
  CHECK(o.sack[1] == SackBlock{SeqNum(1401), SeqNum(1501)});
  CHECK(o.sack[2] == SackBlock{SeqNum(1201), SeqNum(1301)});
  CHECK(o.timestamps == std::optional<Timestamps>(Timestamps{1736003480u, 1002u}));

  const auto one = parse_tcp(tcp_of_v4(td::kSackOneBlock));
  REQUIRE(one.ok());
  REQUIRE(one->segment.options.sack_count == 1);
  CHECK(one->segment.options.sack[0] == SackBlock{SeqNum(1201), SeqNum(1301)});

  const auto two = parse_tcp(tcp_of_v4(td::kSackTwoBlocks));
  REQUIRE(two.ok());
  REQUIRE(two->segment.options.sack_count == 2);
  CHECK(two->segment.options.sack[0] == SackBlock{SeqNum(1401), SeqNum(1501)});
  CHECK(two->segment.options.sack[1] == SackBlock{SeqNum(1201), SeqNum(1301)});
}

TEST_CASE("wire: an unknown option (TCP Fast Open, kind 34) is kept verbatim", "[wire][tcp][options]") {
  // tshark: SYN ... WS=1024 TFO=R: option bytes ... 22 02 01 01 (cookie request, then 2 NOPs).
  const auto req = parse_tcp(tcp_of_v4(td::kTfoSynCookieRequest));
  REQUIRE(req.ok());
  const TcpOptions& o = req->segment.options;
  REQUIRE(o.unknown_len == 2);
  CHECK(o.unknown[0] == 34);
  CHECK(o.unknown[1] == 2);
  CHECK(o.mss == std::optional<std::uint16_t>(65495));

  // tshark: SYN-ACK TFO=C, option bytes 22 0a 88 95 72 92 0a 79 49 bf 01 01.
  const auto cookie = parse_tcp(tcp_of_v4(td::kTfoSynAckCookie));
  REQUIRE(cookie.ok());
  const std::array<std::uint8_t, 10> expected{0x22, 0x0a, 0x88, 0x95, 0x72, 0x92, 0x0a, 0x79, 0x49, 0xbf};
  REQUIRE(cookie->segment.options.unknown_len == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(cookie->segment.options.unknown[i] == expected[i]);
}

TEST_CASE("wire: a SYN carrying data (Fast Open) has payload and SEG.LEN = data + 1", "[wire][tcp]") {
  // tshark: [SYN] Seq=1170398232 Len=4, hdr 52, payload "tfo!".
  const auto parsed = parse_tcp(tcp_of_v4(td::kTfoSynData));
  REQUIRE(parsed.ok());
  CHECK(parsed->header_len == 52);
  CHECK(parsed->segment.payload_len == 4);
  CHECK(std::string(parsed->payload.begin(), parsed->payload.end()) == "tfo!");
  CHECK(parsed->segment.seg_len() == 5);  // RFC 9293 3.4: data plus the SYN
}

TEST_CASE("wire: all nine flags are kept", "[wire][tcp][flags]") {
  // tshark flag fields: SYN|ECE|CWR 0x0c2; PSH|ACK|URG 0x038 with Urg=1; RST|ACK 0x014;
  // crafted AE|ACK 0x110 and 0x1ff (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE).
  struct Case {
    std::span<const std::uint8_t> frame;
    std::uint16_t bits;
  };
  const Case cases[] = {
      {td::kEcnSyn, 0x0c2}, {td::kUrgData, 0x038}, {td::kRstAck, 0x014},
      {td::kScapyRst, 0x004}, {td::kCraftedAeAck, 0x110}, {td::kCraftedAllNineFlags, 0x1ff},
  };
  for (const Case& c : cases) {
    const auto parsed = parse_tcp(tcp_of_v4(c.frame));
    REQUIRE(parsed.ok());
    CHECK(parsed->segment.flags.bits == c.bits);
  }
  const auto all = parse_tcp(tcp_of_v4(td::kCraftedAllNineFlags));
  REQUIRE(all.ok());
  const TcpFlags f = all->segment.flags;
  CHECK((f.fin() && f.syn() && f.rst() && f.psh() && f.ack() && f.urg()));
  CHECK(f.has(TcpFlags::kEce | TcpFlags::kCwr | TcpFlags::kAe));
  const auto urg = parse_tcp(tcp_of_v4(td::kUrgData));
  REQUIRE(urg.ok());
  CHECK(urg->segment.urgent == 1);
}

TEST_CASE("wire: a bare RST with a 20-byte header has no options", "[wire][tcp]") {
  // tshark: 40000 -> 7778 [RST] Seq=1701 Win=8192, hdr 20, checksum 0xba82 [correct].
  const auto parsed = parse_tcp(tcp_of_v4(td::kScapyRst));
  REQUIRE(parsed.ok());
  CHECK(parsed->header_len == 20);
  CHECK(parsed->segment.seq == SeqNum(1701));
  CHECK(parsed->segment.window == 8192);
  CHECK(parsed->segment.checksum == 0xba82);
  CHECK(parsed->segment.options == TcpOptions{});
}

TEST_CASE("wire: TcpView exposes the checked fields without building a value", "[wire][tcp]") {
  const auto view = TcpView::check(tcp_of_v4(td::kLoV4Data));
  REQUIRE(view.ok());
  CHECK(view->src_port() == 56134);
  CHECK(view->data_offset() == 8);
  CHECK(view->options_bytes().size() == 12);
  CHECK(view->payload().size() == 13);
  CHECK(view->ack() == SeqNum(308593346u));
}

TEST_CASE("wire: a segment truncated at any length fails cleanly until the header is whole",
          "[wire][tcp][truncation]") {
  const std::span<const std::uint8_t> frames[] = {td::kLoV4Syn, td::kLoV4Data, td::kSackThreeBlocks,
                                                  td::kTfoSynData, td::kScapyRst};
  for (const auto frame : frames) {
    const auto tcp = tcp_of_v4(frame);
    const std::size_t header = std::size_t{static_cast<std::uint8_t>(tcp[12] >> 4)} * 4;
    for (std::size_t len = 0; len <= tcp.size(); ++len) {
      const auto parsed = parse_tcp(tcp.first(len));
      if (len < header) {
        CHECK_FALSE(parsed.ok());
        if (!parsed.ok()) CHECK_FALSE(parsed.error().message.empty());
      } else {
        // Past the header the TCP layer cannot tell a cut: the IP length decides the payload.
        REQUIRE(parsed.ok());
        CHECK(parsed->segment.payload_len == len - header);
      }
    }
  }
}

TEST_CASE("wire: data offset below 5 or beyond the segment is rejected", "[wire][tcp][offset]") {
  std::vector<std::uint8_t> seg = bytes_of(tcp_of_v4(td::kLoV4Syn));  // 40 bytes
  for (std::uint8_t off = 0; off < 5; ++off) {
    seg[12] = static_cast<std::uint8_t>((off << 4) | (seg[12] & 0x0F));
    const auto parsed = parse_tcp(seg);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message, Catch::Contains("data offset " + std::to_string(off)));
  }
  for (std::uint8_t off = 11; off <= 15; ++off) {  // 44..60 bytes > 40
    seg[12] = static_cast<std::uint8_t>((off << 4) | (seg[12] & 0x0F));
    const auto parsed = parse_tcp(seg);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message, Catch::Contains("data offset " + std::to_string(off)));
  }
}

TEST_CASE("wire: option lengths 0, 1 and past the end name the option kind and offset",
          "[wire][tcp][options]") {
  // kLoV4Syn's options start at header offset 20 with MSS: 02 04 ff d7.
  std::vector<std::uint8_t> seg = bytes_of(tcp_of_v4(td::kLoV4Syn));
  for (std::uint8_t bad_len : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{21}, std::uint8_t{255}}) {
    std::vector<std::uint8_t> s = seg;
    s[21] = bad_len;
    const auto parsed = parse_tcp(s);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().message, Catch::Contains("kind 2") && Catch::Contains("offset 20") &&
                                           Catch::Contains("length " + std::to_string(bad_len)));
  }
  // The last option is wscale at offset 37: 03 03 0a. Stretch it one byte past the end.
  std::vector<std::uint8_t> s = seg;
  REQUIRE(s[37] == 3);
  s[38] = 4;
  const auto past = parse_tcp(s);
  REQUIRE_FALSE(past.ok());
  CHECK_THAT(past.error().message, Catch::Contains("kind 3") && Catch::Contains("offset 37"));
  // A kind in the last options byte has no room for its length byte.
  s = seg;
  s[39] = kTcpOptTimestamps;
  s[38] = kTcpOptNop;
  s[37] = kTcpOptNop;
  const auto no_len = parse_tcp(s);
  REQUIRE_FALSE(no_len.ok());
  CHECK_THAT(no_len.error().message, Catch::Contains("kind 8") && Catch::Contains("offset 39"));
}

TEST_CASE("wire: known options with a wrong length are kept as unknown, as Linux ignores them",
          "[wire][tcp][options]") {
  // MSS with length 3 (RFC 9293 3.2 says 4) and a second window scale: both kept verbatim.
  const std::uint8_t area[] = {2, 3, 5, 3, 3, 7, 3, 3, 9, 0};
  const auto o = parse_tcp_options(area);
  REQUIRE(o.ok());
  CHECK_FALSE(o->mss.has_value());
  CHECK(o->window_scale == std::optional<std::uint8_t>(7));
  REQUIRE(o->unknown_len == 6);
  const std::uint8_t kept[] = {2, 3, 5, 3, 3, 9};
  for (std::size_t i = 0; i < 6; ++i) CHECK(o->unknown[i] == kept[i]);
}

TEST_CASE("wire: bytes after End of Option List are padding and are not read", "[wire][tcp][options]") {
  // RFC 9293 3.1: EOL ends the list; what follows up to the data offset is padding, even
  // if it would not parse as options.
  const std::uint8_t area[] = {2, 4, 0x05, 0xb4, 0, 0xFF, 1, 0};
  const auto o = parse_tcp_options(area);
  REQUIRE(o.ok());
  CHECK(o->mss == std::optional<std::uint16_t>(1460));
  CHECK(o->unknown_len == 0);
}

TEST_CASE("wire: a repeated option keeps the first value and the repeat verbatim", "[wire][tcp][options]") {
  // Linux's tcp_parse_options() would let a later MSS overwrite an earlier one; this code keeps
  // the first and shows the repeat among the unknown options, so nothing on the wire is lost.
  const std::uint8_t area[] = {2, 4, 0x05, 0xb4, 2, 4, 0x02, 0x18, 4, 2, 4, 2};
  const auto o = parse_tcp_options(area);
  REQUIRE(o.ok());
  CHECK(o->mss == std::optional<std::uint16_t>(1460));
  CHECK(o->sack_permitted);
  REQUIRE(o->unknown_len == 6);
  const std::uint8_t kept[] = {2, 4, 0x02, 0x18, 4, 2};
  for (std::size_t i = 0; i < 6; ++i) CHECK(o->unknown[i] == kept[i]);
}
