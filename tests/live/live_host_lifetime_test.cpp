// Connection lifetimes in the live host, without a TAP (issue 5: "no connection state is
// leaked once TIME-WAIT ends"). A scripted peer drives the Host with frames and a clock the
// test chooses; the host runs the `linux` profile, so its TIME-WAIT lasts TCP_TIMEWAIT_LEN =
// 60 s (include/net/tcp.h) and a SYN-RECEIVED that is never answered gives up after
// tcp_synack_retries = 5 resends: "the final timeout for a passive TCP connection will happen
// after 63 seconds" (Documentation/networking/ip-sysctl.rst). Every TCB must be gone then.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "live/host.hpp"
#include "tests/live/host_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::live;
using namespace tcpviz::live::host_testing;
using wire::SeqNum;
using wire::TcpFlags;

namespace {

// The kernel on the other side of the TAP, played by hand: it sends segments from port
// `port` and reads the host's answers.
class ScriptedPeer {
 public:
  ScriptedPeer(Host& host, std::uint16_t port) : host_(host), port_(port) {
    host_.frame_arrived(Time(0), arp_request_for(kHostIp));
    host_.outbox().clear();
  }

  // SYN at `now` with ISN 1000, then the handshake's ACK 10 ms later; returns the host's SYN|ACK.
  wire::TcpSegment open(Time now) {
    const auto synack = send(now, TcpFlags::kSyn, 1000, 0);
    REQUIRE(synack.size() == 1);
    send(now + from_ms(10), TcpFlags::kAck, 1001, synack[0].seq.raw() + 1);
    return synack[0];
  }

  // Sends one segment; returns the TCP segments the host answered with at once.
  std::vector<wire::TcpSegment> send(Time now, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                                     const std::string& payload = {}) {
    wire::TcpSegment seg;
    seg.src_port = port_;
    seg.dst_port = 80;
    seg.seq = SeqNum(seq);
    seg.ack = SeqNum(ack);
    seg.flags.bits = flags;
    seg.window = 64240;
    seg.payload_len = static_cast<std::uint32_t>(payload.size());
    if ((flags & TcpFlags::kSyn) != 0) seg.options.mss = 1460;
    const std::span<const std::uint8_t> data(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size());
    host_.frame_arrived(now, tcp_frame(seg, data));
    return take_answers();
  }

  std::vector<wire::TcpSegment> take_answers() {
    std::vector<wire::TcpSegment> out;
    for (const auto& f : host_.outbox()) {
      auto ip = parse_ipv4(std::span(f).subspan(14));
      if (ip.problem != Ipv4Problem::None) continue;
      auto tcp = wire::parse_tcp(ip.payload);
      if (tcp.ok()) out.push_back(tcp->segment);
    }
    host_.outbox().clear();
    return out;
  }

 private:
  Host& host_;
  std::uint16_t port_;
};

// Runs the host's timers up to `until`, as the live loop does when nothing arrives.
void run_timers_until(Host& host, Time until) {
  while (auto d = host.next_deadline()) {
    if (*d > until) break;
    host.advance(*d);
    host.outbox().clear();
  }
  host.advance(until);
  host.outbox().clear();
}

// The sequence number just past everything in `segs` (the host's SND.NXT as the peer sees it).
SeqNum end_of(const std::vector<wire::TcpSegment>& segs, SeqNum start) {
  SeqNum end = start;
  for (const auto& s : segs) {
    if (end < s.seq + s.seg_len()) end = s.seq + s.seg_len();
  }
  return end;
}

}  // namespace

