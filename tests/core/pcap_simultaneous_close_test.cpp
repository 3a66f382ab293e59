// A real simultaneous close, captured by scripts/make_capture_fixtures.sh: two Linux kernels in
// network namespaces joined by a 200 ms delay line, both programs calling shutdown(SHUT_WR) at
// one agreed moment. `ss` in both namespaces showed each end go FIN-WAIT-1, CLOSING,
// TIME-WAIT while it happened (the script prints it). tshark reads the file as (capture point:
// the client's TAP):
//
//   frame  time (s)   from    flags      seq  ack  len     (tshark relative numbers)
//   1      0.000000   client  SYN          0    0    0
//   2      0.412139   server  SYN|ACK      0    1    0
//   3      0.412176   client  ACK          1    1    0
//   4      0.412261   client  PSH|ACK      1    1    5     "ping\n"
//   5      0.839972   server  ACK          1    6    0
//   6      0.899965   server  PSH|ACK      1    6    5     "pong\n"
//   7      0.899999   client  ACK          6    6    0
//   8      2.979945   client  FIN|ACK      6    6    0
//   9      3.199989   server  FIN|ACK      6    6    0     ack 6: sent before the client's FIN arrived
//   10     3.199993   client  ACK          7    7    0
//   11     3.411994   server  ACK          7    7    0
//
// RFC 9293 section 3.6, figure 13 (Simultaneous Close Sequence): both ends ESTABLISHED, both
// (Close) to FIN-WAIT-1, each receives the other's FIN in FIN-WAIT-1 and goes to CLOSING
// (3.10.7.4 eighth, "FIN-WAIT-1 STATE: If our FIN has been ACKed ... otherwise, enter the
// CLOSING state"), then the ACK of its own FIN takes it to TIME-WAIT (fifth, "CLOSING STATE").
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/capture_summary.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/observer.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using namespace tcpviz::pcap::testing;
using tcp::State;
using trace::Side;

namespace {

std::vector<State> states_of(const trace::Trace& tr, Side who) {
  std::vector<State> out;
  for (const auto& t : tr.transitions) {
    if (t.who != who) continue;
    if (out.empty()) out.push_back(t.from);
    out.push_back(t.to);
  }
  return out;
}

}  // namespace

TEST_CASE("simultaneous close (real kernels): import finds FINs that crossed, RFC 9293 figure 13",
          "[pcap][simultaneous-close]") {
  const auto file = load_fixture("simultaneous-close.pcap");
  REQUIRE_FALSE(file.empty());
  auto summary = summarize_file(file);
  REQUIRE(summary.ok());
  CHECK(summary->packets == 11);
  CHECK(summary->warnings.empty());
  REQUIRE(summary->connections.size() == 1);
  const ConnectionSummary& s = summary->connections[0];
  CHECK(to_string(s.client) == "192.0.2.1:" + std::to_string(s.client.port));
  CHECK(to_string(s.server) == "192.0.2.2:7072");
  CHECK(s.handshake_complete);
  CHECK(s.packets == std::array<std::uint32_t, 2>{6, 5});
  CHECK(s.data_bytes == std::array<std::uint64_t, 2>{5, 5});  // "ping\n", "pong\n"
  CHECK(s.retransmissions == 0);
  CHECK(s.close == CloseKind::Simultaneous);
  CHECK(close_kind_name(s.close) == "simultaneous");
}

TEST_CASE("simultaneous close (real kernels): both ends inferred through CLOSING to TIME-WAIT",
          "[pcap][simultaneous-close][observer]") {
  auto capture = read_capture(load_fixture("simultaneous-close.pcap"));
  REQUIRE(capture.ok());
  const trace::Trace tr = capture_to_trace(*capture, 0);
  REQUIRE(tr.segments.size() == 11);
  // Client: the active opener (RFC 9293 figure 6), then figure 13's close.
  CHECK(states_of(tr, Side::Client) == std::vector<State>{State::Closed, State::SynSent, State::Established,
                                                          State::FinWait1, State::Closing, State::TimeWait});
  // Server: listening when the SYN came (it answered with SYN|ACK), then the same close.
  CHECK(states_of(tr, Side::Server) ==
        std::vector<State>{State::Closed, State::Listen, State::SynReceived, State::Established, State::FinWait1,
                           State::Closing, State::TimeWait});
  // Each end entered CLOSING on the other's FIN and TIME-WAIT on the ACK of its own FIN,
  // never passing through CLOSE-WAIT or LAST-ACK (an ordinary close).
  for (const auto& t : tr.transitions) {
    CHECK(t.to != State::CloseWait);
    CHECK(t.to != State::LastAck);
    if (t.to == State::Closing) CHECK(t.cause.find("simultaneous close") != std::string_view::npos);
  }
}
