// pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks, each "type, total length,
// body, total length again", grouped into sections that each start with a Section Header
// Block giving that section's byte order. Interface Description Blocks give each interface's
// link type, snap length and timestamp resolution (if_tsresol, decimal or power of two);
// Enhanced, Simple and (obsolete) Packet Blocks carry packets. Unknown blocks are skipped by
// their length, as the format asks of readers.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/pcap/byte_reader.hpp"
#include "core/pcap/capture.hpp"
#include "core/pcap/capture_builder.hpp"

namespace tcpviz::pcap {

inline constexpr std::uint32_t kPcapngBlockSectionHeader = 0x0A0D0D0Au;  // a palindrome
inline constexpr std::uint32_t kPcapngByteOrderMagic = 0x1A2B3C4Du;

// Errors: the first Section Header Block is cut short or has an unknown byte-order magic.
// A block whose length lies (not a multiple of 4, below the 12-byte minimum, beyond the end
// of the file, or a trailing copy that differs) stops reading with a warning naming its
// offset, since nothing after it can be framed; the packets before it are kept. A packet
// naming an interface that was never described is skipped with a warning.
Result<Capture> read_pcapng(std::span<const std::uint8_t> file);

// An Interface Description Block as far as reading packets needs it.
struct PcapngInterface {
  std::uint32_t link_type = 0;
  std::uint32_t snaplen = 0;
  bool binary_resolution = false;  // if_tsresol MSB set: units of 2^-exponent seconds
  std::uint32_t exponent = 6;      // default: microseconds (the spec's default if_tsresol)
  std::int64_t offset_seconds = 0; // if_tsoffset
  std::uint32_t global_index = 0;  // numbered across sections, as Wireshark does
};

// The packets of a pcapng file one at a time, as views into the file's bytes (nothing
// copied): read_pcapng() appends them to a Capture, summarize_file() reads them in one pass.
// A plain value, so a copy reads ahead without disturbing the original.
class PcapngRecords {
 public:
  // The same errors as read_pcapng().
  static Result<PcapngRecords> open(std::span<const std::uint8_t> file);

  // The next packet, or false at the end of the file or at damage (after a warning).
  bool next(PacketRecord& out, std::vector<std::string>& warnings);

 private:
  // Each returns true when the block gave a packet (in `out`).
  bool read_interface(std::size_t at, std::span<const std::uint8_t> body, std::vector<std::string>& warnings);
  bool read_enhanced_packet(std::size_t at, std::span<const std::uint8_t> body, PacketRecord& out,
                            std::vector<std::string>& warnings);
  bool read_obsolete_packet(std::size_t at, std::span<const std::uint8_t> body, PacketRecord& out,
                            std::vector<std::string>& warnings);
  bool read_simple_packet(std::size_t at, std::span<const std::uint8_t> body, PacketRecord& out,
                          std::vector<std::string>& warnings);
  bool packet(std::size_t at, const PcapngInterface& itf, std::span<const std::uint8_t> data, std::uint64_t units,
              std::uint32_t orig_len, PacketRecord& out, std::vector<std::string>& warnings);
  const PcapngInterface* interface_for(std::size_t at, std::uint32_t id, std::vector<std::string>& warnings) const;
  std::string check_length(std::size_t at, std::uint32_t len) const;

  std::span<const std::uint8_t> file_;
  ByteOrder order_ = kLittleEndian;
  std::vector<PcapngInterface> interfaces_;
  std::uint32_t next_global_ = 0;
  std::int64_t last_epoch_ns_ = 0;
  std::size_t at_ = 0;
  bool done_ = false;
};

}  // namespace tcpviz::pcap
