// Decoding link layers and rebuilding connections. The expected connection summaries are what
// tshark (Wireshark 4.0.17) reports for the fixtures: `tshark -r <file> -q -z conv,tcp` for
// frames and bytes each way (frame lengths on the wire) and `tshark -r <file> -T fields
// -e frame.number -e tcp.srcport -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len` for the
// sequence of flags that decides how each connection ended; `-Y tcp.analysis.retransmission`
// found no retransmission in any fixture.
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/decode.hpp"
#include "core/pcap/observer.hpp"
#include "core/pcap/pcap_writer.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using namespace tcpviz::pcap::testing;

namespace {

wire::TcpSegment syn_segment() {
  wire::TcpSegment s;
  s.src_port = 40000;
  s.dst_port = 80;
  s.seq = wire::SeqNum(1000);
  s.flags.bits = wire::TcpFlags::kSyn;
  s.window = 64240;
  return s;
}

std::vector<std::uint8_t> ipv4_packet(std::uint32_t payload_len = 0) {
  wire::TcpSegment s = syn_segment();
  s.payload_len = payload_len;
  std::vector<std::uint8_t> payload(payload_len, 'x');
  auto b = wire::build_ipv4_tcp(s, payload,
                                {wire::Ipv4Address::from_octets(192, 0, 2, 1), wire::Ipv4Address::from_octets(192, 0, 2, 2), 7, 64});
  REQUIRE(b.ok());
  return *b;
}

std::vector<std::uint8_t> ipv6_packet() {
  wire::Ipv6PseudoHeader pseudo;
  pseudo.src.bytes[15] = 1;  // ::1
  pseudo.dst.bytes[15] = 1;
  std::vector<std::uint8_t> tcp(60, 0);
  auto n = wire::emit_tcp(syn_segment(), {}, pseudo, tcp);
  REQUIRE(n.ok());
  tcp.resize(*n);
  Writer w{true, {}};
  w.u32(0x60000000u).u16(static_cast<std::uint16_t>(tcp.size())).u8(6).u8(64);
  w.bytes(std::vector<std::uint8_t>(pseudo.src.bytes.begin(), pseudo.src.bytes.end()));
  w.bytes(std::vector<std::uint8_t>(pseudo.dst.bytes.begin(), pseudo.dst.bytes.end()));
  w.bytes(tcp);
  return w.out;
}

std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void check_syn(const std::optional<DecodedPacket>& d, bool ipv6) {
  REQUIRE(d.has_value());
  CHECK(d->src.ipv6 == ipv6);
  CHECK(d->tcp.src_port == 40000);
  CHECK(d->tcp.dst_port == 80);
  CHECK(d->tcp.seq == wire::SeqNum(1000));
  CHECK(d->tcp.flags.syn());
  CHECK_FALSE(d->truncated);
}

Capture load(const char* name) {
  auto c = read_capture(load_fixture(name));
  REQUIRE(c.ok());
  return std::move(c).value();
}

}  // namespace

TEST_CASE("decode: link layers carrying IPv4 and IPv6 TCP", "[pcap][decode]") {
  SkipCounts skipped;
  const auto v4 = ipv4_packet();
  const auto v6 = ipv6_packet();
  SECTION("raw IP: LINKTYPE_RAW (101), DLT_RAW 12 and 14, LINKTYPE_IPV4/IPV6") {
    for (std::uint32_t lt : {kLinkRaw, kLinkRawDlt12, kLinkRawDlt14}) {
      check_syn(decode_packet(v4, lt, skipped), false);
      check_syn(decode_packet(v6, lt, skipped), true);
    }
    check_syn(decode_packet(v4, kLinkIpv4, skipped), false);
    check_syn(decode_packet(v6, kLinkIpv6, skipped), true);
  }
  SECTION("BSD loopback (DLT_NULL): the family in either byte order; OpenBSD DLT_LOOP in network order") {
    check_syn(decode_packet(concat({2, 0, 0, 0}, v4), kLinkNull, skipped), false);   // little-endian writer
    check_syn(decode_packet(concat({0, 0, 0, 2}, v4), kLinkNull, skipped), false);   // big-endian writer
    check_syn(decode_packet(concat({30, 0, 0, 0}, v6), kLinkNull, skipped), true);   // macOS AF_INET6
    check_syn(decode_packet(concat({0, 0, 0, 24}, v6), kLinkLoop, skipped), true);   // OpenBSD AF_INET6
    const auto decnet = decode_packet(concat({0, 0, 0, 12}, v4), kLinkLoop, skipped);
    CHECK_FALSE(decnet.has_value());
    CHECK(skipped.not_ip == 1);
  }
  SECTION("Linux cooked SLL (16-byte header, protocol at offset 14)") {
    std::vector<std::uint8_t> sll = {0, 0, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00};
    const auto d = decode_packet(concat(sll, v4), kLinkLinuxSll, skipped);
    check_syn(d, false);
    CHECK(d->ip_offset == 16);
    sll[14] = 0x86;
    sll[15] = 0xDD;
    check_syn(decode_packet(concat(sll, v6), kLinkLinuxSll, skipped), true);
  }
  SECTION("Linux cooked SLL2 (20-byte header, protocol first)") {
    std::vector<std::uint8_t> sll2 = {0x08, 0x00, 0, 0, 0, 0, 0, 1, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0};
    const auto d = decode_packet(concat(sll2, v4), kLinkLinuxSll2, skipped);
    check_syn(d, false);
    CHECK(d->ip_offset == 20);
  }
  SECTION("Ethernet with an 802.1ad service tag and an 802.1Q customer tag") {
    std::vector<std::uint8_t> eth = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0xA8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00};
    const auto d = decode_packet(concat(eth, v4), kLinkEthernet, skipped);
    check_syn(d, false);
    CHECK(d->ip_offset == 22);
  }
  CHECK(skipped.total() == (skipped.not_ip));
}

