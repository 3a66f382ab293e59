// libFuzzer target for everything a dropped capture file reaches: read_capture (pcap and
// pcapng), link/IP/TCP decoding, connection rebuilding, the passive observer, and writing the
// resulting trace back out; and summarize_file (the one-pass connection list), which must
// agree with the full rebuild on every input. Seeds: fuzz/corpus/pcap/ (the project's own
// captures).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/pcap/capture.hpp"
#include "core/pcap/capture_summary.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/observer.hpp"
#include "core/pcap/pcap_writer.hpp"

using namespace tcpviz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> file(data, size);
  auto capture = pcap::read_capture(file);
  auto fast = pcap::summarize_file(file);
  if (capture.ok() != fast.ok()) std::abort();
  if (!capture) {
    if (capture.error().message.empty()) std::abort();  // every error says what went wrong
    if (capture.error().message != fast.error().message) std::abort();
    return 0;
  }
  for (const auto& p : capture->packets) {
    if (std::size_t{p.offset} + p.caplen > capture->bytes.size()) std::abort();
  }
  const auto summaries = pcap::summarize(*capture);
  // The one-pass summaries are the full rebuild's, field for field.
  if (fast->packets != capture->packets.size() || fast->warnings != capture->warnings ||
      fast->connections.size() != summaries.size()) {
    std::abort();
  }
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    const pcap::ConnectionSummary& a = summaries[i];
    const pcap::ConnectionSummary& b = fast->connections[i];
    if (!(a.index == b.index && a.client == b.client && a.server == b.server &&
          a.handshake_complete == b.handshake_complete && a.packets == b.packets && a.frame_bytes == b.frame_bytes &&
          a.data_bytes == b.data_bytes && a.retransmissions == b.retransmissions && a.close == b.close &&
          a.start == b.start && a.duration == b.duration && a.packet_count == b.packet_count)) {
      std::abort();
    }
  }
  const std::size_t n = summaries.size() < 4 ? summaries.size() : 4;
  for (std::size_t i = 0; i < n; ++i) {
    const trace::Trace tr = pcap::capture_to_trace(*capture, i);
    // The trace's promises: sorted by time, raw bytes in range.
    for (std::size_t k = 1; k < tr.segments.size(); ++k) {
      if (tr.segments[k].sent < tr.segments[k - 1].sent) std::abort();
    }
    for (std::size_t k = 1; k < tr.transitions.size(); ++k) {
      if (tr.transitions[k].t < tr.transitions[k - 1].t) std::abort();
    }
    for (const auto& s : tr.segments) {
      if (std::size_t{s.raw_offset} + s.raw_len > tr.raw_bytes.size()) std::abort();
    }
    // Writing it out must give a file this reader reads without complaint.
    const auto out = pcap::write_pcap(tr);
    auto again = pcap::read_capture(out.file);
    if (!again || !again->warnings.empty() || again->packets.size() != out.written) std::abort();
  }
  return 0;
}