TEST_CASE("Host: after the HTTP answer and the close, the TCB is freed when TIME-WAIT's 60 s end",
          "[live][lifetime]") {
  Host host(linux_http_host());
  ScriptedPeer peer(host, 40000);
  const auto synack = peer.open(Time(0));
  REQUIRE(synack.flags.bits == (TcpFlags::kSyn | TcpFlags::kAck));
  const std::uint32_t host_isn = synack.seq.raw();
  const std::string get = "GET / HTTP/1.0\r\n\r\n";
  // The http service answers and closes at once (it said "Connection: close"): the host is
  // the active closer, so it is the end that waits in TIME-WAIT (RFC 9293 3.6).
  auto answer = peer.send(from_ms(20), TcpFlags::kPsh | TcpFlags::kAck, 1001, host_isn + 1, get);
  run_timers_until(host, from_ms(30));
  const bool host_sent_fin =
      std::any_of(answer.begin(), answer.end(), [](const wire::TcpSegment& s) { return s.flags.fin(); });
  REQUIRE(host_sent_fin);
  const SeqNum host_end = end_of(answer, SeqNum(host_isn + 1));
  const std::uint32_t peer_fin_seq = 1001 + static_cast<std::uint32_t>(get.size());
  // The peer acknowledges everything, then sends its own FIN: the host goes FIN-WAIT-2, then
  // TIME-WAIT on the FIN (RFC 9293 3.10.7.4 eighth step) and ACKs it.
  peer.send(from_ms(40), TcpFlags::kAck, peer_fin_seq, host_end.raw());
  const auto last_ack = peer.send(from_ms(50), TcpFlags::kFin | TcpFlags::kAck, peer_fin_seq, host_end.raw());
  REQUIRE(last_ack.size() == 1);
  CHECK(last_ack[0].ack == SeqNum(peer_fin_seq + 1));
  CHECK(host.connection_count() == 1);  // in TIME-WAIT

  run_timers_until(host, from_ms(50) + from_ms(59'999));
  CHECK(host.connection_count() == 1);
  run_timers_until(host, from_ms(50) + from_ms(60'000));
  CHECK(host.connection_count() == 0);
  CHECK(host.counters().tcp_connections_closed == 1);
}

TEST_CASE("Host: a SYN flood's half-open connections are all freed after Linux's 63 s SYN-RECEIVED timeout",
          "[live][lifetime]") {
  Host host(linux_http_host());
  ScriptedPeer first(host, 1);
  constexpr int kSyns = 40;  // under the default backlog cap (128): every SYN makes a TCB
  for (int i = 0; i < kSyns; ++i) {
    ScriptedPeer flood(host, static_cast<std::uint16_t>(20000 + i));
    flood.send(from_ms(i), TcpFlags::kSyn, 7000u * static_cast<std::uint32_t>(i + 1), 0);
  }
  CHECK(host.connection_count() == static_cast<std::size_t>(kSyns));
  // SYN|ACK resent at 1, 3, 7, 15, 31 s (RFC 6298 backoff from 1 s), given up at 63 s.
  run_timers_until(host, from_ms(62'000));
  CHECK(host.connection_count() == static_cast<std::size_t>(kSyns));
  run_timers_until(host, from_ms(63'000 + kSyns));
  CHECK(host.connection_count() == 0);
}

TEST_CASE("Host: an RST exactly at RCV.NXT frees the connection, one merely in the window does not (RFC 5961 3.2)",
          "[live][lifetime]") {
  Host host(linux_http_host());
  ScriptedPeer peer(host, 40001);
  peer.open(Time(0));
  REQUIRE(host.connection_count() == 1);
  // In the window but not RCV.NXT (1001): a blind reset attempt. A challenge ACK answers it.
  const auto challenge = peer.send(from_ms(20), TcpFlags::kRst, 1001 + 100, 0);
  REQUIRE(challenge.size() == 1);
  CHECK(challenge[0].flags.bits == TcpFlags::kAck);
  CHECK(challenge[0].ack == SeqNum(1001));
  CHECK(host.connection_count() == 1);
  // Exactly at RCV.NXT: the connection is reset and its TCB deleted (RFC 9293 3.10.7.4 second).
  peer.send(from_ms(30), TcpFlags::kRst, 1001, 0);
  CHECK(host.connection_count() == 0);
}
