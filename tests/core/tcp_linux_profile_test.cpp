// The `linux` profile against what Linux does, checked on a 6.18 kernel (review of the linux
// goldens) and in its source; each test plays the peer with explicit times and computes the
// expected values from the Linux function it names. `rfc` keeps RFC 9293 / RFC 6298.
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {

// Our TSval is now in ms + 5000 (RFC 7323 5.4 offset), so a TSval says when it was sent.
constexpr std::uint32_t kOffset = 5000;

ConnectionConfig linux_config() {
  ConnectionConfig c = config("linux", true);
  c.ts_offset = kOffset;
  return c;
}

// The peer's SYN or SYN,ACK offering what Linux offers, with timestamps <tsval, tsecr>.
TcpSegment syn_with_options(std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                            std::uint32_t tsval, std::uint32_t tsecr) {
  return tcpviz::tcp::testing::syn_with_options(flags, seq, ack, wire::Timestamps{tsval, tsecr});
}

TcpSegment with_ts(TcpSegment s, std::uint32_t tsval, std::uint32_t tsecr) {
  s.options.timestamps = wire::Timestamps{tsval, tsecr};
  return s;
}

}  // namespace

TEST_CASE("LISTEN (linux): the SYN,ACK window with timestamps is rounddown(65536, 1460 - 12) = "
          "65160; without them 64240",
          "[tcp][linux][window]") {
  // tcp_openreq_init_rwin() passes mss - TCPOLEN_TSTAMP_ALIGNED to tcp_select_initial_window(),
  // which rounds the 65536-byte space down to a multiple of it: 45 * 1448 = 65160.
  Peer p(linux_config());
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  const auto sa = p.deliver(ms(10), syn_with_options(kSyn, 100, 0, 777, 0));
  REQUIRE(sa.size() == 1);
  CHECK(sa[0].window == 65160);
  // Without timestamps the MSS is the whole 1460: 44 * 1460 = 64240.
  Peer q(linux_config());
  q.listen(ms(0));
  q.conn().set_iss_for_accept(SeqNum(300));
  TcpSegment plain = syn_with_options(kSyn, 100, 0, 0, 0);
  plain.options.timestamps.reset();
  const auto sa2 = q.deliver(ms(10), plain);
  REQUIRE(sa2.size() == 1);
  CHECK(sa2[0].window == 64240);
}

TEST_CASE("SYN-SENT (linux): connect()'s SYN and a simultaneous open's SYN,ACK keep 64240",
          "[tcp][linux][window]") {
  // tcp_connect_init() rounds with 1460 (ts_recent_stamp is 0 then): 44 * 1460 = 64240; the
  // SYN,ACK of a full socket (tcp_send_synack) reuses that window.
  Peer p(linux_config());
  const auto syn = p.connect(ms(0), 100);
  REQUIRE(syn.size() == 1);
  CHECK(syn[0].window == 64240);
  const auto sa = p.deliver(ms(50), syn_with_options(kSyn, 300, 0, 777, 0));
  REQUIRE(sa.size() == 1);
  CHECK(sa[0].flags.bits == (kSyn | kAck));
  CHECK(sa[0].window == 64240);
}

TEST_CASE("SYN-RECEIVED (linux): the scaled window after the handshake is ALIGN(65160, 128) "
          ">> 7 = 510 and does not shrink as data arrives",
          "[tcp][linux][window]") {
  Peer p(linux_config());
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(10), syn_with_options(kSyn, 100, 0, 777, 0));
  p.deliver(ms(110), with_ts(seg(kAck, 101, 301), 877, kOffset + 10));
  REQUIRE(p.state() == State::Established);
  // tcp_select_window(): new_win = ALIGN(cur_win, 1 << 7) = ALIGN(65160, 128) = 65280,
  // 65280 >> 7 = 510 (a plain 65160 >> 7 would be 509 and shrink the offered window).
  const auto ack = p.deliver(ms(120), with_ts(seg(kAck | kPsh, 101, 301, 100), 887, kOffset + 10));
  REQUIRE(ack.size() == 1);
  CHECK(ack[0].window == 510);
  const auto ack2 =
      p.deliver(ms(130), with_ts(seg(kAck | kPsh, 201, 301, 1000), 897, kOffset + 10));
  REQUIRE(ack2.size() == 1);
  CHECK(ack2[0].window == 510);
  // `rfc`: RCV.WND >> Rcv.Wind.Shift (RFC 7323 2.3), unchanged.
  ConnectionConfig r = config("rfc");
  r.offer = linux_config().offer;
  Peer q(r);
  q.connect(ms(0), 100);
  const auto third = q.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 777, 0));
  REQUIRE(third.size() == 1);
  CHECK(third[0].window == 64240 >> 7);
}

