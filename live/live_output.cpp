#include "live/live_output.hpp"

#include <cstdio>
#include <fstream>

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

bool write_outputs(const trace::Trace& trace, const LiveOptions& options) {
  bool ok = true;
  if (!options.trace_path.empty()) {
    if (write_file(options.trace_path, trace::trace_to_json(trace, nullptr, 1) + "\n")) {
      std::printf("tcpviz live: trace written to %s\n", options.trace_path.c_str());
    } else {
      ok = false;
    }
  }
  if (!options.pcap_path.empty()) {
    std::fprintf(stderr, "tcpviz live: --pcap is not supported yet (no pcap writer in core/pcap)\n");
  }
  return ok;
}

}  // namespace tcpviz::live
