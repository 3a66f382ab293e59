// Unit tests of relay mode without a TAP: the Relay is fed the frames two kernels would send
// and a clock the test chooses, and the states its passive observer infers for both ends are
// checked against RFC 9293 (3.5 opening, 3.6 closing, 3.10 event processing), as are the
// frames it passes on and how it records a TSO segment.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/scenario/parse.hpp"
#include "core/tcp/state.hpp"
#include "core/wire/byte_order.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/link_frames.hpp"
#include "live/relay.hpp"
#include "tests/live/relay_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::live;
using namespace tcpviz::live::testing;
using tcp::State;


TEST_CASE("Relay: RFC 9293 3.5 three-way handshake and 3.6 close inferred for both ends") {
  Relay relay(std::vector<scenario::Fault>{});
  client_sends(relay, 0, F::kSyn, kClientIsn, 0);
  // The server's state is known only from its answer (SYN|ACK: it was listening).
  CHECK(states(relay) == std::array{State::SynSent, State::Closed});
  server_sends(relay, 1, F::kSyn | F::kAck, kServerIsn, kClientIsn + 1);
  CHECK(states(relay) == std::array{State::Established, State::SynReceived});
  client_sends(relay, 2, F::kAck, kClientIsn + 1, kServerIsn + 1);
  CHECK(states(relay) == std::array{State::Established, State::Established});
  // The client closes first (active close), the server acknowledges, later closes too.
  client_sends(relay, 10, F::kFin | F::kAck, kClientIsn + 1, kServerIsn + 1);
  CHECK(states(relay) == std::array{State::FinWait1, State::CloseWait});
  server_sends(relay, 11, F::kAck, kServerIsn + 1, kClientIsn + 2);
  CHECK(states(relay) == std::array{State::FinWait2, State::CloseWait});
  server_sends(relay, 20, F::kFin | F::kAck, kServerIsn + 1, kClientIsn + 2);
  CHECK(states(relay) == std::array{State::TimeWait, State::LastAck});
  client_sends(relay, 21, F::kAck, kClientIsn + 2, kServerIsn + 2);
  CHECK(states(relay) == std::array{State::TimeWait, State::Closed});

  const trace::Trace& t = relay.trace();
  CHECK(t.inferred);
  CHECK(path(t, trace::Side::Client) ==
        std::vector<std::string>{"SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"});
  CHECK(path(t, trace::Side::Server) == std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED",
                                                                  "CLOSE-WAIT", "LAST-ACK", "CLOSED"});
  // LISTEN and SYN-RECEIVED are placed when the SYN arrived (0 ms), though learnt at 1 ms,
  // and the list stays in time order.
  CHECK(t.transitions.size() == 11);
  for (std::size_t i = 1; i < t.transitions.size(); ++i) CHECK(t.transitions[i - 1].t <= t.transitions[i].t);
  for (const auto& x : t.transitions) {
    if (x.who == trace::Side::Server && x.to == State::SynReceived) CHECK(x.t == Time(0));
  }
  CHECK(relay.counters().frames_out[0] == 3);
  CHECK(relay.counters().frames_out[1] == 4);
}

TEST_CASE("Relay: RFC 9293 3.10.7.1 a SYN answered by RST leaves the server CLOSED, never LISTEN") {
  Relay relay(std::vector<scenario::Fault>{});
  client_sends(relay, 0, F::kSyn, kClientIsn, 0);
  server_sends(relay, 1, F::kRst | F::kAck, 0, kClientIsn + 1);
  CHECK(states(relay) == std::array{State::Closed, State::Closed});
  CHECK(path(relay.trace(), trace::Side::Server).empty());
  CHECK(path(relay.trace(), trace::Side::Client) == std::vector<std::string>{"SYN-SENT", "CLOSED"});
}

