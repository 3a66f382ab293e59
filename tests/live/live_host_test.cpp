// Unit tests of the live host without a TAP: the Host is driven with frames and a clock the
// test chooses (it does no I/O), so ARP, IPv4 input checks, ICMP echo and TCP demultiplexing
// are checked against the RFCs byte by byte.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "core/tcp/profile.hpp"
#include "core/wire/byte_order.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/host.hpp"
#include "live/isn.hpp"
#include "live/link_frames.hpp"
#include "live/services.hpp"
#include "live/trace_recorder.hpp"
#include "tests/live/host_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::live;
using namespace tcpviz::live::host_testing;

TEST_CASE("RFC 6528: ISNs of one 4-tuple advance with the 4 microsecond clock") {
  IsnGenerator gen(SipKey{9, 10});
  auto a = gen.isn(Time(0), kHostIp, 80, kPeerIp, 40000);
  auto b = gen.isn(Time(4000), kHostIp, 80, kPeerIp, 40000);
  CHECK(b - a == 1000);
  auto other = gen.isn(Time(0), kHostIp, 80, kPeerIp, 40001);
  CHECK(other != a);
}

TEST_CASE("--serve names a service and a port") {
  CHECK(parse_service("http:8080")->port == 8080);
  CHECK(parse_service("echo")->port == 7);
  CHECK(parse_service("discard")->kind == ServiceKind::Discard);
  CHECK_FALSE(parse_service("ftp:21").ok());
  CHECK_FALSE(parse_service("http:0").ok());
  CHECK_FALSE(parse_service("http:70000").ok());
}

TEST_CASE("RFC 826: a request for our address is answered with our MAC, to the asker") {
  Host host(linux_http_host());
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  REQUIRE(host.outbox().size() == 1);
  const auto& reply = host.outbox()[0];
  auto eth = parse_ethernet(reply);
  REQUIRE(eth);
  CHECK(eth->dst == kPeerMac);
  CHECK(eth->ethertype == kEtherTypeArp);
  auto arp = parse_arp(std::span(reply).subspan(14));
  REQUIRE(arp);
  CHECK(arp->op == kArpReply);
  CHECK(arp->sender_mac == linux_http_host().mac);
  CHECK(arp->sender_ip == kHostIp);
  CHECK(arp->target_ip == kPeerIp);
  CHECK(host.arp_cache_size() == 1);  // "if we are the target, add the sender"
}

TEST_CASE("RFC 826: a request for another address is not answered and adds nothing") {
  Host host(linux_http_host());
  host.frame_arrived(Time(0), arp_request_for(wire::Ipv4Address::from_octets(192, 0, 2, 99)));
  CHECK(host.outbox().empty());
  CHECK(host.arp_cache_size() == 0);
}

TEST_CASE("RFC 1122 3.2.1.2: an IPv4 header with a bad checksum is dropped and counted") {
  Host host(linux_http_host());
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  host.outbox().clear();
  wire::TcpSegment syn;
  syn.src_port = 40000;
  syn.dst_port = 80;
  syn.seq = wire::SeqNum(1000);
  syn.flags.bits = wire::TcpFlags::kSyn;
  syn.window = 64240;
  auto frame = tcp_frame(syn);
  frame[14 + 10] ^= 0xFF;
  host.frame_arrived(Time(0), frame);
  CHECK(host.counters().ipv4_bad_checksum == 1);
  CHECK(host.outbox().empty());
}

TEST_CASE("RFC 791 3.2: fragments are dropped and counted (no reassembly)") {
  Host host(linux_http_host());
  std::vector<std::uint8_t> packet(40, 0);
  write_ipv4_header(packet, kPeerIp, kHostIp, kIpProtocolTcpNumber, 20, 7);
  wire::store_be16(packet, 6, 0x2000);  // MF
  wire::store_be16(packet, 10, 0);
  wire::store_be16(packet, 10, wire::internet_checksum(std::span(packet).first(20)));
  host.frame_arrived(Time(0), ip_frame(packet, linux_http_host().mac));
  CHECK(host.counters().ipv4_fragments_dropped == 1);
}

