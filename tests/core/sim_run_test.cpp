// Whole runs of the simulator: determinism, links, ordering at one instant, run end,
// triggers, reboot and TIME-WAIT (SCENARIO_FORMAT.md).
#include <catch2/catch.hpp>

#include <string>

#include "core/tcp/isn.hpp"
#include "tests/core/sim_test_helpers.hpp"

using namespace sim_test;
using scenario::TriggerEvent;
using tcp::State;

namespace {

// The `normal` lesson: open, 100 bytes, both sides close.
scenario::Scenario open_data_close() {
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(at(300, Side::Client, Call::Send, 100));
  s.actions.push_back(at(600, Side::Client, Call::Close));
  s.actions.push_back(on(Side::Server, TriggerEvent::Eof, 100, Side::Server, Call::Close));
  return s;
}

bool same_decision(const tcp::Decision& a, const tcp::Decision& b) {
  return a.step == b.step && a.rfc == b.rfc && a.text == b.text && a.values == b.values &&
         a.value_count == b.value_count;
}

// Every field of two traces (raw bytes included).
bool identical(const trace::Trace& a, const trace::Trace& b) {
  if (a.segments.size() != b.segments.size() || a.transitions.size() != b.transitions.size() ||
      a.timers.size() != b.timers.size() || a.app_events.size() != b.app_events.size() ||
      a.decisions.size() != b.decisions.size() || a.conns.size() != b.conns.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    const trace::Segment& x = a.segments[i];
    const trace::Segment& y = b.segments[i];
    if (x.id != y.id || x.conn != y.conn || x.from != y.from || !(x.tcp == y.tcp) ||
        x.rel_seq != y.rel_seq || x.rel_ack != y.rel_ack || x.sent != y.sent ||
        x.arrive != y.arrive || x.fate != y.fate || x.fault != y.fault ||
        x.retransmission != y.retransmission || x.injected != y.injected ||
        x.copy_of != y.copy_of || x.raw_offset != y.raw_offset || x.raw_len != y.raw_len ||
        x.truncated != y.truncated) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.transitions.size(); ++i) {
    const trace::Transition& x = a.transitions[i];
    const trace::Transition& y = b.transitions[i];
    if (x.t != y.t || x.conn != y.conn || x.who != y.who || x.from != y.from || x.to != y.to ||
        x.cause != y.cause || x.rfc != y.rfc) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.timers.size(); ++i) {
    const trace::Timer& x = a.timers[i];
    const trace::Timer& y = b.timers[i];
    if (x.conn != y.conn || x.who != y.who || x.kind != y.kind || x.armed != y.armed ||
        x.deadline != y.deadline || x.end != y.end || x.end_t != y.end_t) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.app_events.size(); ++i) {
    const trace::AppEvent& x = a.app_events[i];
    const trace::AppEvent& y = b.app_events[i];
    if (x.t != y.t || x.conn != y.conn || x.who != y.who || x.kind != y.kind ||
        x.bytes != y.bytes) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.decisions.size(); ++i) {
    const trace::Decision& x = a.decisions[i];
    const trace::Decision& y = b.decisions[i];
    if (x.t != y.t || x.conn != y.conn || x.who != y.who || x.segment != y.segment ||
        !same_decision(x.what, y.what)) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.conns.size(); ++i) {
    if (a.conns[i].ip != b.conns[i].ip || a.conns[i].port != b.conns[i].port ||
        a.conns[i].isn != b.conns[i].isn) {
      return false;
    }
  }
  return a.end == b.end && a.hit_time_cap == b.hit_time_cap && a.notes == b.notes &&
         a.raw_bytes == b.raw_bytes && a.endpoints[0].name == b.endpoints[0].name &&
         a.endpoints[1].ip == b.endpoints[1].ip;
}

scenario::Scenario lossy(std::uint64_t seed) {
  // Every step waits for the one before it, so losses delay the lesson but never cut it short.
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(on(Side::Client, TriggerEvent::Established, 0, Side::Client, Call::Send, 3000));
  s.actions.push_back(on(Side::Client, TriggerEvent::Established, 5000, Side::Client, Call::Close));
  s.actions.push_back(on(Side::Server, TriggerEvent::Eof, 100, Side::Server, Call::Close));
  for (scenario::LinkDirection& d : s.link) {
    d.loss_pct = 30;
    d.duplicate_pct = 10;
    d.jitter = from_ms(20);
  }
  s.seed = seed;
  s.sides[0].isn.clear();  // RFC 6528 ISNs from the seed as well
  s.sides[1].isn.clear();
  return s;
}

}  // namespace