TEST_CASE("Relay: a dropped FIN moves its sender (FIN-WAIT-1) but not its receiver") {
  std::vector<scenario::Fault> faults(1);
  auto parsed = scenario::parse_fault_flag("client FIN #1 drop");
  REQUIRE(parsed.ok());
  faults[0] = parsed.value();
  Relay relay(faults);
  client_sends(relay, 0, F::kSyn, kClientIsn, 0);
  server_sends(relay, 1, F::kSyn | F::kAck, kServerIsn, kClientIsn + 1);
  client_sends(relay, 2, F::kAck, kClientIsn + 1, kServerIsn + 1);
  relay.outbox().clear();
  client_sends(relay, 10, F::kFin | F::kAck, kClientIsn + 1, kServerIsn + 1);
  CHECK(relay.outbox().empty());
  CHECK(states(relay) == std::array{State::FinWait1, State::Established});
  // RFC 9293 3.10.8 / RFC 6298: the client's kernel resends it; this one arrives.
  client_sends(relay, 14, F::kFin | F::kAck, kClientIsn + 1, kServerIsn + 1);
  CHECK(relay.outbox().size() == 1);
  CHECK(states(relay) == std::array{State::FinWait1, State::CloseWait});
}

TEST_CASE("Relay: fault rules replaced while running apply from then on, counting afresh") {
  Relay relay(std::vector<scenario::Fault>{});
  client_sends(relay, 0, F::kSyn, kClientIsn, 0);
  CHECK(relay.outbox().size() == 1);
  relay.outbox().clear();
  auto parsed = scenario::parse_fault_flag("client SYN #1 drop");
  REQUIRE(parsed.ok());
  relay.set_faults({parsed.value()});
  // The resent SYN (RFC 6298 5.5) is the first SYN the new rule counts: dropped.
  client_sends(relay, 1000, F::kSyn, kClientIsn, 0);
  CHECK(relay.outbox().empty());
  CHECK(relay.counters().fault_dropped == 1);
  client_sends(relay, 3000, F::kSyn, kClientIsn, 0);
  CHECK(relay.outbox().size() == 1);
}

TEST_CASE("Relay: a delayed SYN|ACK reaches the client (ESTABLISHED) only when released") {
  auto parsed = scenario::parse_fault_flag("server SYN|ACK #1 delay=600");
  REQUIRE(parsed.ok());
  Relay relay(std::vector<scenario::Fault>{parsed.value()});
  client_sends(relay, 0, F::kSyn, kClientIsn, 0);
  server_sends(relay, 1, F::kSyn | F::kAck, kServerIsn, kClientIsn + 1);
  CHECK(states(relay) == std::array{State::SynSent, State::SynReceived});
  REQUIRE(relay.next_deadline() == Time(601000));
  relay.advance(Time(600999));
  CHECK(states(relay) == std::array{State::SynSent, State::SynReceived});
  relay.advance(Time(601000));
  CHECK(states(relay) == std::array{State::Established, State::SynReceived});
}

TEST_CASE("Relay outbox: frames come out in order, and the same bytes") {
  RelayOutbox box;
  const std::vector<std::uint8_t> a{1, 2, 3}, b(2000, 9);
  box.push(1, a);
  box.push(0, b);
  std::vector<std::pair<int, std::vector<std::uint8_t>>> seen;
  for (auto& [port, frame] : box) seen.emplace_back(port, std::vector<std::uint8_t>(frame.begin(), frame.end()));
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] == std::make_pair(1, a));
  CHECK(seen[1] == std::make_pair(0, b));
  box.clear();
  CHECK(box.empty());
}

