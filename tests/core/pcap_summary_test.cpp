// summarize_file() (issue 6: the connection list in one pass over the file, nothing copied)
// must give exactly what the full rebuild gives: read_capture() + find_conversations() +
// summarize_conversation(), the path `tcpviz-cli pcap import` used before and the one that
// still builds a picked connection's trace. The reference here is that full rebuild, whose
// own expected values are checked against tshark in pcap_conversations_test.cpp.
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/capture_summary.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/decode.hpp"
#include "core/pcap/pcap_writer.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using namespace tcpviz::pcap::testing;

namespace {

struct FullRebuild {
  Capture capture;
  Conversations conversations;
  std::vector<ConnectionSummary> summaries;
};

FullRebuild full_rebuild(const std::vector<std::uint8_t>& file) {
  auto capture = read_capture(file);
  REQUIRE(capture.ok());
  FullRebuild out;
  out.capture = std::move(capture).value();
  out.conversations = find_conversations(out.capture);
  for (std::uint32_t i = 0; i < out.conversations.list.size(); ++i) {
    out.summaries.push_back(summarize_conversation(out.capture, out.conversations.list[i], i));
  }
  return out;
}

void check_same_summary(const ConnectionSummary& fast, const ConnectionSummary& full) {
  INFO("connection #" << full.index << " " << to_string(full.client) << " -> " << to_string(full.server));
  CHECK(fast.index == full.index);
  CHECK(fast.client == full.client);
  CHECK(fast.server == full.server);
  CHECK(fast.handshake_complete == full.handshake_complete);
  CHECK(fast.packets == full.packets);
  CHECK(fast.frame_bytes == full.frame_bytes);
  CHECK(fast.data_bytes == full.data_bytes);
  CHECK(fast.retransmissions == full.retransmissions);
  CHECK(close_kind_name(fast.close) == close_kind_name(full.close));
  CHECK(fast.start == full.start);
  CHECK(fast.duration == full.duration);
  CHECK(fast.packet_count == full.packet_count);
}

void check_same_skips(const SkipCounts& a, const SkipCounts& b) {
  CHECK(a.unsupported_link == b.unsupported_link);
  CHECK(a.not_ip == b.not_ip);
  CHECK(a.not_tcp == b.not_tcp);
  CHECK(a.fragment == b.fragment);
  CHECK(a.malformed == b.malformed);
  CHECK(a.truncated == b.truncated);
}

// Returns the full rebuild, for callers that also check expected values.
FullRebuild check_fast_equals_full(const std::vector<std::uint8_t>& file) {
  FullRebuild full = full_rebuild(file);
  auto fast = summarize_file(file);
  REQUIRE(fast.ok());
  CHECK(fast->packets == full.capture.packets.size());
  CHECK(fast->warnings == full.capture.warnings);
  check_same_skips(fast->skipped, full.conversations.skipped);
  REQUIRE(fast->connections.size() == full.summaries.size());
  for (std::size_t i = 0; i < full.summaries.size(); ++i) check_same_summary(fast->connections[i], full.summaries[i]);
  return full;
}

// A pcap of hand-made segments (Ethernet frames through the writer), client 192.0.2.1:40000,
// server 192.0.2.2:80, 10 ms apart.
struct HandSegment {
  trace::Side from;
  std::uint16_t flags;
  std::uint32_t seq, ack;
};

std::vector<std::uint8_t> file_of(const std::vector<HandSegment>& rows) {
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
  return write_pcap(tr).file;
}

}  // namespace

TEST_CASE("summary: every capture fixture gives the full rebuild's summaries in one pass", "[pcap][summary]") {
  for (const char* name : {"http-ipv4.pcap", "http-ipv4-ns.pcap", "http-ipv4.pcapng", "http-ipv6.pcap", "lo-sll2.pcap",
                           "refused.pcapng", "reuse-and-reset.pcap", "two-sections.pcapng",
                           "simultaneous-close.pcap"}) {
    INFO(name);
    const auto file = load_fixture(name);
    REQUIRE_FALSE(file.empty());
    const FullRebuild full = check_fast_equals_full(file);
    CHECK_FALSE(full.summaries.empty());
  }
}

TEST_CASE("summary: generated lossy captures (retransmissions, 4-tuple reuse, challenge ACKs, cut packets) "
          "give the full rebuild's summaries",
          "[pcap][summary]") {
  std::size_t kinds_seen[5] = {};
  std::uint64_t retransmissions = 0, connections = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    const auto file = LossyCaptureMaker(seed).make(150);
    const FullRebuild full = check_fast_equals_full(file);
    for (const ConnectionSummary& s : full.summaries) {
      ++kinds_seen[static_cast<std::size_t>(s.close)];
      retransmissions += s.retransmissions;
    }
    connections += full.summaries.size();
  }
  // The generator really reached what the comparison is meant to cover.
  for (std::size_t k = 0; k < 5; ++k) CHECK(kinds_seen[k] > 0);
  CHECK(retransmissions > 100);
  CHECK(connections > 2000);
}

