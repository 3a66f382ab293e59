// Exporting traces as pcap and reading them back with this project's own reader: the same
// segments must come back (round trip). `tshark -r` on exported files is checked by
// scripts/check_pcap_export.sh, outside Catch2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/observer.hpp"
#include "core/pcap/pcap_writer.hpp"
#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using namespace tcpviz::pcap::testing;
using trace::Side;

namespace {

// A lesson-sized trace built by hand: handshake, a data segment dropped and retransmitted,
// and a simultaneous close (each FIN sent before the other arrived, RFC 9293 figure 13).
trace::Trace hand_made_trace() {
  trace::Trace tr;
  tr.endpoints[0] = {"client", 0xC0000201u, 40000};
  tr.endpoints[1] = {"server", 0xC0000202u, 80};
  trace::Connection conn;
  conn.ip = {0xC0000201u, 0xC0000202u};
  conn.port = {40000, 80};
  conn.isn = {wire::SeqNum(1000), wire::SeqNum(5000)};
  tr.conns.push_back(conn);
  struct Row {
    Side from;
    std::uint16_t flags;
    std::uint32_t seq, ack, len;
    std::int64_t sent_ms;
    bool dropped;
  };
  using F = wire::TcpFlags;
  const Row rows[] = {
      {Side::Client, F::kSyn, 1000, 0, 0, 0, false},
      {Side::Server, F::kSyn | F::kAck, 5000, 1001, 0, 50, false},
      {Side::Client, F::kAck, 1001, 5001, 0, 100, false},
      {Side::Client, F::kAck | F::kPsh, 1001, 5001, 100, 300, true},
      {Side::Client, F::kAck | F::kPsh, 1001, 5001, 100, 1300, false},
      {Side::Server, F::kAck, 5001, 1101, 0, 1350, false},
      {Side::Client, F::kFin | F::kAck, 1101, 5001, 0, 1500, false},
      {Side::Server, F::kFin | F::kAck, 5001, 1101, 0, 1500, false},
      {Side::Client, F::kAck, 1102, 5002, 0, 1550, false},
      {Side::Server, F::kAck, 5002, 1102, 0, 1550, false},
  };
  for (const Row& r : rows) {
    trace::Segment s;
    s.id = static_cast<std::uint32_t>(tr.segments.size());
    s.from = r.from;
    s.tcp.src_port = r.from == Side::Client ? 40000 : 80;
    s.tcp.dst_port = r.from == Side::Client ? 80 : 40000;
    s.tcp.seq = wire::SeqNum(r.seq);
    s.tcp.ack = wire::SeqNum(r.ack);
    s.tcp.flags.bits = r.flags;
    s.tcp.window = 64240;
    s.tcp.payload_len = r.len;
    if (r.flags & F::kSyn) s.tcp.options.mss = 1460;
    s.rel_seq = r.seq - (r.from == Side::Client ? 1000 : 5000);
    s.sent = from_ms(r.sent_ms);
    s.arrive = s.sent + from_ms(50);
    s.fate = r.dropped ? trace::Fate::Dropped : trace::Fate::Delivered;
    s.retransmission = s.id == 4;
    tr.segments.push_back(s);
  }
  return tr;
}

Capture reread(const PcapExport& out) {
  auto c = read_capture(out.file);
  REQUIRE(c.ok());
  return std::move(c).value();
}

}  // namespace

TEST_CASE("writer: a simulated trace round-trips through pcap", "[pcap][writer]") {
  const trace::Trace tr = hand_made_trace();
  const PcapExport out = write_pcap(tr, {1700000000000000});
  CHECK(out.written == 10);  // the dropped segment too: it was on the wire at the sender
  CHECK(out.skipped == 0);
  const Capture c = reread(out);
  REQUIRE(c.packets.size() == 10);
  CHECK(c.warnings.empty());
  CHECK(c.packets[0].link_type == kLinkEthernet);
  CHECK(c.packets[0].epoch_ns == 1700000000000000000);
  CHECK(c.packets[4].epoch_ns == 1700000001300000000);  // sent at 1300 ms
  // RFC 7042 documentation MACs: destination server ...:02, source client ...:01.
  CHECK(c.data(c.packets[0])[5] == 0x02);
  CHECK(c.data(c.packets[0])[11] == 0x01);
  CHECK(c.data(c.packets[0])[2] == 0x5e);

  const auto conv = find_conversations(c);
  REQUIRE(conv.list.size() == 1);
  REQUIRE(conv.list[0].packets.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    wire::TcpSegment got = conv.list[0].packets[i].decoded.tcp;
    got.checksum = 0;  // emitting computes it; the hand-made value has none
    INFO("segment " << i);
    CHECK(got == tr.segments[i].tcp);
    CHECK(conv.list[0].packets[i].from == tr.segments[i].from);
  }
  const auto s = summarize(c);
  REQUIRE(s.size() == 1);
  CHECK(to_string(s[0].client) == "192.0.2.1:40000");
  CHECK(s[0].handshake_complete);
  CHECK(s[0].retransmissions == 1);
  CHECK(s[0].data_bytes == std::array<std::uint64_t, 2>{100, 0});
  CHECK(s[0].close == CloseKind::Simultaneous);
}

