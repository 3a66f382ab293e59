// The passive observer's TIME-WAIT: it cannot see the end's 2MSL timer, so it assumes Linux's
// fixed TCP_TIMEWAIT_LEN of 60 s (include/net/tcp.h; the `linux` profile's time_wait) and
// applies RFC 9293's rules to it: TIME-WAIT is entered on the ACK of our FIN after the peer's
// FIN (or the peer's FIN in FIN-WAIT-2), a retransmitted FIN restarts the timer (3.10.7.4
// eighth step: "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout."), and
// when it runs out the TCB is deleted and the end is CLOSED (3.10.8). The times below are
// chosen by hand; the 60 s is Linux's constant, not the code's output.
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/observer.hpp"
#include "core/pcap/state_inference.hpp"
#include "core/wire/packet_builder.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using tcp::State;
using tcp::TimerAction;
using trace::Side;
using wire::SeqNum;
using wire::TcpFlags;

namespace {

constexpr Duration kLinuxTimeWait = std::chrono::seconds(60);  // TCP_TIMEWAIT_LEN

wire::TcpSegment segment(std::uint16_t flags, std::uint32_t seq, std::uint32_t ack) {
  wire::TcpSegment s;
  s.flags.bits = flags;
  s.seq = SeqNum(seq);
  s.ack = SeqNum(ack);
  return s;
}

Time at_ms(std::int64_t ms) { return from_ms(ms); }

// The client end of RFC 9293 figure 5's close, seen from the wire: it is ESTABLISHED with
// SND.NXT = 1001, RCV.NXT = 5001, sends FIN at 0 (FIN takes 1001), the server's ACK of it and
// then the server's FIN (5001) arrive at 100 ms and 200 ms; the client enters TIME-WAIT at 200 ms.
struct ClosingClient {
  std::vector<trace::Transition> transitions;
  std::vector<InferredTimerChange> timers;
  InferredEnd end{Side::Client, transitions, &timers};

  ClosingClient() {
    end.start(Time(0), State::Established, "inferred: already established", "RFC 9293 3.3.2");
    end.sent(at_ms(0), segment(TcpFlags::kFin | TcpFlags::kAck, 1001, 5001));
    end.received(at_ms(100), segment(TcpFlags::kAck, 5001, 1002));
    end.received(at_ms(200), segment(TcpFlags::kFin | TcpFlags::kAck, 5001, 1002));
  }
};

}  // namespace

