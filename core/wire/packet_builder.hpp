// Whole packets from a TcpSegment: IPv4 + TCP, optionally inside an Ethernet II frame. Used to
// show the bytes of simulated segments, to write captures, and by the live host.
//
// The IPv4 header is what Linux sends on a TCP connection: version 4, IHL 5 (no options),
// DF set (path MTU discovery, RFC 1191; Linux sets it on TCP sockets), TTL 64
// (net.ipv4.ip_default_ttl), DSCP/ECN 0, the identification given by the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/util/result.hpp"
#include "core/wire/address.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::wire {

struct Ipv4TcpAddressing {
  Ipv4Address src;
  Ipv4Address dst;
  std::uint16_t ip_id = 0;
  std::uint8_t ttl = 64;
};

struct EthernetAddressing {
  MacAddress src;
  MacAddress dst;
};

// 20 + TCP header + payload_len.
std::size_t ipv4_tcp_packet_len(const TcpSegment& seg);

// Writes the IPv4 packet to the start of `out`; returns its length. The TCP checksum covers
// the IPv4 pseudo-header of `addr` (RFC 9293 3.1); seg.checksum is ignored.
Result<std::size_t> emit_ipv4_tcp(const TcpSegment& seg, std::span<const std::uint8_t> payload,
                                  const Ipv4TcpAddressing& addr, std::span<std::uint8_t> out);

Result<std::vector<std::uint8_t>> build_ipv4_tcp(const TcpSegment& seg, std::span<const std::uint8_t> payload,
                                                 const Ipv4TcpAddressing& addr);

// An Ethernet II frame (no VLAN tag, EtherType IPv4) around the IPv4 packet, zero-padded to
// the 60-byte minimum frame (IEEE 802.3 without the FCS), as a NIC would send it.
Result<std::vector<std::uint8_t>> build_ethernet_ipv4_tcp(const TcpSegment& seg,
                                                          std::span<const std::uint8_t> payload,
                                                          const Ipv4TcpAddressing& addr,
                                                          const EthernetAddressing& link);

}  // namespace tcpviz::wire
