// The few link and network layer formats the live host speaks, as pure functions over byte
// spans: Ethernet II, ARP for IPv4 over Ethernet (RFC 826), the IPv4 header (RFC 791) and
// ICMP echo (RFC 792). Every parser checks lengths before it reads; every writer is given a
// span that it checks is big enough. All multi-byte fields go through core/wire/byte_order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/wire/address.hpp"

namespace tcpviz::live {

inline constexpr std::size_t kEthernetHeaderLen = 14;
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeArp = 0x0806;

struct EthernetHeader {
  wire::MacAddress dst;
  wire::MacAddress src;
  std::uint16_t ethertype = 0;
};

std::optional<EthernetHeader> parse_ethernet(std::span<const std::uint8_t> frame);
// Writes the 14-byte header; `out` must hold at least kEthernetHeaderLen bytes.
void write_ethernet(std::span<std::uint8_t> out, const EthernetHeader& h);

// RFC 826 packet for hardware type Ethernet (1) and protocol type IPv4 (0x0800).
inline constexpr std::size_t kArpLen = 28;
inline constexpr std::uint16_t kArpRequest = 1;
inline constexpr std::uint16_t kArpReply = 2;

struct ArpPacket {
  std::uint16_t op = kArpRequest;
  wire::MacAddress sender_mac;  // ar$sha
  wire::Ipv4Address sender_ip;  // ar$spa
  wire::MacAddress target_mac;  // ar$tha
  wire::Ipv4Address target_ip;  // ar$tpa
};

// nullopt unless the packet is long enough and is Ethernet/IPv4 with lengths 6 and 4 (RFC 826
// says to drop what has a hardware or protocol type we do not speak).
std::optional<ArpPacket> parse_arp(std::span<const std::uint8_t> bytes);
void write_arp(std::span<std::uint8_t> out, const ArpPacket& p);  // kArpLen bytes

// IPv4 (RFC 791 section 3.1).
inline constexpr std::size_t kIpv4MinHeaderLen = 20;
inline constexpr std::uint8_t kIpProtocolIcmp = 1;
inline constexpr std::uint8_t kIpProtocolTcpNumber = 6;

enum class Ipv4Problem : std::uint8_t {
  None,
  Truncated,       // shorter than the header or than Total Length says
  BadVersion,      // version field is not 4
  BadHeaderLen,    // IHL < 5
  BadTotalLen,     // Total Length smaller than the header
  BadChecksum,     // header checksum does not verify (RFC 791 3.1, RFC 1122 3.2.1.2)
  Fragment,        // MF set or a fragment offset: reassembly is not done here
};

struct Ipv4Packet {
  Ipv4Problem problem = Ipv4Problem::None;
  std::uint8_t header_len = 0;  // IHL * 4; options (if any) are skipped, not interpreted
  std::uint8_t ttl = 0;
  std::uint8_t protocol = 0;
  std::uint16_t id = 0;
  wire::Ipv4Address src;
  wire::Ipv4Address dst;
  std::span<const std::uint8_t> packet;   // header + payload, cut at Total Length
  std::span<const std::uint8_t> payload;  // after the header (options skipped)
};

// Always returns a value; `problem` says whether the rest may be used. Ethernet padding past
// Total Length is cut off (a 60-byte minimum frame carrying a bare SYN has some).
Ipv4Packet parse_ipv4(std::span<const std::uint8_t> bytes);

// Writes a 20-byte header (no options, DF set as Linux does for TCP, RFC 1191 path MTU
// discovery) with its checksum. `out` must hold kIpv4MinHeaderLen bytes.
void write_ipv4_header(std::span<std::uint8_t> out, wire::Ipv4Address src, wire::Ipv4Address dst,
                       std::uint8_t protocol, std::uint16_t payload_len, std::uint16_t id,
                       std::uint8_t ttl = 64);

// ICMP (RFC 792): echo request (8) and echo reply (0).
inline constexpr std::uint8_t kIcmpEchoReply = 0;
inline constexpr std::uint8_t kIcmpEchoRequest = 8;

// True when `icmp` is a well-formed echo request with a correct checksum.
bool is_icmp_echo_request(std::span<const std::uint8_t> icmp);
// The reply to an echo request: the same identifier, sequence number and data, type 0,
// checksum recomputed (RFC 792, "Echo or Echo Reply Message"). `out` must be icmp.size().
void write_icmp_echo_reply(std::span<std::uint8_t> out, std::span<const std::uint8_t> request);

// struct virtio_net_hdr (include/uapi/linux/virtio_net.h), the prefix of every frame on a TAP
// opened with IFF_VNET_HDR: it lets the kernel hand over a TCP segment of up to 64 KiB that it
// has not cut at the MTU yet (TSO: "cut me into gso_size pieces"), with its checksum left to
// be finished (NEEDS_CSUM). Little-endian on every machine Linux runs TAPs on with this ABI.
inline constexpr std::size_t kVnetHeaderLen = 10;
inline constexpr std::uint8_t kVnetNeedsCsum = 1;
inline constexpr std::uint8_t kVnetGsoNone = 0;
inline constexpr std::uint8_t kVnetGsoTcpv4 = 1;
inline constexpr std::uint8_t kVnetGsoEcn = 0x80;

struct VnetHeader {
  std::uint8_t flags = 0;
  std::uint8_t gso_type = kVnetGsoNone;
  std::uint16_t hdr_len = 0;
  std::uint16_t gso_size = 0;  // the MSS of each piece
  std::uint16_t csum_start = 0;
  std::uint16_t csum_offset = 0;
};
std::optional<VnetHeader> parse_vnet_header(std::span<const std::uint8_t> bytes);

// The same answer as wire::tcp_checksum_ok over IPv4 (RFC 9293 3.1), summing four bytes at a time (the relay checks
// every segment it records, so this is its hot loop when every frame is one segment).
bool tcp_checksum_verifies(std::span<const std::uint8_t> tcp, wire::Ipv4Address src, wire::Ipv4Address dst);

// Piece `k` of a TCP/IPv4 packet (IPv4 header + TCP header + payload) sent with TSO, as the
// kernel's segmentation would put it on the wire (net/ipv4/tcp_offload.c tcp_gso_segment,
// af_inet.c inet_gso_segment): payload bytes [k*mss, (k+1)*mss), sequence number advanced by
// k*mss, FIN and PSH only on the last piece and CWR only on the first, IPv4 ID + k, Total
// Length, both checksums recomputed. Writes the piece's IPv4 + TCP headers to `headers`
// (resized); its payload is `payload` of the original packet, not copied. None if `k` is
// past the end or the packet is not TCP/IPv4 with headers that fit.
// Without `finish_checksum` the TCP checksum is left as a sender's kernel leaves it for the
// NIC (CHECKSUM_PARTIAL: the folded pseudo-header sum of the piece's length,
// net/ipv4/tcp_ipv4.c __tcp_v4_send_check), as tcpdump on the sending host shows it: for a
// piece whose payload the trace does not keep whole (the snap length), so nobody could check
// it anyway, and summing bytes nobody keeps was a quarter of the relay's own CPU time.
struct TsoPiece {
  std::span<const std::uint8_t> payload;  // inside the original packet
  std::uint32_t seq_offset = 0;           // k * mss
  std::uint16_t flags_cleared = 0;        // wire::TcpFlags bits this piece does not carry
  std::uint16_t tcp_checksum = 0;
};
std::optional<TsoPiece> tso_piece(std::span<const std::uint8_t> ip_packet, std::uint16_t mss, std::size_t k,
                                  std::vector<std::uint8_t>& headers, bool finish_checksum = true);
// The payload length of piece `k` of a TSO segment of `payload_len` bytes cut at `mss`
// (0 past the end), to decide before cutting it whether its checksum is needed.
constexpr std::uint32_t tso_piece_len(std::uint32_t payload_len, std::uint16_t mss, std::size_t k) {
  const std::uint64_t from = std::uint64_t{k} * mss;
  return from >= payload_len ? 0 : static_cast<std::uint32_t>(std::min<std::uint64_t>(mss, payload_len - from));
}

}  // namespace tcpviz::live
