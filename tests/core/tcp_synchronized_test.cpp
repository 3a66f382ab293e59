// Segments arriving in synchronized states: RFC 9293 3.10.7.4 first (sequence number),
// second (RST, with RFC 5961 3.2), fourth (SYN, RFC 5961 4.2) and fifth (ACK, RFC 5961 5)
// checks, and CLOSED's resets (3.10.7.1).
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

// Established with our ISS 100 and the peer's 300: SND.NXT=101, RCV.NXT=301, RCV.WND=64240.

TEST_CASE("CLOSED: a segment with ACK is answered with <SEQ=SEG.ACK><CTL=RST>", "[tcp][rst]") {
  Peer p(config("rfc"));
  // RFC 9293 3.10.7.1: "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>".
  const auto out = p.deliver(ms(10), seg(kAck | kPsh, 5000, 777, 20));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kRst);
  CHECK(out[0].seq == SeqNum(777));
  CHECK(out[0].src_port == kLocalPort);
  CHECK(out[0].dst_port == kPeerPort);
  CHECK(p.state() == State::Closed);
}

TEST_CASE("CLOSED: a SYN is answered with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>",
          "[tcp][rst]") {
  Peer p(config("rfc"));
  // RFC 9293 3.10.7.1: "If the ACK bit is off, sequence number zero is used,
  // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>". SEG.LEN of a bare SYN is 1.
  auto out = p.deliver(ms(10), seg(kSyn, 1000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == (kRst | kAck));
  CHECK(out[0].seq == SeqNum(0));
  CHECK(out[0].ack == SeqNum(1001));
  // A FIN with 10 bytes: SEG.LEN = 11.
  out = p.deliver(ms(20), seg(kFin, 2000, 0, 10));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(2011));
  // "An incoming segment containing a RST is discarded."
  CHECK(p.deliver(ms(30), seg(kRst, 5)).empty());
}

TEST_CASE("ESTABLISHED: an RST exactly at RCV.NXT resets the connection", "[tcp][rst]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 5961 3.2: "If the RST bit is set and the sequence number exactly matches the next
  // expected sequence number (RCV.NXT), then TCP MUST reset the connection."
  CHECK(p.deliver(ms(200), seg(kRst, 301)).empty());
  CHECK(p.state() == State::Closed);
  CHECK(p.transitions().back().cause == "rcv RST");
  CHECK(p.saw_app_event(AppEventKind::Reset));
}

TEST_CASE("ESTABLISHED: an RST inside the window but not at RCV.NXT gets a challenge ACK",
          "[tcp][rst]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 5961 3.2: "If the RST bit is set and the sequence number does not exactly match the
  // next expected sequence value, yet is within the current receive window, TCP MUST send an
  // acknowledgment (challenge ACK): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
  const auto out = p.deliver(ms(200), seg(kRst, 301 + 1000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::Established);
}

TEST_CASE("ESTABLISHED: an RST outside the window is dropped silently", "[tcp][rst]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 5961 3.2: "If the RST bit is set and the sequence number is outside the current
  // receive window, silently drop the segment."
  CHECK(p.deliver(ms(200), seg(kRst, 301 + 64240)).empty());
  CHECK(p.deliver(ms(210), seg(kRst, 300)).empty());
  CHECK(p.state() == State::Established);
}

TEST_CASE("ESTABLISHED: a SYN gets a challenge ACK and is dropped (RFC 5961 4.2)",
          "[tcp][syn]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.7.4 fourth / RFC 5961 4.2: "If the SYN bit is set, irrespective of the
  // sequence number, TCP endpoints MUST send a 'challenge ACK' to the remote peer:
  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
  for (const std::uint32_t syn_seq : {301u, 5000u, 1u << 31}) {
    const auto out = p.deliver(p.now() + ms(10), seg(kSyn, syn_seq));
    REQUIRE(out.size() == 1);
    CHECK(out[0].flags.bits == kAck);
    CHECK(out[0].seq == SeqNum(101));
    CHECK(out[0].ack == SeqNum(301));
    CHECK(p.state() == State::Established);
  }
}

TEST_CASE("ESTABLISHED: an ACK of something not yet sent is answered with an ACK and dropped",
          "[tcp][ack]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.7.4 fifth: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT),
  // then send an ACK, drop the segment, and return." The 10 data bytes are not taken.
  const auto out = p.deliver(ms(200), seg(kAck, 301, 5000, 10));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.tcb().rcv_nxt == SeqNum(301));
  CHECK_FALSE(p.saw_app_event(AppEventKind::Data));
}

TEST_CASE("ESTABLISHED: an ACK older than SND.UNA - MAX.SND.WND is answered and dropped "
          "(RFC 5961 5.2)",
          "[tcp][ack]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);  // MAX.SND.WND = 64240
  // RFC 5961 5.2: acceptable only if "(SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT";
  // otherwise "send an ACK ... and drop". 101 - 70000 is older than 101 - 64240.
  const auto out = p.deliver(ms(200), seg(kAck, 301, 101u - 70000u, 10));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.tcb().rcv_nxt == SeqNum(301));
  // A duplicate ACK within that range is fine: its data is accepted.
  p.deliver(ms(300), seg(kAck, 301, 101u - 1000u, 10));
  CHECK(p.tcb().rcv_nxt == SeqNum(311));
}