TEST_CASE("RTT (linux): rttvar_us is floored at TCP_RTO_MIN, so with R=100 ms the RTO stays "
          "300 ms where RFC 6298 would fall to 250 ms",
          "[tcp][linux][rtx]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);  // R = 100 ms: RTO = 100 + max(200, 200) = 300 ms
  p.send(ms(200), 100);
  // Second sample R = 100 ms (tcp_rtt_estimator): m = 100 - 100 = 0; mdev_us = 200 + (0 - 50)
  // = 150 ms, not above mdev_max_us (200); one RTT passed (SND.UNA 201 > rtt_seq 101), and
  // mdev_max_us (200) is not below rttvar_us (200), so rttvar_us stays 200 ms:
  // RTO = 100 + 200 = 300 ms. (RFC 6298: RTTVAR = 37.5 ms, RTO = 100 + 150 = 250 ms.)
  p.deliver(ms(300), seg(kAck, 301, 201));
  CHECK(*p.tcb().srtt == ms(100));
  CHECK(p.tcb().rttvar == ms(200));
  CHECK(p.tcb().rto == ms(300));
  // A lost segment is therefore resent 300 ms after it left.
  p.send(ms(400), 100);
  p.expect_silence_until(ms(699));
  const auto again = p.advance(ms(700));
  REQUIRE(again.size() == 1);
  CHECK(again[0].segment.seq == SeqNum(201));
}

