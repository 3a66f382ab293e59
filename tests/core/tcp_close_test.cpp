// Closing a connection: RFC 9293 3.6 (Figures 12-14), 3.10.4, 3.10.7.4 fifth and eighth
// steps, 3.10.8 (the 2MSL timeout), and Linux's delayed ACK of a FIN.
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

// Our ISS 100, the peer's 300, established at 100 ms; SND.NXT=101, RCV.NXT=301.

TEST_CASE("ESTABLISHED: CLOSE sends FIN and the four-segment close ends in TIME-WAIT for 2MSL",
          "[tcp][close]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.4: "form a FIN segment and send it. In any case, enter FIN-WAIT-1 state."
  auto out = p.close(ms(200));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kFin | kAck));
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::FinWait1);
  // RFC 9293 3.10.7.4 fifth, FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter
  // FIN-WAIT-2".
  CHECK(p.deliver(ms(300), seg(kAck, 301, 102)).empty());
  CHECK(p.state() == State::FinWait2);
  CHECK(p.transitions().back().cause == "rcv ACK of FIN");
  // eighth, FIN-WAIT-2: "Enter the TIME-WAIT state. Start the time-wait timer".
  out = p.deliver(ms(400), seg(kFin | kAck, 301, 102));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(102));
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.state() == State::TimeWait);
  CHECK(p.saw_app_event(AppEventKind::Eof));
  // rfc profile: 2*MSL = 240 s (RFC 9293 section 4, MSL "2 minutes"). 3.10.8: at expiry,
  // CLOSED.
  REQUIRE(p.conn().next_deadline() == std::optional<Time>(ms(400) + ms(240'000)));
  p.expect_silence_until(ms(400) + ms(240'000) - Duration(1));
  CHECK(p.state() == State::TimeWait);
  p.advance(ms(400) + ms(240'000));
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "2MSL timeout");
  CHECK(p.app_events().back().kind == AppEventKind::Closed);
}

TEST_CASE("TIME-WAIT shortened below 2 MSL says old segments may still be in the network "
          "(RFC 9293 3.4.2, 3.10.8)",
          "[tcp][close]") {
  for (const bool shortened : {false, true}) {
    INFO("shortened " << shortened);
    ConnectionConfig c = config("rfc");
    if (shortened) c.profile.time_wait = ms(2000);  // a lesson's override, below 2 MSL = 240 s
    Peer p(c);
    establish_active(p, 100, 300);
    p.close(ms(200));
    p.deliver(ms(300), seg(kFin | kAck, 301, 102));
    REQUIRE(p.state() == State::TimeWait);
    p.advance(ms(300) + c.profile.time_wait);
    REQUIRE(p.state() == State::Closed);
    REQUIRE_FALSE(p.decisions().empty());
    const Decision& d = p.decisions().back();
    CHECK(d.step == "TIME-WAIT: timeout");
    CHECK(d.values[0] == (shortened ? 2000 : 240'000));
    if (shortened) {
      CHECK(d.text.find("shorter than 2 MSL") != std::string_view::npos);
      CHECK(d.values[1] == 240'000);
    } else {
      CHECK(d.text.find("no segment of this connection can still be in the network") !=
            std::string_view::npos);
    }
  }
}

TEST_CASE("FIN-WAIT-1: a FIN,ACK acknowledging our FIN goes straight to TIME-WAIT "
          "(three-segment close)",
          "[tcp][close]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  // RFC 9293 3.10.7.4 eighth, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this
  // segment), then enter TIME-WAIT, start the time-wait timer, turn off the other timers".
  const auto out = p.deliver(ms(300), seg(kFin | kAck, 301, 102));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.state() == State::TimeWait);
  REQUIRE(p.transitions().size() >= 2);
  CHECK(p.transitions().back().from == State::FinWait1);
  CHECK(p.transitions().back().cause == "rcv FIN,ACK");
  // linux: TIME-WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN).
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(60'300)));
}

TEST_CASE("FIN-WAIT-1: the peer's FIN before the ACK of ours means CLOSING, then TIME-WAIT",
          "[tcp][close]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  // Both FINs cross (RFC 9293 3.6 Figure 13). The peer's FIN does not acknowledge ours: ACK=101.
  auto out = p.deliver(ms(250), seg(kFin | kAck, 301, 101));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.state() == State::Closing);
  // fifth, CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state".
  CHECK(p.deliver(ms(300), seg(kAck, 302, 102)).empty());
  CHECK(p.state() == State::TimeWait);
  CHECK(p.transitions().back().cause == "rcv ACK of FIN");
}

TEST_CASE("CLOSE-WAIT: a passive close goes through LAST-ACK to CLOSED without TIME-WAIT",
          "[tcp][close]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // rfc profile: the FIN is ACKed at once (RFC 9293 3.10.7.4 eighth: "send an
  // acknowledgment for the FIN").
  auto out = p.deliver(ms(200), seg(kFin | kAck, 301, 101));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.state() == State::CloseWait);
  CHECK(p.transitions().back().cause == "rcv FIN");
  out = p.close(ms(500));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kFin | kAck));
  CHECK(out[0].seq == SeqNum(101));
  CHECK(p.state() == State::LastAck);
  // fifth, LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state".
  CHECK(p.deliver(ms(600), seg(kAck, 302, 102)).empty());
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "rcv ACK of FIN");
}

TEST_CASE("CLOSE-WAIT (linux): after data, the ACK of a FIN is delayed, so a close within 40 ms "
          "sends one FIN,ACK for both",
          "[tcp][close][linux]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  // The first data segment sets icsk_ack.ato = TCP_ATO_MIN (tcp_event_data_recv) and is
  // ACKed at once (quick-ack mode).
  REQUIRE(p.deliver(ms(150), seg(kAck | kPsh, 301, 101, 100)).size() == 1);
  // Linux tcp_fin(): inet_csk_schedule_ack + pingpong mode: the ACK waits TCP_ATO_MIN 40 ms.
  CHECK(p.deliver(ms(200), seg(kFin | kAck, 401, 101)).empty());
  CHECK(p.state() == State::CloseWait);
  const auto out = p.close(ms(210));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kFin | kAck));
  CHECK(out[0].ack == SeqNum(402));  // the FIN carries the ACK of the peer's FIN
  // The delayed ACK was cancelled: nothing leaves until the FIN's own retransmission timer.
  // tcp_rtt_estimator after the handshake's sample R=100 ms: rttvar_us = max(2R, 200 ms) =
  // 200 ms, RTO = 100 + 200 = 300 ms, so the FIN is resent at 510 ms.
  p.expect_silence_until(ms(509));
  const auto again = p.advance(ms(510));
  REQUIRE(again.size() == 1);
  CHECK(again[0].segment.flags.bits == (kFin | kAck));
  CHECK(again[0].segment.seq == SeqNum(101));
}

TEST_CASE("CLOSE-WAIT (linux): after data, without a close, the delayed ACK of the FIN leaves "
          "40 ms later",
          "[tcp][close][linux]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  REQUIRE(p.deliver(ms(150), seg(kAck | kPsh, 301, 101, 100)).size() == 1);
  CHECK(p.deliver(ms(200), seg(kFin | kAck, 401, 101)).empty());
  p.expect_silence_until(ms(239));
  const auto sent = p.advance(ms(240));  // TCP_ATO_MIN = HZ / 25 = 40 ms
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].at == ms(240));
  CHECK(sent[0].segment.flags.bits == kAck);
  CHECK(sent[0].segment.ack == SeqNum(402));
}

