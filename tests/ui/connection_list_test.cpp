// The connection list behind the connections panel: built from real captures (expected values
// from tshark 4.0 reading the fixtures, tests/data/pcap/README.md: `tshark -r <file> -q -z
// conv,tcp` and `-T fields -e tcp.srcport -e tcp.flags.str -e tcp.len`), sorted by columns,
// fed entry by entry as live mode does, and keeping its selection by connection id.
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/wire/packet_builder.hpp"
#include "tests/core/pcap_test_util.hpp"
#include "ui/model/connection_list.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

namespace {

ConnectionList list_of(const std::vector<std::uint8_t>& file) {
  auto c = pcap::read_capture(file);
  REQUIRE(c.ok());
  return ConnectionList::from_capture(*c, pcap::find_conversations(*c));
}

ConnectionList list_of(const char* fixture) { return list_of(pcap::testing::load_fixture(fixture)); }

std::vector<std::uint32_t> ids(const ConnectionList& l) {
  std::vector<std::uint32_t> v;
  for (const ConnectionEntry& e : l.rows()) v.push_back(e.id);
  return v;
}

// A raw-IP packet 192.0.2.1:40000 -> 192.0.2.2:80 with the given flags.
std::vector<std::uint8_t> packet(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack = 0) {
  wire::TcpSegment s;
  s.src_port = 40000;
  s.dst_port = 80;
  s.seq = wire::SeqNum(seq);
  s.ack = wire::SeqNum(ack);
  s.flags.bits = flags;
  s.window = 64240;
  auto b = wire::build_ipv4_tcp(s, {}, {wire::Ipv4Address::from_octets(192, 0, 2, 1),
                                        wire::Ipv4Address::from_octets(192, 0, 2, 2), 1, 64});
  REQUIRE(b.ok());
  return *b;
}

ConnectionEntry live_entry(std::uint32_t id, std::uint32_t segments, ConnectionStatus status) {
  ConnectionEntry e;
  e.id = id;
  e.client = "192.0.2.1:" + std::to_string(40000 + id);
  e.server = "198.51.100.2:80";
  e.segments = segments;
  e.status = status;
  return e;
}

}  // namespace

TEST_CASE("connection list: an HTTP fetch is one closed connection with its bytes each way", "[connection_list]") {
  // tshark: 127.0.0.1:51178 <-> 127.0.0.1:8080, 12 frames; tcp.len 87 from the client,
  // 186 + 23 from the server; FIN from the client (frame 10), then the server's (frame 11).
  const ConnectionList l = list_of("http-ipv4.pcap");
  REQUIRE(l.size() == 1);
  const ConnectionEntry& e = l.rows()[0];
  CHECK(e.id == 0);
  CHECK(e.tuple_text() == "127.0.0.1:51178 -> 127.0.0.1:8080");
  CHECK(e.status == ConnectionStatus::Closed);
  CHECK(e.segments == 12);
  CHECK(e.bytes[0] == 87);
  CHECK(e.bytes[1] == 186 + 23);
  CHECK(e.retransmissions == 0);
  CHECK(e.ended != pcap::CloseKind::StillOpen);
  CHECK(e.ended != pcap::CloseKind::Reset);
}

TEST_CASE("connection list: a reused 4-tuple gives two rows, closed by FINs then reset", "[connection_list]") {
  // tshark: frames 1-11 open, carry 5 and 6 bytes and close with FINs (server first, frame 8);
  // frames 12-17 reopen port 50000 with a new SYN and end with an RST (SO_LINGER {1, 0}).
  const ConnectionList l = list_of("reuse-and-reset.pcap");
  REQUIRE(l.size() == 2);
  CHECK(l.rows()[0].tuple_text() == l.rows()[1].tuple_text());
  CHECK(l.rows()[0].status == ConnectionStatus::Closed);
  CHECK(l.rows()[0].segments == 11);
  CHECK(l.rows()[0].bytes == std::array<std::uint64_t, 2>{5, 6});
  CHECK(l.rows()[1].status == ConnectionStatus::Reset);
  CHECK(l.rows()[1].ended == pcap::CloseKind::Reset);
  CHECK(l.rows()[1].segments == 6);
  CHECK(l.rows()[1].bytes == std::array<std::uint64_t, 2>{5, 0});
  CHECK(l.rows()[1].start > l.rows()[0].start);
}

TEST_CASE("connection list: a refused SYN (RST|ACK from a closed port) is reset, not an open handshake",
          "[connection_list]") {
  // RFC 9293 3.10.7.1: a SYN to a CLOSED port is answered by <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>.
  const ConnectionList l = list_of("refused.pcapng");
  REQUIRE(l.size() == 2);
  for (const ConnectionEntry& e : l.rows()) {
    CHECK(e.status == ConnectionStatus::Reset);
    CHECK(e.segments == 2);
  }
  CHECK(l.rows()[1].tuple_text() == "[::1]:41362 -> [::1]:9");
}

