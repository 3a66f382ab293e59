#include "core/pcap/decode.hpp"

#include "core/wire/byte_order.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4.hpp"
#include "core/wire/ipv6.hpp"
#include "core/wire/tcp_codec.hpp"

namespace tcpviz::pcap {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::size_t kSllHeaderLen = 16;   // tcpdump.org LINKTYPE_LINUX_SLL
constexpr std::size_t kSll2HeaderLen = 20;  // tcpdump.org LINKTYPE_LINUX_SLL2
constexpr std::size_t kNullHeaderLen = 4;

enum class Network : std::uint8_t { Ipv4, Ipv6, Other, Bad };

struct LinkResult {
  Network network = Network::Bad;
  std::size_t ip_offset = 0;
};

Network from_ether_type(std::uint16_t type) {
  if (type == kEtherIpv4) return Network::Ipv4;
  if (type == kEtherIpv6) return Network::Ipv6;
  return Network::Other;
}

Network from_version_nibble(std::span<const std::uint8_t> ip) {
  if (ip.empty()) return Network::Bad;
  const unsigned version = ip[0] >> 4;
  if (version == 4) return Network::Ipv4;
  if (version == 6) return Network::Ipv6;
  return Network::Other;
}

// BSD loopback: the address family as a 4-byte integer in the WRITER's byte order (DLT_NULL),
// unknown to the reader, so both orders are tried. AF_INET is 2 everywhere; AF_INET6 is 24
// (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS) or 10 (Linux) -- tcpdump.org's LINKTYPE_NULL.
Network from_bsd_family(std::uint32_t family) {
  if (family == 2) return Network::Ipv4;
  if (family == 10 || family == 24 || family == 28 || family == 30) return Network::Ipv6;
  return Network::Other;
}

// Skips 802.1Q / 802.1ad tags after a cooked header's protocol field (cooked captures
// normally hold the tag out of band, but a tag left inline is still readable).
LinkResult after_ether_type(std::span<const std::uint8_t> data, std::size_t type_at) {
  std::size_t at = type_at;
  for (int tags = 0; tags <= 2; ++tags) {
    if (data.size() < at + 2) return {Network::Bad, 0};
    const std::uint16_t type = wire::load_be16(data, at);
    if (type != wire::kEtherTypeVlan && type != wire::kEtherTypeQinQ && type != wire::kEtherTypeQinQOld) {
      return {from_ether_type(type), at + 2};
    }
    at += wire::kVlanTagLen;
  }
  return {Network::Bad, 0};
}

std::optional<LinkResult> link_layer(std::span<const std::uint8_t> data, std::uint32_t link_type) {
  switch (link_type) {
    case kLinkEthernet: {
      // The common case, untagged IPv4 or IPv6, read in place: the full parser copies both
      // MAC addresses and the tag array for every packet of a large capture.
      if (data.size() >= wire::kEthernetHeaderLen) {
        const std::uint16_t type = wire::load_be16(data, 12);
        if (type == kEtherIpv4 || type == kEtherIpv6) return LinkResult{from_ether_type(type), wire::kEthernetHeaderLen};
      }
      auto eth = wire::parse_ethernet(data);
      if (!eth) return LinkResult{Network::Bad, 0};
      return LinkResult{from_ether_type(eth->header.ether_type), eth->header_len};
    }
    case kLinkLinuxSll:
      if (data.size() < kSllHeaderLen) return LinkResult{Network::Bad, 0};
      return after_ether_type(data, 14);
    case kLinkLinuxSll2:
      if (data.size() < kSll2HeaderLen) return LinkResult{Network::Bad, 0};
      {
        // SLL2 puts the protocol first; a VLAN tag would follow the 20-byte header.
        const std::uint16_t type = wire::load_be16(data, 0);
        if (type == wire::kEtherTypeVlan || type == wire::kEtherTypeQinQ) {
          if (data.size() < kSll2HeaderLen + 4) return LinkResult{Network::Bad, 0};
          return LinkResult{from_ether_type(wire::load_be16(data, kSll2HeaderLen + 2)), kSll2HeaderLen + 4};
        }
        return LinkResult{from_ether_type(type), kSll2HeaderLen};
      }
    case kLinkNull:
    case kLinkLoop: {
      if (data.size() < kNullHeaderLen) return LinkResult{Network::Bad, 0};
      const std::uint32_t be = wire::load_be32(data, 0);
      const std::uint32_t le = (be >> 24) | ((be >> 8) & 0xFF00u) | ((be << 8) & 0xFF0000u) | (be << 24);
      Network n = from_bsd_family(be);
      if (n == Network::Other && link_type == kLinkNull) n = from_bsd_family(le);
      return LinkResult{n, kNullHeaderLen};
    }
    case kLinkRaw:
    case kLinkRawDlt12:
    case kLinkRawDlt14:
      return LinkResult{from_version_nibble(data), 0};
    case kLinkIpv4: return LinkResult{Network::Ipv4, 0};
    case kLinkIpv6: return LinkResult{Network::Ipv6, 0};
    default: return std::nullopt;
  }
}

}  // namespace