TEST_CASE("writer: the observer sees a simultaneous close go through CLOSING on both ends", "[pcap][writer][observer]") {
  const Capture c = reread(write_pcap(hand_made_trace()));
  const trace::Trace tr = capture_to_trace(c, 0);
  // RFC 9293 figure 13: both ends FIN-WAIT-1 -> CLOSING -> TIME-WAIT.
  for (Side who : {Side::Client, Side::Server}) {
    std::vector<tcp::State> seq;
    for (const auto& t : tr.transitions) {
      if (t.who == who) seq.push_back(t.to);
    }
    REQUIRE(seq.size() >= 3);
    CHECK(seq[seq.size() - 3] == tcp::State::FinWait1);
    CHECK(seq[seq.size() - 2] == tcp::State::Closing);
    CHECK(seq[seq.size() - 1] == tcp::State::TimeWait);
  }
  CHECK(tr.segments[4].retransmission);
  CHECK_FALSE(tr.segments[3].retransmission);
}

TEST_CASE("writer: a FIN|ACK that acknowledges our FIN takes FIN-WAIT-1 straight to TIME-WAIT "
          "in the imported capture, as in the simulation (three-way-close)",
          "[pcap][writer][observer]") {
  // RFC 9293 3.10.7.4 eighth step, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this
  // segment), then enter TIME-WAIT". The live view and a reopened export must tell the same
  // story as the lesson: no FIN-WAIT-2 for the client.
  const scenario::Preset* preset = scenario::find_preset("three-way-close");
  REQUIRE(preset != nullptr);
  auto scenario = scenario::parse_scenario(preset->json);
  REQUIRE(scenario.ok());
  const trace::Trace simulated = sim::run(*scenario);
  const trace::Trace imported = capture_to_trace(reread(write_pcap(simulated)), 0);
  const auto states = [](const trace::Trace& tr, Side who) {
    std::vector<tcp::State> seq;
    for (const auto& t : tr.transitions) {
      if (t.who == who && t.conn == 0) seq.push_back(t.to);
    }
    return seq;
  };
  // The state after FIN-WAIT-1, in each (the simulation also lets TIME-WAIT expire).
  const auto after_fin_wait_1 = [](const std::vector<tcp::State>& seq) {
    const auto it = std::find(seq.begin(), seq.end(), tcp::State::FinWait1);
    REQUIRE(it != seq.end());
    REQUIRE(it + 1 != seq.end());
    return *(it + 1);
  };
  CHECK(after_fin_wait_1(states(simulated, Side::Client)) == tcp::State::TimeWait);
  const std::vector<tcp::State> seen = states(imported, Side::Client);
  CHECK(after_fin_wait_1(seen) == tcp::State::TimeWait);
  CHECK(std::find(seen.begin(), seen.end(), tcp::State::FinWait2) == seen.end());
}

TEST_CASE("writer: a captured trace is written with its captured bytes", "[pcap][writer]") {
  for (const char* name : {"http-ipv4.pcap", "http-ipv6.pcap"}) {
    INFO(name);
    auto original = read_capture(load_fixture(name));
    REQUIRE(original.ok());
    const trace::Trace tr = capture_to_trace(*original, 0);
    const Capture again = reread(write_pcap(tr));
    REQUIRE(again.packets.size() == original->packets.size());
    for (std::size_t i = 0; i < again.packets.size(); ++i) {
      // Loopback frames carry zero MACs; the exported ones documentation MACs: compare from
      // the IP header on.
      const auto a = original->data(original->packets[i]).subspan(14);
      const auto b = again.data(again.packets[i]).subspan(14);
      CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
    }
    const auto s1 = summarize(*original);
    const auto s2 = summarize(again);
    REQUIRE(s2.size() == 1);
    CHECK(s2[0].close == s1[0].close);
    CHECK(s2[0].data_bytes == s1[0].data_bytes);
  }
}

TEST_CASE("writer: a segment the capture cut short keeps its original length", "[pcap][writer]") {
  auto original = read_capture(load_fixture("http-ipv4.pcap"));
  REQUIRE(original.ok());
  // Cut the GET (frame 4, 153 bytes) to 100 bytes, as a snap length of 100 would.
  original->packets[3].caplen = 100;
  original->packets[3].truncated = true;
  const trace::Trace tr = capture_to_trace(*original, 0);
  REQUIRE(tr.segments[3].truncated);
  CHECK(tr.segments[3].tcp.payload_len == 87);  // from the IP header, not the bytes kept
  const Capture again = reread(write_pcap(tr));
  REQUIRE(again.packets.size() == 12);
  CHECK(again.packets[3].caplen == 100);
  CHECK(again.packets[3].orig_len == 153);
  CHECK(again.packets[3].truncated);
}
