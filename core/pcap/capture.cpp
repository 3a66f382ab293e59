#include "core/pcap/capture.hpp"

#include "core/pcap/byte_reader.hpp"
#include "core/pcap/capture_builder.hpp"
#include "core/pcap/pcap_reader.hpp"
#include "core/pcap/pcapng_reader.hpp"
#include "core/pcap/records.hpp"

namespace tcpviz::pcap {

bool append_packet(Capture& capture, const PacketRecord& record) {
  // Offsets are 32-bit: a capture of 4 GiB or more is read up to that point.
  if (capture.bytes.size() + record.data.size() > 0xFFFFFFFFull) {
    capture.warnings.push_back("packet record at offset " + std::to_string(record.file_offset) +
                               ": the capture exceeds 4 GiB of packet data; the rest is ignored");
    return false;
  }
  CapturedPacket p;
  p.epoch_ns = record.epoch_ns;
  p.link_type = record.link_type;
  p.offset = static_cast<std::uint32_t>(capture.bytes.size());
  p.caplen = static_cast<std::uint32_t>(record.data.size());
  p.orig_len = record.orig_len;
  p.truncated = p.caplen < p.orig_len;
  p.interface = record.interface;
  p.file_offset = record.file_offset;
  capture.bytes.insert(capture.bytes.end(), record.data.begin(), record.data.end());
  capture.packets.push_back(p);
  return true;
}

void finish_times(Capture& capture) {
  if (capture.packets.empty()) return;
  const std::int64_t first = capture.packets.front().epoch_ns;
  for (CapturedPacket& p : capture.packets) {
    // Unsigned difference then back to signed: no overflow UB for absurd timestamps.
    const auto diff = static_cast<std::int64_t>(static_cast<std::uint64_t>(p.epoch_ns) -
                                                static_cast<std::uint64_t>(first));
    p.t = Time(diff / 1000);
  }
}

std::string hex32(std::uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xFu];
  return out;
}

std::optional<Error> check_capture_magic(std::span<const std::uint8_t> file) {
  if (file.empty()) return Error{"empty file"};
  if (file.size() < 4) {
    return Error{"not a pcap or pcapng file: only " + std::to_string(file.size()) +
                 " bytes, too short for a magic number at offset 0"};
  }
  // Read as big-endian so the message shows the bytes in file order.
  const std::uint32_t magic = kBigEndian.u32(file, 0);
  if (is_pcap_magic(magic) || magic == kPcapngBlockSectionHeader) return std::nullopt;
  if (magic == 0xa1b2cd34u || magic == 0x34cdb2a1u) {
    return Error{"modified (Kuznetzov) pcap, magic " + hex32(magic) +
                 " at offset 0, is not supported: convert it with editcap -F pcap"};
  }
  return Error{"not a pcap or pcapng file: magic " + hex32(magic) + " at offset 0"};
}

Result<CaptureRecords> CaptureRecords::open(std::span<const std::uint8_t> file) {
  if (auto problem = check_capture_magic(file)) return *problem;
  if (is_pcap_magic(kBigEndian.u32(file, 0))) {
    auto r = PcapRecords::open(file);
    if (!r) return r.error();
    return CaptureRecords(std::move(*r));
  }
  auto r = PcapngRecords::open(file);
  if (!r) return r.error();
  return CaptureRecords(std::move(*r));
}

Result<Capture> read_capture(std::span<const std::uint8_t> file) {
  if (auto problem = check_capture_magic(file)) return *problem;
  if (is_pcap_magic(kBigEndian.u32(file, 0))) return read_pcap(file);
  return read_pcapng(file);
}

}  // namespace tcpviz::pcap