TEST_CASE("A run is a pure function of the scenario: the same scenario twice, identical traces",
          "[sim][determinism]") {
  const scenario::Scenario s = lossy(42);
  const trace::Trace a = sim::run(s);
  const trace::Trace b = sim::run(s);
  CHECK(a.segments.size() > 5);
  CHECK(identical(a, b));
  // A reused Simulator and a reused Trace give the same again.
  sim::Simulator simulator;
  trace::Trace c;
  simulator.run(open_data_close(), c);
  simulator.run(s, c);
  CHECK(identical(a, c));
}

TEST_CASE("Random loss follows the seed: other seeds give other traces", "[sim][determinism]") {
  const trace::Trace a = sim::run(lossy(1));
  int different = 0;
  for (std::uint64_t seed = 2; seed <= 6; ++seed) {
    if (!identical(a, sim::run(lossy(seed)))) ++different;
  }
  // Five other seeds with 30% loss, 10% duplication and 20 ms of jitter: all should differ
  // (the ISNs alone come from the seed).
  CHECK(different == 5);
  bool random_drop = false, random_copy = false;
  for (const trace::Segment& x : a.segments) {
    if (x.fate == trace::Fate::Dropped && x.fault == trace::kRandomFault) random_drop = true;
    if (x.copy_of && x.fault == trace::kRandomFault) random_copy = true;
  }
  CHECK((random_drop || random_copy));
}

TEST_CASE("100% loss drops every segment as a random fault; 0% drops none", "[sim][links]") {
  scenario::Scenario s = handshake_scenario();
  s.link[0].loss_pct = 100;
  s.link[1].loss_pct = 100;
  const trace::Trace t = sim::run(s);
  REQUIRE(!t.segments.empty());
  for (const trace::Segment& x : t.segments) {
    CHECK(x.fate == trace::Fate::Dropped);
    CHECK(x.fault == trace::kRandomFault);
  }
  // Linux ip-sysctl.rst: tcp_syn_retries 6 with tcp_syn_linear_timeouts 4 is "67seconds ...
  // till the last retransmission" (SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s) and "the
  // final timeout ... after 131seconds".
  const auto syns = segments(t, Side::Client, TcpFlags::kSyn);
  REQUIRE(syns.size() == 11);
  CHECK(ms(syns[10]->sent) == 67000);
  const auto* timeout = find_event(t, Side::Client, tcp::AppEventKind::Timeout);
  REQUIRE(timeout != nullptr);
  CHECK(ms(timeout->t) == 131000);

  const trace::Trace clean = sim::run(handshake_scenario());
  for (const trace::Segment& x : clean.segments) CHECK(x.fate == trace::Fate::Delivered);
}

TEST_CASE("Links are per direction: 10 ms client-to-server, 90 ms server-to-client",
          "[sim][links]") {
  scenario::Scenario s = handshake_scenario();
  s.link[0].delay = from_ms(10);
  s.link[1].delay = from_ms(90);
  const trace::Trace t = sim::run(s);
  REQUIRE(t.segments.size() == 3);
  CHECK(ms(t.segments[0].arrive) == 10);
  CHECK(ms(t.segments[1].sent) == 10);
  CHECK(ms(t.segments[1].arrive) == 100);
  CHECK(ms(t.segments[2].sent) == 100);
  CHECK(ms(t.segments[2].arrive) == 110);
}

TEST_CASE("Jitter stays within [delay, delay + jitter] and is whole microseconds",
          "[sim][links]") {
  scenario::Scenario s = open_data_close();
  s.link[0].jitter = from_ms(7);
  s.link[1].jitter = from_ms(7);
  const trace::Trace t = sim::run(s);
  bool some_jitter = false;
  for (const trace::Segment& x : t.segments) {
    const Duration d = x.arrive - x.sent;
    CHECK(d >= from_ms(50));
    CHECK(d <= from_ms(57));
    some_jitter = some_jitter || d != from_ms(50);
  }
  CHECK(some_jitter);
}

