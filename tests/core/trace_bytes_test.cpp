// segment_bytes(): the stored bytes of a captured segment, or bytes built from a simulated
// segment's fields with the synthetic payload (core/trace/bytes.hpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/trace/bytes.hpp"
#include "core/wire/ipv4.hpp"
#include "core/wire/tcp_codec.hpp"

using namespace tcpviz;
using namespace tcpviz::trace;

namespace {

Trace two_host_trace() {
  Trace t;
  t.endpoints[0] = Endpoint{"client", 0xC0000201u, 40000};  // 192.0.2.1
  t.endpoints[1] = Endpoint{"server", 0xC0000202u, 80};     // 192.0.2.2
  Connection c;
  c.ip = {0xC0000201u, 0xC0000202u};
  c.port = {40000, 80};
  t.conns.push_back(c);
  return t;
}

Segment data_segment(Side from, std::uint32_t rel_seq, std::uint32_t len) {
  Segment s;
  s.id = 7;
  s.conn = 0;
  s.from = from;
  s.rel_seq = rel_seq;
  s.tcp.src_port = from == Side::Client ? 40000 : 80;
  s.tcp.dst_port = from == Side::Client ? 80 : 40000;
  s.tcp.seq = wire::SeqNum(1000 + rel_seq);
  s.tcp.ack = wire::SeqNum(5001);
  s.tcp.flags.bits = wire::TcpFlags::kAck | wire::TcpFlags::kPsh;
  s.tcp.window = 64240;
  s.tcp.payload_len = len;
  return s;
}

std::string text(const std::vector<std::uint8_t>& v, std::size_t from, std::size_t n) {
  return std::string(v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(from + n));
}

}  // namespace

TEST_CASE("trace bytes: the synthetic stream is 16-byte records naming side and offset", "[trace][bytes]") {
  std::vector<std::uint8_t> buf(48);
  synthetic_payload(Side::Client, 0, buf);
  CHECK(std::string(buf.begin(), buf.end()) == "c00000000:tcpvizc00000010:tcpvizc00000020:tcpviz");
  buf.resize(16);
  // Offset 0x1238 is position 8 of the record "s00001230:tcpviz": its last hex digit.
  synthetic_payload(Side::Server, 0x1238, buf);
  CHECK(std::string(buf.begin(), buf.end()) == "0:tcpvizs0000124");
  // Offsets are modulo 2^32: the last record before the wrap, then offset 0 again.
  synthetic_payload(Side::Client, 0xFFFFFFF8u, buf);  // in "cfffffff0:tcpviz"
  CHECK(std::string(buf.begin(), buf.end()) == "0:tcpvizc0000000");
  for (std::uint32_t k = 0; k < 4096; ++k) {
    const std::uint8_t b = synthetic_payload_byte(Side::Server, k * 977u);
    REQUIRE((b >= 0x20 && b < 0x7F));  // printable ASCII
  }
}

TEST_CASE("trace bytes: a simulated data segment is built with the connection's addresses", "[trace][bytes]") {
  const Trace t = two_host_trace();
  const Segment seg = data_segment(Side::Server, 17, 20);  // stream offset 16
  const auto bytes = segment_bytes(t, seg);
  REQUIRE(bytes.size() == 20 + 20 + 20);
  const auto ip = wire::parse_ipv4(bytes);
  REQUIRE(ip.ok());
  CHECK(ip->checksum_ok);
  CHECK(ip->header.src.value == 0xC0000202u);  // from the server
  CHECK(ip->header.dst.value == 0xC0000201u);
  CHECK(ip->header.identification == 7);       // the segment id
  CHECK(ip->header.dont_fragment);
  CHECK(ip->header.ttl == 64);
  CHECK(wire::tcp_checksum_ok(ip->payload, wire::Ipv4PseudoHeader{ip->header.src, ip->header.dst}));
  const auto tcp = wire::parse_tcp(ip->payload);
  REQUIRE(tcp.ok());
  auto expected = seg.tcp;
  expected.checksum = tcp->segment.checksum;
  CHECK(tcp->segment == expected);
  CHECK(text(bytes, 40, 20) == "s00000010:tcpvizs000");
}

