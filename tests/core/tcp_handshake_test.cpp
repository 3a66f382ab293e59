// Opening a connection: RFC 9293 3.5 (Figures 6-9), 3.10.1, 3.10.7.2, 3.10.7.3, 3.10.7.4,
// written from the peer's side with explicit times.
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

TEST_CASE("CLOSED: an active OPEN sends <SEQ=ISS><CTL=SYN> and enters SYN-SENT", "[tcp][open]") {
  Peer p(config("rfc"));
  const auto out = p.connect(ms(0), 100);
  // RFC 9293 3.10.1: "issue a SYN segment <SEQ=ISS><CTL=SYN>. Set SND.UNA to ISS, SND.NXT to
  // ISS+1, enter SYN-SENT state".
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kSyn);
  CHECK(out[0].seq == SeqNum(100));
  CHECK(out[0].src_port == kLocalPort);
  CHECK(out[0].dst_port == kPeerPort);
  CHECK(out[0].options.mss == std::optional<std::uint16_t>(1460));
  CHECK(out[0].window == 64240);  // the window in a SYN is never scaled (RFC 7323 2.2)
  CHECK(p.state() == State::SynSent);
  CHECK(p.tcb().snd_una == SeqNum(100));
  CHECK(p.tcb().snd_nxt == SeqNum(101));
  REQUIRE(p.transitions().size() == 1);
  CHECK(p.transitions()[0].cause == "user connect");
  CHECK(p.saw_app_event(AppEventKind::Connecting));
}

TEST_CASE("SYN-SENT: a SYN,ACK acknowledging our SYN is ACKed and the connection is ESTABLISHED",
          "[tcp][open]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  // RFC 9293 3.10.7.3 fourth: "If SND.UNA > ISS (our SYN has been ACKed), change the
  // connection state to ESTABLISHED, form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
  const auto out = p.deliver(ms(100), seg(kSyn | kAck, 300, 101));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::Established);
  CHECK(p.tcb().irs == SeqNum(300));
  CHECK(p.tcb().rcv_nxt == SeqNum(301));
  CHECK(p.transitions().back().cause == "rcv SYN,ACK");
  CHECK(p.saw_app_event(AppEventKind::Established));
  CHECK_FALSE(p.conn().next_deadline().has_value());  // nothing left to retransmit
}

TEST_CASE("LISTEN: a SYN is answered with <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, then the ACK "
          "of our SYN makes it ESTABLISHED",
          "[tcp][open]") {
  Peer p(config("rfc"));
  p.listen(ms(0));
  CHECK(p.state() == State::Listen);
  CHECK(p.saw_app_event(AppEventKind::Listening));
  p.conn().set_iss_for_accept(SeqNum(300));
  // RFC 9293 3.10.7.2 third: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ ... ISS should
  // be selected and a SYN segment sent of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>".
  auto out = p.deliver(ms(50), seg(kSyn, 100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kSyn | kAck));
  CHECK(out[0].seq == SeqNum(300));
  CHECK(out[0].ack == SeqNum(101));
  CHECK(p.state() == State::SynReceived);
  CHECK(p.transitions().back().cause == "rcv SYN");
  // RFC 9293 3.10.7.4 fifth, SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter
  // ESTABLISHED state".
  out = p.deliver(ms(150), seg(kAck, 101, 301));
  CHECK(out.empty());
  CHECK(p.state() == State::Established);
  CHECK(p.transitions().back().cause == "rcv ACK of SYN");
  CHECK(p.saw_app_event(AppEventKind::Accepted));
  CHECK(p.saw_app_event(AppEventKind::Established));
}

TEST_CASE("LISTEN: an RST is ignored, an ACK is answered with <SEQ=SEG.ACK><CTL=RST>",
          "[tcp][open][rst]") {
  Peer p(config("rfc"));
  p.listen(ms(0));
  // RFC 9293 3.10.7.2 first: "An incoming RST segment could not be valid ... ignore it".
  CHECK(p.deliver(ms(10), seg(kRst, 5)).empty());
  // second: "Any acknowledgment is bad ... <SEQ=SEG.ACK><CTL=RST>".
  const auto out = p.deliver(ms(20), seg(kAck, 5, 777));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kRst);
  CHECK(out[0].seq == SeqNum(777));
  CHECK(p.state() == State::Listen);
}