TEST_CASE("decode: what is not a TCP segment is skipped and counted by reason", "[pcap][decode]") {
  SkipCounts skipped;
  auto v4 = ipv4_packet();
  SECTION("UDP") {
    auto udp = v4;
    udp[9] = 17;
    CHECK_FALSE(decode_packet(udp, kLinkRaw, skipped));
    CHECK(skipped.not_tcp == 1);
  }
  SECTION("ARP") {
    std::vector<std::uint8_t> eth = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06};
    CHECK_FALSE(decode_packet(concat(eth, std::vector<std::uint8_t>(28, 0)), kLinkEthernet, skipped));
    CHECK(skipped.not_ip == 1);
  }
  SECTION("a fragment (MF set) is not reassembled") {
    auto frag = v4;
    frag[6] |= 0x20;
    CHECK_FALSE(decode_packet(frag, kLinkRaw, skipped));
    CHECK(skipped.fragment == 1);
  }
  SECTION("cut inside the TCP header by the snap length") {
    auto cut = v4;
    cut.resize(30);
    CHECK_FALSE(decode_packet(cut, kLinkRaw, skipped));
    CHECK(skipped.truncated == 1);
  }
  SECTION("an unknown link type") {
    CHECK_FALSE(decode_packet(v4, 147, skipped));
    CHECK(skipped.unsupported_link == 1);
    CHECK(skipped.describe() == "1 skipped: 1 unsupported link type");
  }
  CHECK(skipped.total() == 1);
}

TEST_CASE("decode: a payload cut by the snap length keeps its length from the IP header", "[pcap][decode]") {
  SkipCounts skipped;
  auto p = ipv4_packet(100);
  p.resize(p.size() - 60);
  const auto d = decode_packet(p, kLinkRaw, skipped);
  REQUIRE(d.has_value());
  CHECK(d->truncated);
  CHECK(d->tcp.payload_len == 100);
  CHECK(d->ip_len == p.size());
}

TEST_CASE("conversations: curl and http.server over IPv4, a three-segment close", "[pcap][conversations]") {
  const Capture c = load("http-ipv4.pcap");
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  CHECK(to_string(s[0].client) == "127.0.0.1:51178");
  CHECK(to_string(s[0].server) == "127.0.0.1:8080");
  CHECK(s[0].handshake_complete);
  // tshark conv,tcp: 127.0.0.1:51178 <-> 127.0.0.1:8080, "->" 7 frames 557 bytes, "<-" 5 547.
  CHECK(s[0].packets == std::array<std::uint32_t, 2>{7, 5});
  CHECK(s[0].frame_bytes == std::array<std::uint64_t, 2>{557, 547});
  // tcp.len: the client's GET is 87 bytes; the server sends 186 + 23.
  CHECK(s[0].data_bytes == std::array<std::uint64_t, 2>{87, 209});
  CHECK(s[0].retransmissions == 0);
  // Frame 10 client FIN|ACK seq 88; frame 11 server FIN|ACK ack 89 with no pure ACK between.
  CHECK(s[0].close == CloseKind::ThreeSegment);
  CHECK(s[0].duration == Duration(43437));  // tshark: duration 0.0434 s (frame 12 - frame 1)
  CHECK(s[0].packet_count == 12);
}

