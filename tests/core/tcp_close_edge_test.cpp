// Edge cases of closing, from the peer's side with explicit times: CLOSE in SYN-RECEIVED
// (RFC 9293 3.10.4), giving up on an orphaned connection (Linux tcp_orphan_retries), and
// TIME-WAIT's answers to RSTs, data and SYNs (RFC 9293 3.10.7.4, RFC 5961 3.2, RFC 6191,
// Linux tcp_timewait_state_process).
#include <catch2/catch.hpp>

#include <string>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {

// Our ISS 100, the peer's 300: established at 100 ms (SYN at 0, SYN,ACK at 100 ms), CLOSE at
// 200 ms (FIN SEQ=101), the peer's FIN,ACK acknowledging it at 300 ms: TIME-WAIT from 300 ms
// with SND.NXT=102, RCV.NXT=302.
void into_time_wait(Peer& p) {
  establish_active(p, 100, 300);
  p.close(ms(200));
  p.deliver(ms(300), seg(kFin | kAck, 301, 102));
  REQUIRE(p.state() == State::TimeWait);
}

bool last_decision_says(const Peer& p, std::string_view words) {
  if (p.last().decisions.empty()) return false;
  return p.last().decisions.back().what.text.find(words) != std::string_view::npos;
}

}  // namespace

// ---- F2: CLOSE in SYN-RECEIVED ----------------------------------------------------------

TEST_CASE("SYN-RECEIVED: CLOSE with no SENDs issued forms a FIN, sends it and enters "
          "FIN-WAIT-1 (RFC 9293 3.10.4)",
          "[tcp][close][syn-received]") {
  for (const char* profile : {"rfc", "linux"}) {
    INFO(profile);
    Peer p(config(profile));
    p.connect(ms(0), 100);
    // Simultaneous open: the peer's SYN (no ACK) reaches our SYN-SENT; we answer SYN,ACK.
    p.deliver(ms(50), seg(kSyn, 300));
    REQUIRE(p.state() == State::SynReceived);
    // 3.10.4 CLOSE, SYN-RECEIVED: "If no SENDs have been issued and there is no pending data
    // to send, then form a FIN segment and send it, and enter FIN-WAIT-1 state" (Linux
    // tcp_close_state: TCP_SYN_RECV -> TCP_FIN_WAIT1 | TCP_ACTION_FIN).
    const auto out = p.close(ms(60));
    REQUIRE(out.size() == 1);
    CHECK(out[0].flags.bits == (kFin | kAck));
    CHECK(out[0].seq == SeqNum(101));
    CHECK(out[0].ack == SeqNum(301));
    CHECK(p.state() == State::FinWait1);
    REQUIRE_FALSE(p.last().decisions.empty());
    CHECK(p.last().decisions.back().what.step == "CLOSE");
    // The peer's ACK of SYN and FIN together (ACK=102) closes our direction.
    CHECK(p.deliver(ms(110), seg(kAck, 301, 102)).empty());
    CHECK(p.state() == State::FinWait2);
  }
}

TEST_CASE("SYN-RECEIVED: CLOSE after a SEND queues the FIN for after ESTABLISHED and says so "
          "(RFC 9293 3.10.4)",
          "[tcp][close][syn-received]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  p.deliver(ms(50), seg(kSyn, 300));
  REQUIRE(p.state() == State::SynReceived);
  CHECK(p.send(ms(55), 100).empty());
  // "otherwise, queue for processing after entering ESTABLISHED state": nothing leaves, but
  // the trace shows the call was accepted.
  CHECK(p.close(ms(60)).empty());
  CHECK(p.state() == State::SynReceived);
  REQUIRE(p.last().decisions.size() == 1);
  CHECK(p.last().decisions[0].what.step == "CLOSE");
  CHECK(p.last().decisions[0].what.values[0] == 100);
  // The peer's SYN,ACK completes the handshake: ESTABLISHED, then FIN-WAIT-1 with the data
  // and the FIN behind it.
  const auto out = p.deliver(ms(100), seg(kSyn | kAck, 300, 101));
  CHECK(p.state() == State::FinWait1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].payload_len == 100);
  CHECK(out[0].flags.fin());
}

// ---- F1: an orphaned connection gives up after tcp_orphan_retries -----------------------