TEST_CASE("CLOSE-WAIT (linux): with no data received, the ACK of the FIN leaves at the next "
          "timer tick",
          "[tcp][close][linux]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  // icsk_ack.ato is still 0: only tcp_event_data_recv() sets TCP_ATO_MIN, and a bare FIN does
  // not call it. tcp_send_delayed_ack(): timeout = jiffies + 0, so the timer fires at the next
  // tick: one jiffy at CONFIG_HZ=250 is 4 ms (profile delayed_ack_before_data), 200 + 4 ms.
  CHECK(p.deliver(ms(200), seg(kFin | kAck, 301, 101)).empty());
  p.expect_silence_until(ms(203));
  const auto sent = p.advance(ms(204));
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].segment.flags.bits == kAck);
  CHECK(sent[0].segment.ack == SeqNum(302));
  // `rfc` ACKs the FIN at once (RFC 9293 3.10.7.4 eighth: "send an acknowledgment for the FIN").
  Peer r(config("rfc"));
  establish_active(r, 100, 300);
  const auto now = r.deliver(ms(200), seg(kFin | kAck, 301, 101));
  REQUIRE(now.size() == 1);
  CHECK(now[0].ack == SeqNum(302));
}

TEST_CASE("TIME-WAIT: a retransmitted FIN is ACKed and restarts the 2MSL timer",
          "[tcp][close][time-wait]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  p.deliver(ms(300), seg(kFin | kAck, 301, 102));
  REQUIRE(p.state() == State::TimeWait);
  // RFC 9293 3.10.7.4 eighth, TIME-WAIT: "Remain in the TIME-WAIT state. Restart the 2 MSL
  // time-wait timeout." Our ACK was lost; the peer sends its FIN again at 1.3 s.
  const auto out = p.deliver(ms(1300), seg(kFin | kAck, 301, 102));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.state() == State::TimeWait);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1300) + ms(60'000)));
  p.advance(ms(60'300));  // the old deadline passes: still TIME-WAIT
  CHECK(p.state() == State::TimeWait);
  p.advance(ms(61'300));
  CHECK(p.state() == State::Closed);
}

TEST_CASE("TIME-WAIT: an RST at RCV.NXT ends it, unless RFC 1337 is followed",
          "[tcp][close][time-wait][rst]") {
  for (const bool rfc1337 : {false, true}) {
    ConnectionConfig c = config("linux");
    c.profile.rfc1337 = rfc1337;
    Peer p(c);
    establish_active(p, 100, 300);
    p.close(ms(200));
    p.deliver(ms(300), seg(kFin | kAck, 301, 102));
    CHECK(p.deliver(ms(400), seg(kRst, 302)).empty());
    // RFC 9293 3.10.7.4 second, TIME-WAIT: "If the RST bit is set, then enter the CLOSED
    // state". RFC 1337 (TIME-WAIT Assassination Hazards) fix: "ignore RST segments in
    // TIME-WAIT state".
    CHECK(p.state() == (rfc1337 ? State::TimeWait : State::Closed));
  }
}

TEST_CASE("TIME-WAIT: a SYN beyond RCV.NXT may reopen the connection, an older one is ACKed",
          "[tcp][close][time-wait]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  p.deliver(ms(300), seg(kFin | kAck, 301, 102));
  // Linux tcp_timewait_state_process: a SYN with SEQ after rcv_nxt -> TCP_TW_SYN.
  p.deliver(ms(400), seg(kSyn, 302 + 100000));
  CHECK(p.last().syn_reopens_time_wait);
  CHECK(p.last().segments.empty());
  // Not after RCV.NXT: an ACK of the old connection (TCP_TW_ACK), stay.
  const auto out = p.deliver(ms(500), seg(kSyn, 250));
  CHECK_FALSE(p.last().syn_reopens_time_wait);
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].ack == SeqNum(302));
  CHECK(p.state() == State::TimeWait);
}

TEST_CASE("CLOSE-WAIT: after a half-close by the peer, data still flows our way",
          "[tcp][close][data]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.deliver(ms(200), seg(kFin | kAck, 301, 101));
  REQUIRE(p.state() == State::CloseWait);
  // RFC 9293 3.10.2 SEND in CLOSE-WAIT: "Segmentize any text to be sent and queue it".
  auto out = p.send(ms(300), 1000);
  // The peer's SYN,ACK had no MSS option: RFC 9293 3.7.1 "SendMSS ... default 536", so the
  // 1000 bytes go as 536 + 464, PSH on the last (as Linux marks the end of a write).
  REQUIRE(out.size() == 2);
  CHECK(out[0].payload_len == 536);
  CHECK(out[0].seq == SeqNum(101));
  CHECK_FALSE(out[0].flags.psh());
  CHECK(out[1].payload_len == 464);
  CHECK(out[1].seq == SeqNum(637));
  CHECK(out[1].flags.psh());
  CHECK(p.deliver(ms(400), seg(kAck, 302, 1101)).empty());
  out = p.close(ms(500));
  REQUIRE(out.size() == 1);
  CHECK(out[0].seq == SeqNum(1101));
  CHECK(out[0].flags.fin());
}

TEST_CASE("FIN-WAIT-2: after shutdown we keep receiving; the peer's data is ACKed",
          "[tcp][close][data]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.shutdown(ms(200));
  p.deliver(ms(300), seg(kAck, 301, 102));
  REQUIRE(p.state() == State::FinWait2);
  CHECK_FALSE(p.conn().released_by_application());
  CHECK_FALSE(p.conn().next_deadline().has_value());  // no FIN-WAIT-2 timer for a half-close
  // Two full-sized segments: the second is ACKed at once (RFC 9293 3.8.6.3).
  CHECK(p.deliver(ms(400), seg(kAck, 301, 102, 1460)).empty());
  const auto out = p.deliver(ms(401), seg(kAck, 1761, 102, 1460));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301 + 2920));
  CHECK(p.state() == State::FinWait2);
}

