// ARP for IPv4 over Ethernet (RFC 826): hardware type 1, protocol type 0x0800, hardware
// length 6, protocol length 4; the 28-byte body of an Ethernet frame of EtherType 0x0806.
// The live host answers who-has requests for its address with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/result.hpp"
#include "core/wire/address.hpp"

namespace tcpviz::wire {

inline constexpr std::size_t kArpLen = 28;

enum class ArpOperation : std::uint16_t { Request = 1, Reply = 2 };

struct ArpPacket {
  ArpOperation operation = ArpOperation::Request;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;  // zero in a request (RFC 826: "don't care")
  Ipv4Address target_ip;
  bool operator==(const ArpPacket&) const = default;
};

// Fails on fewer than 28 bytes, another hardware or protocol type or length, or an
// operation other than request (1) or reply (2). Trailing bytes (frame padding) are ignored.
Result<ArpPacket> parse_arp(std::span<const std::uint8_t> bytes);

// Writes the 28 bytes to the start of `out`.
Result<std::size_t> emit_arp(const ArpPacket& arp, std::span<std::uint8_t> out);

// The reply RFC 826 prescribes to `request`, from the host owning request.target_ip at `mac`:
// sender and target swapped, our hardware address filled in, opcode reply.
ArpPacket arp_reply_to(const ArpPacket& request, MacAddress mac);

}  // namespace tcpviz::wire
