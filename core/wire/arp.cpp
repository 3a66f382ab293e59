// RFC 826 packet: 0-1 ar$hrd, 2-3 ar$pro, 4 ar$hln, 5 ar$pln, 6-7 ar$op, 8-13 ar$sha,
// 14-17 ar$spa, 18-23 ar$tha, 24-27 ar$tpa.
#include "core/wire/arp.hpp"

#include <string>

#include "core/wire/byte_order.hpp"

namespace tcpviz::wire {
namespace {

constexpr std::uint16_t kHardwareEthernet = 1;
constexpr std::uint16_t kProtocolIpv4 = 0x0800;

}  // namespace

Result<ArpPacket> parse_arp(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kArpLen) {
    return Error{"ARP packet truncated: " + std::to_string(bytes.size()) + " bytes, need " + std::to_string(kArpLen)};
  }
  const std::uint16_t hrd = load_be16(bytes, 0);
  const std::uint16_t pro = load_be16(bytes, 2);
  if (hrd != kHardwareEthernet || pro != kProtocolIpv4 || bytes[4] != 6 || bytes[5] != 4) {
    return Error{"ARP: hardware type " + std::to_string(hrd) + ", protocol type " + std::to_string(pro) +
                 ", lengths " + std::to_string(bytes[4]) + "/" + std::to_string(bytes[5]) +
                 " are not IPv4 over Ethernet (1, 2048, 6/4)"};
  }
  const std::uint16_t op = load_be16(bytes, 6);
  if (op != static_cast<std::uint16_t>(ArpOperation::Request) && op != static_cast<std::uint16_t>(ArpOperation::Reply)) {
    return Error{"ARP: operation " + std::to_string(op) + " is neither request (1) nor reply (2)"};
  }
  ArpPacket a;
  a.operation = static_cast<ArpOperation>(op);
  for (std::size_t i = 0; i < 6; ++i) {
    a.sender_mac.bytes[i] = bytes[8 + i];
    a.target_mac.bytes[i] = bytes[18 + i];
  }
  a.sender_ip = Ipv4Address{load_be32(bytes, 14)};
  a.target_ip = Ipv4Address{load_be32(bytes, 24)};
  return a;
}

Result<std::size_t> emit_arp(const ArpPacket& arp, std::span<std::uint8_t> out) {
  if (out.size() < kArpLen) {
    return Error{"ARP emit: needs 28 bytes but the buffer has " + std::to_string(out.size())};
  }
  store_be16(out, 0, kHardwareEthernet);
  store_be16(out, 2, kProtocolIpv4);
  out[4] = 6;
  out[5] = 4;
  store_be16(out, 6, static_cast<std::uint16_t>(arp.operation));
  for (std::size_t i = 0; i < 6; ++i) {
    out[8 + i] = arp.sender_mac.bytes[i];
    out[18 + i] = arp.target_mac.bytes[i];
  }
  store_be32(out, 14, arp.sender_ip.value);
  store_be32(out, 24, arp.target_ip.value);
  return kArpLen;
}

ArpPacket arp_reply_to(const ArpPacket& request, MacAddress mac) {
  ArpPacket reply;
  reply.operation = ArpOperation::Reply;
  reply.sender_mac = mac;
  reply.sender_ip = request.target_ip;
  reply.target_mac = request.sender_mac;
  reply.target_ip = request.sender_ip;
  return reply;
}

}  // namespace tcpviz::wire
