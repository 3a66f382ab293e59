#include "core/pcap/pcapng_reader.hpp"

#include <string>
#include <vector>


namespace tcpviz::pcap {
namespace {

constexpr std::uint32_t kBlockInterfaceDescription = 1;
constexpr std::uint32_t kBlockPacketObsolete = 2;
constexpr std::uint32_t kBlockSimplePacket = 3;
constexpr std::uint32_t kBlockEnhancedPacket = 6;

constexpr std::uint16_t kOptEndOfOpt = 0;
constexpr std::uint16_t kOptIfTsresol = 9;
constexpr std::uint16_t kOptIfTsoffset = 14;

constexpr std::size_t kMinBlockLen = 12;        // type + length + trailing length
constexpr std::size_t kMinSectionHeaderLen = 28;

using Interface = PcapngInterface;

std::uint64_t pow10(std::uint32_t e) {
  std::uint64_t v = 1;
  for (std::uint32_t i = 0; i < e; ++i) v *= 10;
  return v;
}

// Timestamp units since 1970 -> nanoseconds. Unsigned arithmetic throughout: absurd values
// wrap instead of being undefined behaviour.
std::int64_t units_to_ns(const Interface& itf, std::uint64_t units) {
  std::uint64_t ns = 0;
  if (itf.binary_resolution) {
    std::uint32_t b = itf.exponent;
    if (b >= 64) {
      units = 0;
      b = 0;
    }
    const std::uint64_t seconds = b == 0 ? units : units >> b;
    std::uint64_t frac = b == 0 ? 0 : units & ((std::uint64_t{1} << b) - 1);
    // Keep frac * 1e9 below 2^64: precision past 2^-32 s (0.23 ns) is not needed.
    if (b > 32) {
      frac >>= (b - 32);
      b = 32;
    }
    ns = seconds * 1000000000ull + (b == 0 ? 0 : (frac * 1000000000ull) >> b);
  } else if (itf.exponent <= 9) {
    ns = units * pow10(9 - itf.exponent);
  } else if (itf.exponent <= 28) {
    ns = units / pow10(itf.exponent - 9);
  }
  ns += static_cast<std::uint64_t>(itf.offset_seconds) * 1000000000ull;
  return static_cast<std::int64_t>(ns);
}

void warn(std::vector<std::string>& warnings, std::size_t at, const std::string& what) {
  warnings.push_back("pcapng block at offset " + std::to_string(at) + ": " + what);
}

}  // namespace

Result<PcapngRecords> PcapngRecords::open(std::span<const std::uint8_t> file) {
  if (file.size() < 4 || kBigEndian.u32(file, 0) != kPcapngBlockSectionHeader) {
    return Error{"not a pcapng file: no section header block at offset 0"};
  }
  if (file.size() < kMinSectionHeaderLen) {
    return Error{"pcapng section header block at offset 0 cut short: the file has " + std::to_string(file.size()) +
                 " bytes, the block needs at least 28"};
  }
  // What stops the first block stops the whole file: an error rather than a warning.
  PcapngRecords r;
  r.file_ = file;
  const std::uint32_t bom_be = kBigEndian.u32(file, 8);
  if (bom_be == kPcapngByteOrderMagic) {
    r.order_ = kBigEndian;
  } else if (kLittleEndian.u32(file, 8) == kPcapngByteOrderMagic) {
    r.order_ = kLittleEndian;
  } else {
    return Error{"pcapng section header block at offset 0: byte-order magic " + hex32(bom_be) +
                 " at offset 8 is neither 0x1a2b3c4d nor 0x4d3c2b1a"};
  }
  const std::string problem = r.check_length(0, r.order_.u32(file, 4));
  if (!problem.empty()) return Error{"pcapng block at offset 0: " + problem};
  return r;
}

bool PcapngRecords::next(PacketRecord& out, std::vector<std::string>& warnings) {
  while (!done_ && at_ < file_.size()) {
    const std::size_t at = at_;
    if (file_.size() - at < 8) {
      warn(warnings, at, "block header cut short (" + std::to_string(file_.size() - at) +
                             " bytes left, 8 needed); the rest of the file is ignored");
      done_ = true;
      return false;
    }
    const std::uint32_t type_be = kBigEndian.u32(file_, at);
    if (type_be == kPcapngBlockSectionHeader) {
      // A new section: its byte-order magic decides how everything in it is read.
      if (file_.size() - at < kMinSectionHeaderLen) {
        warn(warnings, at, "section header block cut short; the rest of the file is ignored");
        done_ = true;
        return false;
      }
      const std::uint32_t bom_be = kBigEndian.u32(file_, at + 8);
      if (bom_be == kPcapngByteOrderMagic) {
        order_ = kBigEndian;
      } else if (kLittleEndian.u32(file_, at + 8) == kPcapngByteOrderMagic) {
        order_ = kLittleEndian;
      } else {
        warnings.push_back("pcapng section header block at offset " + std::to_string(at) + ": byte-order magic " +
                           hex32(bom_be) + " at offset " + std::to_string(at + 8) +
                           " is neither 0x1a2b3c4d nor 0x4d3c2b1a; the rest of the file is ignored");
        done_ = true;
        return false;
      }
      interfaces_.clear();
    }
    const std::uint32_t type = order_.u32(file_, at);
    const std::uint32_t len = order_.u32(file_, at + 4);
    const std::string problem = check_length(at, len);
    if (!problem.empty()) {
      warn(warnings, at, problem + "; the rest of the file is ignored");
      done_ = true;
      return false;
    }
    const std::span<const std::uint8_t> body = file_.subspan(at + 8, len - kMinBlockLen);
    at_ = at + len;
    bool got = false;
    switch (type) {
      case kPcapngBlockSectionHeader:
        if (body.size() < kMinSectionHeaderLen - kMinBlockLen) {
          warn(warnings, at, "section header block of " + std::to_string(len) + " bytes, below the minimum 28");
        }
        break;
      case kBlockInterfaceDescription: read_interface(at, body, warnings); break;
      case kBlockEnhancedPacket: got = read_enhanced_packet(at, body, out, warnings); break;
      case kBlockSimplePacket: got = read_simple_packet(at, body, out, warnings); break;
      case kBlockPacketObsolete: got = read_obsolete_packet(at, body, out, warnings); break;
      default: break;  // name resolution, statistics, custom...: not needed, skipped
    }
    if (got) return true;
  }
  return false;
}

std::string PcapngRecords::check_length(std::size_t at, std::uint32_t len) const {
  if (len < kMinBlockLen) {
    return "block total length " + std::to_string(len) + " is below the minimum 12";
  }
  if (len % 4 != 0) {
    return "block total length " + std::to_string(len) + " is not a multiple of 4";
  }
  if (len > file_.size() - at) {
    return "block total length " + std::to_string(len) + " runs past the end of the file (" +
           std::to_string(file_.size() - at) + " bytes left)";
  }
  const std::uint32_t trailing = order_.u32(file_, at + len - 4);
  if (trailing != len) {
    return "block total length " + std::to_string(len) + " differs from its trailing copy " +
           std::to_string(trailing) + " at offset " + std::to_string(at + len - 4);
  }
  return {};
}

bool PcapngRecords::read_interface(std::size_t at, std::span<const std::uint8_t> body,
                                   std::vector<std::string>& warnings) {
  if (body.size() < 8) {
    warn(warnings, at, "interface description block too short; interface ignored");
    interfaces_.push_back(Interface{0, 0, false, 6, 0, next_global_++});  // keep numbering
    return false;
  }
  Interface itf;
  itf.link_type = order_.u16(body, 0);
  itf.snaplen = order_.u32(body, 4);
  itf.global_index = next_global_++;
  // Options: code (2), length (2), value padded to 4 bytes; opt_endofopt ends them.
  std::size_t o = 8;
  while (body.size() - o >= 4) {
    const std::uint16_t code = order_.u16(body, o);
    const std::uint16_t olen = order_.u16(body, o + 2);
    if (code == kOptEndOfOpt) break;
    if (olen > body.size() - o - 4) {
      warn(warnings, at, "interface option " + std::to_string(code) + " runs past the block; options ignored");
      break;
    }
    const std::span<const std::uint8_t> value = body.subspan(o + 4, olen);
    if (code == kOptIfTsresol && olen >= 1) {
      itf.binary_resolution = (value[0] & 0x80u) != 0;
      itf.exponent = value[0] & 0x7Fu;
    } else if (code == kOptIfTsoffset && olen >= 8) {
      const std::uint64_t hi = order_.u32(value, order_.big_endian ? 0 : 4);
      const std::uint64_t lo = order_.u32(value, order_.big_endian ? 4 : 0);
      itf.offset_seconds = static_cast<std::int64_t>((hi << 32) | lo);
    }
    o += 4 + ((static_cast<std::size_t>(olen) + 3) & ~std::size_t{3});
    if (o > body.size()) break;
  }
  interfaces_.push_back(itf);
  return false;
}

const PcapngInterface* PcapngRecords::interface_for(std::size_t at, std::uint32_t id,
                                                    std::vector<std::string>& warnings) const {
  if (id < interfaces_.size()) return &interfaces_[id];
  warn(warnings, at, "packet names interface " + std::to_string(id) + " but the section describes " +
                         std::to_string(interfaces_.size()) + "; packet skipped");
  return nullptr;
}

bool PcapngRecords::packet(std::size_t at, const PcapngInterface& itf, std::span<const std::uint8_t> data,
                           std::uint64_t units, std::uint32_t orig_len, PacketRecord& out,
                           std::vector<std::string>& warnings) {
  if (data.size() > kMaxPacketBytes) {
    warn(warnings, at, "captured length " + std::to_string(data.size()) + " is beyond any real packet; skipped");
    return false;
  }
  out.data = data;
  out.epoch_ns = units_to_ns(itf, units);
  out.link_type = itf.link_type;
  out.orig_len = orig_len < data.size() ? static_cast<std::uint32_t>(data.size()) : orig_len;
  out.interface = itf.global_index;
  out.file_offset = at;
  last_epoch_ns_ = out.epoch_ns;
  return true;
}

bool PcapngRecords::read_enhanced_packet(std::size_t at, std::span<const std::uint8_t> body, PacketRecord& out,
                                         std::vector<std::string>& warnings) {
  if (body.size() < 20) {
    warn(warnings, at, "enhanced packet block too short (" + std::to_string(body.size() + 12) +
                           " bytes, at least 32 needed); skipped");
    return false;
  }
  const PcapngInterface* itf = interface_for(at, order_.u32(body, 0), warnings);
  if (itf == nullptr) return false;
  const std::uint64_t units = (static_cast<std::uint64_t>(order_.u32(body, 4)) << 32) | order_.u32(body, 8);
  const std::uint32_t caplen = order_.u32(body, 12);
  const std::uint32_t orig_len = order_.u32(body, 16);
  if (caplen > body.size() - 20) {
    warn(warnings, at, "captured length " + std::to_string(caplen) + " is larger than the block holds (" +
                           std::to_string(body.size() - 20) + " bytes); skipped");
    return false;
  }
  return packet(at, *itf, body.subspan(20, caplen), units, orig_len, out, warnings);
}

bool PcapngRecords::read_obsolete_packet(std::size_t at, std::span<const std::uint8_t> body, PacketRecord& out,
                                         std::vector<std::string>& warnings) {
  if (body.size() < 20) {
    warn(warnings, at, "packet block too short; skipped");
    return false;
  }
  const PcapngInterface* itf = interface_for(at, order_.u16(body, 0), warnings);
  if (itf == nullptr) return false;
  const std::uint64_t units = (static_cast<std::uint64_t>(order_.u32(body, 4)) << 32) | order_.u32(body, 8);
  const std::uint32_t caplen = order_.u32(body, 12);
  const std::uint32_t orig_len = order_.u32(body, 16);
  if (caplen > body.size() - 20) {
    warn(warnings, at, "captured length " + std::to_string(caplen) + " is larger than the block holds; skipped");
    return false;
  }
  return packet(at, *itf, body.subspan(20, caplen), units, orig_len, out, warnings);
}

// A Simple Packet Block has no interface id (it is interface 0) and no timestamp; it is
// given the previous packet's time. Its captured length is min(original length, snap
// length, what the block holds), as the specification says.
bool PcapngRecords::read_simple_packet(std::size_t at, std::span<const std::uint8_t> body, PacketRecord& out,
                                       std::vector<std::string>& warnings) {
  if (body.size() < 4) {
    warn(warnings, at, "simple packet block too short; skipped");
    return false;
  }
  const PcapngInterface* itf = interface_for(at, 0, warnings);
  if (itf == nullptr) return false;
  const std::uint32_t orig_len = order_.u32(body, 0);
  std::size_t caplen = body.size() - 4;
  if (orig_len < caplen) caplen = orig_len;
  if (itf->snaplen != 0 && itf->snaplen < caplen) caplen = itf->snaplen;
  if (caplen > kMaxPacketBytes) {
    warn(warnings, at, "captured length beyond any real packet; skipped");
    return false;
  }
  out.data = body.subspan(4, caplen);
  out.epoch_ns = last_epoch_ns_;
  out.link_type = itf->link_type;
  out.orig_len = orig_len < caplen ? static_cast<std::uint32_t>(caplen) : orig_len;
  out.interface = itf->global_index;
  out.file_offset = at;
  return true;
}

Result<Capture> read_pcapng(std::span<const std::uint8_t> file) {
  auto records = PcapngRecords::open(file);
  if (!records) return records.error();
  Capture capture;
  PacketRecord record;
  while (records->next(record, capture.warnings)) {
    if (!append_packet(capture, record)) break;
  }
  finish_times(capture);
  return capture;
}

}  // namespace tcpviz::pcap
