// Retransmission: the SYN and SYN-ACK schedules of the three profiles (SCENARIO_FORMAT.md,
// Linux Documentation/networking/ip-sysctl.rst, RFC 9293 3.8.3), giving up, and the RFC 6298
// timer (2.2/2.3 formulas, 5.5 backoff, 5.7, Karn's rule).
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {

// Opens actively at 0 with no answer; returns the moments (ms) the SYN was retransmitted and
// checks that the connection gives up exactly at `give_up_ms`.
std::vector<std::int64_t> syn_retransmissions(const char* profile, std::int64_t give_up_ms) {
  Peer p(config(profile));
  p.connect(ms(0), 100);
  std::vector<std::int64_t> at;
  for (const auto& s : p.advance(ms(give_up_ms) - Duration(1))) {
    CHECK(s.segment.flags.bits == kSyn);
    CHECK(s.segment.seq == SeqNum(100));
    at.push_back(s.at.count() / 1000);
  }
  CHECK(p.state() == State::SynSent);
  CHECK(p.advance(ms(give_up_ms)).empty());  // giving up sends nothing
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "retransmission limit");
  CHECK(p.saw_app_event(AppEventKind::Timeout));
  CHECK_FALSE(p.conn().next_deadline().has_value());
  return at;
}

}  // namespace