TEST_CASE("linux: after close() the FIN is given up 102.2 s (tcp_orphan_retries 8 at "
          "TCP_RTO_MIN) after it was first retransmitted; after shutdown() tcp_retries2 still "
          "applies",
          "[tcp][close][retransmission][linux]") {
  for (const bool released : {true, false}) {
    INFO("close() " << released);
    Peer p(config("linux"));
    establish_active(p, 100, 300);  // RTT 100 ms: Linux RTO = 100 + 200 = 300 ms
    if (released) {
      p.close(ms(200));
    } else {
      p.shutdown(ms(200));
    }
    REQUIRE(p.state() == State::FinWait1);
    // The FIN left at 200 ms; expiry k comes 300 x (2^k - 1) ms later. tcp_write_timeout()
    // for a SOCK_DEAD socket: retransmits_timed_out(sk, tcp_orphan_retries() = 8) is true
    // once tcp_model_timeout(8, 200 ms) = 511 x 200 ms = 102200 ms have passed since the first
    // retransmission (tp->retrans_stamp, 300 ms after the FIN): not at the 8th expiry (76500 -
    // 300 ms), so retransmission #8 leaves; at the 9th (153300 - 300 ms) it gives up without
    // sending.
    const auto sent = p.advance(ms(200 + 153'300) - Duration(1));
    if (released) {
      REQUIRE(sent.size() == 8);
      CHECK(sent.back().at == ms(200 + 76'500));
      CHECK(sent.back().segment.flags.fin());
      CHECK(p.state() == State::FinWait1);
      CHECK(p.advance(ms(200 + 153'300)).empty());
      CHECK(p.state() == State::Closed);
      CHECK(p.transitions().back().cause == "retransmission limit");
      CHECK(p.saw_app_event(AppEventKind::Timeout));
    } else {
      // Not orphaned: tcp_retries2 (15) is far from used up; #9 leaves at the 9th expiry.
      CHECK(sent.size() == 8);
      REQUIRE(p.advance(ms(200 + 153'300)).size() == 1);
      CHECK(p.state() == State::FinWait1);
    }
  }
}

TEST_CASE("linux: the orphan limit counts from the first retransmission, not from the FIN's "
          "first transmission (tcp_retransmit_skb sets retrans_stamp)",
          "[tcp][close][retransmission][linux]") {
  // RTT 134 ms: Linux's first sample gives RTO = 134 + 2 x 134 = 402 ms (tcp_rtt_estimator,
  // mdev = 2 x RTT above TCP_RTO_MIN). Expiry k comes 402 x (2^k - 1) ms after the FIN; the
  // 8th at 102510 ms, which is 102108 ms after the first retransmission (402 ms): under the
  // 102200 ms limit, so retransmission #8 leaves (counted from the FIN it would not: 102510 >=
  // 102200), and the 9th expiry (402 x 511 = 205422 ms) gives up.
  Peer p(config("linux"));
  p.connect(ms(0), 100);
  p.deliver(ms(134), seg(kSyn | kAck, 300, 101));
  REQUIRE(p.state() == State::Established);
  p.close(ms(200));
  const auto sent = p.advance(ms(200 + 205'422) - Duration(1));
  REQUIRE(sent.size() == 8);
  CHECK(sent.front().at == ms(200 + 402));
  CHECK(sent.back().at == ms(200 + 102'510));
  CHECK(p.state() == State::FinWait1);
  CHECK(p.advance(ms(200 + 205'422)).empty());
  CHECK(p.state() == State::Closed);
}

TEST_CASE("rfc: after CLOSE the FIN is retransmitted data_retries times (RFC 9293 3.8.3 R2, no "
          "orphan limit)",
          "[tcp][close][retransmission]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  // RTO 1 s (RFC 6298 2.4), doubling to the 60 s cap: 15 retransmissions take well over
  // 102.2 s; the 9th alone leaves 511 s after the FIN.
  const auto sent = p.advance(ms(200 + 600'000));
  CHECK(sent.size() >= 9);
  CHECK(p.state() == State::FinWait1);
}

// ---- F4: in-window RST not at RCV.NXT in TIME-WAIT ---------------------------------------

TEST_CASE("TIME-WAIT: an in-window RST not at RCV.NXT gets a challenge ACK (rfc, RFC 9293 "
          "3.10.7.4 second, RFC 5961 3.2); linux drops it silently",
          "[tcp][close][time-wait][rst]") {
  for (const char* profile : {"rfc", "linux"}) {
    INFO(profile);
    Peer p(config(profile));
    into_time_wait(p);
    const Time deadline = *p.conn().next_deadline();
    const auto out = p.deliver(ms(400), seg(kRst, 302 + 100));
    CHECK(p.state() == State::TimeWait);
    CHECK(*p.conn().next_deadline() == deadline);
    if (std::string(profile) == "rfc") {
      // "TCP endpoints MUST send an acknowledgment (challenge ACK): <SEQ=SND.NXT>
      // <ACK=RCV.NXT><CTL=ACK>"
      REQUIRE(out.size() == 1);
      CHECK(out[0].flags.bits == kAck);
      CHECK(out[0].seq == SeqNum(102));
      CHECK(out[0].ack == SeqNum(302));
    } else {
      // tcp_timewait_state_process: an RST is in window only at rcv_nxt; otherwise
      // TCP_TW_SUCCESS without an answer.
      CHECK(out.empty());
    }
  }
}

// ---- F5: linux answers data in TIME-WAIT and restarts the timer; the rfc1337 RST does not -

TEST_CASE("linux TIME-WAIT: data is ACKed at once and restarts the TIME-WAIT timer "
          "(tcp_timewait_state_process, TCP_TW_ACK_OOW, inet_twsk_reschedule)",
          "[tcp][close][time-wait][linux]") {
  Peer p(config("linux"));
  into_time_wait(p);
  REQUIRE(p.conn().next_deadline() == std::optional<Time>(ms(300 + 60'000)));
  // 50 bytes at RCV.NXT at 2 s: not "only reset or bare ack", so an ACK of the old
  // connection, and with ACK set the timer restarts to TCP_TIMEWAIT_LEN (60 s).
  auto out = p.deliver(ms(2000), seg(kAck | kPsh, 302, 102, 50));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(102));
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(2000 + 60'000)));
  // 50 bytes 1000 beyond RCV.NXT at 3 s: the same (a segment with data is never held back
  // by tcp_invalid_ratelimit).
  out = p.deliver(ms(3000), seg(kAck | kPsh, 1302, 102, 50));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(3000 + 60'000)));
  // A bare ACK at RCV.NXT is in window: nothing sent, the timer restarts.
  CHECK(p.deliver(ms(4000), seg(kAck, 302, 102)).empty());
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(4000 + 60'000)));
  CHECK(p.state() == State::TimeWait);
  // Two bare ACKs below RCV.NXT 100 ms apart: the first is ACKed, the second falls within
  // tcp_invalid_ratelimit (500 ms) of it; both restart the timer.
  CHECK(p.deliver(ms(5000), seg(kAck, 250, 102)).size() == 1);
  CHECK(p.deliver(ms(5100), seg(kAck, 250, 102)).empty());
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(5100 + 60'000)));
  p.advance(ms(5100 + 60'000));
  CHECK(p.state() == State::Closed);
}

TEST_CASE("linux TIME-WAIT with tcp_rfc1337: the RST at RCV.NXT is ignored and, unlike a "
          "bare ACK, does not restart the TIME-WAIT timer",
          "[tcp][close][time-wait][rst][linux]") {
  // tcp_timewait_state_process() (6.x), in-window branch: "if (th->rst) { if (!rfc1337)
  // kill; } else { inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN); }".
  ConnectionConfig c = config("linux");
  c.profile.rfc1337 = true;
  Peer p(c);
  into_time_wait(p);
  const std::optional<Time> armed = p.conn().next_deadline();
  REQUIRE(armed == std::optional<Time>(ms(300 + 60'000)));
  CHECK(p.deliver(ms(2000), seg(kRst, 302)).empty());
  CHECK(p.state() == State::TimeWait);
  CHECK(p.conn().next_deadline() == armed);
  p.expect_silence_until(*armed - Duration(1));
  CHECK(p.state() == State::TimeWait);
  p.advance(*armed);
  CHECK(p.state() == State::Closed);
}

// ---- F6: a SYN reopening TIME-WAIT because of its timestamp -------------------------------

TEST_CASE("TIME-WAIT: a SYN below RCV.NXT with a newer TSval reopens it, and the reason given "
          "is the timestamp (RFC 6191), not its SEQ",
          "[tcp][close][time-wait][linux]") {
  ConnectionConfig c = config("linux", true);
  c.ts_offset = 5000;
  Peer p(c);
  p.connect(ms(0), 100);
  TcpSegment sa = seg(kSyn | kAck, 300, 101);
  sa.options.mss = 1460;
  sa.options.timestamps = wire::Timestamps{777, 5000};
  p.deliver(ms(100), sa);
  REQUIRE(p.state() == State::Established);
  REQUIRE(p.tcb().timestamps_ok);
  p.close(ms(200));
  TcpSegment fin = seg(kFin | kAck, 301, 102);
  fin.options.timestamps = wire::Timestamps{877, 5200};
  p.deliver(ms(300), fin);
  REQUIRE(p.state() == State::TimeWait);
  REQUIRE(p.tcb().ts_recent == 877);

  // SEQ 200 is before RCV.NXT=302, TSval 977 is after TS.Recent 877: Linux TCP_TW_SYN on
  // "(s32)(tcptw->tw_ts_recent - tmp_opt.rcv_tsval) < 0".
  TcpSegment syn = seg(kSyn, 200);
  syn.options.timestamps = wire::Timestamps{977, 0};
  CHECK(p.deliver(ms(400), syn).empty());
  CHECK(p.last().syn_reopens_time_wait);
  REQUIRE(p.last().decisions.size() == 1);
  const Decision& d = p.last().decisions[0].what;
  CHECK(d.step == "TIME-WAIT: new SYN");
  CHECK(d.text.find("SEQ={0} beyond") == std::string_view::npos);
  CHECK(d.text.find("not beyond") != std::string_view::npos);
  CHECK(d.text.find("TSval") != std::string_view::npos);
  CHECK(d.values[0] == 200);
  CHECK(d.values[1] == 302);
  CHECK(d.values[2] == 977);
  CHECK(d.values[3] == 877);
}

TEST_CASE("TIME-WAIT: a SYN beyond RCV.NXT reopens it because of its SEQ (RFC 9293 3.10.7.4 "
          "note, RFC 6191)",
          "[tcp][close][time-wait]") {
  Peer p(config("rfc"));
  into_time_wait(p);
  CHECK(p.deliver(ms(400), seg(kSyn, 302 + 100000)).empty());
  CHECK(p.last().syn_reopens_time_wait);
  CHECK(last_decision_says(p, "beyond the old connection's RCV.NXT"));
}
