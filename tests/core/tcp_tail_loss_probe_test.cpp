// Linux's tail loss probe (RFC 8985 section 7; net/ipv4/tcp_output.c tcp_schedule_loss_probe,
// tcp_send_loss_probe; net/ipv4/tcp_input.c tcp_process_tlp_ack). The peer is played by hand
// with a 100 ms round trip, so SRTT = 100 ms and Linux's RTO = SRTT + rttvar_us = 300 ms;
// the expected times come from those functions, and the first two cases were also measured on
// a 6.18 kernel through the relay (two network namespaces, 50 ms each way, drops by rule).
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {

// ESTABLISHED at 100 ms, SRTT 100 ms, RTO 300 ms, SACK negotiated when `sack` (no timestamps,
// so the numbers stay the RFC's: MSS 1460).
Peer established_linux(bool sack = true, std::string_view profile = "linux") {
  Peer p(config(profile, /*with_options=*/true));
  p.connect(ms(0), 100);
  TcpSegment syn_ack = syn_with_options(kSyn | kAck, 300, 101);
  syn_ack.options.sack_permitted = sack;
  p.deliver(ms(100), syn_ack);
  REQUIRE(p.state() == State::Established);
  REQUIRE(p.tcb().sack_ok == sack);
  REQUIRE(p.tcb().rto == ms(300));
  return p;
}

// 100 bytes sent at 200 ms and lost, the tail loss probe at 500 ms, and its ACK (= 201, the
// probe's SND.NXT) at `ack_at`.
Peer probe_answered_at(Time ack_at) {
  Peer p = established_linux();
  p.send(ms(200), 100);
  REQUIRE(p.advance(ms(500)).size() == 1);  // the probe
  p.deliver(ack_at, seg(kAck, 301, 201));
  return p;
}

std::vector<std::int64_t> times_ms(const std::vector<Peer::Sent>& sent) {
  std::vector<std::int64_t> t;
  for (const auto& s : sent) t.push_back(s.at.count() / 1000);
  return t;
}

bool decided(const Peer& p, std::string_view step) {
  for (const Decision& d : p.decisions()) {
    if (d.step == step) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("FIN-WAIT-1 (linux): a FIN lost twice goes again after 1, 2 and 4 RTOs: the first "
          "expiry is a tail loss probe, which does not back off",
          "[tcp][linux][tlp]") {
  // tcp_schedule_loss_probe() after the FIN: one segment in flight, PTO = 2*SRTT + TCP_RTO_MIN
  // = 400 ms, but the RTO (300 ms) comes sooner: the probe timer is set for 300 ms. At 500 ms
  // tcp_send_loss_probe() resends the FIN and tcp_rearm_rto() sets a full RTO from now: 800.
  // That expiry is a timeout (tcp_retransmit_timer: resend, back off to 600): 1400.
  // Measured on 6.18 with the FIN dropped twice: +314, +320, +640 ms.
  Peer p = established_linux();
  const auto fin = p.close(ms(200));
  REQUIRE(fin.size() == 1);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(500)));
  const auto again = p.advance(ms(1400));
  CHECK(times_ms(again) == std::vector<std::int64_t>{500, 800, 1400});
  for (const auto& s : again) {
    CHECK(s.segment.flags.fin());
    CHECK(s.segment.seq == SeqNum(101));
  }
  CHECK(decided(p, "tail loss probe"));
  CHECK(decided(p, "retransmission timeout"));
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(2600)));
}

TEST_CASE("FIN-WAIT-1 (linux): without SACK there is no probe: 1, 3 and 7 RTOs (RFC 6298 5.5)",
          "[tcp][linux][tlp]") {
  // tcp_schedule_loss_probe(): "!tcp_is_sack(tp)" returns false, so the RTO alone: 500, then
  // doubled 600 ms later, then 1200 ms later. `rfc` never probes either.
  Peer p = established_linux(/*sack=*/false);
  p.close(ms(200));
  CHECK(times_ms(p.advance(ms(2300))) == std::vector<std::int64_t>{500, 1100, 2300});
  CHECK_FALSE(decided(p, "tail loss probe"));
}