TEST_CASE("ESTABLISHED: a segment outside the receive window is ACKed and dropped",
          "[tcp][seq]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.7.4 first: "If an incoming segment is not acceptable, an acknowledgment
  // should be sent in reply ... <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>". An old duplicate:
  auto out = p.deliver(ms(200), seg(kAck, 201, 101, 100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  // Beyond the window:
  out = p.deliver(ms(210), seg(kAck, 301 + 64240, 101, 10));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.tcb().rcv_nxt == SeqNum(301));
}

TEST_CASE("ESTABLISHED: a segment without ACK is dropped", "[tcp][ack]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.7.4 fifth: "if the ACK bit is off, drop the segment and return".
  CHECK(p.deliver(ms(200), seg(kPsh, 301, 0, 10)).empty());
  CHECK(p.tcb().rcv_nxt == SeqNum(301));
}

TEST_CASE("CLOSE-WAIT, LAST-ACK, CLOSING: an RST at RCV.NXT closes", "[tcp][rst]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.deliver(ms(200), seg(kFin | kAck, 301, 101));
  p.close(ms(300));
  REQUIRE(p.state() == State::LastAck);
  CHECK(p.deliver(ms(400), seg(kRst, 302)).empty());
  CHECK(p.state() == State::Closed);
}

TEST_CASE("Sequence numbers wrap: ISS 0xFFFFFFF0 with data crossing zero on both sides",
          "[tcp][seq][data]") {
  Peer p(config("rfc"));
  // RFC 9293 3.4: sequence space is modulo 2^32; every comparison must be modular.
  p.connect(ms(0), 0xFFFFFFF0u);
  p.deliver(ms(100), seg(kSyn | kAck, 0xFFFFFFF8u, 0xFFFFFFF1u));
  REQUIRE(p.state() == State::Established);
  const auto out = p.send(ms(200), 100);
  REQUIRE(out.size() == 1);
  CHECK(out[0].seq == SeqNum(0xFFFFFFF1u));
  CHECK(p.tcb().snd_nxt == SeqNum(0x55));  // 0xFFFFFFF1 + 100 wraps to 0x55
  p.deliver(ms(300), seg(kAck, 0xFFFFFFF9u, 0x55));
  CHECK(p.tcb().snd_una == SeqNum(0x55));
  CHECK_FALSE(p.conn().next_deadline().has_value());
  // The peer's 20 bytes from 0xFFFFFFF9 cross zero too.
  p.deliver(ms(400), seg(kAck, 0xFFFFFFF9u, 0x55, 20));
  CHECK(p.tcb().rcv_nxt == SeqNum(0x0D));
  // And its FIN at 0x0D closes.
  const auto fin_ack = p.deliver(ms(500), seg(kFin | kAck, 0x0D, 0x55));
  REQUIRE_FALSE(fin_ack.empty());
  CHECK(fin_ack.back().ack == SeqNum(0x0E));
  CHECK(p.state() == State::CloseWait);
}

TEST_CASE("Every synchronized state: an RST at RCV.NXT enters CLOSED; only the states that "
          "still expect data report a reset",
          "[tcp][rst]") {
  // RFC 9293 3.10.7.4 second: "ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: ... users
  // should also receive an unsolicited general 'connection reset' signal. Enter the CLOSED
  // state"; "CLOSING, LAST-ACK, TIME-WAIT: If the RST bit is set, then enter the CLOSED
  // state, delete the TCB, and return."
  struct Case {
    const char* name;
    State state;
    bool reset_event;
  };
  const Case cases[] = {{"FIN-WAIT-1", State::FinWait1, true},
                        {"FIN-WAIT-2", State::FinWait2, true},
                        {"CLOSE-WAIT", State::CloseWait, true},
                        {"CLOSING", State::Closing, false},
                        {"LAST-ACK", State::LastAck, false}};
  for (const Case& c : cases) {
    INFO(c.name);
    Peer p(config("rfc"));
    establish_active(p, 100, 300);
    std::uint32_t rcv_nxt = 301;
    switch (c.state) {
      case State::FinWait1:
        p.close(ms(200));
        break;
      case State::FinWait2:
        p.close(ms(200));
        p.deliver(ms(250), seg(kAck, 301, 102));
        break;
      case State::CloseWait:
        p.deliver(ms(200), seg(kFin | kAck, 301, 101));
        rcv_nxt = 302;
        break;
      case State::Closing:
        p.close(ms(200));
        p.deliver(ms(250), seg(kFin | kAck, 301, 101));
        rcv_nxt = 302;
        break;
      default:
        p.deliver(ms(200), seg(kFin | kAck, 301, 101));
        p.close(ms(250));
        rcv_nxt = 302;
        break;
    }
    REQUIRE(p.state() == c.state);
    CHECK(p.deliver(ms(400), seg(kRst, rcv_nxt)).empty());
    CHECK(p.state() == State::Closed);
    CHECK(p.saw_app_event(AppEventKind::Reset) == c.reset_event);
    CHECK_FALSE(p.conn().next_deadline().has_value());
  }
}
