// Ethernet II frames (IEEE 802.3 clause 3 with an EtherType) with up to two VLAN tags:
// an IEEE 802.1Q customer tag (TPID 0x8100) and, outside it, an 802.1ad service tag (TPID
// 0x88A8, or the pre-standard 0x9100 some switches still send). The frame check sequence is
// not part of what captures and TAP devices hand over, so it is neither read nor written.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/result.hpp"
#include "core/wire/address.hpp"

namespace tcpviz::wire {

inline constexpr std::size_t kEthernetHeaderLen = 14;  // without VLAN tags
inline constexpr std::size_t kVlanTagLen = 4;
inline constexpr std::size_t kEthernetMinFrameLen = 60;  // without the FCS; shorter frames are padded
inline constexpr std::uint16_t kEtherTypeVlan = 0x8100;      // IEEE 802.1Q
inline constexpr std::uint16_t kEtherTypeQinQ = 0x88A8;      // IEEE 802.1ad
inline constexpr std::uint16_t kEtherTypeQinQOld = 0x9100;   // pre-802.1ad double tagging
inline constexpr std::uint16_t kEtherTypeArp = 0x0806;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86DD;

struct VlanTag {
  std::uint16_t tpid = kEtherTypeVlan;
  std::uint8_t priority = 0;  // PCP, 3 bits
  bool drop_eligible = false; // DEI, 1 bit
  std::uint16_t vid = 0;      // VLAN id, 12 bits
  bool operator==(const VlanTag&) const = default;
};

struct EthernetHeader {
  MacAddress dst;
  MacAddress src;
  std::array<VlanTag, 2> vlans{};  // outermost first
  std::uint8_t vlan_count = 0;
  std::uint16_t ether_type = 0;    // of the payload, after the tags
  bool operator==(const EthernetHeader&) const = default;
};

struct ParsedEthernet {
  EthernetHeader header;
  std::size_t header_len = 0;
  std::span<const std::uint8_t> payload;  // everything after the header, padding included
};

// Fails on a truncated header, an 802.3 length field (< 0x0600) instead of an EtherType,
// or more than two VLAN tags.
Result<ParsedEthernet> parse_ethernet(std::span<const std::uint8_t> frame);

std::size_t ethernet_header_len(const EthernetHeader& h);  // 14 + 4 per tag

// Writes the header to the start of `out`; returns its length.
Result<std::size_t> emit_ethernet(const EthernetHeader& h, std::span<std::uint8_t> out);

}  // namespace tcpviz::wire
