// Captured packet -> TCP segment: the link layer (Ethernet with up to two VLAN tags, Linux
// cooked SLL and SLL2, BSD loopback/null, raw IP), then IPv4 or IPv6 (through core/wire's
// parsers), then TCP. Anything that is not a whole TCP header is skipped and counted by
// reason, so the import summary can say why packets were left out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/pcap/capture.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::pcap {

struct SkipCounts {
  std::uint32_t unsupported_link = 0;  // a link type this reader does not know
  std::uint32_t not_ip = 0;            // ARP, LLDP, ... (an EtherType or family other than IP)
  std::uint32_t not_tcp = 0;           // UDP, ICMP, ...
  std::uint32_t fragment = 0;          // IP fragments are not reassembled
  std::uint32_t malformed = 0;         // a link, IP or TCP header that does not parse
  std::uint32_t truncated = 0;         // cut by the snap length before the TCP header ended

  std::uint32_t total() const {
    return unsupported_link + not_ip + not_tcp + fragment + malformed + truncated;
  }
  // "3 skipped: 2 not IP, 1 not TCP", or "" when nothing was skipped.
  std::string describe() const;
};

struct IpAddress {
  bool ipv6 = false;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4

  bool operator==(const IpAddress&) const = default;
  std::uint32_t ipv4_host_order() const;  // 0 for IPv6
};
std::string to_string(const IpAddress& a);  // "127.0.0.1", "::1"

struct DecodedPacket {
  IpAddress src;
  IpAddress dst;
  wire::TcpSegment tcp;        // payload_len from the IP length, even when the capture cut it
  std::uint32_t ip_offset = 0; // where the IP header starts in the packet's captured bytes
  std::uint32_t ip_len = 0;    // captured bytes of the IP packet (no link padding)
  bool truncated = false;      // the capture holds fewer bytes than the IP packet had
};

// nullopt (with the reason counted in `skipped`) when the packet is not a usable TCP segment.
std::optional<DecodedPacket> decode_packet(std::span<const std::uint8_t> data, std::uint32_t link_type,
                                           SkipCounts& skipped);

// What a connection summary needs from one segment: the fixed TCP header fields, without the
// options copied into a TcpSegment (the options are still checked, so a packet is accepted
// or skipped exactly as decode_packet() decides: decode_packet() is built on this).
struct SegmentHeader {
  IpAddress src;
  IpAddress dst;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  wire::SeqNum seq;
  wire::SeqNum ack;
  wire::TcpFlags flags;
  std::uint32_t payload_len = 0;  // from the IP length, even when the capture cut it
  std::uint32_t ip_offset = 0;
  std::uint32_t ip_len = 0;
  bool truncated = false;
  std::span<const std::uint8_t> tcp_bytes;  // the captured TCP header and payload

  // SEG.LEN of RFC 9293 section 3.4: the data plus one for SYN and one for FIN.
  std::uint32_t seg_len() const { return payload_len + (flags.syn() ? 1u : 0u) + (flags.fin() ? 1u : 0u); }
};

std::optional<SegmentHeader> decode_segment_header(std::span<const std::uint8_t> data, std::uint32_t link_type,
                                                   SkipCounts& skipped);

}  // namespace tcpviz::pcap