std::string SkipCounts::describe() const {
  if (total() == 0) return {};
  std::string out = std::to_string(total()) + " skipped:";
  bool first = true;
  auto part = [&](std::uint32_t n, const char* what) {
    if (n == 0) return;
    out += first ? " " : ", ";
    first = false;
    out += std::to_string(n) + " " + what;
  };
  part(unsupported_link, "unsupported link type");
  part(not_ip, "not IP");
  part(not_tcp, "not TCP");
  part(fragment, "IP fragment");
  part(malformed, "malformed");
  part(truncated, "cut before the end of the TCP header");
  return out;
}

std::uint32_t IpAddress::ipv4_host_order() const {
  if (ipv6) return 0;
  return wire::load_be32(bytes, 0);
}

std::string to_string(const IpAddress& a) {
  if (a.ipv6) return wire::to_string(wire::Ipv6Address{a.bytes});
  return wire::to_string(wire::Ipv4Address{a.ipv4_host_order()});
}

std::optional<SegmentHeader> decode_segment_header(std::span<const std::uint8_t> data, std::uint32_t link_type,
                                                   SkipCounts& skipped) {
  const std::optional<LinkResult> link = link_layer(data, link_type);
  if (!link) {
    ++skipped.unsupported_link;
    return std::nullopt;
  }
  if (link->network == Network::Bad) {
    ++skipped.malformed;
    return std::nullopt;
  }
  if (link->network == Network::Other) {
    ++skipped.not_ip;
    return std::nullopt;
  }
  const std::span<const std::uint8_t> ip = data.subspan(link->ip_offset);
  SegmentHeader out;
  out.ip_offset = static_cast<std::uint32_t>(link->ip_offset);
  std::span<const std::uint8_t> tcp_bytes;
  std::size_t tcp_wire_len = 0;  // the TCP segment's length according to the IP header
  if (link->network == Network::Ipv4) {
    // The checks of wire::parse_ipv4 (RFC 791 3.1: version, IHL >= 5, the header fits, the
    // total length covers the header; a total length past the captured bytes is a snap-length
    // cut), done in place: the full parser also copies the options and computes the header
    // checksum, which a summary of a large capture does not need for every packet.
    if (ip.size() < wire::kIpv4MinHeaderLen) {
      ++skipped.truncated;
      return std::nullopt;
    }
    const std::size_t header_len = std::size_t{ip[0] & 0x0Fu} * 4;
    const std::size_t total_length = wire::load_be16(ip, 2);
    if ((ip[0] >> 4) != 4 || header_len < wire::kIpv4MinHeaderLen || header_len > ip.size() ||
        total_length < header_len) {
      ++skipped.malformed;
      return std::nullopt;
    }
    if (ip[9] != wire::kIpProtocolTcp) {
      ++skipped.not_tcp;
      return std::nullopt;
    }
    // More fragments set or a fragment offset: a fragment (not reassembled).
    if ((wire::load_be16(ip, 6) & 0x3FFFu) != 0) {
      ++skipped.fragment;
      return std::nullopt;
    }
    for (std::size_t i = 0; i < 4; ++i) {
      out.src.bytes[i] = ip[12 + i];
      out.dst.bytes[i] = ip[16 + i];
    }
    const std::size_t end = total_length < ip.size() ? total_length : ip.size();
    tcp_bytes = ip.subspan(header_len, end - header_len);
    tcp_wire_len = total_length - header_len;
    out.ip_len = static_cast<std::uint32_t>(header_len + tcp_bytes.size());
    out.truncated = tcp_bytes.size() < tcp_wire_len;
  } else {
    auto v6 = wire::parse_ipv6(ip, /*allow_truncated=*/true);
    if (!v6) {
      ++(ip.size() < wire::kIpv6HeaderLen ? skipped.truncated : skipped.malformed);
      return std::nullopt;
    }
    if (v6->upper_protocol != wire::kIpProtocolTcp) {
      ++skipped.not_tcp;
      return std::nullopt;
    }
    if (v6->is_fragment) {
      ++skipped.fragment;
      return std::nullopt;
    }
    out.src.ipv6 = out.dst.ipv6 = true;
    out.src.bytes = v6->header.src.bytes;
    out.dst.bytes = v6->header.dst.bytes;
    tcp_bytes = v6->payload;
    const std::size_t upper = v6->header.payload_length;
    // A payload length of 0 is a jumbogram (RFC 2675): the span's length is all we know.
    tcp_wire_len = upper == 0 ? tcp_bytes.size()
                              : (upper > v6->extension_len ? upper - v6->extension_len : 0);
    out.ip_len = static_cast<std::uint32_t>(wire::kIpv6HeaderLen + v6->extension_len + tcp_bytes.size());
    out.truncated = tcp_bytes.size() < tcp_wire_len;
  }
  if (tcp_bytes.size() < wire::kTcpMinHeaderLen) {
    ++(out.truncated ? skipped.truncated : skipped.malformed);
    return std::nullopt;
  }
  // A header without options (data offset 5) needs no option checks: the common case of a
  // large capture without timestamps. Anything else goes through the checked view.
  std::size_t header_len = wire::kTcpMinHeaderLen;
  if ((tcp_bytes[12] >> 4) != 5) {
    auto view = wire::TcpView::check(tcp_bytes);
    if (!view) {
      // A header whose data offset reaches past what was captured is a snap-length cut.
      const std::size_t claimed = std::size_t{static_cast<std::uint8_t>(tcp_bytes[12] >> 4)} * 4;
      ++(out.truncated && claimed > tcp_bytes.size() ? skipped.truncated : skipped.malformed);
      return std::nullopt;
    }
    header_len = view->header_len();
  }
  out.tcp_bytes = tcp_bytes;
  out.src_port = wire::load_be16(tcp_bytes, 0);
  out.dst_port = wire::load_be16(tcp_bytes, 2);
  out.seq = wire::SeqNum(wire::load_be32(tcp_bytes, 4));
  out.ack = wire::SeqNum(wire::load_be32(tcp_bytes, 8));
  // All nine flags (RFC 9293 3.1 plus AE): the low bit of byte 12 and byte 13.
  out.flags = wire::TcpFlags{static_cast<std::uint16_t>(wire::load_be16(tcp_bytes, 12) & 0x01FFu)};
  // The payload length on the wire, not just what the snap length kept.
  out.payload_len = static_cast<std::uint32_t>(tcp_wire_len > header_len ? tcp_wire_len - header_len : 0);
  return out;
}

std::optional<DecodedPacket> decode_packet(std::span<const std::uint8_t> data, std::uint32_t link_type,
                                           SkipCounts& skipped) {
  const std::optional<SegmentHeader> h = decode_segment_header(data, link_type, skipped);
  if (!h) return std::nullopt;
  auto tcp = wire::parse_tcp(h->tcp_bytes);
  if (!tcp) {
    // Cannot happen: decode_segment_header() checked the same header.
    ++skipped.malformed;
    return std::nullopt;
  }
  DecodedPacket out;
  out.src = h->src;
  out.dst = h->dst;
  out.tcp = tcp->segment;
  out.tcp.payload_len = h->payload_len;
  out.ip_offset = h->ip_offset;
  out.ip_len = h->ip_len;
  out.truncated = h->truncated;
  return out;
}

}  // namespace tcpviz::pcap
