#include "core/pcap/pcap_writer.hpp"

#include <span>

#include "core/pcap/capture.hpp"
#include "core/trace/bytes.hpp"

namespace tcpviz::pcap {
namespace {

constexpr std::uint32_t kSnapLen = 262144;  // tcpdump's default maximum

void put_u16le(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put_u32le(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// RFC 7042 section 2.1.2: 00-00-5E-00-53-00 to 00-00-5E-00-53-FF are for documentation.
void put_mac(std::vector<std::uint8_t>& out, trace::Side side) {
  const std::uint8_t last = side == trace::Side::Client ? 0x01 : 0x02;
  for (std::uint8_t b : {std::uint8_t{0x00}, std::uint8_t{0x00}, std::uint8_t{0x5e}, std::uint8_t{0x00},
                         std::uint8_t{0x53}, last}) {
    out.push_back(b);
  }
}

// A captured segment cut at the snap length keeps its original length in the record, taken
// from its IP header (RFC 791 total length; RFC 8200 payload length + 40), so Wireshark shows
// it as cut short rather than malformed.
std::uint32_t original_ip_len(const trace::Segment& seg, const std::vector<std::uint8_t>& ip) {
  const auto have = static_cast<std::uint32_t>(ip.size());
  if (!seg.truncated) return have;
  std::uint32_t claimed = have;
  if ((ip[0] >> 4) == 4 && ip.size() >= 4) claimed = (std::uint32_t{ip[2]} << 8) | ip[3];
  if ((ip[0] >> 4) == 6 && ip.size() >= 6) claimed = 40 + ((std::uint32_t{ip[4]} << 8) | ip[5]);
  return claimed > have ? claimed : have;
}

}  // namespace

PcapExport write_pcap(const trace::Trace& trace, const PcapWriteOptions& options) {
  PcapExport result;
  std::vector<std::uint8_t>& out = result.file;
  // File header (draft-ietf-opsawg-pcap section 4), written little-endian.
  put_u32le(out, 0xa1b2c3d4u);
  put_u16le(out, 2);
  put_u16le(out, 4);
  put_u32le(out, 0);  // reserved (was thiszone)
  put_u32le(out, 0);  // reserved (was sigfigs)
  put_u32le(out, kSnapLen);
  put_u32le(out, kLinkEthernet);
  for (const trace::Segment& seg : trace.segments) {
    const std::vector<std::uint8_t> ip = trace::segment_bytes(trace, seg);
    if (ip.empty() || ip.size() + 14 > kSnapLen) {
      ++result.skipped;
      continue;
    }
    const std::uint16_t ether_type = (ip[0] >> 4) == 6 ? 0x86DD : 0x0800;
    std::int64_t us = options.start_epoch_us + seg.sent.count();
    if (us < 0) us = 0;
    const auto frame_len = static_cast<std::uint32_t>(14 + ip.size());
    put_u32le(out, static_cast<std::uint32_t>(us / 1000000));
    put_u32le(out, static_cast<std::uint32_t>(us % 1000000));
    put_u32le(out, frame_len);
    put_u32le(out, 14 + original_ip_len(seg, ip));
    put_mac(out, trace::peer_of(seg.from));  // destination
    put_mac(out, seg.from);                  // source
    out.push_back(static_cast<std::uint8_t>(ether_type >> 8));
    out.push_back(static_cast<std::uint8_t>(ether_type));
    out.insert(out.end(), ip.begin(), ip.end());
    ++result.written;
  }
  return result;
}

}  // namespace tcpviz::pcap
