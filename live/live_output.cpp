#include "live/live_output.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>

#include "core/pcap/pcap_writer.hpp"
#include "core/trace/trace_json.hpp"

namespace tcpviz::live {
namespace {

bool write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "tcpviz live: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace

std::int64_t wall_clock_epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool write_outputs(const trace::Trace& trace, const LiveOptions& options, std::int64_t start_epoch_us) {
  bool ok = true;
  if (!options.trace_path.empty()) {
    if (write_file(options.trace_path, trace::trace_to_json(trace, nullptr, 1) + "\n")) {
      std::printf("tcpviz live: trace written to %s\n", options.trace_path.c_str());
    } else {
      ok = false;
    }
  }
  if (!options.pcap_path.empty()) {
    // The recorded bytes are the real packets (raw_bytes), so the pcap is the traffic as it
    // crossed the link; dropped segments are in it too (captured at the sender's side, as
    // core/pcap/pcap_writer.hpp explains).
    pcap::PcapWriteOptions pcap_options;
    pcap_options.start_epoch_us = start_epoch_us;
    const auto exported = pcap::write_pcap(trace, pcap_options);
    const std::string bytes(exported.file.begin(), exported.file.end());
    if (write_file(options.pcap_path, bytes)) {
      std::printf("tcpviz live: pcap with %u segments written to %s\n", exported.written,
                  options.pcap_path.c_str());
    } else {
      ok = false;
    }
  }
  return ok;
}

}  // namespace tcpviz::live