TEST_CASE("Same instant: an arrival is handled before a retransmission timer due then",
          "[sim][ordering]") {
  // 500 ms each way: the SYN-ACK reaches the client at exactly 1000 ms, when its SYN's RTO of
  // 1 s expires; the client's ACK reaches the server at 1500 ms, when the SYN-ACK's RTO expires.
  // Arrivals come first (SCENARIO_FORMAT.md), so neither side retransmits.
  scenario::Scenario s = handshake_scenario();
  s.link[0].delay = from_ms(500);
  s.link[1].delay = from_ms(500);
  const trace::Trace t = sim::run(s);
  CHECK(t.segments.size() == 3);
  for (const trace::Segment& x : t.segments) CHECK_FALSE(x.retransmission);
  const auto* est = find_transition(t, Side::Client, State::SynSent, State::Established);
  REQUIRE(est != nullptr);
  CHECK(ms(est->t) == 1000);
}

TEST_CASE("Same instant: an arrival is handled before an application action", "[sim][ordering]") {
  // The SYN-ACK arrives at 100 ms and the client aborts at 100 ms: the client is ESTABLISHED
  // first, so the abort is RFC 9293 3.10.5's ESTABLISHED case (send RST).
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(at(100, Side::Client, Call::Abort));
  const trace::Trace t = sim::run(s);
  const auto client = transitions(t, Side::Client);
  REQUIRE(client.size() >= 3);
  CHECK(client[1]->from == State::SynSent);
  CHECK(client[1]->to == State::Established);
  CHECK(client[2]->from == State::Established);
  CHECK(client[2]->to == State::Closed);
  CHECK(ms(client[2]->t) == 100);
}

TEST_CASE("Same instant: a timer expiry is handled before an application action",
          "[sim][ordering]") {
  // First find when the client's TIME-WAIT ends; then connect again exactly then. The timer
  // comes first, so the old TCB is already gone: no TIME-WAIT takeover decision.
  scenario::Scenario s = open_data_close();
  s.overrides.time_wait = from_ms(2000);
  const trace::Trace first = sim::run(s);
  const trace::Timer* tw = nullptr;
  for (const trace::Timer& x : first.timers) {
    if (x.who == Side::Client && x.kind == tcp::TimerKind::TimeWait) tw = &x;
  }
  REQUIRE(tw != nullptr);
  REQUIRE(tw->end == trace::TimerEnd::Fired);
  s.sides[0].isn = {1000, 90000};
  s.actions.push_back(scenario::Action{tw->deadline, std::nullopt, Duration{}, Side::Client,
                                       Call::Connect, 0});
  const trace::Trace t = sim::run(s);
  for (const trace::Decision& d : t.decisions) {
    CHECK(d.what.step != std::string_view("app: connect reuses TIME-WAIT"));
  }
  const auto* reuse = find_transition(t, Side::Client, State::TimeWait, State::Closed);
  REQUIRE(reuse != nullptr);
  CHECK(reuse->cause != std::string_view("connect reuses TIME-WAIT 4-tuple"));
  CHECK(t.conns.size() == 2);
}

TEST_CASE("connect while the old connection sits in TIME-WAIT takes the 4-tuple over",
          "[sim][time-wait]") {
  scenario::Scenario s = open_data_close();
  s.sides[0].isn = {1000, 90000};
  s.actions.push_back(at(5000, Side::Client, Call::Connect));
  const trace::Trace t = sim::run(s);
  const auto* tw = find_transition(t, Side::Client, State::TimeWait, State::Closed);
  REQUIRE(tw != nullptr);
  CHECK(ms(tw->t) == 5000);
  CHECK(tw->conn == 0);
  const auto syns = segments(t, Side::Client, TcpFlags::kSyn);
  REQUIRE(syns.size() == 2);
  CHECK(syns[1]->conn == 1);
  CHECK(syns[1]->tcp.seq.raw() == 90000);
  CHECK(t.conns.size() == 2);
}

