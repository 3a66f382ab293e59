// The simulator running the plain three-way handshake (RFC 9293 3.5, figure 6) over a 50 ms
// link: times, numbering, relative numbers, timer records.
#include <catch2/catch.hpp>

#include "tests/core/sim_test_helpers.hpp"

using namespace sim_test;
using tcp::State;

TEST_CASE("Three-way handshake over a 50 ms link: segments, times and relative numbers",
          "[sim][handshake]") {
  const trace::Trace t = sim::run(handshake_scenario());
  REQUIRE(t.segments.size() == 3);
  const trace::Segment& syn = t.segments[0];
  const trace::Segment& synack = t.segments[1];
  const trace::Segment& ack = t.segments[2];

  // <SEQ=ISS><CTL=SYN> at 0, arriving one link delay later.
  CHECK(syn.from == Side::Client);
  CHECK(four_flags(syn) == TcpFlags::kSyn);
  CHECK(syn.tcp.seq.raw() == 1000);
  CHECK(syn.rel_seq == 0);
  CHECK_FALSE(syn.rel_ack.has_value());
  CHECK(ms(syn.sent) == 0);
  CHECK(ms(syn.arrive) == 50);
  CHECK(syn.tcp.src_port == 40000);
  CHECK(syn.tcp.dst_port == 80);

  // <SEQ=ISS'><ACK=ISS+1><CTL=SYN,ACK>: relative seq 0, relative ack 1.
  CHECK(synack.from == Side::Server);
  CHECK(four_flags(synack) == (TcpFlags::kSyn | TcpFlags::kAck));
  CHECK(synack.tcp.seq.raw() == 5000);
  CHECK(synack.tcp.ack.raw() == 1001);
  CHECK(synack.rel_seq == 0);
  CHECK(synack.rel_ack == 1u);
  CHECK(ms(synack.sent) == 50);
  CHECK(ms(synack.arrive) == 100);

  // <SEQ=ISS+1><ACK=ISS'+1><CTL=ACK>
  CHECK(ack.from == Side::Client);
  CHECK(four_flags(ack) == TcpFlags::kAck);
  CHECK(ack.rel_seq == 1);
  CHECK(ack.rel_ack == 1u);
  CHECK(ms(ack.sent) == 100);
  CHECK(ms(ack.arrive) == 150);

  for (const trace::Segment& s : t.segments) {
    CHECK(s.conn == 0);
    CHECK(s.fate == trace::Fate::Delivered);
    CHECK(s.fault == trace::kNoFault);
    CHECK_FALSE(s.retransmission);
    CHECK_FALSE(s.injected);
    CHECK_FALSE(s.copy_of.has_value());
  }
  REQUIRE(t.conns.size() == 1);
  CHECK(t.conns[0].isn[0] == wire::SeqNum(1000));
  CHECK(t.conns[0].isn[1] == wire::SeqNum(5000));
  CHECK(t.conns[0].port[0] == 40000);
  CHECK(t.conns[0].port[1] == 80);
  CHECK(t.endpoints[0].name == "client");
  CHECK(t.endpoints[1].port == 80);
}

TEST_CASE("Handshake transitions: the listener's own carries the next connection's number",
          "[sim][handshake]") {
  const trace::Trace t = sim::run(handshake_scenario());
  const auto* listen = find_transition(t, Side::Server, State::Closed, State::Listen);
  REQUIRE(listen != nullptr);
  CHECK(ms(listen->t) == 0);
  CHECK(listen->conn == 0);
  const auto* syn_sent = find_transition(t, Side::Client, State::Closed, State::SynSent);
  REQUIRE(syn_sent != nullptr);
  CHECK(ms(syn_sent->t) == 0);
  const auto* syn_rcvd = find_transition(t, Side::Server, State::Listen, State::SynReceived);
  REQUIRE(syn_rcvd != nullptr);
  CHECK(ms(syn_rcvd->t) == 50);
  CHECK(syn_rcvd->conn == 0);
  const auto* c_est = find_transition(t, Side::Client, State::SynSent, State::Established);
  REQUIRE(c_est != nullptr);
  CHECK(ms(c_est->t) == 100);
  const auto* s_est = find_transition(t, Side::Server, State::SynReceived, State::Established);
  REQUIRE(s_est != nullptr);
  CHECK(ms(s_est->t) == 150);

  const auto* ce = find_event(t, Side::Client, tcp::AppEventKind::Established);
  const auto* se = find_event(t, Side::Server, tcp::AppEventKind::Established);
  REQUIRE(ce != nullptr);
  REQUIRE(se != nullptr);
  CHECK(ms(ce->t) == 100);
  CHECK(ms(se->t) == 150);
  // Nothing is pending after the server's ESTABLISHED: the run ends there.
  CHECK(ms(t.end) == 150);
  CHECK_FALSE(t.hit_time_cap);
}

