// The passive observer: both ends' states inferred from a real capture. The state sequences
// expected are RFC 9293's (figure 5 and section 3.6: the active closer goes FIN-WAIT-1,
// FIN-WAIT-2, TIME-WAIT, or FIN-WAIT-1 straight to TIME-WAIT when the peer's FIN carries the
// ACK of its FIN; the passive closer CLOSE-WAIT, LAST-ACK, CLOSED). The times come from
// tshark's frame.time_relative for http-ipv4.pcap (SYN at 0, SYN|ACK at 22 us, ACK at 43 us,
// client FIN at 41969 us) and the delay model documented in core/pcap/observer.hpp.
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/observer.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using namespace tcpviz::pcap::testing;
using tcp::State;
using trace::Side;

namespace {

Capture load(const char* name) {
  auto c = read_capture(load_fixture(name));
  REQUIRE(c.ok());
  return std::move(c).value();
}

std::vector<State> states_of(const trace::Trace& tr, Side who) {
  std::vector<State> out;
  for (const auto& t : tr.transitions) {
    if (t.who != who) continue;
    if (out.empty()) out.push_back(t.from);
    out.push_back(t.to);
  }
  return out;
}

const trace::Transition* find_transition(const trace::Trace& tr, Side who, State to) {
  for (const auto& t : tr.transitions) {
    if (t.who == who && t.to == to) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("observer: both ends of an HTTP connection, handshake to TIME-WAIT", "[pcap][observer]") {
  const Capture c = load("http-ipv4.pcap");
  const trace::Trace tr = capture_to_trace(c, 0);
  CHECK(tr.inferred);
  REQUIRE(tr.segments.size() == 12);
  // The server's FIN|ACK (frame 11) acknowledges the client's FIN: FIN-WAIT-1 goes straight
  // to TIME-WAIT (3.10.7.4 eighth step, "If our FIN has been ACKed (perhaps in this segment),
  // then enter TIME-WAIT"), as the simulator's three-way-close shows it.
  CHECK(states_of(tr, Side::Client) ==
        std::vector<State>{State::Closed, State::SynSent, State::Established, State::FinWait1,
                           State::TimeWait});
  CHECK(states_of(tr, Side::Server) ==
        std::vector<State>{State::Closed, State::Listen, State::SynReceived, State::Established, State::CloseWait,
                           State::LastAck, State::Closed});
  for (const auto& t : tr.transitions) CHECK(t.cause.substr(0, 9) == "inferred:");
  CHECK(tr.transitions.front().cause.find("listening") != std::string_view::npos);
}

TEST_CASE("observer: receiver-side transitions wait for the estimated one-way delay", "[pcap][observer]") {
  const Capture c = load("http-ipv4.pcap");
  const auto conv = find_conversations(c);
  REQUIRE(conv.list.size() == 1);
  // d_s = (22 - 0) / 2 = 11 us (capture point -> server), d_c = (43 - 22) / 2 = 10 us.
  const PathEstimate path = estimate_path(c, conv.list[0]);
  CHECK(path.from_handshake);
  CHECK(path.capture_to_server == Duration(11));
  CHECK(path.capture_to_client == Duration(10));

  const trace::Trace tr = capture_to_trace(c, 0);
  // The client's SYN left it 10 us before the capture saw it; everything is shifted by 10 us
  // so that it is sent at 0, and it reaches the server 10 + 11 us later.
  CHECK(tr.segments[0].sent == Time(0));
  CHECK(tr.segments[0].arrive == Time(21));
  const auto* syn_sent = find_transition(tr, Side::Client, State::SynSent);
  const auto* syn_rcvd = find_transition(tr, Side::Server, State::SynReceived);
  REQUIRE(syn_sent);
  REQUIRE(syn_rcvd);
  CHECK(syn_sent->t == Time(0));
  CHECK(syn_rcvd->t == Time(21));
  // The SYN|ACK, captured at 22, left the server at 22 - 11 + 10 and reaches the client at
  // 22 + 10 + 10: the client is ESTABLISHED at 42.
  const auto* established = find_transition(tr, Side::Client, State::Established);
  REQUIRE(established);
  CHECK(established->t == Time(42));
  // The client's FIN, captured at 41969: FIN-WAIT-1 at 41969 (- 10 + 10), CLOSE-WAIT at the
  // server 21 us later.
  const auto* fin_wait_1 = find_transition(tr, Side::Client, State::FinWait1);
  const auto* close_wait = find_transition(tr, Side::Server, State::CloseWait);
  REQUIRE(fin_wait_1);
  REQUIRE(close_wait);
  CHECK(fin_wait_1->t == Time(41969));
  CHECK(close_wait->t == Time(41990));
}

TEST_CASE("observer: relative numbers as Wireshark shows them, and the captured bytes", "[pcap][observer]") {
  const trace::Trace tr = capture_to_trace(load("http-ipv4.pcap"), 0);
  REQUIRE(tr.segments.size() == 12);
  // tshark tcp.seq / tcp.ack (relative): frame 2 SYN|ACK 0/1, frame 4 GET 1/1 (87 bytes),
  // frame 11 server FIN 210/89, frame 12 client ACK 89/211.
  CHECK(tr.segments[1].rel_seq == 0);
  CHECK(tr.segments[1].rel_ack == 1u);
  CHECK_FALSE(tr.segments[0].rel_ack.has_value());
  CHECK(tr.segments[3].rel_seq == 1);
  CHECK(tr.segments[3].tcp.payload_len == 87);
  CHECK(tr.segments[10].rel_seq == 210);
  CHECK(tr.segments[10].rel_ack == 89u);
  CHECK(tr.segments[11].rel_seq == 89);
  CHECK(tr.segments[11].rel_ack == 211u);
  REQUIRE(tr.conns.size() == 1);
  CHECK(tr.conns[0].isn[0].has_value());
  CHECK(tr.conns[0].isn[1].has_value());
  CHECK(tr.endpoints[1].port == 8080);
  CHECK(tr.endpoints[1].ip == 0x7F000001u);
  // frame.len 74 = 14 Ethernet + 60 IP: the raw bytes start at the IPv4 header.
  CHECK(tr.segments[0].raw_len == 60);
  CHECK(tr.raw_bytes[tr.segments[0].raw_offset] == 0x45);
  CHECK(tr.segments[3].raw_len == 153 - 14);
}

TEST_CASE("observer: a refused connection and an aborted one", "[pcap][observer]") {
  SECTION("RST|ACK answering the SYN: the client goes back to CLOSED, the server never left it") {
    const trace::Trace tr = capture_to_trace(load("refused.pcapng"), 1);  // the IPv6 one
    CHECK(states_of(tr, Side::Client) == std::vector<State>{State::Closed, State::SynSent, State::Closed});
    CHECK(states_of(tr, Side::Server).empty());
    const auto* closed = find_transition(tr, Side::Client, State::Closed);
    REQUIRE(closed);
    CHECK(closed->cause.find("refused") != std::string_view::npos);
    CHECK(tr.endpoints[0].ip == 0);  // IPv6: no IPv4 address to show
  }
  SECTION("SO_LINGER {1, 0}: the client's RST closes both ends") {
    const trace::Trace tr = capture_to_trace(load("reuse-and-reset.pcap"), 1);
    CHECK(states_of(tr, Side::Client) ==
          std::vector<State>{State::Closed, State::SynSent, State::Established, State::Closed});
    CHECK(states_of(tr, Side::Server) ==
          std::vector<State>{State::Closed, State::Listen, State::SynReceived, State::Established, State::Closed});
  }
}

TEST_CASE("observer: a four-segment close begun by the server", "[pcap][observer]") {
  const trace::Trace tr = capture_to_trace(load("reuse-and-reset.pcap"), 0);
  CHECK(states_of(tr, Side::Server) ==
        std::vector<State>{State::Closed, State::Listen, State::SynReceived, State::Established, State::FinWait1,
                           State::FinWait2, State::TimeWait});
  CHECK(states_of(tr, Side::Client) ==
        std::vector<State>{State::Closed, State::SynSent, State::Established, State::CloseWait, State::LastAck,
                           State::Closed});
}

TEST_CASE("observer: a capture that missed the handshake starts both ends ESTABLISHED", "[pcap][observer]") {
  Capture c = load("http-ipv4.pcap");
  c.packets.erase(c.packets.begin(), c.packets.begin() + 3);
  const trace::Trace tr = capture_to_trace(c, 0);
  REQUIRE(tr.segments.size() == 9);
  CHECK(states_of(tr, Side::Client).at(1) == State::Established);
  CHECK(states_of(tr, Side::Server).at(1) == State::Established);
  CHECK(states_of(tr, Side::Client).back() == State::TimeWait);
  // Wireshark without the SYN: the first segment seen is Seq=1.
  CHECK(tr.segments[0].rel_seq == 1);
  bool noted = false;
  for (const auto& n : tr.notes) noted = noted || n.find("no complete handshake") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("observer: asking for a connection that is not there", "[pcap][observer]") {
  const trace::Trace tr = capture_to_trace(load("http-ipv4.pcap"), 5);
  CHECK(tr.segments.empty());
  REQUIRE(tr.notes.size() == 1);
  CHECK(tr.notes[0] == "no connection 5 in the capture (it has 1)");
}