TEST_CASE("inferred TIME-WAIT: entered on the peer's FIN in FIN-WAIT-2, with its 2MSL timer armed",
          "[pcap][observer][time-wait]") {
  ClosingClient c;
  CHECK(c.end.state() == State::TimeWait);
  REQUIRE(c.end.time_wait_deadline());
  CHECK(*c.end.time_wait_deadline() == at_ms(200) + kLinuxTimeWait);
  REQUIRE(c.timers.size() == 1);
  CHECK(c.timers[0].t == at_ms(200));
  CHECK(c.timers[0].who == Side::Client);
  CHECK(c.timers[0].change.kind == tcp::TimerKind::TimeWait);
  CHECK(c.timers[0].change.action == TimerAction::Armed);
  CHECK(c.timers[0].change.deadline == at_ms(60'200));
}

TEST_CASE("inferred TIME-WAIT: when the 2MSL timer runs out the end is CLOSED at its deadline (RFC 9293 3.10.8)",
          "[pcap][observer][time-wait]") {
  ClosingClient c;
  c.end.expire(at_ms(60'199));
  CHECK(c.end.state() == State::TimeWait);
  c.end.expire(at_ms(75'000));  // looked at late: the transition still says when it happened
  CHECK(c.end.state() == State::Closed);
  CHECK_FALSE(c.end.time_wait_deadline());
  const trace::Transition& last = c.transitions.back();
  CHECK(last.from == State::TimeWait);
  CHECK(last.to == State::Closed);
  CHECK(last.t == at_ms(60'200));
  CHECK(last.rfc == "RFC 9293 3.10.8");
  REQUIRE(c.timers.size() == 2);
  CHECK(c.timers[1].change.action == TimerAction::Fired);
  CHECK(c.timers[1].t == at_ms(60'200));
}

TEST_CASE("inferred TIME-WAIT: a retransmitted FIN restarts the 2MSL timer (RFC 9293 3.10.7.4 eighth)",
          "[pcap][observer][time-wait]") {
  ClosingClient c;
  // Our ACK of the server's FIN was lost; the server sends its FIN again 30 s later.
  c.end.received(at_ms(30'200), segment(TcpFlags::kFin | TcpFlags::kAck, 5001, 1002));
  CHECK(c.end.state() == State::TimeWait);
  REQUIRE(c.end.time_wait_deadline());
  CHECK(*c.end.time_wait_deadline() == at_ms(30'200) + kLinuxTimeWait);
  REQUIRE(c.timers.size() == 3);
  CHECK(c.timers[1].change.action == TimerAction::Cancelled);
  CHECK(c.timers[2].change.action == TimerAction::Armed);
  CHECK(c.timers[2].t == at_ms(30'200));
  c.end.expire(at_ms(60'200));  // the first deadline no longer counts
  CHECK(c.end.state() == State::TimeWait);
  c.end.expire(at_ms(90'200));
  CHECK(c.end.state() == State::Closed);
}

TEST_CASE("inferred TIME-WAIT: an RST ends it early and cancels the timer (Linux, tcp_rfc1337 = 0)",
          "[pcap][observer][time-wait]") {
  ClosingClient c;
  c.end.received(at_ms(1'000), segment(TcpFlags::kRst, 5002, 0));
  CHECK(c.end.state() == State::Closed);
  CHECK_FALSE(c.end.time_wait_deadline());
  REQUIRE(c.timers.size() == 2);
  CHECK(c.timers[1].change.action == TimerAction::Cancelled);
  CHECK(c.timers[1].t == at_ms(1'000));
}

TEST_CASE("inferred TIME-WAIT: a segment seen after the deadline finds the end already CLOSED",
          "[pcap][observer][time-wait]") {
  ClosingClient c;
  // 70 s later the server's FIN comes again: TIME-WAIT ended at 60.2 s, so this FIN reaches a
  // closed end and cannot restart anything (the kernel would answer it with an RST).
  c.end.received(at_ms(70'200), segment(TcpFlags::kFin | TcpFlags::kAck, 5001, 1002));
  CHECK(c.end.state() == State::Closed);
  CHECK(c.transitions.back().t == at_ms(60'200));
  REQUIRE(c.timers.size() == 2);
  CHECK(c.timers[1].change.action == TimerAction::Fired);
}

TEST_CASE("inferred TIME-WAIT: add_timer_records turns the changes into the trace's timer records",
          "[pcap][observer][time-wait]") {
  ClosingClient c;
  c.end.received(at_ms(30'200), segment(TcpFlags::kFin | TcpFlags::kAck, 5001, 1002));
  c.end.expire(at_ms(100'000));
  std::vector<trace::Timer> timers;
  add_timer_records(c.timers, timers);
  REQUIRE(timers.size() == 2);
  CHECK(timers[0].kind == tcp::TimerKind::TimeWait);
  CHECK(timers[0].armed == at_ms(200));
  CHECK(timers[0].deadline == at_ms(60'200));
  CHECK(timers[0].end == trace::TimerEnd::Cancelled);
  CHECK(timers[0].end_t == at_ms(30'200));
  CHECK(timers[1].armed == at_ms(30'200));
  CHECK(timers[1].deadline == at_ms(90'200));
  CHECK(timers[1].end == trace::TimerEnd::Fired);
  CHECK(timers[1].end_t == at_ms(90'200));
}

TEST_CASE("observer: a captured close leaves the client in TIME-WAIT with its timer pending", "[pcap][observer][time-wait]") {
  // http-ipv4.pcap ends about 42 ms after the client's FIN: far less than 60 s, so the capture
  // cannot show TIME-WAIT ending; its timer is pending when the trace ends.
  auto capture = read_capture(testing::load_fixture("http-ipv4.pcap"));
  REQUIRE(capture.ok());
  const trace::Trace tr = capture_to_trace(capture.value(), 0);
  const trace::Transition* time_wait = nullptr;
  for (const auto& t : tr.transitions) {
    if (t.who == Side::Client && t.to == State::TimeWait) time_wait = &t;
  }
  REQUIRE(time_wait != nullptr);
  REQUIRE(tr.timers.size() == 1);
  const trace::Timer& timer = tr.timers[0];
  CHECK(timer.who == Side::Client);
  CHECK(timer.kind == tcp::TimerKind::TimeWait);
  CHECK(timer.armed == time_wait->t);
  CHECK(timer.deadline == time_wait->t + kLinuxTimeWait);
  CHECK(timer.end == trace::TimerEnd::Pending);
  for (const auto& t : tr.transitions) CHECK_FALSE((t.who == Side::Client && t.from == State::TimeWait));
}

namespace {

std::vector<std::uint8_t> raw_tcp(bool from_client, std::uint16_t client_port, std::uint16_t flags, std::uint32_t seq,
                                  std::uint32_t ack) {
  const auto client = wire::Ipv4Address::from_octets(192, 0, 2, 1);
  const auto server = wire::Ipv4Address::from_octets(198, 51, 100, 1);
  wire::TcpSegment s = segment(flags, seq, ack);
  s.src_port = from_client ? client_port : 443;
  s.dst_port = from_client ? 443 : client_port;
  s.window = 65535;
  auto p = wire::build_ipv4_tcp(s, {}, wire::Ipv4TcpAddressing{from_client ? client : server, from_client ? server : client, 1, 64});
  REQUIRE(p.ok());
  return p.value();
}

}  // namespace

TEST_CASE("observer: after a simultaneous close both TIME-WAITs end in deadline order, in a capture that goes on",
          "[pcap][observer][time-wait]") {
  // One packet a second (make_pcap); another connection's packets fill the gaps. SYN at 0 s,
  // SYN|ACK at 2 s, ACK at 3 s: 1 s from the capture point to the server, 0.5 s to the client
  // (core/pcap/observer.hpp). The FINs cross (RFC 9293 figure 13): the client's is sent at
  // 3.5 s and reaches the server at 5 s, after the server sent its own at 4 s; both ends go
  // through CLOSING. The server's FIN is acknowledged at 7 s (server TIME-WAIT), the client's
  // at 7.5 s (client TIME-WAIT): the server's 60 s end first, at 67 s, the client's at 67.5 s.
  // A stray ACK of the connection at 70 s comes after both.
  std::vector<std::vector<std::uint8_t>> packets;
  const auto filler = [] { return raw_tcp(true, 50001, TcpFlags::kAck, 7000, 9000); };
  packets.push_back(raw_tcp(true, 50000, TcpFlags::kSyn, 1000, 0));                      // 0 s
  packets.push_back(filler());
  packets.push_back(raw_tcp(false, 50000, TcpFlags::kSyn | TcpFlags::kAck, 5000, 1001));  // 2 s
  packets.push_back(raw_tcp(true, 50000, TcpFlags::kAck, 1001, 5001));
  packets.push_back(raw_tcp(true, 50000, TcpFlags::kFin | TcpFlags::kAck, 1001, 5001));  // 4 s
  packets.push_back(raw_tcp(false, 50000, TcpFlags::kFin | TcpFlags::kAck, 5001, 1001));
  packets.push_back(raw_tcp(true, 50000, TcpFlags::kAck, 1002, 5002));                   // 6 s
  packets.push_back(raw_tcp(false, 50000, TcpFlags::kAck, 5002, 1002));
  while (packets.size() < 70) packets.push_back(filler());
  packets.push_back(raw_tcp(true, 50000, TcpFlags::kAck, 1002, 5002));                   // 70 s
  auto capture = read_capture(testing::make_pcap(kLinkRaw, packets));
  REQUIRE(capture.ok());
  const trace::Trace tr = capture_to_trace(capture.value(), 0);
  for (std::size_t k = 1; k < tr.transitions.size(); ++k) CHECK(tr.transitions[k - 1].t <= tr.transitions[k].t);
  std::vector<Side> closed_from_time_wait;
  for (const auto& t : tr.transitions) {
    if (t.from == State::TimeWait && t.to == State::Closed) closed_from_time_wait.push_back(t.who);
  }
  CHECK(closed_from_time_wait == std::vector<Side>{Side::Server, Side::Client});
  std::vector<std::string> client_path;
  for (const auto& t : tr.transitions) {
    if (t.who == Side::Client) client_path.emplace_back(tcp::rfc_name(t.to));
  }
  CHECK(client_path == std::vector<std::string>{"SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "CLOSING", "TIME-WAIT", "CLOSED"});
}
