// The packet records of a pcap or pcapng file, one at a time, as views into the file's bytes
// (internal to core/pcap). read_capture() copies them into a Capture; summarize_file() reads
// them once and copies nothing. A plain value: a copy reads ahead without moving the original.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/pcap/capture_builder.hpp"
#include "core/pcap/pcap_reader.hpp"
#include "core/pcap/pcapng_reader.hpp"

namespace tcpviz::pcap {

class CaptureRecords {
 public:
  // Classic pcap or pcapng by the magic number at offset 0, with read_capture()'s errors.
  static Result<CaptureRecords> open(std::span<const std::uint8_t> file);

  // The next packet record, or false at the end of the file or at damage (after a warning).
  bool next(PacketRecord& out, std::vector<std::string>& warnings) {
    if (auto* p = std::get_if<PcapRecords>(&records_)) return p->next(out, warnings);
    return std::get<PcapngRecords>(records_).next(out, warnings);
  }

 private:
  explicit CaptureRecords(std::variant<PcapRecords, PcapngRecords> r) : records_(std::move(r)) {}
  std::variant<PcapRecords, PcapngRecords> records_;
};

// What read_capture() says about a file it cannot read at all (empty, too short, unknown or
// unsupported magic), or nothing when the magic names pcap or pcapng.
std::optional<Error> check_capture_magic(std::span<const std::uint8_t> file);

}  // namespace tcpviz::pcap
