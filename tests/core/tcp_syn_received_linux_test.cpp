// A listener's half-open connection under `linux`: Linux keeps it as a request sock, and
// tcp_check_req() (net/ipv4/tcp_minisocks.c) decides what an RST or a new SYN does to it, not
// RFC 9293 3.10.7.4 with RFC 5961. Also: one segment, one explanation, when Linux's
// tcp_sequence() accepts a retransmission that RFC 9293's window test refuses.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {

constexpr std::string_view kLinuxProfiles[] = {"linux", "linux-classic"};

// The decisions the last event made at `step`.
std::vector<Decision> decisions_at(const Peer& p, std::string_view step) {
  std::vector<Decision> found;
  for (const auto& r : p.last().decisions) {
    if (r.what.step == step) found.push_back(r.what);
  }
  return found;
}

// A listener's copy with ISS 300 that answered the peer's SYN (SEQ 100) at 10 ms:
// SYN-RECEIVED, RCV.NXT = 101, SND.NXT = 301, its SYN,ACK due again at 1010 ms.
void half_open(Peer& p) {
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  REQUIRE(p.deliver(ms(10), seg(kSyn, 100)).size() == 1);
  REQUIRE(p.state() == State::SynReceived);
}

}  // namespace

TEST_CASE("SYN-RECEIVED from LISTEN (linux): an in-window RST not at RCV.NXT drops the request "
          "silently, with no challenge ACK (tcp_check_req -> embryonic_reset)",
          "[tcp][linux][open][rst]") {
  for (const std::string_view profile : kLinuxProfiles) {
    INFO(profile);
    Peer p(config(profile));
    half_open(p);
    // SEQ 111 is inside [RCV.NXT=101, 101+RCV.WND) but not 101. tcp_check_req():
    // tcp_in_window() passes, "if (flg & (TCP_FLAG_RST|TCP_FLAG_SYN)) goto embryonic_reset",
    // where an RST is not answered and inet_csk_reqsk_queue_drop() removes the request.
    CHECK(p.deliver(ms(300), seg(kRst, 111)).empty());
    CHECK(p.state() == State::Listen);
    CHECK(p.conn().returned_to_listener());
    CHECK(p.transitions().back().from == State::SynReceived);
    CHECK(p.transitions().back().cause == "rcv RST");
    const auto why = decisions_at(p, "second: RST");
    REQUIRE(why.size() == 1);
    CHECK(why[0].rfc == "Linux tcp_check_req");
    // The request's timer went with it: no SYN,ACK retransmission follows.
    CHECK_FALSE(p.conn().next_deadline().has_value());
    CHECK_FALSE(p.saw_app_event(AppEventKind::Reset));
    CHECK_FALSE(p.saw_app_event(AppEventKind::Closed));
  }

  // A plain passive OPEN (no listener's copy) returns to LISTEN and takes the next SYN.
  Peer plain(config("linux"));
  plain.listen(ms(0));
  plain.deliver(ms(10), seg(kSyn, 100));
  CHECK(plain.deliver(ms(300), seg(kRst, 111)).empty());
  CHECK(plain.state() == State::Listen);
  CHECK_FALSE(plain.conn().next_deadline().has_value());
  const auto next = plain.deliver(ms(400), seg(kSyn, 500));
  REQUIRE(next.size() == 1);
  CHECK(next[0].ack == SeqNum(501));
}

TEST_CASE("SYN-RECEIVED from LISTEN (rfc): an in-window RST not at RCV.NXT gets a challenge ACK "
          "and the half-open connection stays (RFC 9293 3.10.7.4 second, RFC 5961 3.2)",
          "[tcp][open][rst]") {
  Peer p(config("rfc"));
  half_open(p);
  const auto out = p.deliver(ms(300), seg(kRst, 111));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  CHECK(out[0].seq == SeqNum(301));
  CHECK(out[0].ack == SeqNum(101));
  CHECK(p.state() == State::SynReceived);
}

TEST_CASE("SYN-RECEIVED after a simultaneous open (linux): a full socket, so an in-window RST "
          "not at RCV.NXT still gets RFC 5961's challenge ACK",
          "[tcp][linux][open][rst]") {
  Peer p(config("linux"));
  p.connect(ms(0), 100);
  // The peer's SYN crosses ours: SYN-SENT -> SYN-RECEIVED (RFC 9293 3.5 Figure 7).
  REQUIRE(p.deliver(ms(50), seg(kSyn, 300)).size() == 1);
  REQUIRE(p.state() == State::SynReceived);
  // Linux: this is a full socket in TCP_SYN_RECV; tcp_validate_incoming() sends
  // tcp_send_challenge_ack() for an RST that is not exactly rcv_nxt.
  const auto out = p.deliver(ms(100), seg(kRst, 311));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(p.state() == State::SynReceived);
}

