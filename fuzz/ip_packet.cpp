// Fuzz target: a captured frame down the stack, Ethernet (with VLAN tags) -> IPv4 / IPv6 /
// ARP -> TCP, as the pcap reader and the live host will walk it. Parsing never crashes, and
// headers that parse re-emit to the same bytes (or the same value).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/wire/arp.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4.hpp"
#include "core/wire/ipv6.hpp"
#include "core/wire/tcp_codec.hpp"

using namespace tcpviz::wire;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void check_tcp(std::span<const std::uint8_t> segment, const PseudoHeader& pseudo) {
  const auto tcp = parse_tcp(segment);
  if (!tcp.ok()) return;
  (void)tcp_checksum_ok(segment, pseudo);
  std::vector<std::uint8_t> out(tcp_header_len(tcp->segment.options) + tcp->payload.size());
  const auto n = emit_tcp(tcp->segment, tcp->payload, pseudo, out);
  require(n.ok());
  require(tcp_checksum_ok(out, pseudo));
}

void check_ipv4(std::span<const std::uint8_t> packet) {
  for (bool allow_truncated : {false, true}) {
    const auto ip = parse_ipv4(packet, allow_truncated);
    if (!ip.ok()) continue;
    require(ip->header_len == ipv4_header_len(ip->header));
    std::vector<std::uint8_t> header(ip->header_len);
    require(emit_ipv4(ip->header, header).ok());
    // Same bytes except the checksum (recomputed) and the reserved flag bit (not kept).
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i == 10 || i == 11) continue;
      const std::uint8_t mask = i == 6 ? 0x7F : 0xFF;
      require((header[i] & mask) == (packet[i] & mask));
    }
    const auto again = parse_ipv4(header, true);
    require(again.ok());
    Ipv4Header same = again->header;
    same.checksum = ip->header.checksum;
    require(same == ip->header);
    if (ip->header.protocol == kIpProtocolTcp && ip->header.fragment_offset == 0) {
      check_tcp(ip->payload, Ipv4PseudoHeader{ip->header.src, ip->header.dst, kIpProtocolTcp});
    }
  }
}

void check_ipv6(std::span<const std::uint8_t> packet) {
  for (bool allow_truncated : {false, true}) {
    const auto ip = parse_ipv6(packet, allow_truncated);
    if (!ip.ok()) continue;
    require(ip->payload.size() <= packet.size() - kIpv6HeaderLen - ip->extension_len);
    std::vector<std::uint8_t> header(kIpv6HeaderLen);
    require(emit_ipv6(ip->header, header).ok());
    require(std::equal(header.begin(), header.end(), packet.begin()));
    if (ip->upper_protocol == kIpProtocolTcp && (!ip->is_fragment || ip->fragment.offset == 0)) {
      check_tcp(ip->payload, Ipv6PseudoHeader{ip->header.src, ip->header.dst, kIpProtocolTcp});
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> frame(data, size);
  const auto eth = parse_ethernet(frame);
  if (!eth.ok()) {
    // Also try the bytes as a bare IP packet (pcap LINKTYPE_RAW, the simulator's bytes).
    if (size > 0 && (data[0] >> 4) == 4) check_ipv4(frame);
    if (size > 0 && (data[0] >> 4) == 6) check_ipv6(frame);
    return 0;
  }
  std::vector<std::uint8_t> header(eth->header_len);
  require(emit_ethernet(eth->header, header).ok());
  require(std::equal(header.begin(), header.end(), frame.begin()));
  switch (eth->header.ether_type) {
    case kEtherTypeIpv4:
      check_ipv4(eth->payload);
      break;
    case kEtherTypeIpv6:
      check_ipv6(eth->payload);
      break;
    case kEtherTypeArp: {
      const auto arp = parse_arp(eth->payload);
      if (arp.ok()) {
        std::vector<std::uint8_t> out(kArpLen);
        require(emit_arp(*arp, out).ok());
        require(std::equal(out.begin(), out.end(), eth->payload.begin()));
      }
      break;
    }
    default:
      break;
  }
  return 0;
}