TEST_CASE("A SYN to a server TCB in TIME-WAIT opens a new incarnation through the listener",
          "[sim][time-wait]") {
  // The server closes first, so it is the side in TIME-WAIT (RFC 9293 3.6 Figure 12 reversed).
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(at(300, Side::Server, Call::Close));
  s.actions.push_back(on(Side::Client, TriggerEvent::Eof, 50, Side::Client, Call::Close));
  // Reconnect from the same port with an ISN far above the old one (RFC 6191 / RFC 9293
  // 3.10.7.4: a new SYN above the old RCV.NXT may reopen TIME-WAIT).
  s.sides[0].isn = {1000, 900000};
  s.actions.push_back(at(2000, Side::Client, Call::Connect));
  const trace::Trace t = sim::run(s);
  const auto* reopened = find_transition(t, Side::Server, State::TimeWait, State::Closed);
  REQUIRE(reopened != nullptr);
  CHECK(reopened->conn == 0);
  CHECK(ms(reopened->t) == 2050);
  CHECK(reopened->cause == std::string_view("SYN reopens TIME-WAIT"));
  const auto* accepted = find_transition(t, Side::Server, State::Listen, State::SynReceived);
  REQUIRE(accepted != nullptr);
  const trace::Transition* second = nullptr;
  for (const trace::Transition& x : t.transitions) {
    if (x.who == Side::Server && x.to == State::SynReceived && x.conn == 1) second = &x;
  }
  REQUIRE(second != nullptr);
  CHECK(ms(second->t) == 2050);
  CHECK(find_event(t, Side::Client, tcp::AppEventKind::Established, 1) != nullptr);
}

TEST_CASE("Reboot, then reconnect: the old server TCB answers the new SYN with a challenge ACK "
          "(RFC 5961 4.2), the client's RST clears it, the retransmitted SYN is accepted",
          "[sim][reboot]") {
  // When the SYN goes again: RFC 9293 3.10.7.3 sends the RST and keeps waiting, so the SYN's
  // RTO (1 s) decides; Linux's tcp_rcv_synsent_state_process() resets the timer to
  // TCP_TIMEOUT_MIN (2 jiffies, 8 ms at HZ=250) when the SYN was not retransmitted yet.
  const auto [profile, resent_ms] = GENERATE(table<const char*, std::int64_t>(
      {{"rfc", 3000}, {"linux", 2108}, {"linux-classic", 2108}}));
  INFO(profile);
  scenario::Scenario s = handshake_scenario();
  s.profile_name = profile;
  s.sides[0].isn = {1000, 9000};
  s.actions.push_back(at(1000, Side::Client, Call::Reboot));
  s.actions.push_back(at(2000, Side::Client, Call::Connect));
  const trace::Trace t = sim::run(s);

  // The reboot: the client's TCB is forgotten silently.
  const auto* forgotten = find_transition(t, Side::Client, State::Established, State::Closed);
  REQUIRE(forgotten != nullptr);
  CHECK(ms(forgotten->t) == 1000);
  CHECK(forgotten->conn == 0);
  for (const trace::Segment& x : t.segments) {
    if (x.sent == from_ms(1000)) FAIL("a reboot sends nothing");
  }
  REQUIRE(t.conns.size() == 2);
  CHECK(t.conns[1].isn[0] == wire::SeqNum(9000));

  // The new SYN (connection 1) reaches the old ESTABLISHED TCB at 2050: RFC 9293 3.10.7.4
  // fourth / RFC 5961 4.2, a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT>, from connection 0.
  const trace::Segment* challenge = nullptr;
  for (const trace::Segment& x : t.segments) {
    if (x.from == Side::Server && x.sent == from_ms(2050)) challenge = &x;
  }
  REQUIRE(challenge != nullptr);
  CHECK(four_flags(*challenge) == TcpFlags::kAck);
  CHECK(challenge->tcp.seq.raw() == 5001);
  CHECK(challenge->tcp.ack.raw() == 1001);
  CHECK(challenge->conn == 0);

  // SYN-SENT gets an ACK outside (ISS, SND.NXT]: RFC 9293 3.10.7.3, <SEQ=SEG.ACK><CTL=RST>.
  const auto rsts = segments(t, Side::Client, TcpFlags::kRst);
  REQUIRE(rsts.size() == 1);
  CHECK(rsts[0]->tcp.seq.raw() == 1001);
  CHECK(ms(rsts[0]->sent) == 2100);
  CHECK(rsts[0]->conn == 1);

  // SEG.SEQ = RCV.NXT exactly: the server resets connection 0 (RFC 5961 3.2).
  const auto* reset = find_event(t, Side::Server, tcp::AppEventKind::Reset, 0);
  REQUIRE(reset != nullptr);
  CHECK(ms(reset->t) == 2150);

  // The SYN's retransmission reaches the listener: connection 1, established a round trip and
  // a half later (SYN 50 ms, SYN,ACK 50 ms, ACK 50 ms).
  std::vector<const trace::Segment*> syns;
  for (const trace::Segment* x : segments(t, Side::Client, TcpFlags::kSyn)) {
    if (x->conn == 1) syns.push_back(x);
  }
  REQUIRE(syns.size() == 2);
  CHECK(ms(syns[0]->sent) == 2000);
  CHECK(syns[1]->retransmission);
  CHECK(ms(syns[1]->sent) == resent_ms);
  const auto* est = find_event(t, Side::Server, tcp::AppEventKind::Established, 1);
  REQUIRE(est != nullptr);
  CHECK(ms(est->t) == resent_ms + 150);
  CHECK(t.conns[1].isn[1].has_value());
}