TEST_CASE("TSO: a 64 KiB segment is recorded as the MSS-sized segments Linux would cut it into") {
  // One TCP/IPv4 packet of 3001 payload bytes with FIN|PSH, sent with TSO (gso_size 1448);
  // an odd length, so the last piece's checksum pads a byte (RFC 9293 3.1).
  auto seg = segment(true, F::kAck | F::kPsh | F::kFin, kClientIsn + 1, kServerIsn + 1, 3001);
  std::vector<std::uint8_t> payload(3001);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 7 + 3);
  auto ip = wire::build_ipv4_tcp(seg, payload, wire::Ipv4TcpAddressing{kClientIp, kServerIp, 100, 64});
  REQUIRE(ip.ok());
  std::vector<std::uint8_t> headers;
  std::vector<wire::TcpSegment> pieces;
  for (std::size_t k = 0;; ++k) {
    auto cut = tso_piece(ip.value(), 1448, k, headers);
    if (!cut) break;
    std::vector<std::uint8_t> piece = headers;
    piece.insert(piece.end(), cut->payload.begin(), cut->payload.end());
    auto p = parse_ipv4(piece);
    REQUIRE(p.problem == Ipv4Problem::None);  // IPv4 header checksum recomputed
    CHECK(p.id == 100 + k);
    CHECK(wire::tcp_checksum_ok(p.payload, wire::Ipv4PseudoHeader{p.src, p.dst}));
    auto t = wire::parse_tcp(p.payload);
    REQUIRE(t.ok());
    CHECK(t->segment.checksum == cut->tcp_checksum);
    pieces.push_back(t->segment);
    CHECK(std::equal(p.payload.end() - t->segment.payload_len, p.payload.end(),
                     payload.begin() + static_cast<std::ptrdiff_t>(k * 1448)));
  }
  REQUIRE(pieces.size() == 3);
  CHECK(pieces[0].payload_len == 1448);
  CHECK(pieces[1].seq == wire::SeqNum(kClientIsn + 1 + 1448));
  CHECK(pieces[2].payload_len == 3001 - 2 * 1448);
  // FIN and PSH only on the last piece (net/ipv4/tcp_offload.c tcp_gso_segment).
  CHECK(!pieces[0].flags.fin());
  CHECK(!pieces[1].flags.psh());
  CHECK(pieces[2].flags.fin());
  CHECK(pieces[2].flags.psh());

  // Through a relay with virtio_net_hdr: passed on whole (header and all), recorded in pieces.
  Relay relay(std::vector<scenario::Fault>{}, TraceCaps{}, true);
  auto with_hdr = [](const std::vector<std::uint8_t>& frame, std::uint8_t gso, std::uint16_t mss) {
    std::vector<std::uint8_t> out(kVnetHeaderLen, 0);
    out[1] = gso;
    out[4] = static_cast<std::uint8_t>(mss & 0xff);
    out[5] = static_cast<std::uint8_t>(mss >> 8);
    out.insert(out.end(), frame.begin(), frame.end());
    return out;
  };
  relay.frame_arrived(Time(0), 0, with_hdr(frame_of(true, segment(true, F::kSyn, kClientIsn, 0)), kVnetGsoNone, 0));
  relay.frame_arrived(Time(1000), 1,
                      with_hdr(frame_of(false, segment(false, F::kSyn | F::kAck, kServerIsn, kClientIsn + 1)),
                               kVnetGsoNone, 0));
  std::vector<std::uint8_t> big(14, 0);
  big[12] = 0x08;
  big.insert(big.end(), ip.value().begin(), ip.value().end());
  const auto big_frame = with_hdr(big, kVnetGsoTcpv4, 1448);
  relay.outbox().clear();
  relay.frame_arrived_borrowed(Time(2000), 0, big_frame);
  REQUIRE(relay.outbox().size() == 1);
  for (auto& [port, frame] : relay.outbox()) {
    CHECK(port == 1);
    CHECK(std::equal(frame.begin(), frame.end(), big_frame.begin(), big_frame.end()));
  }
  const auto& segs = relay.trace().segments;
  REQUIRE(segs.size() == 5);
  for (const auto& seg_rec : segs) {  // the recorded bytes are whole, right packets
    auto p = parse_ipv4(std::span(relay.trace().raw_bytes).subspan(seg_rec.raw_offset, seg_rec.raw_len));
    REQUIRE(p.problem == Ipv4Problem::None);
    CHECK(wire::tcp_checksum_ok(p.payload, wire::Ipv4PseudoHeader{p.src, p.dst}));
  }
  CHECK(segs[2].tcp.payload_len == 1448);
  CHECK(segs[4].tcp.flags.fin());
  CHECK(segs[4].rel_seq == 1 + 2 * 1448);
  // The observer saw the whole segment: its FIN moved the client to FIN-WAIT-1.
  CHECK(states(relay)[0] == State::FinWait1);
}

