#include "core/wire/packet_builder.hpp"

#include <string>

#include "core/wire/checksum.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4.hpp"
#include "core/wire/tcp_codec.hpp"

namespace tcpviz::wire {

std::size_t ipv4_tcp_packet_len(const TcpSegment& seg) {
  return kIpv4MinHeaderLen + tcp_header_len(seg.options) + seg.payload_len;
}

Result<std::size_t> emit_ipv4_tcp(const TcpSegment& seg, std::span<const std::uint8_t> payload,
                                  const Ipv4TcpAddressing& addr, std::span<std::uint8_t> out) {
  const std::size_t total = ipv4_tcp_packet_len(seg);
  if (total > 0xFFFF) {
    return Error{"IPv4 packet of " + std::to_string(total) + " bytes exceeds the 65535 total length limit"};
  }
  if (total > out.size()) {
    return Error{"IPv4+TCP emit: packet needs " + std::to_string(total) + " bytes but the buffer has " +
                 std::to_string(out.size())};
  }
  Ipv4Header ip;
  ip.total_length = static_cast<std::uint16_t>(total);
  ip.identification = addr.ip_id;
  ip.dont_fragment = true;
  ip.ttl = addr.ttl;
  ip.protocol = kIpProtocolTcp;
  ip.src = addr.src;
  ip.dst = addr.dst;
  // TCP first: emit_tcp checks the payload and option lengths before anything is written
  // that would then be left half done.
  const auto tcp = emit_tcp(seg, payload, Ipv4PseudoHeader{addr.src, addr.dst, kIpProtocolTcp},
                            out.subspan(kIpv4MinHeaderLen, total - kIpv4MinHeaderLen));
  if (!tcp) return tcp.error();
  const auto ip_len = emit_ipv4(ip, out.first(kIpv4MinHeaderLen));
  if (!ip_len) return ip_len.error();
  return total;
}

Result<std::vector<std::uint8_t>> build_ipv4_tcp(const TcpSegment& seg, std::span<const std::uint8_t> payload,
                                                 const Ipv4TcpAddressing& addr) {
  std::vector<std::uint8_t> out(ipv4_tcp_packet_len(seg));
  const auto n = emit_ipv4_tcp(seg, payload, addr, out);
  if (!n) return n.error();
  return out;
}

Result<std::vector<std::uint8_t>> build_ethernet_ipv4_tcp(const TcpSegment& seg,
                                                          std::span<const std::uint8_t> payload,
                                                          const Ipv4TcpAddressing& addr,
                                                          const EthernetAddressing& link) {
  EthernetHeader eth;
  eth.dst = link.dst;
  eth.src = link.src;
  eth.ether_type = kEtherTypeIpv4;
  const std::size_t packet = ipv4_tcp_packet_len(seg);
  std::size_t frame = kEthernetHeaderLen + packet;
  if (frame < kEthernetMinFrameLen) frame = kEthernetMinFrameLen;
  std::vector<std::uint8_t> out(frame, 0);  // zeros are the padding of a short frame
  const auto hdr = emit_ethernet(eth, out);
  if (!hdr) return hdr.error();
  const auto n = emit_ipv4_tcp(seg, payload, addr, std::span<std::uint8_t>(out).subspan(kEthernetHeaderLen));
  if (!n) return n.error();
  return out;
}

}  // namespace tcpviz::wire