TEST_CASE("on triggers: after_ms counts from the side's event; each fires once",
          "[sim][triggers]") {
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(on(Side::Client, TriggerEvent::Established, 500, Side::Client, Call::Close));
  s.actions.push_back(on(Side::Server, TriggerEvent::Eof, 250, Side::Server, Call::Close));
  const trace::Trace t = sim::run(s);
  const auto client_fins = segments(t, Side::Client, TcpFlags::kFin | TcpFlags::kAck);
  REQUIRE(client_fins.size() == 1);
  CHECK(ms(client_fins[0]->sent) == 600);  // established at 100 + 500
  const auto server_fins = segments(t, Side::Server, TcpFlags::kFin | TcpFlags::kAck);
  REQUIRE(server_fins.size() == 1);
  CHECK(ms(server_fins[0]->sent) == 900);  // eof at 650 + 250
}

TEST_CASE("An action with no connection to act on is a decision, not a failure",
          "[sim][actions]") {
  scenario::Scenario s = base_scenario();
  s.actions.push_back(at(0, Side::Client, Call::Send, 10));
  s.actions.push_back(at(5, Side::Server, Call::Close));
  const trace::Trace t = sim::run(s);
  CHECK(t.segments.empty());
  REQUIRE(t.decisions.size() == 2);
  CHECK(t.decisions[0].who == Side::Client);
  CHECK(t.decisions[0].what.step == std::string_view("app: no connection"));
}

TEST_CASE("Connecting to a host with no listener: the CLOSED host answers RST|ACK "
          "(RFC 9293 3.10.7.1), the client sees the connection refused",
          "[sim][closed]") {
  scenario::Scenario s = base_scenario();
  s.actions.push_back(at(0, Side::Client, Call::Connect));
  const trace::Trace t = sim::run(s);
  const auto rsts = segments(t, Side::Server, TcpFlags::kRst | TcpFlags::kAck);
  REQUIRE(rsts.size() == 1);
  // ACK off in the SYN: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
  CHECK(rsts[0]->tcp.seq.raw() == 0);
  CHECK(rsts[0]->tcp.ack.raw() == 1001);
  CHECK(rsts[0]->conn == 0);
  CHECK(rsts[0]->rel_ack == 1u);
  CHECK(find_event(t, Side::Client, tcp::AppEventKind::Refused) != nullptr);
  CHECK(ms(t.end) == 100);
}

TEST_CASE("The one-hour cap stops a runaway scenario and the trace says so", "[sim][cap]") {
  scenario::Scenario s = handshake_scenario();
  s.actions.push_back(at(2 * 3600 * 1000, Side::Client, Call::Close));
  const trace::Trace t = sim::run(s);
  CHECK(t.hit_time_cap);
  CHECK(t.end == scenario::kRunCap);
  CHECK_FALSE(t.notes.empty());
  // A scenario that ends by itself does not hit it.
  CHECK_FALSE(sim::run(handshake_scenario()).hit_time_cap);
}

TEST_CASE("Without an isn list, ISNs follow RFC 6528: a later connection of the same 4-tuple "
          "gets M + F with M advanced by the elapsed 4-microsecond ticks",
          "[sim][isn]") {
  scenario::Scenario s = base_scenario();
  s.sides[0].isn.clear();
  s.actions.push_back(at(0, Side::Client, Call::Connect));      // refused: no listener
  s.actions.push_back(at(1000, Side::Client, Call::Connect));   // same 4-tuple, 1 s later
  const trace::Trace t = sim::run(s);
  const auto syns = segments(t, Side::Client, TcpFlags::kSyn);
  REQUIRE(syns.size() == 2);
  CHECK(syns[1]->tcp.seq - syns[0]->tcp.seq == 250000);  // 1 s / 4 us
  CHECK(syns[0]->conn == 0);
  CHECK(syns[1]->conn == 1);
  // And a different seed is a different secret key: a different F.
  s.seed = 8;
  const trace::Trace u = sim::run(s);
  CHECK(segments(u, Side::Client, TcpFlags::kSyn)[0]->tcp.seq != syns[0]->tcp.seq);
}

