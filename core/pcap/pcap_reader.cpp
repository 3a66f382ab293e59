#include "core/pcap/pcap_reader.hpp"

#include <string>

#include "core/pcap/byte_reader.hpp"
#include "core/pcap/capture_builder.hpp"

namespace tcpviz::pcap {
namespace {

constexpr std::uint32_t kMagicMicro = 0xa1b2c3d4u;
constexpr std::uint32_t kMagicNano = 0xa1b23c4du;
constexpr std::uint32_t kMagicMicroSwapped = 0xd4c3b2a1u;
constexpr std::uint32_t kMagicNanoSwapped = 0x4d3cb2a1u;

}  // namespace

bool is_pcap_magic(std::uint32_t magic_be) {
  return magic_be == kMagicMicro || magic_be == kMagicNano || magic_be == kMagicMicroSwapped ||
         magic_be == kMagicNanoSwapped;
}

Result<Capture> read_pcap(std::span<const std::uint8_t> file) {
  if (file.size() < 4) return Error{"pcap file header: too short for a magic number at offset 0"};
  const std::uint32_t magic_be = kBigEndian.u32(file, 0);
  if (!is_pcap_magic(magic_be)) {
    return Error{"not a pcap file: magic " + hex32(magic_be) + " at offset 0"};
  }
  // The writer stored the magic in its own byte order: read as big-endian, an unswapped
  // magic means a big-endian writer.
  const ByteOrder order{magic_be == kMagicMicro || magic_be == kMagicNano};
  const bool nanoseconds = magic_be == kMagicNano || magic_be == kMagicNanoSwapped;
  if (file.size() < kPcapFileHeaderLen) {
    return Error{"pcap file header cut short: " + std::to_string(file.size()) +
                 " bytes, the header needs 24 (file ends at offset " + std::to_string(file.size()) + ")"};
  }
  const std::uint32_t snaplen = order.u32(file, 16);
  // The low 16 bits are the link type; the upper bits may carry FCS information
  // (draft-ietf-opsawg-pcap section 4, "LinkType and additional information").
  const std::uint32_t link_type = order.u32(file, 20) & 0xFFFFu;

  Capture capture;
  // One pass over the record headers first, so the packet table and the byte store are
  // allocated once instead of regrown (and their contents copied) while a large file is read.
  {
    std::size_t count = 0, bytes = 0;
    for (std::size_t at = kPcapFileHeaderLen; file.size() - at >= kPcapRecordHeaderLen;) {
      const std::uint32_t caplen = order.u32(file, at + 8);
      if (caplen > kMaxPacketBytes || caplen > file.size() - at - kPcapRecordHeaderLen) break;
      ++count;
      bytes += caplen;
      at += kPcapRecordHeaderLen + caplen;
    }
    capture.packets.reserve(count);
    capture.bytes.reserve(bytes);
  }
  bool warned_snaplen = false;
  bool warned_fraction = false;
  std::size_t at = kPcapFileHeaderLen;
  while (at < file.size()) {
    // Built only when a warning needs it: a string per packet costs more than the parsing.
    const auto where = [at] { return "packet record at offset " + std::to_string(at); };
    if (file.size() - at < kPcapRecordHeaderLen) {
      capture.warnings.push_back(where() + ": record header cut short (" +
                                 std::to_string(file.size() - at) +
                                 " bytes left, 16 needed); the rest of the file is ignored");
      break;
    }
    const std::uint32_t ts_sec = order.u32(file, at);
    std::uint32_t ts_frac = order.u32(file, at + 4);
    const std::uint32_t caplen = order.u32(file, at + 8);
    const std::uint32_t orig_len = order.u32(file, at + 12);
    if (caplen > kMaxPacketBytes) {
      capture.warnings.push_back(where() + ": captured length " + std::to_string(caplen) +
                                 " is beyond any real packet (limit " +
                                 std::to_string(kMaxPacketBytes) +
                                 "); the file is damaged here and the rest is ignored");
      break;
    }
    if (caplen > file.size() - at - kPcapRecordHeaderLen) {
      capture.warnings.push_back(where() + ": captured length " + std::to_string(caplen) +
                                 " runs past the end of the file (" +
                                 std::to_string(file.size() - at - kPcapRecordHeaderLen) +
                                 " bytes left); the packet is cut off and ignored");
      break;
    }
    if (snaplen != 0 && caplen > snaplen && !warned_snaplen) {
      warned_snaplen = true;
      capture.warnings.push_back(where() + ": captured length " + std::to_string(caplen) +
                                 " exceeds the file's snap length " + std::to_string(snaplen) +
                                 "; kept anyway");
    }
    const std::uint32_t frac_limit = nanoseconds ? 1000000000u : 1000000u;
    if (ts_frac >= frac_limit) {
      if (!warned_fraction) {
        warned_fraction = true;
        capture.warnings.push_back(where() + ": timestamp fraction " + std::to_string(ts_frac) +
                                   " is out of range; clamped");
      }
      ts_frac = frac_limit - 1;
    }
    PacketRecord record;
    record.data = file.subspan(at + kPcapRecordHeaderLen, caplen);
    record.epoch_ns = static_cast<std::int64_t>(ts_sec) * 1000000000 +
                      static_cast<std::int64_t>(nanoseconds ? ts_frac : ts_frac * 1000ull);
    record.link_type = link_type;
    // A record claiming fewer bytes on the wire than it holds is wrong; trust the bytes.
    record.orig_len = orig_len < caplen ? caplen : orig_len;
    record.file_offset = at;
    if (!append_packet(capture, record)) break;
    at += kPcapRecordHeaderLen + caplen;
  }
  finish_times(capture);
  return capture;
}

}  // namespace tcpviz::pcap
