// Classic libpcap files (draft-ietf-opsawg-pcap; libpcap's sf-pcap.c): a 24-byte file header,
// then records of a 16-byte header and the captured bytes. Both byte orders and both
// timestamp precisions (microsecond magic 0xa1b2c3d4, nanosecond magic 0xa1b23c4d).
#pragma once

#include <cstdint>
#include <span>

#include "core/pcap/capture.hpp"

namespace tcpviz::pcap {

inline constexpr std::size_t kPcapFileHeaderLen = 24;
inline constexpr std::size_t kPcapRecordHeaderLen = 16;

// True for the four magic numbers as read big-endian from the first four bytes.
bool is_pcap_magic(std::uint32_t magic_be);

// Errors: input shorter than the file header, unknown magic. A damaged record (its header cut
// off, a captured length beyond kMaxPacketBytes or past the end of the file) stops reading
// with a warning naming its offset; the packets before it are kept. A captured length above
// the file's snap length, or a timestamp fraction out of range, is a warning and the packet
// is kept (some writers set the snap length carelessly).
Result<Capture> read_pcap(std::span<const std::uint8_t> file);

}  // namespace tcpviz::pcap
