// Classic libpcap files (draft-ietf-opsawg-pcap; libpcap's sf-pcap.c): a 24-byte file header,
// then records of a 16-byte header and the captured bytes. Both byte orders and both
// timestamp precisions (microsecond magic 0xa1b2c3d4, nanosecond magic 0xa1b23c4d).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/byte_reader.hpp"
#include "core/pcap/capture_builder.hpp"

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

// The records of a classic pcap file one at a time, as views into the file's bytes (nothing
// copied): read_pcap() appends them to a Capture, summarize_file() reads them in one pass. A
// plain value, so a copy reads ahead without disturbing the original.
class PcapRecords {
 public:
  // The same errors as read_pcap().
  static Result<PcapRecords> open(std::span<const std::uint8_t> file);

  // The next record, or false at the end of the file or at damage (after a warning).
  bool next(PacketRecord& out, std::vector<std::string>& warnings);

  // How many whole records and captured bytes follow, counted from the record headers alone.
  void count_ahead(std::size_t& records, std::size_t& bytes) const;

 private:
  std::span<const std::uint8_t> file_;
  ByteOrder order_;
  bool nanoseconds_ = false;
  std::uint32_t snaplen_ = 0;
  std::uint32_t link_type_ = 0;
  std::size_t at_ = kPcapFileHeaderLen;
  bool warned_snaplen_ = false;
  bool warned_fraction_ = false;
  bool done_ = false;
};

}  // namespace tcpviz::pcap