TEST_CASE("RTT (linux): after an RTT spike rttvar_us decays only a quarter of the way per RTT",
          "[tcp][linux][rtx]") {
  Peer p(config("linux"));
  establish_active(p, 100, 300);  // srtt_us = 8*100, mdev_us = rttvar_us = 200 ms
  p.send(ms(200), 100);
  // R = 250 ms (below the 300 ms RTO): m = 250 - 100 = 150; srtt_us = 800 + 150 = 950 ms/8,
  // SRTT = 118.75 ms; m -= mdev_us/4 (50) = 100, mdev_us = 300 ms > mdev_max_us (200), so
  // mdev_max_us = rttvar_us = 300 ms; RTO = 118.75 + 300 = 418.75 ms.
  p.deliver(ms(450), seg(kAck, 301, 201));
  CHECK(*p.tcb().srtt == Duration(118'750));
  CHECK(p.tcb().rttvar == ms(300));
  CHECK(p.tcb().rto == Duration(418'750));
  p.send(ms(500), 100);
  // R = 100 ms: m = 100 - 118.75 = -18.75; srtt_us = 950000 - 18750 = 931250 (SRTT =
  // 931250 >> 3 = 116406 us); m < 0: m = 18750 - 300000/4 = -56250 (not > 0, kept),
  // mdev_us = 243750, above the reset mdev_max_us (200000): mdev_max_us = 243750. One RTT
  // passed (SND.UNA 301 > rtt_seq 201): rttvar_us -= (300000 - 243750) >> 2 = 14062, so
  // 285938. RTO = 116406 + 285938 = 402344 us. (RFC 6298: RTTVAR = 3/4*75 + 1/4*18.75 =
  // 60.9375 ms, RTO = 116.40625 + 243.75 = 360.15625 ms: faster to forget the spike.)
  p.deliver(ms(600), seg(kAck, 301, 301));
  CHECK(*p.tcb().srtt == Duration(116'406));
  CHECK(p.tcb().rttvar == Duration(285'938));
  CHECK(p.tcb().rto == Duration(402'344));
}

TEST_CASE("SYN-SENT (linux): after a retransmitted SYN, TSecr still gives an RTT sample, so no "
          "3 s fallback",
          "[tcp][linux][rtx]") {
  // tcp_ack_update_rtt(): with the send time hidden by the retransmission, "seq_rtt_us =
  // ca_rtt_us = tcp_rtt_tsopt_us(tp, 1)"; tcp_init_metrics() falls back to 3 s only when
  // srtt_us == 0.
  Peer p(linux_config());
  p.connect(ms(0), 100);                      // TSval 5000
  REQUIRE(p.advance(ms(1000)).size() == 1);   // the SYN again, TSval 6000
  // syn-lost: the SYN,ACK echoes the retransmitted SYN: R = 6100 - 6000 = 100 ms,
  // RTO = 100 + max(2*100, 200) = 300 ms.
  p.deliver(ms(1100), syn_with_options(kSyn | kAck, 300, 101, 777, kOffset + 1000));
  REQUIRE(p.state() == State::Established);
  CHECK(*p.tcb().srtt == ms(100));
  CHECK(p.tcb().rto == ms(300));

  // synack-lost: Linux's retransmitted SYN,ACK echoes the first SYN (req->ts_recent is not
  // updated by a repeated SYN): R = 6100 - 5000 = 1100 ms; srtt = 1100, mdev_us = 2200 =
  // rttvar_us; RTO = 1100 + 2200 = 3300 ms (measured on 6.18: rto:3336 rtt:1111).
  Peer q(linux_config());
  q.connect(ms(0), 100);
  REQUIRE(q.advance(ms(1000)).size() == 1);
  q.deliver(ms(1100), syn_with_options(kSyn | kAck, 300, 101, 777, kOffset));
  CHECK(*q.tcb().srtt == ms(1100));
  CHECK(q.tcb().rto == ms(3300));
  // The data's timer: Linux sets the tail loss probe's timer, 2*SRTT + TCP_RTO_MIN for one
  // segment in flight = 2400 ms, sooner than the RTO (tcp_schedule_loss_probe); the probe at
  // 3600 ms then restarts the RTO, 3300 ms (no 3 s fallback anywhere).
  q.send(ms(1200), 10);
  CHECK(q.conn().next_deadline() == std::optional<Time>(ms(3600)));
  REQUIRE(q.advance(ms(3600)).size() == 1);
  CHECK(q.conn().next_deadline() == std::optional<Time>(ms(6900)));
}

TEST_CASE("SYN-SENT (linux): an ACK that does not acknowledge our SYN gets <SEQ=SEG.ACK><CTL=RST> "
          "and the SYN goes again TCP_TIMEOUT_MIN (8 ms) later, unless it was retransmitted "
          "already",
          "[tcp][linux][rtx]") {
  // tcp_rcv_synsent_state_process(): for "!after(ack_seq, snd_una) || after(ack_seq,
  // snd_nxt)": "if (icsk->icsk_retransmits == 0) inet_csk_reset_xmit_timer(sk,
  // ICSK_TIME_RETRANS, TCP_TIMEOUT_MIN, TCP_RTO_MAX); goto reset_and_undo;". TCP_TIMEOUT_MIN
  // is 2 jiffies: 8 ms at HZ=250. A 6.18 kernel answered by a challenge ACK after a restart
  // sent its RST at 506.1 ms and its SYN again at 517.0 ms.
  Peer p(linux_config());
  p.connect(ms(0), 100);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1000)));  // TCP_TIMEOUT_INIT
  const auto rst = p.deliver(ms(100), seg(kAck, 300, 91));  // e.g. a challenge ACK
  REQUIRE(rst.size() == 1);
  CHECK(rst[0].flags.bits == kRst);
  CHECK(rst[0].seq == SeqNum(91));
  CHECK(p.state() == State::SynSent);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(108)));
  p.expect_silence_until(ms(107));
  const auto again = p.advance(ms(108));
  REQUIRE(again.size() == 1);
  CHECK(again[0].segment.flags.bits == kSyn);
  CHECK(again[0].segment.seq == SeqNum(100));
  // It counts as the first retransmission: the next waits the linear 1 s (tcp_syn_linear_
  // timeouts), and another unacceptable ACK no longer moves the timer.
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1108)));
  REQUIRE(p.deliver(ms(200), seg(kAck, 300, 91)).size() == 1);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(1108)));

  // RFC 9293 3.10.7.3 sends the reset and nothing else: the SYN's timer stands.
  Peer r(config("rfc"));
  r.connect(ms(0), 100);
  REQUIRE(r.deliver(ms(100), seg(kAck, 300, 91)).size() == 1);
  CHECK(r.conn().next_deadline() == std::optional<Time>(ms(1000)));
}