TEST_CASE("Short and foreign frames are counted, never read past their end") {
  Host host(linux_http_host());
  std::vector<std::uint8_t> tiny(5, 0xFF);
  host.frame_arrived(Time(0), tiny);
  CHECK(host.counters().frames_malformed == 1);
  auto other = arp_request_for(kHostIp);
  other[0] = 0x02;  // unicast to someone else
  other[5] = 0x77;
  host.frame_arrived(Time(0), other);
  CHECK(host.counters().frames_not_for_us == 1);
  // An IPv4 header that claims more bytes than the frame has.
  std::vector<std::uint8_t> packet(20, 0);
  write_ipv4_header(packet, kPeerIp, kHostIp, kIpProtocolTcpNumber, 100, 1);
  host.frame_arrived(Time(0), ip_frame(packet, linux_http_host().mac));
  CHECK(host.counters().ipv4_malformed == 1);
}

TEST_CASE("RFC 792: an echo request is answered with the same identifier, sequence and data") {
  Host host(linux_http_host());
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  host.outbox().clear();
  std::vector<std::uint8_t> icmp{8, 0, 0, 0, 0x12, 0x34, 0x00, 0x01, 'p', 'i', 'n', 'g'};
  wire::store_be16(icmp, 2, wire::internet_checksum(icmp));
  std::vector<std::uint8_t> packet(20 + icmp.size());
  write_ipv4_header(packet, kPeerIp, kHostIp, kIpProtocolIcmp, static_cast<std::uint16_t>(icmp.size()), 3);
  std::copy(icmp.begin(), icmp.end(), packet.begin() + 20);
  host.frame_arrived(Time(0), ip_frame(packet, linux_http_host().mac));
  REQUIRE(host.outbox().size() == 1);
  auto ip = parse_ipv4(std::span(host.outbox()[0]).subspan(14));
  REQUIRE(ip.problem == Ipv4Problem::None);
  CHECK(ip.dst == kPeerIp);
  REQUIRE(ip.payload.size() == icmp.size());
  CHECK(ip.payload[0] == kIcmpEchoReply);
  CHECK(wire::internet_checksum(ip.payload) == 0);
  CHECK(std::equal(ip.payload.begin() + 4, ip.payload.end(), icmp.begin() + 4));
}

TEST_CASE("RFC 9293 3.10.7.1: a segment for no connection is answered with a reset") {
  Host host(linux_http_host());
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  host.outbox().clear();
  wire::TcpSegment ack;
  ack.src_port = 40000;
  ack.dst_port = 80;
  ack.seq = wire::SeqNum(1000);
  ack.ack = wire::SeqNum(5000);
  ack.flags.bits = wire::TcpFlags::kAck;
  host.frame_arrived(Time(0), tcp_frame(ack));
  REQUIRE(host.outbox().size() == 1);
  auto rst = tcp_of(host.outbox()[0]);
  CHECK(rst.flags.bits == wire::TcpFlags::kRst);  // <SEQ=SEG.ACK><CTL=RST>
  CHECK(rst.seq == wire::SeqNum(5000));
  host.outbox().clear();
  wire::TcpSegment syn_closed_port = ack;
  syn_closed_port.dst_port = 81;
  syn_closed_port.flags.bits = wire::TcpFlags::kSyn;
  host.frame_arrived(Time(0), tcp_frame(syn_closed_port));
  REQUIRE(host.outbox().size() == 1);
  auto refused = tcp_of(host.outbox()[0]);
  CHECK(refused.flags.bits == (wire::TcpFlags::kRst | wire::TcpFlags::kAck));  // <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
  CHECK(refused.ack == wire::SeqNum(1001));
}

TEST_CASE("RFC 9293 3.5: a SYN to a served port gets a SYN,ACK from a new connection in the trace") {
  Host host(linux_http_host());
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  host.outbox().clear();
  wire::TcpSegment syn;
  syn.src_port = 40000;
  syn.dst_port = 80;
  syn.seq = wire::SeqNum(1000);
  syn.flags.bits = wire::TcpFlags::kSyn;
  syn.window = 64240;
  syn.options.mss = 1460;
  host.frame_arrived(Time(1000), tcp_frame(syn));
  REQUIRE(host.outbox().size() == 1);
  auto synack = tcp_of(host.outbox()[0]);
  CHECK(synack.flags.bits == (wire::TcpFlags::kSyn | wire::TcpFlags::kAck));
  CHECK(synack.ack == wire::SeqNum(1001));
  CHECK(host.connection_count() == 1);
  const auto& t = host.trace();
  REQUIRE(t.segments.size() == 2);
  CHECK(t.segments[0].from == trace::Side::Client);
  CHECK(t.segments[1].from == trace::Side::Server);
  CHECK(t.segments[1].rel_ack == 1u);
  REQUIRE(host.next_deadline());  // the SYN,ACK retransmission timer (RFC 6298 2.1: 1 s)
  CHECK(*host.next_deadline() == Time(1000) + from_ms(1000));
}

