#include "core/pcap/pcap_reader.hpp"

#include <string>


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

Result<PcapRecords> PcapRecords::open(std::span<const std::uint8_t> file) {
  if (file.size() < 4) return Error{"pcap file header: too short for a magic number at offset 0"};
  const std::uint32_t magic_be = kBigEndian.u32(file, 0);
  if (!is_pcap_magic(magic_be)) {
    return Error{"not a pcap file: magic " + hex32(magic_be) + " at offset 0"};
  }
  if (file.size() < kPcapFileHeaderLen) {
    return Error{"pcap file header cut short: " + std::to_string(file.size()) +
                 " bytes, the header needs 24 (file ends at offset " + std::to_string(file.size()) + ")"};
  }
  PcapRecords r;
  r.file_ = file;
  // The writer stored the magic in its own byte order: read as big-endian, an unswapped
  // magic means a big-endian writer.
  r.order_ = ByteOrder{magic_be == kMagicMicro || magic_be == kMagicNano};
  r.nanoseconds_ = magic_be == kMagicNano || magic_be == kMagicNanoSwapped;
  r.snaplen_ = r.order_.u32(file, 16);
  // The low 16 bits are the link type; the upper bits may carry FCS information
  // (draft-ietf-opsawg-pcap section 4, "LinkType and additional information").
  r.link_type_ = r.order_.u32(file, 20) & 0xFFFFu;
  return r;
}

void PcapRecords::count_ahead(std::size_t& records, std::size_t& bytes) const {
  records = bytes = 0;
  for (std::size_t at = at_; file_.size() - at >= kPcapRecordHeaderLen;) {
    const std::uint32_t caplen = order_.u32(file_, at + 8);
    if (caplen > kMaxPacketBytes || caplen > file_.size() - at - kPcapRecordHeaderLen) break;
    ++records;
    bytes += caplen;
    at += kPcapRecordHeaderLen + caplen;
  }
}

bool PcapRecords::next(PacketRecord& out, std::vector<std::string>& warnings) {
  if (done_ || at_ >= file_.size()) return false;
  const std::size_t at = at_;
  // Built only when a warning needs it: a string per packet costs more than the parsing.
  const auto where = [at] { return "packet record at offset " + std::to_string(at); };
  const auto stop = [this](std::string message, std::vector<std::string>& w) {
    w.push_back(std::move(message));
    done_ = true;
    return false;
  };
  if (file_.size() - at < kPcapRecordHeaderLen) {
    return stop(where() + ": record header cut short (" + std::to_string(file_.size() - at) +
                    " bytes left, 16 needed); the rest of the file is ignored",
                warnings);
  }
  const std::uint32_t ts_sec = order_.u32(file_, at);
  std::uint32_t ts_frac = order_.u32(file_, at + 4);
  const std::uint32_t caplen = order_.u32(file_, at + 8);
  const std::uint32_t orig_len = order_.u32(file_, at + 12);
  if (caplen > kMaxPacketBytes) {
    return stop(where() + ": captured length " + std::to_string(caplen) + " is beyond any real packet (limit " +
                    std::to_string(kMaxPacketBytes) + "); the file is damaged here and the rest is ignored",
                warnings);
  }
  if (caplen > file_.size() - at - kPcapRecordHeaderLen) {
    return stop(where() + ": captured length " + std::to_string(caplen) + " runs past the end of the file (" +
                    std::to_string(file_.size() - at - kPcapRecordHeaderLen) +
                    " bytes left); the packet is cut off and ignored",
                warnings);
  }
  if (snaplen_ != 0 && caplen > snaplen_ && !warned_snaplen_) {
    warned_snaplen_ = true;
    warnings.push_back(where() + ": captured length " + std::to_string(caplen) +
                       " exceeds the file's snap length " + std::to_string(snaplen_) + "; kept anyway");
  }
  const std::uint32_t frac_limit = nanoseconds_ ? 1000000000u : 1000000u;
  if (ts_frac >= frac_limit) {
    if (!warned_fraction_) {
      warned_fraction_ = true;
      warnings.push_back(where() + ": timestamp fraction " + std::to_string(ts_frac) + " is out of range; clamped");
    }
    ts_frac = frac_limit - 1;
  }
  out.data = file_.subspan(at + kPcapRecordHeaderLen, caplen);
  out.epoch_ns = static_cast<std::int64_t>(ts_sec) * 1000000000 +
                 static_cast<std::int64_t>(nanoseconds_ ? ts_frac : ts_frac * 1000ull);
  out.link_type = link_type_;
  // A record claiming fewer bytes on the wire than it holds is wrong; trust the bytes.
  out.orig_len = orig_len < caplen ? caplen : orig_len;
  out.interface = 0;
  out.file_offset = at;
  at_ = at + kPcapRecordHeaderLen + caplen;
  return true;
}

Result<Capture> read_pcap(std::span<const std::uint8_t> file) {
  auto records = PcapRecords::open(file);
  if (!records) return records.error();
  Capture capture;
  // One pass over the record headers first, so the packet table and the byte store are
  // allocated once instead of regrown (and their contents copied) while a large file is read.
  std::size_t count = 0, bytes = 0;
  records->count_ahead(count, bytes);
  capture.packets.reserve(count);
  capture.bytes.reserve(bytes);
  PacketRecord record;
  while (records->next(record, capture.warnings)) {
    if (!append_packet(capture, record)) break;
  }
  finish_times(capture);
  return capture;
}

}  // namespace tcpviz::pcap
