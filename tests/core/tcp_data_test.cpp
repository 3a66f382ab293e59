// Data transfer: segmentation, the peer's window, cumulative ACKs, delayed ACKs (RFC 9293
// 3.8.6.3; Linux quick-ack mode and TCP_ATO_MIN), out-of-order segments.
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {
// The peer's SYN,ACK with MSS 1460 (no other option): SND.MSS = 1460.
TcpSegment syn_ack_with_mss(std::uint32_t seq, std::uint32_t ack, std::uint16_t window = 64240) {
  TcpSegment s = seg(kSyn | kAck, seq, ack, 0, window);
  s.options.mss = 1460;
  return s;
}
}  // namespace

TEST_CASE("ESTABLISHED: a send is cut into MSS-sized segments within the peer's window, PSH on "
          "the last",
          "[tcp][data]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_ack_with_mss(300, 101, 4000));
  // SND.WND = 4000 (the SYN's window, unscaled): 1460 + 1460 + 1080 fit, the rest waits.
  auto out = p.send(ms(200), 5000);
  REQUIRE(out.size() == 3);
  CHECK(out[0].payload_len == 1460);
  CHECK(out[1].payload_len == 1460);
  CHECK(out[2].payload_len == 1080);
  CHECK(out[2].seq == SeqNum(101 + 2920));
  CHECK_FALSE(out[2].flags.psh());  // the write is not finished yet
  CHECK(p.tcb().send_queued == 1000);
  // A cumulative ACK of everything, window 4000 again: the last 1000 bytes go, with PSH.
  out = p.deliver(ms(300), seg(kAck, 301, 4101, 0, 4000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].payload_len == 1000);
  CHECK(out[0].seq == SeqNum(4101));
  CHECK(out[0].flags.psh());
}

TEST_CASE("ESTABLISHED: CLOSE after queued data puts the FIN on the last data segment",
          "[tcp][data][close]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_ack_with_mss(300, 101, 1000));
  CHECK(p.send(ms(200), 1500).size() == 1);  // 1000 bytes fit the window
  CHECK(p.close(ms(210)).empty());           // the FIN waits behind 500 bytes
  CHECK(p.state() == State::FinWait1);
  const auto out = p.deliver(ms(300), seg(kAck, 301, 1101, 0, 1000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].payload_len == 500);
  CHECK(out[0].flags.fin());
  CHECK(p.tcb().snd_nxt == SeqNum(1101 + 500 + 1));
}

TEST_CASE("ESTABLISHED (rfc): one segment's ACK is delayed 200 ms; the second full-sized "
          "segment is ACKed at once",
          "[tcp][data][delack]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.8.6.3: "an ACK SHOULD be generated for at least every second full-sized
  // segment, and ... the delay MUST be less than 0.5 seconds".
  CHECK(p.deliver(ms(200), seg(kAck, 301, 101, 1460)).empty());
  CHECK(p.saw_app_event(AppEventKind::Data));
  CHECK(p.app_events().back().bytes == 1460);
  const auto out = p.deliver(ms(210), seg(kAck, 1761, 101, 1460));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(3221));
  // A lone segment: its ACK leaves 200 ms later.
  CHECK(p.deliver(ms(300), seg(kAck, 3221, 101, 100)).empty());
  p.expect_silence_until(ms(499));
  const auto sent = p.advance(ms(500));
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].segment.ack == SeqNum(3321));
}

TEST_CASE("ESTABLISHED: 2000 bytes unacknowledged (a full segment and a short one) wait for "
          "the delayed ACK under rfc (less than 2*RMSS) but are ACKed at once by Linux (more "
          "than one RMSS)",
          "[tcp][data][delack]") {
  // RFC 9293 3.8.6.3: "An ACK SHOULD be generated for at least every second full-sized
  // segment or 2*RMSS bytes of new data": 1460 + 540 = 2000 < 2920, so the delay stands.
  Peer rf(config("rfc"));
  establish_active(rf, 100, 300);
  CHECK(rf.deliver(ms(200), seg(kAck, 301, 101, 1460)).empty());
  CHECK(rf.deliver(ms(210), seg(kAck, 1761, 101, 540)).empty());
  rf.expect_silence_until(ms(399));
  const auto late = rf.advance(ms(400));  // 200 ms after the first unacknowledged segment
  REQUIRE(late.size() == 1);
  CHECK(late[0].segment.ack == SeqNum(2301));

  // Linux __tcp_ack_snd_check(): "More than one full frame received" (rcv_nxt - rcv_wup >
  // rcv_mss). Quick-ack mode is switched off here so that this rule alone decides.
  ConnectionConfig c = config("linux");
  c.profile.quickack_at_start = false;
  Peer lx(c);
  establish_active(lx, 100, 300);
  CHECK(lx.deliver(ms(200), seg(kAck, 301, 101, 1460)).empty());  // exactly one RMSS: wait
  const auto now = lx.deliver(ms(210), seg(kAck, 1761, 101, 540));
  REQUIRE(now.size() == 1);
  CHECK(now[0].ack == SeqNum(2301));
  CHECK(lx.decisions().back().rfc == "Linux __tcp_ack_snd_check");
}

TEST_CASE("ESTABLISHED (linux): quick-ack mode ACKs the first 16 segments at once, then "
          "delays 40 ms",
          "[tcp][data][delack][linux]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);
  std::uint32_t seq = 301;
  // Linux TCP_MAX_QUICKACKS = 16 (tcp_incr_quickack on the first data segment).
  for (int i = 0; i < 16; ++i) {
    const auto out = p.deliver(ms(200 + 10 * i), seg(kAck, seq, 101, 100));
    seq += 100;
    INFO("segment " << i);
    REQUIRE(out.size() == 1);
    CHECK(out[0].ack == SeqNum(seq));
  }
  // The 17th waits TCP_ATO_MIN = 40 ms.
  CHECK(p.deliver(ms(400), seg(kAck, seq, 101, 100)).empty());
  p.expect_silence_until(ms(439));
  const auto sent = p.advance(ms(440));
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].segment.ack == SeqNum(seq + 100));
}

