// Scripted faults on the simulated wire (SCENARIO_FORMAT.md "faults"): drop, delay,
// duplicate and injected segments.
#include <catch2/catch.hpp>

#include "tests/core/sim_test_helpers.hpp"

using namespace sim_test;
using scenario::MatchKind;
using tcp::State;

namespace {

scenario::Fault rule(scenario::SegmentMatch m) {
  scenario::Fault f;
  f.match = std::move(m);
  return f;
}

// A fault that injects `flags` from `from` at `at_ms`; seq, ack and len are left to each test.
scenario::Fault injection(Side from, std::uint16_t flags, std::int64_t at_ms) {
  scenario::Fault f;
  scenario::Inject inj;
  inj.from = from;
  inj.flags = flags;
  inj.arrive = from_ms(at_ms);
  f.inject = inj;
  return f;
}

const trace::Segment* last_injected(const trace::Trace& t) {
  const trace::Segment* injected = nullptr;
  for (const trace::Segment& x : t.segments) {
    if (x.injected) injected = &x;
  }
  return injected;
}

}  // namespace

TEST_CASE("drop \"server SYN|ACK #1\": dropped with its rule index, the handshake recovers by "
          "retransmission",
          "[sim][faults]") {
  scenario::Scenario s = handshake_scenario();
  scenario::Fault f = rule(match(Side::Server, MatchKind::SynAck, 1));
  f.drop = true;
  s.faults.push_back(f);
  const trace::Trace t = sim::run(s);

  const auto synacks = segments(t, Side::Server, TcpFlags::kSyn | TcpFlags::kAck);
  REQUIRE(synacks.size() >= 2);
  CHECK(synacks[0]->fate == trace::Fate::Dropped);
  CHECK(synacks[0]->fault == 0);
  CHECK(ms(synacks[0]->arrive) == 100);  // when it would have arrived
  CHECK_FALSE(synacks[0]->retransmission);
  // Later SYN-ACKs resend the same sequence number: retransmissions, not matched by #1.
  CHECK(synacks[1]->retransmission);
  CHECK(synacks[1]->fate == trace::Fate::Delivered);
  CHECK(synacks[1]->fault == trace::kNoFault);
  // The client's SYN is retransmitted when its RTO of 1 s (RFC 6298 2.1) expires.
  const auto syns = segments(t, Side::Client, TcpFlags::kSyn);
  REQUIRE(syns.size() >= 2);
  CHECK_FALSE(syns[0]->retransmission);
  CHECK(syns[1]->retransmission);
  CHECK(ms(syns[1]->sent) == 1000);
  CHECK(find_event(t, Side::Client, tcp::AppEventKind::Established) != nullptr);
  CHECK(find_event(t, Side::Server, tcp::AppEventKind::Established) != nullptr);
}

TEST_CASE("delay_ms is added to the link delay", "[sim][faults]") {
  scenario::Scenario s = handshake_scenario();
  scenario::Fault f = rule(match(Side::Client, MatchKind::Ack, 1));
  f.delay = from_ms(300);
  s.faults.push_back(f);
  const trace::Trace t = sim::run(s);
  const auto acks = segments(t, Side::Client, TcpFlags::kAck);
  REQUIRE(acks.size() == 1);
  CHECK(ms(acks[0]->sent) == 100);
  CHECK(ms(acks[0]->arrive) == 450);  // 50 ms link + 300 ms rule
  CHECK(acks[0]->fault == 0);
  CHECK(acks[0]->fate == trace::Fate::Delivered);
  const auto* est = find_transition(t, Side::Server, State::SynReceived, State::Established);
  REQUIRE(est != nullptr);
  CHECK(ms(est->t) == 450);
}

TEST_CASE("duplicate N makes N copies gap_ms apart, each its own segment with copy_of",
          "[sim][faults]") {
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(at(200, Side::Client, Call::Send, 100));
  scenario::Fault f = rule(match(Side::Client, MatchKind::Data, 1));
  f.duplicate = 2;
  f.gap = from_ms(5);
  s.faults.push_back(f);
  const trace::Trace t = sim::run(s);

  std::vector<const trace::Segment*> data;
  for (const trace::Segment& x : t.segments) {
    if (x.from == Side::Client && x.tcp.payload_len == 100) data.push_back(&x);
  }
  REQUIRE(data.size() == 3);
  const trace::Segment& original = *data[0];
  CHECK_FALSE(original.copy_of.has_value());
  CHECK(ms(original.sent) == 200);
  CHECK(ms(original.arrive) == 250);
  for (int k = 1; k <= 2; ++k) {
    const trace::Segment& copy = *data[static_cast<std::size_t>(k)];
    CHECK(copy.copy_of == original.id);
    CHECK(copy.id == original.id + static_cast<std::uint32_t>(k));
    CHECK(copy.tcp == original.tcp);
    CHECK(copy.fault == 0);
    CHECK(ms(copy.sent) == 200);
    CHECK(ms(copy.arrive) == 250 + 5 * k);
    CHECK(copy.fate == trace::Fate::Delivered);
  }
  // The copies arrive below RCV.NXT (RFC 9293 3.10.7.4 first check): the server only ACKs, and
  // the application receives the 100 bytes once.
  int data_events = 0;
  for (const trace::AppEvent& e : t.app_events) {
    if (e.who == Side::Server && e.kind == tcp::AppEventKind::Data) data_events += 1;
  }
  CHECK(data_events == 1);
}

