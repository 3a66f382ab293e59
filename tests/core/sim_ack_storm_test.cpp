// ACK storms: two ends that disagree about the sequence space answer each other's "invalid"
// segments forever under RFC 9293 3.10.7.4 ("send an acknowledgment" each time). Linux stops
// them: an ACK of data never sent is dropped silently in ESTABLISHED (tcp_ack(),
// SKB_DROP_REASON_TCP_ACK_UNSENT_DATA), and duplicate ACKs for out-of-window segments leave at
// most once per 500 ms per connection (tcp_oow_rate_limited(), tcp_invalid_ratelimit). The
// simulator must end either way: at the one-hour cap, or at kMaxEvents, with a note.
#include <catch2/catch.hpp>

#include <string>

#include "tests/core/sim_test_helpers.hpp"

using namespace sim_test;
using tcpviz::tcp::State;

namespace {

// 100 bytes of data the network delivers at 500 ms as if `from` had sent them, at its SND.NXT
// and acknowledging what the other end has really sent (IRS+1 of `from`): the other end
// takes them, so its RCV.NXT moves past anything `from` will ever send. (A hijacker's
// injection; the desynchronized pair then storms.)
scenario::Fault injected_data(Side from) {
  scenario::Inject inj;
  inj.from = from;
  inj.flags = TcpFlags::kAck | TcpFlags::kPsh;
  inj.seq = scenario::SeqExpr{scenario::SeqExpr::Var::SndNxt, 0, "snd.nxt"};
  inj.ack = scenario::SeqExpr{scenario::SeqExpr::Var::Irs, 1, "irs+1"};
  inj.len = 100;
  inj.arrive = from_ms(500);
  scenario::Fault f;
  f.inject = inj;
  return f;
}

std::size_t pure_acks_after(const trace::Trace& t, Time after) {
  std::size_t n = 0;
  for (const trace::Segment& s : t.segments) {
    if (!s.injected && s.sent > after && four_flags(s) == TcpFlags::kAck &&
        s.tcp.payload_len == 0) {
      ++n;
    }
  }
  return n;
}

bool has_note(const trace::Trace& t, std::string_view part) {
  for (const std::string& n : t.notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("One injected segment: the server ACKs data the client never sent", "[sim][storm]") {
  scenario::Scenario s = handshake_scenario();
  s.faults.push_back(injected_data(Side::Client));

  SECTION("linux: the client drops that ACK silently and the exchange ends at once") {
    s.profile_name = "linux";
    const trace::Trace t = sim::run(s);
    // The server's one ACK of the injected bytes (quick-ack mode) and nothing after it.
    CHECK(pure_acks_after(t, from_ms(499)) == 1);
    CHECK_FALSE(t.hit_time_cap);
    CHECK(ms(t.end) < 1000);
    CHECK(find_transition(t, Side::Client, State::Established, State::Closed) == nullptr);
  }
  SECTION("rfc: each end ACKs the other's ACK every round trip until the one-hour cap") {
    s.profile_name = "rfc";
    const trace::Trace t = sim::run(s);
    // One ACK each way per 100 ms round trip for an hour: about 72,000 segments.
    CHECK(pure_acks_after(t, from_ms(500)) > 70'000);
    CHECK(t.hit_time_cap);
    CHECK(t.end == scenario::kRunCap);
    CHECK(has_note(t, "one-hour cap"));
  }
}

TEST_CASE("Two injected segments, one each way: both ends see the other's ACKs outside their "
          "window",
          "[sim][storm]") {
  scenario::Scenario s = handshake_scenario();
  s.faults.push_back(injected_data(Side::Client));
  s.faults.push_back(injected_data(Side::Server));

  SECTION("linux: tcp_invalid_ratelimit breaks the loop within a second") {
    s.profile_name = "linux";
    const trace::Trace t = sim::run(s);
    CHECK_FALSE(t.hit_time_cap);
    CHECK(ms(t.end) < 1500);
    CHECK(pure_acks_after(t, from_ms(499)) <= 8);
    bool limited = false;
    for (const trace::Decision& d : t.decisions) {
      if (d.what.step == "ACK rate limit") limited = true;
    }
    CHECK(limited);
  }
  SECTION("rfc over a 10 us link: the run stops at kMaxEvents with a note") {
    s.profile_name = "rfc";
    s.link[0].delay = Duration(10);
    s.link[1].delay = Duration(10);
    trace::Trace t;
    sim::Simulator simulator;
    simulator.run(s, t);
    CHECK(simulator.events_handled() == sim::kMaxEvents);
    CHECK_FALSE(t.hit_time_cap);
    CHECK(has_note(t, "stopped after 200000 events"));
    CHECK(t.segments.size() <= sim::kMaxEvents + 16);
  }
}