TEST_CASE("Simultaneous open (RFC 9293 3.5 Figure 7) is one connection, and its SYN-ACKs are "
          "no retransmissions",
          "[sim][simultaneous]") {
  scenario::Scenario s = base_scenario();
  s.actions.push_back(at(0, Side::Client, Call::Connect));
  s.actions.push_back(at(0, Side::Server, Call::Connect));
  const trace::Trace t = sim::run(s);
  CHECK(t.conns.size() == 1);
  for (const trace::Segment& x : t.segments) {
    CHECK(x.conn == 0);
    CHECK_FALSE(x.retransmission);
  }
  // Each side: SYN-SENT -> SYN-RECEIVED on the peer's SYN, then ESTABLISHED.
  CHECK(find_transition(t, Side::Client, State::SynSent, State::SynReceived) != nullptr);
  CHECK(find_transition(t, Side::Server, State::SynSent, State::SynReceived) != nullptr);
  CHECK(find_event(t, Side::Client, tcp::AppEventKind::Established, 0) != nullptr);
  CHECK(find_event(t, Side::Server, tcp::AppEventKind::Established, 0) != nullptr);
  // A SYN-ACK's relative numbers: seq 0 to its sender's ISN, ack 1 to the receiver's.
  for (const trace::Segment* x : segments(t, Side::Server, TcpFlags::kSyn | TcpFlags::kAck)) {
    CHECK(x->rel_seq == 0);
    CHECK(x->rel_ack == 1u);
  }
}

TEST_CASE("An injected old duplicate SYN makes a server TCB of its own number; the real SYN "
          "keeps the client's number",
          "[sim][inject]") {
  // RFC 9293 3.5 Figure 8: an old duplicate SYN arrives first; the client's RST removes the
  // TCB it made; the real SYN then opens the connection. The `rfc` profile: here the real
  // SYN reaches the old duplicate's half-open TCB before the client's RST does, and RFC 9293
  // 3.10.7.4's fourth check sends that TCB back to LISTEN quietly, whereas Linux
  // (tcp_check_req -> embryonic_reset) answers the real SYN with RST,ACK and the connect
  // fails (tests/core/tcp_syn_received_linux_test.cpp).
  scenario::Scenario s = handshake_scenario();
  s.profile_name = "rfc";
  s.link[0].delay = from_ms(150);  // the real SYN is slow: it arrives at 150 ms
  scenario::Fault old;
  scenario::Inject inj;
  inj.from = Side::Client;
  inj.flags = TcpFlags::kSyn;
  inj.seq = scenario::SeqExpr{scenario::SeqExpr::Var::Iss, -1000, "iss-1000"};
  inj.arrive = from_ms(20);
  old.inject = inj;
  s.faults.push_back(old);
  const trace::Trace t = sim::run(s);
  REQUIRE(t.conns.size() == 2);
  CHECK(t.conns[0].isn[0] == wire::SeqNum(1000));
  // The isn list's one value went to the first connection the server made (the bogus one);
  // the real one gets an RFC 6528 ISN.
  CHECK(t.conns[1].isn[1] == wire::SeqNum(5000));
  CHECK(t.conns[1].isn[0] == wire::SeqNum(0));  // iss-1000 of the client's ISS 1000
  CHECK(t.conns[0].isn[1].has_value());
  const auto synacks = segments(t, Side::Server, TcpFlags::kSyn | TcpFlags::kAck);
  REQUIRE(synacks.size() == 2);
  CHECK(synacks[0]->conn == 1);             // answering the old duplicate (ack = 1000-1000+1)
  CHECK(synacks[0]->tcp.ack.raw() == 1);
  CHECK(synacks[1]->conn == 0);             // answering the real SYN
  CHECK(synacks[1]->tcp.ack.raw() == 1001);
  CHECK(find_event(t, Side::Server, tcp::AppEventKind::Established, 0) != nullptr);
}