TEST_CASE("ESTABLISHED: a delayed ACK rides on data the application sends in time",
          "[tcp][data][delack]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  CHECK(p.deliver(ms(200), seg(kAck, 301, 101, 100)).empty());
  const auto out = p.send(ms(250), 50);
  REQUIRE(out.size() == 1);
  CHECK(out[0].payload_len == 50);
  CHECK(out[0].ack == SeqNum(401));  // the ACK is piggybacked
  // Only the data's retransmission timer is left (RTO 1 s).
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1250)));
}

TEST_CASE("ESTABLISHED: profile delayed_ack_min 0 ACKs every segment at once",
          "[tcp][data][delack]") {
  ConnectionConfig c = config("rfc");
  c.profile.delayed_ack_min = Duration{0};
  Peer p(c);
  establish_active(p, 100, 300);
  const auto out = p.deliver(ms(200), seg(kAck, 301, 101, 100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(401));
}

TEST_CASE("ESTABLISHED: a segment after a gap gets an immediate duplicate ACK",
          "[tcp][data]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.8.6.3 / RFC 5681 4.2: out-of-order data is acknowledged at once.
  const auto out = p.deliver(ms(200), seg(kAck, 401, 101, 100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.tcb().rcv_nxt == SeqNum(301));
}

TEST_CASE("ESTABLISHED: a partly duplicate segment delivers only its new bytes", "[tcp][data]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  p.deliver(ms(200), seg(kAck, 301, 101, 100));
  // 301..450: the first 100 bytes were already received.
  p.deliver(ms(210), seg(kAck, 301, 101, 150));
  CHECK(p.tcb().rcv_nxt == SeqNum(451));
  CHECK(p.app_events().back().kind == AppEventKind::Data);
  CHECK(p.app_events().back().bytes == 50);
}

TEST_CASE("ESTABLISHED: data beyond a gap is held; the segment filling the gap is ACKed at "
          "once up to the end of the held data",
          "[tcp][data]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  // RFC 9293 3.10.7.4 seventh: "segments with higher beginning sequence numbers SHOULD be
  // held for later processing". 401..500 and 501..600 arrive before 301..400.
  CHECK(p.deliver(ms(200), seg(kAck, 401, 101, 100)).front().ack == SeqNum(301));
  CHECK(p.deliver(ms(201), seg(kAck, 501, 101, 100)).front().ack == SeqNum(301));
  CHECK_FALSE(p.saw_app_event(AppEventKind::Data));
  // RFC 5681 4.2: "an immediate ACK SHOULD be generated when a segment arrives that fills in
  // all or part of a gap".
  const auto out = p.deliver(ms(250), seg(kAck, 301, 101, 100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(601));
  CHECK(p.app_events().back().bytes == 300);
}

TEST_CASE("ESTABLISHED: a FIN beyond a gap is held and taken once the gap is filled",
          "[tcp][data][close]") {
  Peer p(config("rfc"));
  establish_active(p, 100, 300);
  auto out = p.deliver(ms(200), seg(kFin | kAck, 401, 101));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::Established);
  CHECK_FALSE(p.saw_app_event(AppEventKind::Eof));
  out = p.deliver(ms(250), seg(kAck, 301, 101, 100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ack == SeqNum(402));  // 100 bytes and the FIN
  CHECK(p.state() == State::CloseWait);
  CHECK(p.saw_app_event(AppEventKind::Eof));
}

TEST_CASE("ESTABLISHED: after a timeout, a partial ACK retransmits the next segment at once",
          "[tcp][data][rtx]") {
  Peer p(config("linux"));
  p.connect(ms(0), 100);
  TcpSegment sa = seg(kSyn | kAck, 300, 101);
  sa.options.mss = 1000;
  p.deliver(ms(100), sa);  // RTO 300 ms, SND.MSS 1000
  REQUIRE(p.send(ms(1000), 3000).size() == 3);
  // Everything is lost. RFC 6298 5.4: at 1300 ms the first segment goes again.
  const auto sent = p.advance(ms(1300));
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].segment.seq == SeqNum(101));
  // Its ACK covers only it: the second segment is resent at once, not after another
  // (doubled) timeout.
  const auto out = p.deliver(ms(1400), seg(kAck, 301, 1101));
  REQUIRE(out.size() == 1);
  CHECK(out[0].seq == SeqNum(1101));
  CHECK(out[0].payload_len == 1000);
}

TEST_CASE("ESTABLISHED: a zero window is probed with one byte until the peer opens it",
          "[tcp][data][rtx]") {
  Peer p(config("rfc"));
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_ack_with_mss(300, 101, 0));  // window 0, RTO 1 s after R=100 ms
  CHECK(p.send(ms(200), 100).empty());
  // RFC 9293 3.8.6.1: "The sending TCP must regularly transmit at least one octet of new
  // data (if available) ... even if the send window is zero."
  p.expect_silence_until(ms(1199));
  const auto probe = p.advance(ms(1200));
  REQUIRE(probe.size() == 1);
  CHECK(probe[0].segment.seq == SeqNum(101));
  CHECK(probe[0].segment.payload_len == 1);
  // The peer takes the byte and opens its window: the other 99 bytes follow.
  const auto out = p.deliver(ms(1300), seg(kAck, 301, 102, 0, 1000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].seq == SeqNum(102));
  CHECK(out[0].payload_len == 99);
}