TEST_CASE("connection list: an unanswered SYN is an incomplete handshake; one caught mid-way is active; one FIN is closing",
          "[connection_list]") {
  using pcap::testing::make_pcap;
  const ConnectionList syn_only = list_of(make_pcap(pcap::kLinkRaw, {packet(wire::TcpFlags::kSyn, 1000),
                                                                     packet(wire::TcpFlags::kSyn, 1000)}));
  REQUIRE(syn_only.size() == 1);
  CHECK(syn_only.rows()[0].status == ConnectionStatus::HandshakeIncomplete);
  CHECK(syn_only.rows()[0].segments == 2);
  CHECK(syn_only.rows()[0].retransmissions == 1);  // the second SYN re-covers the first's sequence number

  const ConnectionList mid = list_of(make_pcap(pcap::kLinkRaw, {packet(wire::TcpFlags::kAck, 5000, 9000)}));
  REQUIRE(mid.size() == 1);
  CHECK(mid.rows()[0].status == ConnectionStatus::Active);

  // One FIN and the capture ends: a half-close (RFC 9293 3.6), the other side may still send.
  const ConnectionList half = list_of(make_pcap(pcap::kLinkRaw, {packet(wire::TcpFlags::kAck, 5000, 9000),
                                                                 packet(wire::TcpFlags::kFin | wire::TcpFlags::kAck, 5000, 9000)}));
  REQUIRE(half.size() == 1);
  CHECK(half.rows()[0].status == ConnectionStatus::Closing);
  CHECK(half.rows()[0].ended == pcap::CloseKind::StillOpen);
}

TEST_CASE("connection list: sorting by a column is stable and ties keep connection order", "[connection_list]") {
  // two-sections.pcapng: #0 the HTTP fetch (12 segments), #1 and #2 refused (2 segments each).
  ConnectionList l = list_of("two-sections.pcapng");
  REQUIRE(ids(l) == std::vector<std::uint32_t>{0, 1, 2});
  l.sort_by(ConnectionColumn::Segments, /*ascending=*/false);
  CHECK(ids(l) == std::vector<std::uint32_t>{0, 1, 2});
  l.sort_by(ConnectionColumn::Segments, /*ascending=*/true);
  CHECK(ids(l) == std::vector<std::uint32_t>{1, 2, 0});
  l.sort_by(ConnectionColumn::Status, /*ascending=*/false);  // "reset" after "closed"
  CHECK(ids(l) == std::vector<std::uint32_t>{1, 2, 0});
  l.sort_by(ConnectionColumn::Tuple);  // "127.0.0.1:51178" < "127.0.0.1:56232" < "[::1]:41362"
  CHECK(ids(l) == std::vector<std::uint32_t>{0, 1, 2});
  l.sort_by(ConnectionColumn::Start, false);
  CHECK(ids(l) == std::vector<std::uint32_t>{2, 1, 0});
  l.sort_by(ConnectionColumn::BytesToClient, false);
  CHECK(ids(l).front() == 0);
  CHECK(l.sort_column() == ConnectionColumn::BytesToClient);
  CHECK_FALSE(l.sort_ascending());
}

TEST_CASE("connection list: the selection is a connection id and survives sorting", "[connection_list]") {
  ConnectionList l = list_of("two-sections.pcapng");
  l.select(2);
  CHECK(l.selected_row() == std::size_t{2});
  l.sort_by(ConnectionColumn::Id, false);
  CHECK(l.selected() == std::uint32_t{2});
  CHECK(l.selected_row() == std::size_t{0});
  l.select(99);  // not in the list
  CHECK_FALSE(l.selected().has_value());
}

TEST_CASE("connection list: live updates add rows in sort order and replace a connection's row", "[connection_list]") {
  ConnectionList l;
  l.sort_by(ConnectionColumn::Segments, /*ascending=*/false);
  CHECK(l.update(live_entry(0, 1, ConnectionStatus::New)) == 0);
  CHECK(l.update(live_entry(1, 3, ConnectionStatus::Active)) == 0);  // more segments: first
  CHECK(ids(l) == std::vector<std::uint32_t>{1, 0});
  l.select(0);
  // Connection 0's handshake completes and it overtakes connection 1.
  CHECK(l.update(live_entry(0, 5, ConnectionStatus::Active)) == 0);
  CHECK(ids(l) == std::vector<std::uint32_t>{0, 1});
  CHECK(l.size() == 2);
  CHECK(l.find(0)->status == ConnectionStatus::Active);
  CHECK(l.selected_row() == std::size_t{0});
  l.clear();
  CHECK(l.empty());
  CHECK_FALSE(l.selected().has_value());
}

TEST_CASE("connection list: JSON rows for the page", "[connection_list]") {
  ConnectionList l = list_of("refused.pcapng");
  l.select(1);
  const std::string j = l.to_json();
  CHECK(j.find(R"("client":"127.0.0.1:56232")") != std::string::npos);
  CHECK(j.find(R"("status":"reset")") != std::string::npos);
  CHECK(j.find(R"("ended":"reset")") != std::string::npos);
  CHECK(j.find(R"("selected":true)") != std::string::npos);
  CHECK(j.front() == '[');
}