TEST_CASE("SYN-SENT (linux): SYN retransmitted at 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, "
          "failure at 131 s",
          "[tcp][rtx][linux]") {
  // ip-sysctl.rst, tcp_syn_linear_timeouts: "With an initial RTO of 1 and
  // tcp_syn_linear_timeouts = 4 we would expect SYN RTOs to be: 1, 1, 1, 1, 1, 2, 4, ...";
  // tcp_syn_retries: "Default value is 6, which corresponds to 67seconds (with
  // tcp_syn_linear_timeouts = 4) till the last retransmission ... the final timeout for an
  // active TCP connection attempt will happen after 131seconds."
  const std::vector<std::int64_t> expected{1000, 2000, 3000, 4000, 5000, 7000,
                                           11000, 19000, 35000, 67000};
  CHECK(syn_retransmissions("linux", 131'000) == expected);
}

TEST_CASE("SYN-SENT (linux-classic): SYN at 0, 1, 3, 7, 15, 31, 63 s, failure at 127 s",
          "[tcp][rtx][linux]") {
  // SCENARIO_FORMAT.md, profile linux-classic; ip-sysctl.rst before 6.5: tcp_syn_retries 6
  // "corresponds to 63seconds till the last retransmission ... after 127seconds".
  const std::vector<std::int64_t> expected{1000, 3000, 7000, 15000, 31000, 63000};
  CHECK(syn_retransmissions("linux-classic", 127'000) == expected);
}

TEST_CASE("SYN-SENT (rfc): the SYN is retried for at least 3 minutes, doubling from 1 s up to "
          "the 60 s maximum",
          "[tcp][rtx][rfc]") {
  // RFC 6298 2.1 (RTO 1 s), 5.5 (double), 2.5 (maximum >= 60 s: this profile uses 60 s);
  // RFC 9293 3.8.3: "R2 for a SYN segment MUST be set large enough to provide retransmission
  // of the segment for at least 3 minutes." Expiries at 1, 3, 7, 15, 31, 63, 123 s are
  // retransmitted; the expiry at 183 s is past 3 minutes: give up.
  const std::vector<std::int64_t> expected{1000, 3000, 7000, 15000, 31000, 63000, 123000};
  CHECK(syn_retransmissions("rfc", 183'000) == expected);
}

TEST_CASE("SYN-RECEIVED (linux): SYN,ACK retransmitted at 1, 3, 7, 15, 31 s, given up at 63 s",
          "[tcp][rtx][linux]") {
  // ip-sysctl.rst tcp_synack_retries: "Default value is 5, which corresponds to 31seconds
  // till the last retransmission ... the final timeout for a passive TCP connection will
  // happen after 63seconds."
  Peer p(config("linux"));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(0), seg(kSyn, 100));
  std::vector<std::int64_t> at;
  for (const auto& s : p.advance(ms(63'000) - Duration(1))) {
    CHECK(s.segment.flags.bits == (kSyn | kAck));
    CHECK(s.segment.ack == SeqNum(101));
    at.push_back(s.at.count() / 1000);
  }
  CHECK(at == std::vector<std::int64_t>{1000, 3000, 7000, 15000, 31000});
  CHECK(p.state() == State::SynReceived);
  p.advance(ms(63'000));
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "retransmission limit");
}

TEST_CASE("RFC 6298 2.2: the first RTT sample R=100 ms gives SRTT=100, RTTVAR=50, "
          "RTO=max(rto_min, 300 ms)",
          "[tcp][rtx]") {
  // "SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max (G, K*RTTVAR)" = 100 + 4*50 = 300 ms.
  Peer rf(config("rfc"));
  establish_active(rf, 100, 300);  // SYN at 0, SYN,ACK at 100 ms: R = 100 ms
  REQUIRE(rf.tcb().srtt.has_value());
  CHECK(*rf.tcb().srtt == ms(100));
  CHECK(rf.tcb().rttvar == ms(50));
  // 2.4: "if it is less than 1 second, then the RTO SHOULD be rounded up to 1 second".
  CHECK(rf.tcb().rto == ms(1000));
  // Linux tcp_rtt_estimator(), first sample: srtt_us = 8R, mdev_us = 2R = 200 ms,
  // rttvar_us = max(mdev_us, tcp_rto_min_us = 200 ms) = 200 ms; __tcp_set_rto():
  // RTO = R + rttvar_us = 300 ms, the same 3R as RFC 6298 for this R.
  Peer lx(config("linux"));
  establish_active(lx, 100, 300);
  CHECK(*lx.tcb().srtt == ms(100));
  CHECK(lx.tcb().rttvar == ms(200));
  CHECK(lx.tcb().rto == ms(300));
}

namespace {

// The one "RTT sample" decision among everything a connection decided so far: the newest.
const Decision& last_rtt_sample(const Peer& p) {
  const Decision* found = nullptr;
  for (const Decision& d : p.decisions()) {
    if (d.step == "RTT sample") found = &d;
  }
  REQUIRE(found != nullptr);
  return *found;
}

}  // namespace

TEST_CASE("RFC 6298 2.2-2.5: an RTT sample's decision cites the rule that made SRTT and RTTVAR "
          "(2.2 first, 2.3 after) and the one that bounded the RTO (2.4 minimum, 2.5 maximum)",
          "[tcp][rtx][rfc]") {
  SECTION("the first sample, R=100 ms: 2.2 gives 300 ms, 2.4 rounds it up to 1 s") {
    Peer p(config("rfc"));
    establish_active(p, 100, 300);
    const Decision& d = last_rtt_sample(p);
    CHECK(d.rfc == "RFC 6298 2.2, 2.4");
    CHECK(d.value_count == 4);
    CHECK(d.values == std::array<std::int64_t, 4>{100'000, 100'000, 50'000, 1'000'000});
    CHECK(render_decision_text(d).find("below the minimum RTO") != std::string::npos);
  }
  SECTION("with a 100 ms minimum the first sample's 300 ms stands (2.2 alone); a second, "
          "R'=200 ms, is smoothed by 2.3") {
    ConnectionConfig c = config("rfc");
    c.profile.rto_min = ms(100);
    Peer p(c);
    establish_active(p, 100, 300);
    CHECK(last_rtt_sample(p).rfc == "RFC 6298 2.2");
    CHECK(last_rtt_sample(p).values[3] == 300'000);  // 100 + 4 * 50 ms
    p.send(ms(1000), 100);
    p.deliver(ms(1200), seg(kAck, 301, 201));
    // 2.3 with alpha 1/8, beta 1/4, RTTVAR first: RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| =
    // 62.5 ms, SRTT = 7/8 * 100 + 1/8 * 200 = 112.5 ms, RTO = 112.5 + 4 * 62.5 = 362.5 ms.
    const Decision& d = last_rtt_sample(p);
    CHECK(d.rfc == "RFC 6298 2.3");
    CHECK(d.values == std::array<std::int64_t, 4>{200'000, 112'500, 62'500, 362'500});
    CHECK(p.tcb().rto == Duration(362'500));
  }
  SECTION("a maximum below SRTT+4*RTTVAR caps it (2.5)") {
    ConnectionConfig c = config("rfc");
    c.profile.rto_min = ms(100);
    c.profile.rto_max = ms(200);
    Peer p(c);
    establish_active(p, 100, 300);
    CHECK(last_rtt_sample(p).rfc == "RFC 6298 2.2, 2.5");
    CHECK(p.tcb().rto == ms(200));
  }
}

TEST_CASE("RFC 6298 5.4-5.6: data is retransmitted from SND.UNA with the timer doubled each "
          "time; the ACK of a retransmission gives no RTT sample (Karn)",
          "[tcp][rtx]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);  // RTO = 300 ms
  auto out = p.send(ms(1000), 100);
  REQUIRE(out.size() == 1);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1300)));  // 5.1
  p.expect_silence_until(ms(1299));
  auto sent = p.advance(ms(1300));
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].segment.seq == SeqNum(101));  // 5.4: the earliest unacknowledged segment
  CHECK(sent[0].segment.payload_len == 100);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1900)));  // 5.5/5.6: 2 * 300 ms
  // The ACK at 1350 ms could answer either copy: no sample (RFC 6298 3, Karn).
  p.deliver(ms(1350), seg(kAck, 301, 201));
  CHECK(*p.tcb().srtt == ms(100));
  CHECK(p.tcb().rto == ms(600));
  CHECK_FALSE(p.conn().next_deadline().has_value());  // 5.2: all acknowledged, timer off
  // The backed-off RTO stays until a new sample (RFC 6298 5, note after 5.7).
  p.send(ms(2000), 100);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(2600)));
  // A fresh segment's ACK after R=50 ms is a sample. Linux tcp_rtt_estimator(): m = 50 - 100
  // = -50 ms, SRTT = 100 - 50/8 = 93.75 ms; m < 0: m = 50 - mdev_us/4 (200/4) = 0, so mdev_us
  // stays 200 ms and rttvar_us stays at its 200 ms floor; RTO = 93.75 + 200 = 293.75 ms.
  p.deliver(ms(2050), seg(kAck, 301, 301));
  CHECK(p.tcb().rttvar == ms(200));
  CHECK(*p.tcb().srtt == Duration(93'750));
  CHECK(p.tcb().rto == Duration(293'750));
}

TEST_CASE("RFC 6298 5.7: after a retransmitted SYN the RTO is 3 s when data starts",
          "[tcp][rtx]") {
  Peer p(config("linux"));
  p.connect(ms(0), 100);
  REQUIRE(p.advance(ms(1000)).size() == 1);  // the SYN again at 1 s
  p.deliver(ms(1100), seg(kSyn | kAck, 300, 101));
  REQUIRE(p.state() == State::Established);
  CHECK_FALSE(p.tcb().srtt.has_value());  // Karn: no sample from a retransmitted SYN
  CHECK(p.tcb().rto == ms(3000));
  p.send(ms(2000), 10);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(5000)));
}

TEST_CASE("ESTABLISHED (linux): unacknowledged data is given up after tcp_retries2 = 15 "
          "retransmissions",
          "[tcp][rtx][linux]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);  // RTO 300 ms
  p.send(ms(1000), 100);
  // RFC 6298 5.5 doubling from 300 ms, capped at TCP_RTO_MAX = 120 s: waits of
  // 0.3, 0.6, 1.2, 2.4, 4.8, 9.6, 19.2, 38.4, 76.8, then 120 s seven times (16 waits).
  std::int64_t t = 1000, wait = 300;
  std::vector<std::int64_t> expected;
  for (int i = 0; i < 15; ++i) {
    t += wait;
    expected.push_back(t);
    wait = std::min<std::int64_t>(wait * 2, 120'000);
  }
  const std::int64_t give_up = t + wait;
  std::vector<std::int64_t> at;
  for (const auto& s : p.advance(ms(give_up) - Duration(1))) at.push_back(s.at.count() / 1000);
  CHECK(at == expected);
  CHECK(p.state() == State::Established);
  p.advance(ms(give_up));
  CHECK(p.state() == State::Closed);
  CHECK(p.saw_app_event(AppEventKind::Timeout));
}

TEST_CASE("FIN-WAIT-1: a lost FIN is retransmitted", "[tcp][rtx][close]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  const auto sent = p.advance(ms(500));  // RTO 300 ms
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].segment.flags.bits == (kFin | kAck));
  CHECK(sent[0].segment.seq == SeqNum(101));
}