TEST_CASE("The SYN backlog cap drops SYNs past it and counts them") {
  auto cfg = linux_http_host();
  cfg.syn_backlog = 2;
  Host host(cfg);
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  for (std::uint16_t port = 1; port <= 5; ++port) {
    wire::TcpSegment syn;
    syn.src_port = static_cast<std::uint16_t>(40000 + port);
    syn.dst_port = 80;
    syn.seq = wire::SeqNum(port * 1000u);
    syn.flags.bits = wire::TcpFlags::kSyn;
    host.frame_arrived(Time(0), tcp_frame(syn));
  }
  CHECK(host.connection_count() == 2);
  CHECK(host.counters().tcp_syn_backlog_drops == 3);
}

TEST_CASE("The trace recorder evicts its oldest segments past the cap and says so") {
  TraceCaps caps;
  caps.max_segments = 8;
  TraceRecorder rec(caps);
  auto conn = rec.new_connection(1, 2, 3, 4);
  std::vector<std::uint8_t> bytes(40, 0xAB);
  for (std::uint32_t i = 0; i < 100; ++i) {
    wire::TcpSegment seg;
    seg.seq = wire::SeqNum(i);
    SegmentRecord r;
    r.conn = conn;
    bytes[0] = static_cast<std::uint8_t>(i);
    rec.record_segment(r, seg, bytes);
  }
  CHECK(rec.trace().segments.size() <= 8);
  CHECK(rec.evicted_segments() + rec.trace().segments.size() == 100);
  CHECK(rec.trace().raw_bytes.size() == rec.trace().segments.size() * 40);
  // Offsets still point at each segment's own bytes after the eviction.
  for (const auto& s : rec.trace().segments) CHECK(rec.trace().raw_bytes[s.raw_offset] == static_cast<std::uint8_t>(s.id));
  CHECK_FALSE(rec.trace().notes.empty());
}

TEST_CASE("Out-of-order data is held and reaches the application in order (RFC 9293 3.10.7.4 seventh)") {
  auto cfg = linux_http_host();
  cfg.services = {ServiceSpec{ServiceKind::Echo, 7}};
  Host host(cfg);
  host.frame_arrived(Time(0), arp_request_for(kHostIp));
  host.outbox().clear();
  wire::TcpSegment seg;
  seg.src_port = 40000;
  seg.dst_port = 7;
  seg.seq = wire::SeqNum(1000);
  seg.flags.bits = wire::TcpFlags::kSyn;
  seg.window = 64240;
  host.frame_arrived(Time(0), tcp_frame(seg));
  REQUIRE(host.outbox().size() == 1);
  const wire::SeqNum iss = tcp_of(host.outbox()[0]).seq;
  host.outbox().clear();
  seg.flags.bits = wire::TcpFlags::kAck;
  seg.seq = wire::SeqNum(1001);
  seg.ack = iss + 1;
  host.frame_arrived(Time(100), tcp_frame(seg));
  const std::string first = "hello ", second = "world";
  auto data = [&](std::uint32_t seq, const std::string& text) {
    wire::TcpSegment d = seg;
    d.flags.bits = wire::TcpFlags::kAck | wire::TcpFlags::kPsh;
    d.seq = wire::SeqNum(seq);
    d.payload_len = static_cast<std::uint32_t>(text.size());
    return tcp_frame(d, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  };
  host.frame_arrived(Time(200), data(1001 + 6, second));  // beyond a 6-byte gap
  host.frame_arrived(Time(300), data(1001, first));        // fills it
  host.advance(Time(1000000));
  // The echoed stream by sequence number (our unacknowledged data is retransmitted meanwhile).
  std::map<std::uint32_t, std::string> by_offset;
  for (const auto& f : host.outbox()) {
    auto ip = parse_ipv4(std::span(f).subspan(14));
    if (ip.problem != Ipv4Problem::None) continue;
    auto tcp = wire::parse_tcp(ip.payload);
    if (tcp.ok() && !tcp->payload.empty()) {
      by_offset[tcp->segment.seq - (iss + 1)] = std::string(tcp->payload.begin(), tcp->payload.end());
    }
  }
  std::string echoed;
  for (const auto& [offset, text] : by_offset) {
    if (offset == echoed.size()) echoed += text;
  }
  CHECK(echoed == first + second);
  CHECK(host.counters().tcp_payload_missing == 0);
}