TEST_CASE("SYN-SENT: a SYN without ACK is a simultaneous open: SYN,ACK and SYN-RECEIVED, then "
          "the peer's SYN,ACK makes it ESTABLISHED",
          "[tcp][open]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  // RFC 9293 3.10.7.3 fourth: "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment
  // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it." (RFC 9293 3.5 Figure 7, lines 2-4)
  auto out = p.deliver(ms(10), seg(kSyn, 300));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kSyn | kAck));
  CHECK(out[0].seq == SeqNum(100));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::SynReceived);
  // Figure 7 line 6: the peer's <SEQ=300><ACK=101><CTL=SYN,ACK> -> ESTABLISHED, no answer.
  out = p.deliver(ms(20), seg(kSyn | kAck, 300, 101));
  CHECK(out.empty());
  CHECK(p.state() == State::Established);
  CHECK(p.saw_app_event(AppEventKind::Established));
  CHECK_FALSE(p.saw_app_event(AppEventKind::Accepted));
}

TEST_CASE("SYN-SENT: an RST acknowledging our SYN refuses the connection", "[tcp][open][rst]") {
  Peer p(config("linux"));
  p.connect(ms(0), 100);
  // RFC 9293 3.10.7.3 second: "If the ACK was acceptable, then signal to the user 'error:
  // connection reset', drop the segment, enter CLOSED state".
  CHECK(p.deliver(ms(100), seg(kRst | kAck, 0, 101)).empty());
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "rcv RST");
  CHECK(p.saw_app_event(AppEventKind::Refused));
  CHECK(p.saw_app_event(AppEventKind::Closed));
  CHECK_FALSE(p.conn().next_deadline().has_value());
}

TEST_CASE("SYN-SENT: an RST that does not acknowledge our SYN is dropped", "[tcp][open][rst]") {
  Peer p(config("linux"));
  p.connect(ms(0), 100);
  // RFC 5961 3.2 / RFC 9293 3.10.7.3: acceptable only "if the ACK field acknowledges the SYN".
  CHECK(p.deliver(ms(100), seg(kRst, 0)).empty());
  CHECK(p.state() == State::SynSent);
  // An RST with an unacceptable ACK: "unless the RST bit is set, if so drop the segment".
  CHECK(p.deliver(ms(110), seg(kRst | kAck, 0, 5000)).empty());
  CHECK(p.state() == State::SynSent);
}

TEST_CASE("SYN-SENT: a SYN,ACK for a SYN we never sent is answered with <SEQ=SEG.ACK><CTL=RST>",
          "[tcp][open][rst]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  // RFC 9293 3.10.7.3 first: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
  // <SEQ=SEG.ACK><CTL=RST>" (RFC 9293 3.5 Figure 8: the old duplicate SYN's answer).
  const auto out = p.deliver(ms(100), seg(kSyn | kAck, 300, 91));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kRst);
  CHECK(out[0].seq == SeqNum(91));
  CHECK(p.state() == State::SynSent);  // still waiting for the real answer
  // The real SYN,ACK then completes the handshake.
  const auto ok = p.deliver(ms(150), seg(kSyn | kAck, 400, 101));
  REQUIRE(ok.size() == 1);
  CHECK(ok[0].ack == SeqNum(401));
  CHECK(p.state() == State::Established);
}

TEST_CASE("Why three segments: a listener answers an old duplicate SYN, the peer resets it, "
          "and SYN-RECEIVED gives the connection up",
          "[tcp][open][rst]") {
  // RFC 9293 3.5 Figure 8, played from the listener's side. The old SYN has SEQ=90.
  Peer server(config("rfc"));
  server.listen(ms(0));
  server.conn().set_iss_for_accept(SeqNum(300));
  auto out = server.deliver(ms(10), seg(kSyn, 90));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(91));
  // The client (in SYN-SENT with ISS 100) answers that SYN,ACK with <SEQ=91><CTL=RST>.
  Peer client(config("rfc"));
  client.connect(ms(0), 100);
  auto reset = client.deliver(ms(20), out[0]);
  REQUIRE(reset.size() == 1);
  CHECK(reset[0].flags.bits == kRst);
  CHECK(reset[0].seq == SeqNum(91));
  // RFC 9293 3.10.7.4 second, SYN-RECEIVED: "If this connection was initiated with a passive
  // OPEN (i.e., came from the LISTEN state), then return this connection to LISTEN state".
  // The RST's SEQ=91 is exactly RCV.NXT (RFC 5961 3.2). This TCB is the listener's copy:
  // it falls back to LISTEN, and its owner discards it (the listener itself still listens).
  reset[0].src_port = kPeerPort;
  reset[0].dst_port = kLocalPort;
  CHECK(server.deliver(ms(30), reset[0]).empty());
  CHECK(server.state() == State::Listen);
  CHECK(server.conn().returned_to_listener());
  CHECK(server.transitions().back().from == State::SynReceived);
  CHECK(server.transitions().back().cause == "rcv RST");
  // "The user need not be informed": neither a reset nor a close reaches the application.
  CHECK_FALSE(server.saw_app_event(AppEventKind::Reset));
  CHECK_FALSE(server.saw_app_event(AppEventKind::Closed));
}

