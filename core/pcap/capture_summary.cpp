#include "core/pcap/capture_summary.hpp"

#include "core/pcap/capture_builder.hpp"
#include "core/pcap/connection_tracker.hpp"
#include "core/pcap/records.hpp"
#include "core/pcap/summary_builder.hpp"

namespace tcpviz::pcap {

Result<CaptureSummary> summarize_file(std::span<const std::uint8_t> file) {
  auto opened = CaptureRecords::open(file);
  if (!opened) return opened.error();
  CaptureRecords& records = *opened;
  CaptureSummary out;
  ConnectionTracker tracker;
  std::vector<SummaryBuilder> builders;  // by conversation number
  std::int64_t first_epoch_ns = 0;
  PacketRecord record;
  while (records.next(record, out.warnings)) {
    if (out.packets == 0) first_epoch_ns = record.epoch_ns;
    ++out.packets;
    const std::optional<SegmentHeader> seg = decode_segment_header(record.data, record.link_type, out.skipped);
    if (!seg) continue;
    const Placement at = tracker.place(*seg, [&] {
      // Rare: a copy of the reader looks ahead from here, the original stays where it is.
      CaptureRecords ahead = records;
      std::vector<std::string> ignored_warnings;
      SkipCounts ignored;
      PacketRecord r;
      return answered_as_new_connection(*seg, [&](SegmentHeader& next) {
        while (ahead.next(r, ignored_warnings)) {
          if (auto n = decode_segment_header(r.data, r.link_type, ignored)) {
            next = *n;
            return true;
          }
        }
        return false;
      });
    });
    if (at.opened) {
      const auto& ends = tracker.ends(at.conversation);
      builders.emplace_back(at.conversation, ends[0], ends[1]);
    }
    // As finish_times(): time since the first packet in file order, the difference taken
    // unsigned so absurd timestamps wrap instead of overflowing.
    const auto diff = static_cast<std::int64_t>(static_cast<std::uint64_t>(record.epoch_ns) -
                                                static_cast<std::uint64_t>(first_epoch_ns));
    const SegmentFacts facts{seg->seq, seg->ack, seg->flags, seg->payload_len};
    builders[at.conversation].add(at.from, facts, Time(diff / 1000), record.orig_len);
  }
  out.connections.reserve(builders.size());
  for (const SummaryBuilder& b : builders) out.connections.push_back(b.finish());
  return out;
}

}  // namespace tcpviz::pcap