TEST_CASE("SYN-RECEIVED from LISTEN (linux): a different in-window SYN is answered with "
          "<SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> and the request is dropped (tcp_check_req)",
          "[tcp][linux][open][rst]") {
  for (const std::string_view profile : kLinuxProfiles) {
    INFO(profile);
    Peer p(config(profile));
    half_open(p);
    // SEQ 110: in the window, not IRS. tcp_check_req() -> embryonic_reset:
    // "if (!(flg & TCP_FLAG_RST)) req->rsk_ops->send_reset(sk, skb, SK_RST_REASON_INVALID_SYN)"
    // -> tcp_v4_send_reset(), which answers a segment without ACK with
    // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (the rule of RFC 9293 3.10.7.1).
    const auto out = p.deliver(ms(300), seg(kSyn, 110));
    REQUIRE(out.size() == 1);
    CHECK(out[0].flags.bits == (kRst | kAck));
    CHECK(out[0].seq == SeqNum(0));
    CHECK(out[0].ack == SeqNum(111));
    CHECK(out[0].src_port == kLocalPort);
    CHECK(out[0].dst_port == kPeerPort);
    CHECK(p.state() == State::Listen);
    CHECK(p.conn().returned_to_listener());
    const auto why = decisions_at(p, "fourth: SYN");
    REQUIRE(why.size() == 1);
    CHECK(why[0].rfc == "Linux tcp_check_req");
    CHECK_FALSE(p.conn().next_deadline().has_value());  // no SYN,ACK retransmission
  }
}

TEST_CASE("SYN-RECEIVED from LISTEN (linux): a SYN,ACK with a bad ACK goes to the listener, "
          "which answers <SEQ=SEG.ACK><CTL=RST> and keeps the request",
          "[tcp][linux][open][rst]") {
  Peer p(config("linux"));
  half_open(p);
  // tcp_check_req() tests the ACK before anything else: "if ((flg & TCP_FLAG_ACK) && ...
  // ack_seq != tcp_rsk(req)->snt_isn + 1) return sk;" and the listener resets the segment.
  const auto out = p.deliver(ms(300), seg(kSyn | kAck, 110, 999));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kRst);
  CHECK(out[0].seq == SeqNum(999));
  CHECK(p.state() == State::SynReceived);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1010)));  // SYN,ACK timer kept
}

TEST_CASE("SYN-RECEIVED from LISTEN (rfc): a different SYN returns the connection to LISTEN and "
          "sends nothing (RFC 9293 3.10.7.4 fourth)",
          "[tcp][open]") {
  Peer p(config("rfc"));
  half_open(p);
  CHECK(p.deliver(ms(300), seg(kSyn, 110)).empty());
  CHECK(p.state() == State::Listen);
  CHECK(p.conn().returned_to_listener());
}

TEST_CASE("SYN-RECEIVED from LISTEN (linux): a SYN outside the window gets an ACK and the "
          "request stays (tcp_check_req: \"Out of window: send ACK and drop\")",
          "[tcp][linux][open]") {
  Peer p(config("linux"));
  half_open(p);
  const auto out = p.deliver(ms(300), seg(kSyn, 100 + 200000));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(301));
  CHECK(out[0].ack == SeqNum(101));
  CHECK(p.state() == State::SynReceived);
}

TEST_CASE("CLOSE-WAIT (linux): a retransmitted FIN that tcp_sequence() accepts is explained "
          "once, without the RFC's \"drop it\"",
          "[tcp][linux][close]") {
  // As in tests/core/tcp_linux_profile_test.cpp: the repeated FIN (SEQ 301, end 302) fails
  // RFC 9293's window test (it is before RCV.NXT=302) but passes Linux's tcp_sequence()
  // (end_seq 302 >= rcv_wup 302), and its TSval becomes TS.Recent. A student must not read
  // "send an ACK and drop it" and "Linux accepts" for the same segment.
  constexpr std::uint32_t kOffset = 5000;
  ConnectionConfig c = config("linux", true);
  c.ts_offset = kOffset;
  Peer p(c);
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, wire::Timestamps{777, kOffset}));
  TcpSegment fin = seg(kFin | kAck, 301, 101);
  fin.options.timestamps = wire::Timestamps{900, kOffset + 100};
  p.deliver(ms(200), fin);
  p.advance(ms(204));
  fin.options.timestamps = wire::Timestamps{1200, kOffset + 100};
  const auto again = p.deliver(ms(500), fin);
  REQUIRE(again.size() == 1);
  CHECK(again[0].ack == SeqNum(302));
  const auto why = decisions_at(p, "first: sequence number");
  REQUIRE(why.size() == 1);
  CHECK(why[0].rfc == "Linux tcp_sequence, tcp_replace_ts_recent");
  const std::string text = render_decision_text(why[0]);
  INFO(text);
  CHECK(text.find("drop it") == std::string::npos);
  CHECK(text.find("302") != std::string::npos);   // where it ends, RCV.NXT and RCV.WUP
  CHECK(text.find("1200") != std::string::npos);  // the TSval kept as TS.Recent

  // `rfc`: the same segment is unacceptable and dropped after an ACK, said once.
  ConnectionConfig rc = config("rfc");
  rc.offer.timestamps = true;
  rc.ts_offset = kOffset;
  Peer r(rc);
  r.connect(ms(0), 100);
  TcpSegment rsa = seg(kSyn | kAck, 300, 101);
  rsa.options.timestamps = wire::Timestamps{777, kOffset};
  r.deliver(ms(100), rsa);
  fin.options.timestamps = wire::Timestamps{900, kOffset + 100};
  r.deliver(ms(200), fin);
  fin.options.timestamps = wire::Timestamps{1200, kOffset + 100};
  REQUIRE(r.deliver(ms(500), fin).size() == 1);
  const auto rwhy = decisions_at(r, "first: sequence number");
  REQUIRE(rwhy.size() == 1);
  CHECK(rwhy[0].rfc == "RFC 9293 3.10.7.4");
  CHECK(render_decision_text(rwhy[0]).find("drop it") != std::string::npos);
}