TEST_CASE("SYN-RECEIVED (linux): in a simultaneous open the peer's SYN,ACK completes the "
          "handshake and is ACKed at once, and its TSval becomes TS.Recent",
          "[tcp][linux][open]") {
  // tcp_validate_incoming() lets exactly this segment through in TCP_SYN_RECV (seq + 1 ==
  // rcv_nxt, ack_seq == snd_nxt); tcp_ack() makes the socket ESTABLISHED and updates
  // TS.Recent (tcp_replace_ts_recent: seq = IRS is not after rcv_wup = IRS+1); then
  // tcp_data_queue() finds end_seq = IRS+1 not after rcv_nxt: "A retransmit, 2nd most common
  // case. Force an immediate ack." A 6.18 kernel pair sent 6 segments where RFC 9293 Figure 7
  // has 4: each side's last one "ack 1, win 502, TS val .. ecr <the peer's SYN,ACK TSval>".
  Peer p(linux_config());
  p.connect(ms(0), 100);                                     // TSval 5000
  REQUIRE(p.deliver(ms(50), syn_with_options(kSyn, 300, 0, 700, 0)).size() == 1);  // SYN,ACK
  CHECK(p.state() == State::SynReceived);
  const auto out = p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 750, kOffset));
  CHECK(p.state() == State::Established);
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(out[0].window == 502);  // ALIGN(64240, 128) >> 7
  REQUIRE(out[0].options.timestamps.has_value());
  CHECK(out[0].options.timestamps->echo_reply == 750);  // the SYN,ACK's TSval, not the SYN's 700

  // With data waiting, the data carries that ACK (tcp_event_ack_sent): no extra segment.
  Peer q(linux_config());
  q.connect(ms(0), 100);
  q.deliver(ms(50), syn_with_options(kSyn, 300, 0, 700, 0));
  q.send(ms(60), 10);  // queued until ESTABLISHED
  const auto data = q.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 750, kOffset));
  REQUIRE(data.size() == 1);
  CHECK(data[0].payload_len == 10);
  CHECK(data[0].ack == SeqNum(301));
}

TEST_CASE("SYN-RECEIVED: in a simultaneous open the ACK of our SYN,ACK is timed from the "
          "SYN,ACK under linux, and gives no sample under rfc (Karn)",
          "[tcp][linux][rtx][open]") {
  // Linux: tcp_send_synack() re-sends the SYN's skb (send time renewed, not TCPCB_RETRANS);
  // tcp_clean_rtx_queue() times the ACK from it. A 6.18 kernel pair, SYN,ACKs out at 50 ms
  // and in at 100 ms: rtt 50.9 / 50.8 ms, rto 252 (a plain connect in the same lab: 101, 304).
  // __tcp_set_rto: RTO = SRTT + max(2 * 50, TCP_RTO_MIN) = 250 ms.
  Peer p(linux_config());
  p.connect(ms(0), 100);
  p.deliver(ms(50), syn_with_options(kSyn, 300, 0, 700, 0));
  p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 750, kOffset));
  REQUIRE(p.tcb().srtt.has_value());
  CHECK(*p.tcb().srtt == ms(50));
  CHECK(p.tcb().rto == ms(250));

  // RFC 6298 3: "RTT samples MUST NOT be made using segments that were retransmitted": the
  // SYN octet left twice (SYN at 0, SYN,ACK at 50 ms), so the ACK at 100 ms is ambiguous.
  Peer r(config("rfc"));
  r.connect(ms(0), 100);
  r.deliver(ms(50), seg(kSyn, 300));
  r.deliver(ms(100), seg(kSyn | kAck, 300, 101));
  CHECK(r.state() == State::Established);
  CHECK_FALSE(r.tcb().srtt.has_value());
  CHECK(r.tcb().rto == ms(1000));  // still the initial RTO (2.1)
}