TEST_CASE("trace bytes: data on a SYN starts at stream offset 0", "[trace][bytes]") {
  // RFC 9293 3.4: the SYN takes the ISN, so the first data byte is ISN+1 = stream offset 0.
  const Trace t = two_host_trace();
  Segment syn = data_segment(Side::Client, 0, 5);
  syn.tcp.flags.bits = wire::TcpFlags::kSyn;
  CHECK(synthetic_stream_offset(syn) == 0);
  const auto bytes = segment_bytes(t, syn);
  REQUIRE(bytes.size() == 45);
  CHECK(text(bytes, 40, 5) == "c0000");
  // The same bytes come out of the same segment every time (no hidden state).
  CHECK(segment_bytes(t, syn) == bytes);
}

TEST_CASE("trace bytes: stored bytes are returned as they were captured", "[trace][bytes]") {
  Trace t = two_host_trace();
  t.raw_bytes = {1, 2, 3, 4, 5, 6, 7, 8};
  Segment seg = data_segment(Side::Client, 1, 100);
  seg.raw_offset = 2;
  seg.raw_len = 4;
  CHECK(segment_bytes(t, seg) == std::vector<std::uint8_t>{3, 4, 5, 6});
  seg.raw_len = 7;  // past the end of raw_bytes: nothing rather than garbage
  CHECK(segment_bytes(t, seg).empty());
}

TEST_CASE("trace bytes: without a connection record the endpoints' addresses are used", "[trace][bytes]") {
  Trace t = two_host_trace();
  t.conns.clear();
  const auto bytes = segment_bytes(t, data_segment(Side::Client, 1, 0));
  const auto ip = wire::parse_ipv4(bytes);
  REQUIRE(ip.ok());
  CHECK(ip->header.src.value == 0xC0000201u);
  CHECK(ip->header.dst.value == 0xC0000202u);
}

TEST_CASE("trace bytes: a built segment is the same byte for byte in every build", "[trace][bytes]") {
  // Run natively and as wasm, this pins the exact bytes. Witness: tshark decodes them as
  // 192.0.2.1:40000 -> 192.0.2.2:80, id 3, DF, TTL 64, header checksum 0xb695 [correct],
  // [PSH, ACK] seq 1001 ack 5001 win 502, nop,nop,TS val 7 ecr 9, TCP checksum 0x641e
  // [correct], 40 bytes "c00000000:tcpvizc00000010:tcpvizc0000002".
  const Trace t = two_host_trace();
  Segment s = data_segment(Side::Client, 1, 40);
  s.id = 3;
  s.tcp.seq = wire::SeqNum(1001);
  s.tcp.window = 502;
  s.tcp.options.timestamps = wire::Timestamps{7, 9};
  const std::vector<std::uint8_t> expected{
      0x45, 0x00, 0x00, 0x5c, 0x00, 0x03, 0x40, 0x00, 0x40, 0x06, 0xb6, 0x95, 0xc0, 0x00, 0x02, 0x01,
      0xc0, 0x00, 0x02, 0x02, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe9, 0x00, 0x00, 0x13, 0x89,
      0x80, 0x18, 0x01, 0xf6, 0x64, 0x1e, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x07,
      0x00, 0x00, 0x00, 0x09, 'c', '0', '0', '0', '0', '0', '0', '0', '0', ':', 't', 'c',
      'p', 'v', 'i', 'z', 'c', '0', '0', '0', '0', '0', '0', '1', '0', ':', 't', 'c',
      'p', 'v', 'i', 'z', 'c', '0', '0', '0', '0', '0', '0', '2'};
  CHECK(segment_bytes(t, s) == expected);
}
