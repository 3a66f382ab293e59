// Answers to invalid segments (RFC 9293 3.10.7.4 "send an acknowledgment", RFC 5961 challenge
// ACKs): the `rfc` profile answers every one; `linux` answers at most one per 500 ms per
// connection (net.ipv4.tcp_invalid_ratelimit; tcp_oow_rate_limited() and
// tcp_send_challenge_ack() in net/ipv4/tcp_input.c), never limits the duplicate ACK for an
// out-of-window segment that carries data (tcp_oow_rate_limited() exempts it), and drops an
// ACK of data never sent in ESTABLISHED without a word (tcp_ack() returns
// -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA, tcp_rcv_established() discards).
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

// Established with our ISS 100 and the peer's 300: SND.NXT=101, RCV.NXT=301, RCV.WND=64240.
// An old duplicate pure ACK (SEG.SEQ=201 below RCV.NXT, SEG.LEN=0) is outside the window.
namespace {
TcpSegment old_pure_ack() { return seg(kAck, 201, 101); }

bool saw_rate_limit(const Peer& p) {
  for (const Decision& d : p.decisions()) {
    if (d.step == "ACK rate limit") return true;
  }
  return false;
}
}  // namespace

TEST_CASE("rfc: every zero-length out-of-window segment is answered with an ACK",
          "[tcp][seq][ratelimit]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  for (const int t : {200, 300, 400, 699}) {
    INFO("t=" << t << " ms");
    const auto out = p.deliver(ms(t), old_pure_ack());
    REQUIRE(out.size() == 1);
    CHECK(out[0].flags.bits == kAck);
    CHECK(out[0].seq == SeqNum(101));  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    CHECK(out[0].ack == SeqNum(301));
  }
  CHECK_FALSE(saw_rate_limit(p));
}

TEST_CASE("linux: zero-length out-of-window segments get one duplicate ACK per 500 ms "
          "(tcp_invalid_ratelimit)",
          "[tcp][seq][ratelimit]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  // The first is answered and starts the 500 ms interval (__tcp_oow_rate_limited stores
  // last_oow_ack_time); within it nothing is sent; at 500 ms elapsed it is answered again.
  auto out = p.deliver(ms(200), old_pure_ack());
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.deliver(ms(300), old_pure_ack()).empty());
  CHECK(saw_rate_limit(p));
  CHECK(p.deliver(ms(699), old_pure_ack()).empty());
  out = p.deliver(ms(700), old_pure_ack());
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.deliver(ms(1199), old_pure_ack()).empty());
  CHECK(p.state() == State::Established);
}

TEST_CASE("linux: an out-of-window segment carrying data always gets its duplicate ACK and "
          "does not start the interval",
          "[tcp][seq][ratelimit]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  // tcp_oow_rate_limited(): "Data packets without SYNs are not likely part of an ACK loop".
  for (const int t : {200, 210, 220}) {
    const auto out = p.deliver(ms(t), seg(kAck, 201, 101, 100));  // a retransmission of 201..300
    REQUIRE(out.size() == 1);
    CHECK(out[0].ack == SeqNum(301));
  }
  // The exempt answers did not touch last_oow_ack_time: a pure ACK right after is answered.
  CHECK(p.deliver(ms(230), old_pure_ack()).size() == 1);
  CHECK(p.deliver(ms(240), old_pure_ack()).empty());
}

TEST_CASE("linux: challenge ACKs for an inexact RST and a SYN share the connection's limit",
          "[tcp][rst][ratelimit]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  // RFC 5961 3.2 / 4.2 challenge ACKs go through tcp_send_challenge_ack(), which checks the
  // same per-socket __tcp_oow_rate_limited() first.
  auto out = p.deliver(ms(200), seg(kRst, 310));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.deliver(ms(300), seg(kSyn, 5000)).empty());
  out = p.deliver(ms(700), seg(kSyn, 5000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::Established);
}

TEST_CASE("rfc and linux: an ACK of data never sent in ESTABLISHED", "[tcp][ack][ratelimit]") {
  SECTION("rfc: send an ACK, drop the segment (RFC 9293 3.10.7.4 fifth)") {
    Peer p(config("rfc"));
    establish_active(p, 100, 300);
    const auto out = p.deliver(ms(200), seg(kAck, 301, 5000, 10));
    REQUIRE(out.size() == 1);
    CHECK(out[0].ack == SeqNum(301));
    CHECK(p.tcb().rcv_nxt == SeqNum(301));
  }
  SECTION("linux: drop the segment and send nothing (tcp_ack: ACK_UNSENT_DATA)") {
    Peer p(config("linux"));
    establish_active(p, 100, 300);
    CHECK(p.deliver(ms(200), seg(kAck, 301, 5000, 10)).empty());
    CHECK(p.deliver(ms(900), seg(kAck, 301, 5000, 0)).empty());
    CHECK(p.tcb().rcv_nxt == SeqNum(301));  // its data is not taken either
    CHECK_FALSE(p.saw_app_event(AppEventKind::Data));
    CHECK(p.state() == State::Established);
  }
}

TEST_CASE("linux: CLOSE-WAIT answers an ACK of data never sent with a rate-limited challenge "
          "ACK",
          "[tcp][ack][ratelimit]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  p.deliver(ms(200), seg(kFin | kAck, 301, 101));
  REQUIRE(p.state() == State::CloseWait);
  p.advance(ms(400));  // the delayed ACK of the FIN goes out
  // tcp_rcv_state_process(): tcp_ack() not acceptable -> tcp_send_challenge_ack().
  auto out = p.deliver(ms(500), seg(kAck, 302, 5000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.deliver(ms(600), seg(kAck, 302, 5000)).empty());
  CHECK(p.deliver(ms(1000), seg(kAck, 302, 5000)).size() == 1);
}

TEST_CASE("linux: SYN-RECEIVED resends its SYN,ACK for a repeated SYN at most once per 500 ms",
          "[tcp][handshake][ratelimit]") {
  Peer p(config("linux"));
  p.listen(ms(0));
  REQUIRE(p.deliver(ms(0), seg(kSyn, 300)).size() == 1);
  REQUIRE(p.state() == State::SynReceived);
  // tcp_check_req(): "if (!tcp_oow_rate_limited(...) && !inet_rtx_syn_ack(sk, req))".
  auto out = p.deliver(ms(10), seg(kSyn, 300));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kSyn | kAck));
  CHECK(p.deliver(ms(20), seg(kSyn, 300)).empty());
  CHECK(p.deliver(ms(510), seg(kSyn, 300)).size() == 1);
}