TEST_CASE("Injected RST at snd.nxt resets the established peer (RFC 9293 3.10.7.4 second: "
          "SEG.SEQ = RCV.NXT)",
          "[sim][faults][inject]") {
  scenario::Scenario s = handshake_scenario();
  scenario::Fault f = injection(Side::Client, TcpFlags::kRst, 700);
  f.inject->seq = scenario::SeqExpr{scenario::SeqExpr::Var::SndNxt, 0, "snd.nxt"};
  s.faults.push_back(f);
  const trace::Trace t = sim::run(s);

  const trace::Segment* injected = last_injected(t);
  REQUIRE(injected != nullptr);
  CHECK(injected->from == Side::Client);
  CHECK(injected->conn == 0);
  CHECK(injected->tcp.seq.raw() == 1001);  // the client's SND.NXT after the handshake
  CHECK(injected->rel_seq == 1);
  CHECK_FALSE(injected->rel_ack.has_value());
  CHECK(ms(injected->sent) == 700);
  CHECK(ms(injected->arrive) == 700);
  CHECK(injected->tcp.src_port == 40000);
  CHECK(injected->tcp.dst_port == 80);
  const auto* reset = find_event(t, Side::Server, tcp::AppEventKind::Reset);
  REQUIRE(reset != nullptr);
  CHECK(ms(reset->t) == 700);
  const auto* closed = find_transition(t, Side::Server, State::Established, State::Closed);
  REQUIRE(closed != nullptr);
  CHECK(ms(closed->t) == 700);
  // The client never learned of it.
  CHECK(find_transition(t, Side::Client, State::Established, State::Closed) == nullptr);
}

TEST_CASE("Injected segment with an expression: rcv.nxt+1000 and iss-1000", "[sim][faults][inject]") {
  scenario::Scenario s = handshake_scenario();
  scenario::Fault f = injection(Side::Server, TcpFlags::kAck, 500);
  f.inject->seq = scenario::SeqExpr{scenario::SeqExpr::Var::Iss, -1000, "iss-1000"};
  f.inject->ack = scenario::SeqExpr{scenario::SeqExpr::Var::RcvNxt, 1000, "rcv.nxt+1000"};
  f.inject->len = 10;
  s.faults.push_back(f);
  const trace::Trace t = sim::run(s);
  const trace::Segment* injected = last_injected(t);
  REQUIRE(injected != nullptr);
  CHECK(injected->from == Side::Server);
  CHECK(injected->tcp.seq.raw() == 4000);   // server ISS 5000 - 1000
  CHECK(injected->tcp.ack.raw() == 2001);   // server RCV.NXT 1001 + 1000
  CHECK(injected->tcp.payload_len == 10);
  CHECK(injected->rel_seq == static_cast<std::uint32_t>(-1000));
  CHECK(injected->rel_ack == 1001u);
  // An old duplicate far left of the window: RFC 9293 3.10.7.4 first check, the client
  // answers with an ACK <SEQ=SND.NXT><ACK=RCV.NXT> and stays ESTABLISHED.
  bool answered = false;
  for (const trace::Segment& x : t.segments) {
    if (x.from == Side::Client && ms(x.sent) == 500 && four_flags(x) == TcpFlags::kAck) {
      answered = x.tcp.seq.raw() == 1001 && x.tcp.ack.raw() == 5001;
    }
  }
  CHECK(answered);
  CHECK(find_transition(t, Side::Client, State::Established, State::Closed) == nullptr);
}

TEST_CASE("Injected segment with no connection uses zeros and gets a number of its own",
          "[sim][faults][inject]") {
  scenario::Scenario s = base_scenario();
  s.actions.push_back(at(0, Side::Server, Call::Listen));
  scenario::Fault f = injection(Side::Client, TcpFlags::kSyn, 10);
  f.inject->seq = scenario::SeqExpr{scenario::SeqExpr::Var::None, 777, "777"};
  s.faults.push_back(f);
  const trace::Trace t = sim::run(s);
  REQUIRE(!t.segments.empty());
  CHECK(t.segments[0].injected);
  CHECK(t.segments[0].tcp.seq.raw() == 777);
  CHECK(t.segments[0].conn == 0);
  // The server's listener accepts the crafted SYN as connection 0 and answers it.
  REQUIRE(t.segments.size() >= 2);
  CHECK(t.segments[1].from == Side::Server);
  CHECK(four_flags(t.segments[1]) == (TcpFlags::kSyn | TcpFlags::kAck));
  CHECK(t.segments[1].tcp.ack.raw() == 778);
  CHECK(t.segments[1].conn == 0);
  // Its SYN-ACK reaches a client with no TCB: RFC 9293 3.10.7.1, <SEQ=SEG.ACK><CTL=RST>.
  const auto rsts = segments(t, Side::Client, TcpFlags::kRst);
  REQUIRE(rsts.size() == 1);
  CHECK(rsts[0]->tcp.seq.raw() == 778);  // SEG.ACK of the SYN-ACK
  CHECK(rsts[0]->conn == 0);
}

TEST_CASE("Injected ACK without seq or ack takes the side's SND.NXT and RCV.NXT (the defaults "
          "core/scenario/parse.hpp documents)",
          "[sim][faults][inject]") {
  scenario::Scenario s = handshake_scenario();
  s.faults.push_back(injection(Side::Client, TcpFlags::kAck, 700));
  const trace::Trace t = sim::run(s);

  const trace::Segment* injected = last_injected(t);
  REQUIRE(injected != nullptr);
  // After the handshake of ISS 1000 and 5000: SND.NXT = ISS+1, RCV.NXT = IRS+1.
  CHECK(injected->tcp.seq.raw() == 1001);
  CHECK(injected->tcp.ack.raw() == 5001);
  CHECK(injected->rel_seq == 1);
  REQUIRE(injected->rel_ack.has_value());
  CHECK(*injected->rel_ack == 1);
  CHECK(injected->tcp.payload_len == 0);
}
