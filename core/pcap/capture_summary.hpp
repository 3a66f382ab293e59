// The connection list of a capture in one pass over the file's bytes (issue 6): what
// `tcpviz-cli pcap import` and a capture's connection list show, without building a Capture
// (no copy of the packet bytes) or a Conversation per connection (no stored packets). Each
// connection's full trace is built later, only for the one picked (read_capture() +
// capture_to_trace()).
//
// The result is identical to read_capture() + find_conversations() + summarize(): the same
// record readers, the same segment decoding, the same connection splitting and the same
// summary builder run in both (tests/core/pcap_summary_test.cpp compares them). One
// difference by design: read_capture() stops at 4 GiB of packet data (its offsets are
// 32-bit); summarize_file() has no such limit.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/pcap/conversations.hpp"
#include "core/pcap/decode.hpp"
#include "core/util/result.hpp"

namespace tcpviz::pcap {

struct CaptureSummary {
  std::uint64_t packets = 0;              // packet records read (TCP or not), as Capture::packets
  std::vector<std::string> warnings;      // as Capture::warnings
  SkipCounts skipped;                     // as Conversations::skipped
  std::vector<ConnectionSummary> connections;  // as summarize()
};

// read_capture()'s errors when nothing can be read at all.
Result<CaptureSummary> summarize_file(std::span<const std::uint8_t> file);

}  // namespace tcpviz::pcap
