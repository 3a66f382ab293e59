// A packet capture as read from a pcap or pcapng file (DESIGN.md, core/pcap): every packet's
// time, link type and bytes, plus the warnings met while reading. Reading works over a byte
// span, never a file path, so the same code runs natively and in the browser (wasm), where
// the bytes come from a dropped file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/util/result.hpp"
#include "core/util/time.hpp"

namespace tcpviz::pcap {

// Link-layer header types (the tcpdump.org LINKTYPE_ registry; pcapng uses the same numbers).
inline constexpr std::uint32_t kLinkNull = 0;         // BSD loopback: 4-byte family, writer's byte order
inline constexpr std::uint32_t kLinkEthernet = 1;
inline constexpr std::uint32_t kLinkRawDlt12 = 12;    // DLT_RAW on most BSDs and old Linux
inline constexpr std::uint32_t kLinkRawDlt14 = 14;    // DLT_RAW on OpenBSD
inline constexpr std::uint32_t kLinkRaw = 101;        // LINKTYPE_RAW: starts at the IP header
inline constexpr std::uint32_t kLinkLoop = 108;       // OpenBSD loopback: family in network order
inline constexpr std::uint32_t kLinkLinuxSll = 113;   // Linux "cooked" capture, v1 (16-byte header)
inline constexpr std::uint32_t kLinkIpv4 = 228;
inline constexpr std::uint32_t kLinkIpv6 = 229;
inline constexpr std::uint32_t kLinkLinuxSll2 = 276;  // Linux "cooked" capture, v2 (20-byte header)

// Larger than any real frame (tcpdump's and Wireshark's maximum snap length is 262144): a
// length beyond this means the file is damaged, not that the packet was big.
inline constexpr std::uint32_t kMaxPacketBytes = 256 * 1024;

struct CapturedPacket {
  Time t{};                     // since the first packet of the capture
  std::int64_t epoch_ns = 0;    // absolute time, nanoseconds since 1970-01-01 UTC
  std::uint32_t link_type = kLinkEthernet;
  std::uint32_t offset = 0;     // where the captured bytes start in Capture::bytes
  std::uint32_t caplen = 0;     // bytes captured (stored in Capture::bytes)
  std::uint32_t orig_len = 0;   // bytes the packet had on the wire
  bool truncated = false;       // caplen < orig_len: cut at the snap length
  std::uint32_t interface = 0;  // pcapng interface index (0 for classic pcap)
  std::uint64_t file_offset = 0;  // where the packet's record starts in the file, for messages
};

struct Capture {
  std::vector<CapturedPacket> packets;
  std::vector<std::string> warnings;  // problems met; everything read before them is kept
  std::vector<std::uint8_t> bytes;    // the packets' captured bytes, back to back

  std::span<const std::uint8_t> data(const CapturedPacket& p) const {
    return std::span<const std::uint8_t>(bytes).subspan(p.offset, p.caplen);
  }
};

// Classic pcap or pcapng, chosen by the magic number at offset 0. An Error when nothing can be
// read at all (empty input, unknown magic, damaged file header); otherwise the packets read
// and a warning naming the byte offset of whatever stopped the reader.
Result<Capture> read_capture(std::span<const std::uint8_t> file);

}  // namespace tcpviz::pcap