TEST_CASE("SYN-RECEIVED (linux): the ACK of a retransmitted SYN,ACK is timed from its TSecr",
          "[tcp][linux][rtx]") {
  // handshake-ack-lost: our SYN,ACK at 10 ms (TSval 5010), the peer's ACK lost, our SYN,ACK
  // again at 1010 ms; the peer's answer echoes the first one (its TS.Recent did not move), so
  // tcp_synack_rtt_meas -> tcp_ack_update_rtt: R = (1110 + 5000) - 5010 = 1100 ms,
  // RTO = 1100 + 2200 = 3300 ms (measured on 6.18: rto:3312 rtt:1103).
  Peer p(linux_config());
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  p.deliver(ms(10), syn_with_options(kSyn, 100, 0, 777, 0));
  REQUIRE(p.advance(ms(1010)).size() == 1);
  p.deliver(ms(1110), with_ts(seg(kAck, 101, 301), 1877, kOffset + 10));
  REQUIRE(p.state() == State::Established);
  CHECK(*p.tcb().srtt == ms(1100));
  CHECK(p.tcb().rto == ms(3300));
}

TEST_CASE("ESTABLISHED (linux): a repeated SYN,ACK is answered by the SYN check's challenge "
          "ACK, which is the lost third segment again",
          "[tcp][linux][handshake]") {
  // tcp_validate_incoming(): "if (th->syn) goto syn_challenge" -> tcp_send_challenge_ack():
  // <SEQ=SND.NXT=101><ACK=RCV.NXT=301>, TSecr unchanged (tcp_ack never ran, so ts_recent
  // keeps the first SYN,ACK's 777; the server then measures R from it).
  Peer p(linux_config());
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 777, kOffset));
  const auto out = p.deliver(ms(1100), syn_with_options(kSyn | kAck, 300, 101, 1777, kOffset));
  REQUIRE(out.size() == 1);
  CHECK(out[0].flags.bits == kAck);
  CHECK(out[0].seq == SeqNum(101));
  CHECK(out[0].ack == SeqNum(301));
  CHECK(out[0].options.timestamps->echo_reply == 777);
  REQUIRE_FALSE(p.decisions().empty());
  CHECK(p.decisions().back().step == "fourth: SYN");
  CHECK(p.state() == State::Established);
}

TEST_CASE("ABORT (linux): RST,ACK with SEQ=SND.NXT, ACK=RCV.NXT, the window and timestamps; "
          "rfc: <SEQ=SND.NXT><CTL=RST>",
          "[tcp][linux][abort]") {
  // tcp_send_active_reset(): tcp_init_nondata_skb(skb, tcp_acceptable_seq(sk), TCPHDR_ACK |
  // TCPHDR_RST), sent through tcp_transmit_skb.
  Peer p(linux_config());
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 777, kOffset));
  p.send(ms(100), 100);
  p.deliver(ms(200), with_ts(seg(kAck, 301, 201), 877, kOffset + 100));
  const auto rst = p.abort(ms(400));
  REQUIRE(rst.size() == 1);
  CHECK(rst[0].flags.bits == (kRst | kAck));
  CHECK(rst[0].seq == SeqNum(201));  // SND.NXT
  CHECK(rst[0].ack == SeqNum(301));  // RCV.NXT
  CHECK(rst[0].window == 502);       // ALIGN(64240, 128) >> 7, as observed
  REQUIRE(rst[0].options.timestamps.has_value());
  CHECK(rst[0].options.timestamps->value == kOffset + 400);
  CHECK(rst[0].options.timestamps->echo_reply == 877);
  CHECK(p.state() == State::Closed);

  Peer r(config("rfc"));
  establish_active(r, 100, 300);
  const auto bare = r.abort(ms(400));
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].flags.bits == kRst);
  CHECK(bare[0].seq == SeqNum(101));
  CHECK(bare[0].window == 0);
}