TEST_CASE("summary: a SYN with a new ISN on an open 4-tuple is split by the peer's answer, as in the full "
          "rebuild (challenge ACK: the same connection, RFC 5961 4; SYN|ACK or RST: a new one)",
          "[pcap][summary]") {
  // summarize_file() reads ahead with a copy of its record reader, as the full rebuild reads
  // ahead in its packet table; both must reach the same decision.
  using F = wire::TcpFlags;
  using trace::Side;
  const std::vector<HandSegment> open = {{Side::Client, F::kSyn, 1000, 0},
                                         {Side::Server, F::kSyn | F::kAck, 5000, 1001},
                                         {Side::Client, F::kAck, 1001, 5001},
                                         {Side::Client, F::kSyn, 777777, 0}};
  SECTION("challenge ACK: the stray SYN hit the open connection") {
    auto rows = open;
    rows.push_back({Side::Server, F::kAck, 5001, 1001});
    rows.push_back({Side::Client, F::kAck | F::kFin, 1001, 5001});
    const FullRebuild full = check_fast_equals_full(file_of(rows));
    CHECK(full.summaries.size() == 1);
  }
  SECTION("SYN|ACK acknowledging the new SYN: a new connection") {
    auto rows = open;
    rows.push_back({Side::Server, F::kSyn | F::kAck, 9000, 777778});
    rows.push_back({Side::Client, F::kAck, 777778, 9001});
    const FullRebuild full = check_fast_equals_full(file_of(rows));
    REQUIRE(full.summaries.size() == 2);
    CHECK(full.summaries[1].handshake_complete);
  }
  SECTION("RST acknowledging the new SYN (nothing listening any more): a new, refused connection") {
    auto rows = open;
    rows.push_back({Side::Server, F::kRst | F::kAck, 0, 777778});
    const FullRebuild full = check_fast_equals_full(file_of(rows));
    REQUIRE(full.summaries.size() == 2);
    CHECK(full.summaries[1].close == CloseKind::Reset);
  }
  SECTION("no answer captured: taken as a new connection") {
    const FullRebuild full = check_fast_equals_full(file_of(open));
    CHECK(full.summaries.size() == 2);
  }
}

TEST_CASE("summary: files that cannot be read give read_capture's errors and warnings", "[pcap][summary]") {
  SECTION("empty, too short, unknown and unsupported magic numbers") {
    for (const std::vector<std::uint8_t>& file :
         {std::vector<std::uint8_t>{}, std::vector<std::uint8_t>{0xd4, 0xc3}, std::vector<std::uint8_t>{1, 2, 3, 4, 5},
          std::vector<std::uint8_t>{0x34, 0xcd, 0xb2, 0xa1, 0, 0, 0, 0},
          std::vector<std::uint8_t>{0xd4, 0xc3, 0xb2, 0xa1, 2, 0}, std::vector<std::uint8_t>{0x0a, 0x0d, 0x0d, 0x0a, 0}}) {
      const auto full = read_capture(file);
      const auto fast = summarize_file(file);
      REQUIRE_FALSE(full.ok());
      REQUIRE_FALSE(fast.ok());
      CHECK(fast.error().message == full.error().message);
    }
  }
  SECTION("a damaged record stops both at the same packet with the same warning") {
    auto file = LossyCaptureMaker(3).make(20);
    file.resize(file.size() - 7);
    const FullRebuild full = check_fast_equals_full(file);
    REQUIRE(full.capture.warnings.size() == 1);
    CHECK(full.capture.warnings[0].find("runs past the end of the file") != std::string::npos);
  }
}

TEST_CASE("decode: the header-only decoder accepts and skips exactly what decode_packet does", "[pcap][decode]") {
  const auto file = LossyCaptureMaker(11).make(200);
  const auto capture = read_capture(file);
  REQUIRE(capture.ok());
  SkipCounts full_skips, header_skips;
  std::size_t decoded = 0;
  for (const CapturedPacket& p : capture->packets) {
    const auto full = decode_packet(capture->data(p), p.link_type, full_skips);
    const auto header = decode_segment_header(capture->data(p), p.link_type, header_skips);
    REQUIRE(full.has_value() == header.has_value());
    if (!full) continue;
    ++decoded;
    CHECK(header->src == full->src);
    CHECK(header->dst == full->dst);
    CHECK(header->src_port == full->tcp.src_port);
    CHECK(header->dst_port == full->tcp.dst_port);
    CHECK(header->seq == full->tcp.seq);
    CHECK(header->ack == full->tcp.ack);
    CHECK(header->flags == full->tcp.flags);
    CHECK(header->payload_len == full->tcp.payload_len);
    CHECK(header->seg_len() == full->tcp.seg_len());
    CHECK(header->ip_offset == full->ip_offset);
    CHECK(header->ip_len == full->ip_len);
    CHECK(header->truncated == full->truncated);
  }
  check_same_skips(header_skips, full_skips);
  CHECK(decoded > 1000);
  CHECK(full_skips.truncated > 0);
  CHECK(full_skips.not_tcp > 0);
  CHECK(full_skips.not_ip > 0);
}