TEST_CASE("conversations: the same exchange over IPv6, server closing first", "[pcap][conversations]") {
  const Capture c = load("http-ipv6.pcap");
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  CHECK(to_string(s[0].client) == "[::1]:60086");
  CHECK(to_string(s[0].server) == "[::1]:8080");
  CHECK(s[0].handshake_complete);
  // tshark conv,tcp: ::1:60086 <-> ::1:8080, "->" 6 frames 607 bytes, "<-" 6 733.
  CHECK(s[0].packets == std::array<std::uint32_t, 2>{6, 6});
  CHECK(s[0].frame_bytes == std::array<std::uint64_t, 2>{607, 733});
  CHECK(s[0].data_bytes == std::array<std::uint64_t, 2>{83, 209});
  // Frame 10 server FIN seq 210; frame 11 client FIN|ACK ack 211.
  CHECK(s[0].close == CloseKind::ThreeSegment);
}

TEST_CASE("conversations: a new SYN on an ended 4-tuple starts a new connection", "[pcap][conversations]") {
  const Capture c = load("reuse-and-reset.pcap");
  const auto s = summarize(c);
  // tshark conv,tcp lists 127.0.0.1:50000 <-> 127.0.0.1:7071 twice (tcp.stream 0 and 1).
  REQUIRE(s.size() == 2);
  CHECK(to_string(s[0].client) == "127.0.0.1:50000");
  CHECK(to_string(s[1].client) == "127.0.0.1:50000");
  // First: "->" 6 frames 409 bytes, "<-" 5 344; frame 8 server FIN, frame 9 client pure ACK
  // (ack 8), frame 10 client FIN 300 ms later: four segments.
  CHECK(s[0].packets == std::array<std::uint32_t, 2>{6, 5});
  CHECK(s[0].frame_bytes == std::array<std::uint64_t, 2>{409, 344});
  CHECK(s[0].data_bytes == std::array<std::uint64_t, 2>{5, 6});
  CHECK(s[0].close == CloseKind::FourSegment);
  CHECK(s[0].handshake_complete);
  // Second: "->" 4 frames 277 bytes, "<-" 2 140, relative start 0.621324 s; ends with RST.
  CHECK(s[1].packets == std::array<std::uint32_t, 2>{4, 2});
  CHECK(s[1].frame_bytes == std::array<std::uint64_t, 2>{277, 140});
  CHECK(s[1].start == Time(621324));
  CHECK(s[1].close == CloseKind::Reset);
  CHECK(s[1].handshake_complete);
}

TEST_CASE("conversations: refused connections over IPv4 and IPv6 in pcapng", "[pcap][conversations]") {
  const Capture c = load("refused.pcapng");
  const auto s = summarize(c);
  REQUIRE(s.size() == 2);
  // tshark conv,tcp: 127.0.0.1:56232 <-> :9 "->" 1 frame 74 bytes, "<-" 1 54;
  // ::1:41362 <-> ::1:9 "->" 1 frame 94 bytes, "<-" 1 74.
  CHECK(to_string(s[0].client) == "127.0.0.1:56232");
  CHECK(s[0].frame_bytes == std::array<std::uint64_t, 2>{74, 54});
  CHECK(to_string(s[1].client) == "[::1]:41362");
  CHECK(s[1].frame_bytes == std::array<std::uint64_t, 2>{94, 74});
  for (const auto& x : s) {
    CHECK_FALSE(x.handshake_complete);
    CHECK(x.close == CloseKind::Reset);
    CHECK(x.retransmissions == 0);
  }
}

TEST_CASE("conversations: Linux cooked v2 capture from tcpdump -i any", "[pcap][conversations]") {
  const Capture c = load("lo-sll2.pcap");
  REQUIRE(c.packets[0].link_type == kLinkLinuxSll2);
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  // tshark -T fields -e tcp.srcport -e frame.len: port 34782 sent 6 frames, 527 bytes;
  // port 8080 sent 6 frames, 649 bytes. Frame 10 server FIN, frame 11 client FIN|ACK.
  CHECK(to_string(s[0].client) == "127.0.0.1:34782");
  CHECK(s[0].packets == std::array<std::uint32_t, 2>{6, 6});
  CHECK(s[0].frame_bytes == std::array<std::uint64_t, 2>{527, 649});
  CHECK(s[0].close == CloseKind::ThreeSegment);
}

namespace {

// A capture of hand-made segments (Ethernet frames through the writer), client 192.0.2.1:40000.
struct HandSegment {
  trace::Side from;
  std::uint16_t flags;
  std::uint32_t seq, ack;
};

Capture capture_of(const std::vector<HandSegment>& rows) {
  trace::Trace tr;
  trace::Connection conn;
  conn.ip = {0xC0000201u, 0xC0000202u};
  conn.port = {40000, 80};
  tr.conns.push_back(conn);
  std::int64_t ms = 0;
  for (const HandSegment& r : rows) {
    trace::Segment s;
    s.id = static_cast<std::uint32_t>(tr.segments.size());
    s.from = r.from;
    s.tcp.src_port = r.from == trace::Side::Client ? 40000 : 80;
    s.tcp.dst_port = r.from == trace::Side::Client ? 80 : 40000;
    s.tcp.seq = wire::SeqNum(r.seq);
    s.tcp.ack = wire::SeqNum(r.ack);
    s.tcp.flags.bits = r.flags;
    s.tcp.window = 1000;
    s.sent = from_ms(ms += 10);
    tr.segments.push_back(s);
  }
  auto c = read_capture(write_pcap(tr).file);
  REQUIRE(c.ok());
  return std::move(c).value();
}

}  // namespace