TEST_CASE("CLOSE-WAIT (linux): a retransmitted FIN's TSval becomes TS.Recent and is echoed",
          "[tcp][linux][close]") {
  // The repeated FIN (SEQ 301, end 302) fails RFC 9293's window test but passes Linux's
  // tcp_sequence() (end_seq 302 >= rcv_wup 302); tcp_replace_ts_recent() stores TSval 1200
  // since seq 301 <= rcv_wup. Our ACK and our FIN then echo 1200, not the first FIN's 900.
  Peer p(linux_config());
  p.connect(ms(0), 100);
  p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 777, kOffset));
  CHECK(p.deliver(ms(200), with_ts(seg(kFin | kAck, 301, 101), 900, kOffset + 100)).empty());
  const auto first = p.advance(ms(204));  // no data yet: the ACK leaves at the next tick
  REQUIRE(first.size() == 1);
  CHECK(first[0].segment.options.timestamps->echo_reply == 900);
  const auto again = p.deliver(ms(500), with_ts(seg(kFin | kAck, 301, 101), 1200, kOffset + 100));
  REQUIRE(again.size() == 1);
  CHECK(again[0].ack == SeqNum(302));
  CHECK(again[0].options.timestamps->echo_reply == 1200);
  const auto fin = p.close(ms(600));
  REQUIRE(fin.size() == 1);
  CHECK(fin[0].options.timestamps->echo_reply == 1200);

  // `rfc` with timestamps: RFC 7323 5.3 R2 rejects the old segment before R3 could update
  // TS.Recent, so the first FIN's TSval stays.
  ConnectionConfig rc = config("rfc");
  rc.offer.timestamps = true;
  rc.ts_offset = kOffset;
  Peer r(rc);
  r.connect(ms(0), 100);
  TcpSegment sa = seg(kSyn | kAck, 300, 101);
  sa.options.timestamps = wire::Timestamps{777, kOffset};
  r.deliver(ms(100), sa);
  r.deliver(ms(200), with_ts(seg(kFin | kAck, 301, 101), 900, kOffset + 100));
  const auto rack = r.deliver(ms(500), with_ts(seg(kFin | kAck, 301, 101), 1200, kOffset + 100));
  REQUIRE(rack.size() == 1);
  CHECK(rack[0].options.timestamps->echo_reply == 900);
}

TEST_CASE("CLOSING (linux): a retransmitted FIN,ACK that tcp_sequence() accepts has its ACK "
          "processed: it acknowledges our FIN, so TIME-WAIT, and nothing is sent",
          "[tcp][linux][close][closing]") {
  // Simultaneous close, both ACKs of the crossing FINs lost. Our FIN is SEQ 101; the peer's
  // FIN,ACK (SEQ 301) crossed it, we answered ACK=302 (lost) and sit in CLOSING. The peer
  // retransmits its FIN,ACK, now acknowledging our FIN (ACK=102). Linux: tcp_sequence()
  // accepts it (it ends at 302, not before RCV.WUP=302), tcp_ack() takes SND.UNA to 102, and
  // tcp_rcv_state_process() case TCP_CLOSING: "if (tp->snd_una == tp->write_seq) {
  // tcp_time_wait(sk, TCP_TIME_WAIT, 0); goto consume; }". RFC 9293 3.10.7.4 instead finds
  // the segment unacceptable (SEQ 301 < RCV.NXT 302): an ACK, and CLOSING goes on.
  constexpr std::uint32_t kOffset = 5000;
  for (const char* profile : {"linux", "rfc"}) {
    INFO(profile);
    ConnectionConfig c = config(profile, true);
    c.offer.timestamps = true;
    c.ts_offset = kOffset;
    Peer p(c);
    p.connect(ms(0), 100);
    p.deliver(ms(100), syn_with_options(kSyn | kAck, 300, 101, 777, kOffset));
    REQUIRE(p.state() == State::Established);
    const auto our_fin = p.call(ms(150), [](Connection& k, Time n, Effects& e) { k.close(n, e); });
    REQUIRE(p.state() == State::FinWait1);
    REQUIRE(our_fin.size() == 1);
    CHECK(our_fin[0].seq == SeqNum(101));
    TcpSegment fin = seg(kFin | kAck, 301, 101);
    fin.options.timestamps = wire::Timestamps{900, kOffset + 100};
    const auto ack_of_fin = p.deliver(ms(200), fin);
    REQUIRE(p.state() == State::Closing);
    REQUIRE(ack_of_fin.size() == 1);
    CHECK(ack_of_fin[0].ack == SeqNum(302));
    TcpSegment again = seg(kFin | kAck, 301, 102);
    again.options.timestamps = wire::Timestamps{1400, kOffset + 150};
    const auto answer = p.deliver(ms(400), again);
    if (std::string_view(profile) == "linux") {
      CHECK(answer.empty());
      CHECK(p.state() == State::TimeWait);
    } else {
      REQUIRE(answer.size() == 1);
      CHECK(answer[0].flags.bits == kAck);
      CHECK(answer[0].ack == SeqNum(302));
      CHECK(p.state() == State::Closing);
    }
  }
}

