// Layout: destination MAC (6), source MAC (6), then zero to two tags of TPID (2) + TCI (2),
// then the EtherType (2). TCI = PCP (3 bits) | DEI (1 bit) | VID (12 bits), IEEE 802.1Q 9.6.
#include "core/wire/ethernet.hpp"

#include <string>

#include "core/wire/byte_order.hpp"

namespace tcpviz::wire {
namespace {

constexpr std::uint16_t kMinEtherType = 0x0600;  // below this the field is an 802.3 length

bool is_vlan_tpid(std::uint16_t t) {
  return t == kEtherTypeVlan || t == kEtherTypeQinQ || t == kEtherTypeQinQOld;
}

}  // namespace

Result<ParsedEthernet> parse_ethernet(std::span<const std::uint8_t> frame) {
  if (frame.size() < kEthernetHeaderLen) {
    return Error{"Ethernet header truncated: " + std::to_string(frame.size()) + " bytes, need at least " +
                 std::to_string(kEthernetHeaderLen)};
  }
  ParsedEthernet p;
  EthernetHeader& h = p.header;
  for (std::size_t i = 0; i < 6; ++i) {
    h.dst.bytes[i] = frame[i];
    h.src.bytes[i] = frame[6 + i];
  }
  std::size_t at = 12;
  std::uint16_t type = load_be16(frame, at);
  while (is_vlan_tpid(type)) {
    if (h.vlan_count == h.vlans.size()) {
      return Error{"Ethernet: more than " + std::to_string(h.vlans.size()) + " VLAN tags (a third at offset " +
                   std::to_string(at) + ")"};
    }
    if (at + kVlanTagLen + 2 > frame.size()) {
      return Error{"Ethernet: VLAN tag at offset " + std::to_string(at) + " is truncated (" +
                   std::to_string(frame.size()) + "-byte frame)"};
    }
    const std::uint16_t tci = load_be16(frame, at + 2);
    h.vlans[h.vlan_count++] = VlanTag{type, static_cast<std::uint8_t>(tci >> 13), (tci & 0x1000) != 0,
                                      static_cast<std::uint16_t>(tci & 0x0FFF)};
    at += kVlanTagLen;
    type = load_be16(frame, at);
  }
  if (type < kMinEtherType) {
    return Error{"Ethernet: type/length field " + std::to_string(type) +
                 " is an IEEE 802.3 length, not an Ethernet II EtherType"};
  }
  h.ether_type = type;
  p.header_len = at + 2;
  p.payload = frame.subspan(p.header_len);
  return p;
}

std::size_t ethernet_header_len(const EthernetHeader& h) {
  const std::size_t tags = h.vlan_count < h.vlans.size() ? h.vlan_count : h.vlans.size();
  return kEthernetHeaderLen + kVlanTagLen * tags;
}

Result<std::size_t> emit_ethernet(const EthernetHeader& h, std::span<std::uint8_t> out) {
  if (h.vlan_count > h.vlans.size()) {
    return Error{"Ethernet emit: " + std::to_string(h.vlan_count) + " VLAN tags, at most 2"};
  }
  const std::size_t len = ethernet_header_len(h);
  if (len > out.size()) {
    return Error{"Ethernet emit: header needs " + std::to_string(len) + " bytes but the buffer has " +
                 std::to_string(out.size())};
  }
  for (std::size_t i = 0; i < 6; ++i) {
    out[i] = h.dst.bytes[i];
    out[6 + i] = h.src.bytes[i];
  }
  std::size_t at = 12;
  for (std::size_t i = 0; i < h.vlan_count; ++i) {
    const VlanTag& t = h.vlans[i];
    if (!is_vlan_tpid(t.tpid)) {
      return Error{"Ethernet emit: VLAN tag " + std::to_string(i) + " has TPID " + std::to_string(t.tpid) +
                   ", not 0x8100, 0x88A8 or 0x9100"};
    }
    const auto tci = static_cast<std::uint16_t>(((t.priority & 0x7u) << 13) | (t.drop_eligible ? 0x1000u : 0u) |
                                                (t.vid & 0x0FFFu));
    store_be16(out, at, t.tpid);
    store_be16(out, at + 2, tci);
    at += kVlanTagLen;
  }
  store_be16(out, at, h.ether_type);
  return len;
}

}  // namespace tcpviz::wire