TEST_CASE("ESTABLISHED (linux): with two segments in flight the probe timer is 2*SRTT + 2 ms "
          "and the probe resends the last segment",
          "[tcp][linux][tlp]") {
  // tcp_schedule_loss_probe(): packets_out = 2, so timeout_us = 2*SRTT + TCP_TIMEOUT_MIN_US =
  // 202 ms, sooner than the RTO. tcp_send_loss_probe(): no new data to send, so
  // skb_rb_last(&sk->tcp_rtx_queue), the second segment. Then a full RTO from the probe: the
  // first segment at 702 ms. (6.18, 2000 bytes with both segments dropped: the probe +207.85
  // ms after them, seq 1449:2001 with its 1448-byte MSS.)
  Peer p = established_linux();
  const auto data = p.send(ms(200), 2000);
  REQUIRE(data.size() == 2);
  CHECK(p.conn().next_deadline() == std::optional<Time>(ms(402)));
  const auto probe = p.advance(ms(402));
  REQUIRE(probe.size() == 1);
  CHECK(probe[0].segment.seq == SeqNum(101 + 1460));
  CHECK(probe[0].segment.payload_len == 540);
  CHECK(probe[0].segment.flags.psh());
  const auto rto = p.advance(ms(702));
  REQUIRE(rto.size() == 1);
  CHECK(rto[0].at == ms(702));
  CHECK(rto[0].segment.seq == SeqNum(101));
  CHECK(rto[0].segment.payload_len == 1460);
}

TEST_CASE("ESTABLISHED (linux): the probe is a retransmission for Karn's rule: its ACK gives no "
          "RTT sample without timestamps",
          "[tcp][linux][tlp][rtx]") {
  // __tcp_retransmit_skb() (the probe) sets TCPCB_EVER_RETRANS, which is in the TCPCB_RETRANS
  // mask (include/net/tcp.h), so tcp_clean_rtx_queue() takes no sequence RTT sample from the
  // ACK; without timestamps tcp_ack_update_rtt() has nothing else, and SRTT stays 100 ms
  // (timing the probe would give R = 150 ms and SRTT 106.25 ms; the original, 450 ms).
  Peer p = probe_answered_at(ms(650));
  CHECK(*p.tcb().srtt == ms(100));
  CHECK(p.tcb().rto == ms(300));
  for (const auto& d : p.last().decisions) CHECK(d.what.step != "RTT sample");
  CHECK_FALSE(p.conn().next_deadline().has_value());
}

TEST_CASE("ESTABLISHED (linux): one probe per episode: an ACK exactly at the probe's SND.NXT "
          "that moves SND.UNA leaves it open, so the next tail loss gets no probe",
          "[tcp][linux][tlp]") {
  // tcp_process_tlp_ack(): ack == tlp_high_seq with FLAG_SND_UNA_ADVANCED matches none of its
  // branches, so tlp_high_seq stays. The next data's probe timer (300 ms) expires at 1000 ms
  // and tcp_send_loss_probe() finds a probe outstanding ("At most one outstanding TLP"):
  // tcp_rearm_rto() sets the RTO of the oldest segment, sent at 700 ms: due now, so at least
  // one jiffy away (usecs_to_jiffies(1): 4 ms at HZ=250); then the timeout, backed off
  // (600 ms) for the next.
  Peer p = probe_answered_at(ms(600));
  p.send(ms(700), 100);
  const auto again = p.advance(ms(1700));
  REQUIRE(again.size() == 2);
  CHECK(again[0].at == ms(1004));
  CHECK(again[0].segment.seq == SeqNum(201));
  CHECK(again[1].at == again[0].at + ms(600));
  CHECK(p.decisions().back().step == "retransmission timeout");
}

TEST_CASE("linux: an orphaned connection's limit runs from the first timeout's retransmission, "
          "not from the probe",
          "[tcp][linux][tlp]") {
  // tcp_retransmit_skb() sets retrans_stamp; the probe goes through __tcp_retransmit_skb() and
  // does not, nor does it count in icsk_retransmits. FIN at 200, probe at 500, timeouts at
  // 800 (retrans_stamp), 1400, 2600, 5000, 9800, 19400, 38600, 77000; the next expiry, at
  // 77000 + 76800 = 153800 ms, is 153000 ms after retrans_stamp, past tcp_orphan_retries'
  // 102200 ms: give up. So 9 copies of the FIN after the first, and `timeout`.
  Peer p = established_linux();
  p.close(ms(200));
  const auto sent = p.advance(ms(153'799));
  CHECK(times_ms(sent) ==
        std::vector<std::int64_t>{500, 800, 1400, 2600, 5000, 9800, 19400, 38600, 77000});
  CHECK(p.state() == State::FinWait1);
  CHECK(p.advance(ms(153'800)).empty());
  CHECK(p.state() == State::Closed);
  CHECK(p.saw_app_event(AppEventKind::Timeout));
}