TEST_CASE("CLOSE-WAIT and LAST-ACK (linux): an RST at RCV.NXT-1, the peer's FIN's number, resets "
          "(tcp_reset_check); rfc drops it as outside the window",
          "[tcp][linux][rst][close]") {
  // tcp_validate_incoming(): "else if (tcp_reset_check(sk, skb)) goto reset" and, in the RST
  // step, "seq == rcv_nxt || tcp_reset_check()": tcp_reset_check() is "seq == rcv_nxt - 1"
  // in CLOSE-WAIT, LAST-ACK or CLOSING. RFC 9293 3.10.7.4 first check with RFC 5961 3.2: an
  // RST outside the window is dropped silently.
  for (const char* profile : {"linux", "rfc"}) {
    for (const bool last_ack : {false, true}) {
      INFO(profile << (last_ack ? " LAST-ACK" : " CLOSE-WAIT"));
      Peer p(config(profile));
      establish_active(p, 100, 300);
      p.deliver(ms(200), seg(kFin | kAck, 301, 101));  // the peer's FIN: RCV.NXT = 302
      REQUIRE(p.state() == State::CloseWait);
      p.advance(ms(250));  // linux ACKs that FIN one tick (4 ms) later
      if (last_ack) {
        p.close(ms(300));
        REQUIRE(p.state() == State::LastAck);
      }
      const auto answer = p.deliver(ms(400), seg(kRst, 301));
      CHECK(answer.empty());
      if (std::string_view(profile) == "linux") {
        CHECK(p.state() == State::Closed);
        CHECK(p.saw_app_event(AppEventKind::Reset) == !last_ack);
      } else {
        CHECK(p.state() == (last_ack ? State::LastAck : State::CloseWait));
      }
    }
  }
}

TEST_CASE("linux: the receiver accepts the window it advertised, rounded up to the scale "
          "(tcp_select_window stores it; tcp_receive_window = rcv_wup + rcv_wnd - rcv_nxt)",
          "[tcp][linux][window]") {
  // A receive_window of 100 with window scale 7: tcp_select_window() offers ALIGN(100, 128) =
  // 128 (window field 1) and records 128 as tp->rcv_wnd, so tcp_sequence() and
  // tcp_data_queue() take a 128-byte segment whole. Before: 28 of its bytes were cut off
  // and then reported missing.
  ConnectionConfig c = config("linux", true);
  c.profile.receive_window = 100;
  Peer p(c);
  p.connect(ms(0), 100);
  const TcpSegment sa = tcpviz::tcp::testing::syn_with_options(kSyn | kAck, 300, 101);
  const auto ack = p.deliver(ms(100), sa);
  REQUIRE(p.state() == State::Established);
  REQUIRE(ack.size() == 1);
  CHECK(ack[0].window == 1);  // 128 >> 7
  p.deliver(ms(200), seg(kAck | kPsh, 301, 101, 128));
  CHECK(p.tcb().rcv_nxt == SeqNum(301 + 128));
  // `rfc` offers and accepts RCV.WND itself: 100 bytes.
  ConnectionConfig rc = config("rfc", true);
  rc.profile.receive_window = 100;
  Peer r(rc);
  r.connect(ms(0), 100);
  r.deliver(ms(100), sa);
  REQUIRE(r.state() == State::Established);
  r.deliver(ms(200), seg(kAck | kPsh, 301, 101, 128));
  CHECK(r.tcb().rcv_nxt == SeqNum(301 + 100));
}
