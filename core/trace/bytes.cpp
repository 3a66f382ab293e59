#include "core/trace/bytes.hpp"

#include "core/wire/address.hpp"
#include "core/wire/packet_builder.hpp"

namespace tcpviz::trace {

void synthetic_payload(Side side, std::uint32_t stream_offset, std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = synthetic_payload_byte(side, stream_offset + static_cast<std::uint32_t>(i));
  }
}

std::uint32_t synthetic_stream_offset(const Segment& seg) {
  return seg.rel_seq + (seg.tcp.flags.syn() ? 1u : 0u) - 1u;
}

std::vector<std::uint8_t> segment_bytes(const Trace& trace, const Segment& seg) {
  if (seg.raw_len > 0) {
    const std::size_t begin = seg.raw_offset;
    const std::size_t end = begin + seg.raw_len;
    if (end > trace.raw_bytes.size()) return {};
    return std::vector<std::uint8_t>(trace.raw_bytes.begin() + static_cast<std::ptrdiff_t>(begin),
                                     trace.raw_bytes.begin() + static_cast<std::ptrdiff_t>(end));
  }
  const auto from = static_cast<std::size_t>(seg.from);
  const auto to = static_cast<std::size_t>(peer_of(seg.from));
  wire::Ipv4TcpAddressing addr;
  if (seg.conn < trace.conns.size()) {
    addr.src = wire::Ipv4Address{trace.conns[seg.conn].ip[from]};
    addr.dst = wire::Ipv4Address{trace.conns[seg.conn].ip[to]};
  } else {
    addr.src = wire::Ipv4Address{trace.endpoints[from].ip};
    addr.dst = wire::Ipv4Address{trace.endpoints[to].ip};
  }
  addr.ip_id = synthetic_ip_id(seg);
  // No IPv4 packet holds more than 65535 bytes; refuse before allocating a bogus length.
  if (seg.tcp.payload_len > 0xFFFFu) return {};
  std::vector<std::uint8_t> payload(seg.tcp.payload_len);
  synthetic_payload(seg.from, synthetic_stream_offset(seg), payload);
  auto built = wire::build_ipv4_tcp(seg.tcp, payload, addr);
  if (!built) return {};
  return std::move(built).value();
}

}  // namespace tcpviz::trace