TEST_CASE("Relay: damaged and truncated frames are carried or dropped, never read past their end") {
  // What a TAP can hand over is outside input: every cut and every flipped byte of a real
  // TSO frame must leave the relay and tso_piece() inside the bytes they were given.
  auto seg = segment(true, F::kAck | F::kPsh, kClientIsn + 1, kServerIsn + 1, 4000);
  std::vector<std::uint8_t> payload(4000, 0x5a);
  auto ip = wire::build_ipv4_tcp(seg, payload, wire::Ipv4TcpAddressing{kClientIp, kServerIp, 1, 64});
  REQUIRE(ip.ok());
  std::vector<std::uint8_t> good(kVnetHeaderLen, 0);
  good[0] = kVnetNeedsCsum;
  good[1] = kVnetGsoTcpv4;
  good[4] = 0xa8;  // gso_size 1448, little-endian
  good[5] = 0x05;
  good.resize(kVnetHeaderLen + kEthernetHeaderLen + ip.value().size());
  write_ethernet(std::span(good).subspan(kVnetHeaderLen), EthernetHeader{{}, {}, kEtherTypeIpv4});
  std::copy(ip.value().begin(), ip.value().end(), good.begin() + kVnetHeaderLen + kEthernetHeaderLen);

  Relay with_vnet(std::vector<scenario::Fault>{}, TraceCaps{}, true);
  Relay plain(std::vector<scenario::Fault>{});
  std::uint32_t rng = 12345;
  auto next = [&] { return rng = rng * 1664525u + 1013904223u; };
  std::vector<std::uint8_t> headers;
  std::uint64_t fed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::uint8_t> f = good;
    f.resize(next() % (good.size() + 1));
    for (int flips = next() % 4; flips > 0 && !f.empty(); --flips) f[next() % f.size()] ^= static_cast<std::uint8_t>(next());
    with_vnet.frame_arrived(Time(i), static_cast<int>(i & 1), f);
    plain.frame_arrived(Time(i), static_cast<int>(i & 1), f);
    ++fed;
    if (f.size() > kVnetHeaderLen + 14) {
      const std::span<const std::uint8_t> packet = std::span<const std::uint8_t>(f).subspan(kVnetHeaderLen + 14);
      // The relay's fast checksum check agrees with core/wire's, damaged or not (RFC 9293 3.1).
      if (packet.size() > 20) {
        const auto tcp = packet.subspan(20);
        const wire::Ipv4PseudoHeader pseudo{kClientIp, kServerIp};
        CHECK(tcp_checksum_verifies(tcp, kClientIp, kServerIp) == wire::tcp_checksum_ok(tcp, pseudo));
      }
      for (std::size_t k = 0; k < 8; ++k) {
        auto piece = tso_piece(packet, static_cast<std::uint16_t>(next() % 3000), k, headers);
        if (!piece) break;
        CHECK(piece->payload.data() >= packet.data());
        CHECK(piece->payload.data() + piece->payload.size() <= packet.data() + packet.size());
      }
    }
    with_vnet.outbox().clear();
    plain.outbox().clear();
  }
  for (const Relay* r : {&with_vnet, &plain}) {
    const auto& c = r->counters();
    CHECK(c.frames_in[0] + c.frames_in[1] == fed);
    CHECK(c.frames_out[0] + c.frames_out[1] <= fed);
  }
}