TEST_CASE("conversations: a SYN with a new ISN starts a new connection even without a close",
          "[pcap][conversations]") {
  using F = wire::TcpFlags;
  using trace::Side;
  // RFC 9293 3.10.7.4 / RFC 6191: a new incarnation announces itself with a new ISN; a
  // retransmitted SYN (same ISN) does not.
  const Capture c = capture_of({{Side::Client, F::kSyn, 1000, 0},
                                {Side::Client, F::kSyn, 1000, 0},
                                {Side::Server, F::kSyn | F::kAck, 5000, 1001},
                                {Side::Client, F::kAck, 1001, 5001},
                                {Side::Client, F::kSyn, 90000, 0}});
  const auto s = summarize(c);
  REQUIRE(s.size() == 2);
  CHECK(s[0].packet_count == 4);
  CHECK(s[0].retransmissions == 1);  // the second SYN re-covers sequence number 1000
  CHECK(s[0].handshake_complete);
  CHECK(s[0].close == CloseKind::StillOpen);
  CHECK(s[1].packet_count == 1);
  CHECK_FALSE(s[1].handshake_complete);
}

TEST_CASE("conversations: when the SYN was missed, the receiver of the SYN|ACK is the client",
          "[pcap][conversations]") {
  using F = wire::TcpFlags;
  using trace::Side;
  const Capture c = capture_of({{Side::Server, F::kSyn | F::kAck, 5000, 1001},
                                {Side::Client, F::kAck, 1001, 5001}});
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  CHECK(to_string(s[0].client) == "192.0.2.1:40000");
  CHECK(to_string(s[0].server) == "192.0.2.2:80");
  CHECK_FALSE(s[0].handshake_complete);  // the SYN itself was not seen
}

TEST_CASE("conversations: a simultaneous open completes the handshake without retransmissions",
          "[pcap][conversations]") {
  using F = wire::TcpFlags;
  using trace::Side;
  // RFC 9293 figure 7: SYN and SYN cross, then each end sends SYN|ACK with its own ISN.
  const Capture c = capture_of({{Side::Client, F::kSyn, 1000, 0},
                                {Side::Server, F::kSyn, 5000, 0},
                                {Side::Client, F::kSyn | F::kAck, 1000, 5001},
                                {Side::Server, F::kSyn | F::kAck, 5000, 1001}});
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  CHECK(s[0].handshake_complete);
  CHECK(s[0].retransmissions == 0);
  // No three-way handshake to estimate the delays from, so they are taken as 0: the client's
  // SYN reaches the server before the server sends its own and only the client is seen to
  // cross (figure 7): CLOSED -> SYN-SENT -> SYN-RECEIVED -> ESTABLISHED. The server goes
  // SYN-SENT -> ESTABLISHED when the client's SYN|ACK arrives (3.10.7.3).
  const trace::Trace tr = capture_to_trace(c, 0);
  std::array<std::vector<tcp::State>, 2> seq;
  for (const auto& t : tr.transitions) seq[static_cast<std::size_t>(t.who)].push_back(t.to);
  CHECK(seq[0] == std::vector<tcp::State>{tcp::State::SynSent, tcp::State::SynReceived, tcp::State::Established});
  CHECK(seq[1] == std::vector<tcp::State>{tcp::State::SynSent, tcp::State::Established});
}

TEST_CASE("conversations: a stray SYN answered by a challenge ACK stays in the open connection",
          "[pcap][conversations]") {
  using F = wire::TcpFlags;
  using trace::Side;
  // RFC 5961 section 4: a SYN in a synchronized state gets a challenge ACK (the old numbers),
  // so the SYN belonged to the open connection; it did not start a new one.
  const Capture c = capture_of({{Side::Client, F::kSyn, 1000, 0},
                                {Side::Server, F::kSyn | F::kAck, 5000, 1001},
                                {Side::Client, F::kAck, 1001, 5001},
                                {Side::Client, F::kSyn, 777777, 0},
                                {Side::Server, F::kAck, 5001, 1001},
                                {Side::Client, F::kAck | F::kFin, 1001, 5001}});
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  CHECK(s[0].packet_count == 6);
  CHECK(s[0].retransmissions == 0);  // the FIN after the stray SYN is new sequence space
}