TEST_CASE("SYN-RECEIVED: an RST at RCV.NXT returns a plain passive OPEN to LISTEN",
          "[tcp][open][rst]") {
  Peer p(config("rfc"));
  p.listen(ms(0));
  p.deliver(ms(10), seg(kSyn, 90));
  CHECK(p.deliver(ms(30), seg(kRst, 91)).empty());
  CHECK(p.state() == State::Listen);
  CHECK(p.transitions().back().from == State::SynReceived);
  CHECK_FALSE(p.conn().next_deadline().has_value());  // the SYN,ACK is no longer retried
  // It can take the next SYN.
  const auto out = p.deliver(ms(40), seg(kSyn, 500));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(501));
}

TEST_CASE("SYN-RECEIVED: an ACK that does not acknowledge our SYN gets <SEQ=SEG.ACK><CTL=RST>",
          "[tcp][open][rst]") {
  Peer p(config("rfc"));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(10), seg(kSyn, 100));
  // RFC 9293 3.10.7.4 fifth: "If the segment acknowledgment is not acceptable, form a reset
  // segment <SEQ=SEG.ACK><CTL=RST> and send it."
  const auto out = p.deliver(ms(20), seg(kAck, 101, 999));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kRst);
  CHECK(out[0].seq == SeqNum(999));
  CHECK(p.state() == State::SynReceived);
}

TEST_CASE("SYN-RECEIVED: the peer's repeated SYN (SEG.SEQ=IRS) gets a bare ACK under rfc "
          "(RFC 9293 3.10.7.4 first check) and the SYN,ACK again under linux (tcp_check_req)",
          "[tcp][open]") {
  for (const std::string_view profile : {"rfc", "linux", "linux-classic"}) {
    INFO(profile);
    const bool rfc = profile == "rfc";
    Peer p(config(profile));
    p.listen(ms(0));
    p.conn().set_iss_for_accept(SeqNum(300));
    // The SYN,ACK leaves at 50 ms; its timer is due one initial RTO later, at 1050 ms
    // (RFC 6298 2.1 "RTO <- 1 second"; Linux TCP_TIMEOUT_INIT).
    REQUIRE(p.deliver(ms(50), seg(kSyn, 100)).size() == 1);
    REQUIRE(p.conn().next_deadline() == std::optional<Time>(ms(1050)));
    // The peer's SYN again at 1000 ms: SEG.SEQ=100=IRS, RCV.NXT=101.
    const auto out = p.deliver(ms(1000), seg(kSyn, 100));
    REQUIRE(out.size() == 1);
    CHECK(p.state() == State::SynReceived);
    if (rfc) {
      // RFC 9293 3.10.7.4 first check: SEG.LEN=1 and RCV.NXT =< SEG.SEQ fails, so "an
      // acknowledgment should be sent in reply ... <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After
      // sending the acknowledgment, drop the unacceptable segment and return."
      CHECK(out[0].flags.bits == kAck);
      CHECK(out[0].seq == SeqNum(301));  // SND.NXT = ISS+1
      CHECK(out[0].ack == SeqNum(101));  // RCV.NXT = IRS+1
      // No timer expired, so the retransmission timer keeps its deadline; when it expires the
      // SYN,ACK goes again (RFC 6298 5.4) and the RTO doubles (5.5): next at 1050+2000 ms.
      CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1050)));
      const auto rtx = p.advance(ms(1050));
      REQUIRE(rtx.size() == 1);
      CHECK(rtx[0].at == ms(1050));
      CHECK(rtx[0].segment.flags.bits == (kSyn | kAck));
      CHECK(rtx[0].segment.seq == SeqNum(300));
      CHECK(rtx[0].segment.ack == SeqNum(101));
      CHECK(p.conn().next_deadline() == std::optional<Time>(ms(3050)));
    } else {
      // Linux tcp_check_req(): a retransmitted SYN for a request socket ->
      // inet_rtx_syn_ack(): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> at once.
      CHECK(out[0].flags.bits == (kSyn | kAck));
      CHECK(out[0].seq == SeqNum(300));
      CHECK(out[0].ack == SeqNum(101));
    }
    // Either way the peer's ACK of our SYN completes the handshake (3.10.7.4 fifth).
    CHECK(p.deliver(ms(1200), seg(kAck, 101, 301)).empty());
    CHECK(p.state() == State::Established);
  }
}

