// pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks, each "type, total length,
// body, total length again", grouped into sections that each start with a Section Header
// Block giving that section's byte order. Interface Description Blocks give each interface's
// link type, snap length and timestamp resolution (if_tsresol, decimal or power of two);
// Enhanced, Simple and (obsolete) Packet Blocks carry packets. Unknown blocks are skipped by
// their length, as the format asks of readers.
#pragma once

#include <cstdint>
#include <span>

#include "core/pcap/capture.hpp"

namespace tcpviz::pcap {

inline constexpr std::uint32_t kPcapngBlockSectionHeader = 0x0A0D0D0Au;  // a palindrome
inline constexpr std::uint32_t kPcapngByteOrderMagic = 0x1A2B3C4Du;

// Errors: the first Section Header Block is cut short or has an unknown byte-order magic.
// A block whose length lies (not a multiple of 4, below the 12-byte minimum, beyond the end
// of the file, or a trailing copy that differs) stops reading with a warning naming its
// offset, since nothing after it can be framed; the packets before it are kept. A packet
// naming an interface that was never described is skipped with a warning.
Result<Capture> read_pcapng(std::span<const std::uint8_t> file);

}  // namespace tcpviz::pcap