TEST_CASE("Timer records: the SYN's retransmission timer (RFC 6298 2.1, initial RTO 1 s) is "
          "armed at 0 and cancelled by the SYN-ACK",
          "[sim][handshake][timers]") {
  const trace::Trace t = sim::run(handshake_scenario());
  const trace::Timer* client_rto = nullptr;
  for (const trace::Timer& x : t.timers) {
    if (x.who == Side::Client && x.kind == tcp::TimerKind::Retransmit) client_rto = &x;
  }
  REQUIRE(client_rto != nullptr);
  CHECK(ms(client_rto->armed) == 0);
  CHECK(ms(client_rto->deadline) == 1000);
  CHECK(client_rto->end == trace::TimerEnd::Cancelled);
  CHECK(ms(client_rto->end_t) == 100);
  for (const trace::Timer& x : t.timers) CHECK(x.end != trace::TimerEnd::Pending);
}

TEST_CASE("until_ms stops the run: a segment still on the wire is in flight, a timer pending",
          "[sim][handshake]") {
  scenario::Scenario s = handshake_scenario();
  s.until = from_ms(120);
  const trace::Trace t = sim::run(s);
  REQUIRE(t.segments.size() == 3);
  CHECK(ms(t.end) == 120);
  CHECK(t.segments[2].fate == trace::Fate::InFlight);  // the ACK, arriving at 150
  CHECK(find_transition(t, Side::Server, State::SynReceived, State::Established) == nullptr);
  bool server_timer_pending = false;
  for (const trace::Timer& x : t.timers) {
    if (x.who == Side::Server && x.end == trace::TimerEnd::Pending) server_timer_pending = true;
  }
  CHECK(server_timer_pending);  // the SYN-ACK's retransmission timer
}

TEST_CASE("rfc with a syn_retries override: the count decides, not the 3-minute limit of RFC "
          "9293 3.8.3 R2",
          "[sim][overrides]") {
  // The server never listens and its RSTs are dropped, so the client's SYN goes unanswered. RTO 1 s doubling (RFC 6298
  // 5.5), capped at 60 s: retransmissions at 1, 3, 7, 15, 31, 63, 123, 183, 243, 303 s; the
  // 11th expiry (363 s) gives up. Without the override `rfc` gives up at 183 s.
  for (const bool overridden : {true, false}) {
    INFO("override " << overridden);
    scenario::Scenario s = base_scenario();
    s.profile_name = "rfc";
    s.actions.push_back(at(0, Side::Client, Call::Connect));
    scenario::Fault drop;
    drop.match = match(Side::Server, scenario::MatchKind::Rst, std::nullopt);
    drop.drop = true;
    s.faults.push_back(drop);
    if (overridden) s.overrides.syn_retries = 10;
    const trace::Trace t = sim::run(s);
    const auto syns = segments(t, Side::Client, TcpFlags::kSyn);
    const auto* timeout = find_event(t, Side::Client, tcp::AppEventKind::Timeout);
    REQUIRE(timeout != nullptr);
    if (overridden) {
      CHECK(syns.size() == 11);
      CHECK(ms(syns.back()->sent) == 303'000);
      CHECK(ms(timeout->t) == 363'000);
    } else {
      CHECK(syns.size() == 8);
      CHECK(ms(timeout->t) == 183'000);
    }
  }
}
