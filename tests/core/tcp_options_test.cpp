// Option negotiation in the handshake: MSS (RFC 9293 3.7.1), window scale and timestamps
// (RFC 7323 2 and 3-4), SACK-permitted (RFC 2018 2).
#include <catch2/catch.hpp>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

TEST_CASE("SYN-SENT (linux): the SYN offers MSS, window scale, SACK-permitted and timestamps; "
          "a SYN,ACK with all four negotiates them",
          "[tcp][options]") {
  ConnectionConfig c = config("linux", true);
  c.ts_offset = 5000;
  Peer p(c);
  const auto syn = p.connect(ms(0), 100);
  REQUIRE(syn.size() == 1);
  const auto& o = syn[0].options;
  CHECK(o.mss == std::optional<std::uint16_t>(1460));
  CHECK(o.window_scale == std::optional<std::uint8_t>(7));
  CHECK(o.sack_permitted);
  REQUIRE(o.timestamps.has_value());
  // RFC 7323 5.4 per-connection offset; TSecr is 0 in an initial SYN (3.2).
  CHECK(o.timestamps->value == 5000);
  CHECK(o.timestamps->echo_reply == 0);
  CHECK(syn[0].window == 64240);  // never scaled in a SYN (RFC 7323 2.2)

  TcpSegment sa = seg(kSyn | kAck, 300, 101, 0, 65535);
  sa.options.mss = 1400;
  sa.options.window_scale = 2;
  sa.options.sack_permitted = true;
  sa.options.timestamps = wire::Timestamps{777, 5000};
  const auto ack = p.deliver(ms(100), sa);
  REQUIRE(ack.size() == 1);
  const Tcb& t = p.tcb();
  CHECK(t.wscale_ok);
  CHECK(t.snd_wscale == 2);
  CHECK(t.rcv_wscale == 7);
  CHECK(t.sack_ok);
  CHECK(t.timestamps_ok);
  // RFC 9293 3.7.1: SND.MSS from the peer's option (1400), less the 12 bytes the timestamp
  // option takes in every segment.
  CHECK(t.snd_mss == 1388);
  CHECK(t.snd_wnd == 65535);  // the SYN,ACK's window is not scaled
  // The third segment: timestamps on every segment (RFC 7323 3.2), TSecr = TS.Recent = 777;
  // window: Linux tcp_select_window() never offers less than the SYN did, rounding up to the
  // scale: ALIGN(64240, 1 << 7) = 64256, 64256 >> 7 = 502 (not 64240 >> 7 = 501).
  REQUIRE(ack[0].options.timestamps.has_value());
  CHECK(ack[0].options.timestamps->value == 5100);
  CHECK(ack[0].options.timestamps->echo_reply == 777);
  CHECK(ack[0].window == 502);
  CHECK_FALSE(ack[0].options.window_scale.has_value());  // options only in SYNs
  // After the handshake the peer's window is scaled by 2: 100 << 2 = 400 bytes.
  p.deliver(ms(200), seg(kAck, 301, 101, 0, 100));
  CHECK(p.tcb().snd_wnd == 400);
  const auto data = p.send(ms(300), 1000);
  REQUIRE(data.size() == 1);
  CHECK(data[0].payload_len == 400);
}

TEST_CASE("LISTEN (linux): a SYN without options gets a SYN,ACK with only MSS", "[tcp][options]") {
  Peer p(config("linux", true));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  const auto out = p.deliver(ms(10), seg(kSyn, 100));
  REQUIRE(out.size() == 1);
  const auto& o = out[0].options;
  // RFC 7323 2.2: a Window Scale option "MAY be sent in a <SYN,ACK> segment only if the
  // corresponding option was received in the initial <SYN> segment"; 3.2 likewise for
  // timestamps; RFC 2018 2 for SACK-permitted. MSS is always allowed.
  CHECK(o.mss == std::optional<std::uint16_t>(1460));
  CHECK_FALSE(o.window_scale.has_value());
  CHECK_FALSE(o.sack_permitted);
  CHECK_FALSE(o.timestamps.has_value());
  // RFC 9293 3.7.1: no MSS option received, so SND.MSS = 536.
  CHECK(p.tcb().snd_mss == 536);
  CHECK_FALSE(p.tcb().timestamps_ok);
}

TEST_CASE("LISTEN (linux): a SYN with timestamps is answered with TSecr = its TSval",
          "[tcp][options]") {
  Peer p(config("linux", true));
  p.listen(ms(0));
  p.conn().set_iss_for_accept(SeqNum(300));
  TcpSegment syn = seg(kSyn, 100);
  syn.options.mss = 1460;
  syn.options.window_scale = 20;  // RFC 7323 2.3: above 14 "MUST use 14 instead"
  syn.options.timestamps = wire::Timestamps{4242, 0};
  const auto out = p.deliver(ms(10), syn);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].options.timestamps.has_value());
  CHECK(out[0].options.timestamps->echo_reply == 4242);
  CHECK(out[0].options.window_scale == std::optional<std::uint8_t>(7));
  CHECK(p.tcb().snd_wscale == 14);
}

TEST_CASE("SYN-SENT (rfc): the SYN carries only MSS; a SYN,ACK's extra options are ignored",
          "[tcp][options]") {
  Peer p(config("rfc", true));
  const auto syn = p.connect(ms(0), 100);
  REQUIRE(syn.size() == 1);
  CHECK_FALSE(syn[0].options.window_scale.has_value());
  CHECK_FALSE(syn[0].options.timestamps.has_value());
  TcpSegment sa = seg(kSyn | kAck, 300, 101);
  sa.options.window_scale = 3;  // not offered by us: must not be used (RFC 7323 2.2)
  sa.options.timestamps = wire::Timestamps{1, 0};
  const auto ack = p.deliver(ms(100), sa);
  REQUIRE(ack.size() == 1);
  CHECK_FALSE(p.tcb().wscale_ok);
  CHECK(p.tcb().snd_wscale == 0);
  CHECK_FALSE(ack[0].options.timestamps.has_value());
}
