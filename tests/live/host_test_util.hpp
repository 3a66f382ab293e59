// Helpers for the live host's unit tests: the peer on the other side of the TAP (its MAC and
// address), a `linux` host serving HTTP on port 80, and the frames the peer sends and reads.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <span>
#include <vector>

#include "core/tcp/profile.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/host.hpp"
#include "live/link_frames.hpp"
#include "live/services.hpp"

namespace tcpviz::live::host_testing {

inline const wire::MacAddress kPeerMac{{0x02, 0, 0, 0, 0, 0x01}};
inline const wire::Ipv4Address kPeerIp = wire::Ipv4Address::from_octets(192, 0, 2, 1);
inline const wire::Ipv4Address kHostIp = wire::Ipv4Address::from_octets(192, 0, 2, 2);

// A host with the `linux` profile serving HTTP on port 80; `isn_key` fixes its RFC 6528 ISNs.
inline HostConfig linux_http_host(SipKey isn_key = SipKey{1, 2}) {
  HostConfig c;
  c.services.push_back(ServiceSpec{ServiceKind::Http, 80});
  c.profile = *tcp::profile_by_name("linux");
  c.isn_key = isn_key;
  return c;
}

inline std::vector<std::uint8_t> arp_request_for(wire::Ipv4Address target) {
  std::vector<std::uint8_t> f(60, 0);
  write_ethernet(f, EthernetHeader{wire::MacAddress::broadcast(), kPeerMac, kEtherTypeArp});
  write_arp(std::span(f).subspan(14), ArpPacket{kArpRequest, kPeerMac, kPeerIp, {}, target});
  return f;
}

inline std::vector<std::uint8_t> ip_frame(const std::vector<std::uint8_t>& packet, wire::MacAddress dst) {
  std::vector<std::uint8_t> f(14 + packet.size());
  write_ethernet(f, EthernetHeader{dst, kPeerMac, kEtherTypeIpv4});
  std::copy(packet.begin(), packet.end(), f.begin() + 14);
  return f;
}

// The peer's segment to the host, as an Ethernet frame.
inline std::vector<std::uint8_t> tcp_frame(const wire::TcpSegment& seg, std::span<const std::uint8_t> payload = {}) {
  auto packet = wire::build_ipv4_tcp(seg, payload, wire::Ipv4TcpAddressing{kPeerIp, kHostIp, 1, 64});
  REQUIRE(packet.ok());
  return ip_frame(packet.value(), linux_http_host().mac);
}

// The TCP segment inside an outgoing Ethernet frame.
inline wire::TcpSegment tcp_of(const std::vector<std::uint8_t>& frame) {
  auto ip = parse_ipv4(std::span(frame).subspan(14));
  REQUIRE(ip.problem == Ipv4Problem::None);
  auto tcp = wire::parse_tcp(ip.payload);
  REQUIRE(tcp.ok());
  return tcp->segment;
}

}  // namespace tcpviz::live::host_testing