TEST_CASE("FIN-WAIT-2 (linux): a closed socket gives up after tcp_fin_timeout, sending nothing",
          "[tcp][close][linux]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  p.close(ms(200));
  p.deliver(ms(300), seg(kAck, 301, 102));
  REQUIRE(p.state() == State::FinWait2);
  // Linux tcp_fin_timeout = 60 s; the FIN_WAIT2 timewait sock dies silently.
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(60'300)));
  p.expect_silence_until(ms(60'300));
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "FIN-WAIT-2 timeout");
}

TEST_CASE("ABORT: a synchronized connection sends <SEQ=SND.NXT><CTL=RST>; SYN-SENT sends "
          "nothing",
          "[tcp][close][rst]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  const auto out = p.abort(ms(200));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kRst);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "user abort");

  Peer q(config("rfc"));
  q.connect(ms(0), 100);
  CHECK(q.abort(ms(10)).empty());
  CHECK(q.state() == State::Closed);
  CHECK_FALSE(q.conn().next_deadline().has_value());
}

TEST_CASE("FIN-WAIT-2: new data after the application closed is answered with RST "
          "(RFC 9293 3.6.1)",
          "[tcp][close][rst]") {
  for (const std::string_view profile : {"rfc", "linux", "linux-classic"}) {
    INFO(profile);
    Peer p(config(profile));
    establish_active(p, 100, 300);
    p.close(ms(200));  // FIN at SEQ=101, SND.NXT=102
    p.deliver(ms(300), seg(kAck, 301, 102));
    REQUIRE(p.state() == State::FinWait2);
    // RFC 9293 3.6.1: "if new data is received after CLOSE is called, its TCP implementation
    // SHOULD send a RST to show that data was lost (SHLD-3)". Here SEG.ACK = SND.NXT = 102,
    // so both forms of the RST carry SEQ=102.
    const auto out = p.deliver(ms(400), seg(kAck | kPsh, 301, 102, 10));
    REQUIRE(out.size() == 1);
    CHECK(out[0].flags.bits == kRst);
    CHECK(out[0].seq == SeqNum(102));
    CHECK(p.state() == State::Closed);
    CHECK_FALSE(p.saw_app_event(AppEventKind::Data));
  }
}

TEST_CASE("FIN-WAIT-1: data sent before the peer saw our FIN gets RST <SEQ=SND.NXT> under rfc "
          "(RFC 9293 3.10.5's form) and <SEQ=SEG.ACK> under linux (tcp_v4_send_reset)",
          "[tcp][close][rst]") {
  for (const std::string_view profile : {"rfc", "linux", "linux-classic"}) {
    INFO(profile);
    Peer p(config(profile));
    establish_active(p, 100, 300);
    p.close(ms(200));  // our FIN at SEQ=101, SND.NXT=102
    REQUIRE(p.state() == State::FinWait1);
    // The peer's 10 bytes left before our FIN reached it: SEG.ACK=101 acknowledges only the
    // SYN.
    const auto out = p.deliver(ms(250), seg(kAck | kPsh, 301, 101, 10));
    REQUIRE(out.size() == 1);
    CHECK(out[0].flags.bits == kRst);  // no ACK bit in either form
    if (profile == "rfc") {
      // RFC 9293 3.10.5 ABORT, the reset of a synchronized connection: <SEQ=SND.NXT><CTL=RST>.
      CHECK(out[0].seq == SeqNum(102));
    } else {
      // Linux: tcp_rcv_state_process() returns 1 for data after shutdown (TCPABORTONDATA) and
      // tcp_v4_send_reset() answers the segment itself: SEQ = SEG.ACK.
      CHECK(out[0].seq == SeqNum(101));
    }
    CHECK(p.state() == State::Closed);
    CHECK(p.transitions().back().cause == "rcv data after close");
    CHECK_FALSE(p.saw_app_event(AppEventKind::Data));
  }
}