TEST_CASE("SYN-RECEIVED (rfc): a repeated SYN answered before any timer expired does not "
          "trigger RFC 6298 5.7's 3 s RTO",
          "[tcp][open][rtx]") {
  Peer p(config("rfc"));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(50), seg(kSyn, 100));               // SYN,ACK at 50 ms, timer at 1050 ms
  REQUIRE(p.deliver(ms(500), seg(kSyn, 100)).size() == 1);  // a bare ACK
  p.deliver(ms(600), seg(kAck, 101, 301));         // before the timer: no expiry at all
  REQUIRE(p.state() == State::Established);
  // RFC 6298 5.7 applies only "If the timer expires awaiting the ACK of a SYN segment". The
  // SYN,ACK went once, so its ACK is a valid sample (Karn): R = 600-50 = 550 ms,
  // RTO = R + 4*(R/2) = 1650 ms (2.2).
  REQUIRE(p.tcb().srtt.has_value());
  CHECK(*p.tcb().srtt == from_ms(550));
  CHECK(p.tcb().rto == from_ms(1650));
  for (const auto& d : p.decisions()) CHECK(d.step != "RTO after a retransmitted SYN");
}

TEST_CASE("SYN-RECEIVED (linux): answering a retransmitted SYN pushes the SYN,ACK timer back",
          "[tcp][open][rtx]") {
  Peer p(config("linux"));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(50), seg(kSyn, 100));  // SYN,ACK at 50 ms, timer at 1050 ms
  REQUIRE(p.deliver(ms(1000), seg(kSyn, 100)).size() == 1);
  // Linux tcp_check_req: mod_timer_pending(&req->rsk_timer, jiffies + reqsk_timeout(...)):
  // the next SYN,ACK is due one timeout (1 s) after this answer, not at 1050 ms.
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(2000)));
}

TEST_CASE("CLOSED: a connection opened again after it ended starts from a fresh TCB",
          "[tcp][open]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.abort(ms(200));
  REQUIRE(p.state() == State::Closed);
  const auto out = p.connect(ms(300), 9000);
  REQUIRE(out.size() == 1);
  CHECK(out[0].seq == SeqNum(9000));
  CHECK(p.tcb().snd_una == SeqNum(9000));
  CHECK_FALSE(p.tcb().fin_queued);
  CHECK_FALSE(p.conn().released_by_application());
  CHECK_FALSE(p.tcb().srtt.has_value());
}

TEST_CASE("ESTABLISHED: a retransmitted SYN,ACK (our third segment was lost) is ACKed again",
          "[tcp][open]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.7.4 first: SEG.SEQ=300, SEG.LEN=1 lies before RCV.NXT=301, so the segment is
  // not acceptable: "an acknowledgment should be sent in reply" -- the ACK the peer missed.
  const auto out = p.deliver(ms(1100), seg(kSyn | kAck, 300, 101));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::Established);
}

TEST_CASE("SYN-RECEIVED: the third segment may carry data; it is delivered after ESTABLISHED",
          "[tcp][open][data]") {
  Peer p(config("rfc"));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(10), seg(kSyn, 100));
  p.deliver(ms(20), seg(kAck | kPsh, 101, 301, 50));
  CHECK(p.state() == State::Established);
  CHECK(p.tcb().rcv_nxt == SeqNum(151));
  CHECK(p.app_events().back().kind == AppEventKind::Data);
  CHECK(p.app_events().back().bytes == 50);
}
