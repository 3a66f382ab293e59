// Helpers for the relay's unit tests: the frames two kernels would send through a Relay, with a
// clock the test chooses (port 0 is the client's TAP, port 1 the server's), and what the
// relay's observer inferred from them.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "core/tcp/state.hpp"
#include "core/wire/packet_builder.hpp"
#include "live/relay.hpp"

namespace tcpviz::live::testing {

inline const wire::Ipv4Address kClientIp = wire::Ipv4Address::from_octets(198, 51, 100, 1);
inline const wire::Ipv4Address kServerIp = wire::Ipv4Address::from_octets(198, 51, 100, 2);
inline constexpr std::uint16_t kClientPort = 40000;
inline constexpr std::uint16_t kServerPort = 5000;
inline constexpr std::uint32_t kClientIsn = 1000;
inline constexpr std::uint32_t kServerIsn = 5000;

using F = wire::TcpFlags;

inline wire::TcpSegment segment(bool from_client, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                                std::uint32_t payload_len = 0, std::uint16_t client_port = kClientPort) {
  wire::TcpSegment s;
  s.src_port = from_client ? client_port : kServerPort;
  s.dst_port = from_client ? kServerPort : client_port;
  s.seq = wire::SeqNum(seq);
  s.ack = wire::SeqNum(ack);
  s.flags.bits = flags;
  s.window = 65535;
  s.payload_len = payload_len;
  return s;
}

inline std::vector<std::uint8_t> frame_of(bool from_client, const wire::TcpSegment& seg) {
  std::vector<std::uint8_t> payload(seg.payload_len, 0x61);
  auto frame = wire::build_ethernet_ipv4_tcp(
      seg, payload,
      wire::Ipv4TcpAddressing{from_client ? kClientIp : kServerIp, from_client ? kServerIp : kClientIp, 7, 64},
      wire::EthernetAddressing{});
  REQUIRE(frame.ok());
  return frame.value();
}

inline void client_sends(Relay& relay, std::int64_t ms, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                         std::uint32_t len = 0, std::uint16_t client_port = kClientPort) {
  relay.frame_arrived(from_ms(ms), 0, frame_of(true, segment(true, flags, seq, ack, len, client_port)));
}
inline void server_sends(Relay& relay, std::int64_t ms, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                         std::uint32_t len = 0, std::uint16_t client_port = kClientPort) {
  relay.frame_arrived(from_ms(ms), 1, frame_of(false, segment(false, flags, seq, ack, len, client_port)));
}

inline std::array<tcp::State, 2> states(const Relay& relay, std::uint32_t conn = 0) {
  auto s = relay.inferred_states(conn);
  REQUIRE(s);
  return *s;
}

// The states one end went through in connection `conn`, by their RFC names.
inline std::vector<std::string> path(const trace::Trace& t, trace::Side who, std::uint32_t conn = 0) {
  std::vector<std::string> out;
  for (const auto& x : t.transitions) {
    if (x.conn == conn && x.who == who) out.emplace_back(tcp::rfc_name(x.to));
  }
  return out;
}

// A handshake on `client_port` at `ms` (SYN, SYN|ACK 1 ms later, ACK 2 ms later).
inline void handshake(Relay& relay, std::int64_t ms, std::uint16_t client_port = kClientPort) {
  client_sends(relay, ms, F::kSyn, kClientIsn, 0, 0, client_port);
  server_sends(relay, ms + 1, F::kSyn | F::kAck, kServerIsn, kClientIsn + 1, 0, client_port);
  client_sends(relay, ms + 2, F::kAck, kClientIsn + 1, kServerIsn + 1, 0, client_port);
}

}  // namespace tcpviz::live::testing
