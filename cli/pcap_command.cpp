#include "cli/pcap_command.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/capture_summary.hpp"
#include "core/pcap/conversations.hpp"
#include "core/pcap/observer.hpp"
#include "core/pcap/pcap_writer.hpp"
#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "core/trace/trace_json.hpp"
#include "core/trace/trace_text.hpp"

namespace {

using namespace tcpviz;

constexpr const char* kUsage =
    "usage: tcpviz-cli pcap import <file> [--json] [--conn N]\n"
    "       tcpviz-cli pcap export <scenario.json|preset-id> -o out.pcap\n";

int usage(const char* problem) {
  std::fprintf(stderr, "tcpviz-cli pcap: %s\n%s", problem, kUsage);
  return 2;
}

std::optional<std::vector<std::uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A capture file's bytes: mapped read-only when possible (a large capture is not copied; the
// core reads byte spans, never files), else read into memory.
class FileBytes {
 public:
  explicit FileBytes(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
          ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
          mapped_ = std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(p), static_cast<std::size_t>(st.st_size));
        }
      }
      ::close(fd);
    }
    if (mapped_.empty()) {
      copy_ = read_file(path);
      ok_ = copy_.has_value();
    }
  }
  ~FileBytes() {
    if (!mapped_.empty()) ::munmap(const_cast<std::uint8_t*>(mapped_.data()), mapped_.size());
  }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  bool ok() const { return ok_; }
  std::span<const std::uint8_t> bytes() const { return mapped_.empty() && copy_ ? std::span<const std::uint8_t>(*copy_) : mapped_; }

 private:
  std::span<const std::uint8_t> mapped_;
  std::optional<std::vector<std::uint8_t>> copy_;
  bool ok_ = true;
};

std::string ms(Duration d) { return trace::ms_text(d); }

nlohmann::ordered_json summary_json(const pcap::ConnectionSummary& s) {
  nlohmann::ordered_json j;
  j["conn"] = s.index;
  j["client"] = pcap::to_string(s.client);
  j["server"] = pcap::to_string(s.server);
  j["handshake_complete"] = s.handshake_complete;
  j["packets"] = {{"client", s.packets[0]}, {"server", s.packets[1]}};
  j["frame_bytes"] = {{"client", s.frame_bytes[0]}, {"server", s.frame_bytes[1]}};
  j["data_bytes"] = {{"client", s.data_bytes[0]}, {"server", s.data_bytes[1]}};
  j["retransmissions"] = s.retransmissions;
  j["close"] = std::string(pcap::close_kind_name(s.close));
  j["start_ms"] = to_ms(s.start);
  j["duration_ms"] = to_ms(s.duration);
  return j;
}

int import_capture(int argc, char** argv) {
  std::optional<std::string> path;
  bool json = false;
  std::optional<std::size_t> conn;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--conn") {
      if (i + 1 >= argc) return usage("--conn needs a connection number");
      char* end = nullptr;
      const unsigned long n = std::strtoul(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0') return usage("--conn needs a connection number");
      conn = n;
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + std::string(a)).c_str());
    } else if (!path) {
      path = std::string(a);
    } else {
      return usage("import takes one file");
    }
  }
  if (!path) return usage("import needs a capture file");
  const FileBytes file(*path);
  if (!file.ok()) {
    std::fprintf(stderr, "tcpviz-cli pcap: cannot read %s\n", path->c_str());
    return 1;
  }

  if (conn) {
    // One connection's trace needs its packets: the full rebuild (read_capture copies them).
    auto capture = pcap::read_capture(file.bytes());
    if (!capture) {
      std::fprintf(stderr, "tcpviz-cli pcap: %s: %s\n", path->c_str(), capture.error().message.c_str());
      return 1;
    }
    for (const std::string& w : capture->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    const trace::Trace tr = pcap::capture_to_trace(*capture, *conn);
    if (tr.segments.empty()) {
      std::fprintf(stderr, "tcpviz-cli pcap: %s\n", tr.notes.empty() ? "no such connection" : tr.notes[0].c_str());
      return 1;
    }
    const std::string out = json ? trace::trace_to_json(tr, nullptr, 2) : trace::trace_to_text(tr);
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (json) std::fputc('\n', stdout);
    return 0;
  }

  // The connection list: one pass over the file, no packet kept (issue 6; the summaries equal
  // the full rebuild's, tests/core/pcap_summary_test.cpp).
  auto summary = pcap::summarize_file(file.bytes());
  if (!summary) {
    std::fprintf(stderr, "tcpviz-cli pcap: %s: %s\n", path->c_str(), summary.error().message.c_str());
    return 1;
  }
  for (const std::string& w : summary->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const std::vector<pcap::ConnectionSummary>& summaries = summary->connections;
  if (json) {
    nlohmann::ordered_json j;
    j["packets"] = summary->packets;
    j["skipped"] = summary->skipped.total();
    j["warnings"] = summary->warnings;
    j["connections"] = nlohmann::ordered_json::array();
    for (const auto& s : summaries) j["connections"].push_back(summary_json(s));
    const std::string out = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::printf("%s\n", out.c_str());
    return 0;
  }
  std::printf("%s: %llu packets, %zu TCP connections", path->c_str(),
              static_cast<unsigned long long>(summary->packets), summaries.size());
  const std::string skipped = summary->skipped.describe();
  if (!skipped.empty()) std::printf(" (%s)", skipped.c_str());
  std::printf("\n");
  for (const auto& s : summaries) {
    std::printf("#%u %s -> %s  handshake %s  packets %u/%u  data %llu/%llu bytes  retransmissions %u  close %s  "
                "start %s ms  duration %s ms\n",
                s.index, pcap::to_string(s.client).c_str(), pcap::to_string(s.server).c_str(),
                s.handshake_complete ? "complete" : "incomplete", s.packets[0], s.packets[1],
                static_cast<unsigned long long>(s.data_bytes[0]), static_cast<unsigned long long>(s.data_bytes[1]),
                s.retransmissions, std::string(pcap::close_kind_name(s.close)).c_str(), ms(s.start).c_str(),
                ms(s.duration).c_str());
  }
  return 0;
}

int export_capture(int argc, char** argv) {
  std::optional<std::string> source;
  std::optional<std::string> out_path;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-o") {
      if (i + 1 >= argc) return usage("-o needs a file name");
      out_path = argv[++i];
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + std::string(a)).c_str());
    } else if (!source) {
      source = std::string(a);
    } else {
      return usage("export takes one scenario");
    }
  }
  if (!source) return usage("export needs a scenario file or a preset id");
  if (!out_path) return usage("export needs -o out.pcap");
  std::string json_text;
  if (const auto bytes = read_file(*source)) {
    json_text.assign(bytes->begin(), bytes->end());
  } else if (const scenario::Preset* p = scenario::find_preset(*source)) {
    json_text = std::string(p->json);
  } else {
    std::fprintf(stderr, "tcpviz-cli pcap: %s is neither a readable file nor a preset id\n", source->c_str());
    return 1;
  }
  auto sc = scenario::parse_scenario(json_text);
  if (!sc) {
    std::fprintf(stderr, "tcpviz-cli pcap: %s: %s\n", source->c_str(), sc.error().message.c_str());
    return 1;
  }
  const trace::Trace tr = sim::run(*sc);
  const pcap::PcapExport exported = pcap::write_pcap(tr);
  std::ofstream out(*out_path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(exported.file.data()), static_cast<std::streamsize>(exported.file.size()));
  if (!out) {
    std::fprintf(stderr, "tcpviz-cli pcap: cannot write %s\n", out_path->c_str());
    return 1;
  }
  std::fprintf(stderr, "wrote %u segments to %s", exported.written, out_path->c_str());
  if (exported.skipped != 0) std::fprintf(stderr, " (%u could not be built and were left out)", exported.skipped);
  std::fprintf(stderr, "\n");
  return 0;
}

}  // namespace

int pcap_command(int argc, char** argv) {
  int first = 0;
  while (first < argc && first < 3 && std::string_view(argv[first]) != "import" &&
         std::string_view(argv[first]) != "export") {
    ++first;
  }
  if (first >= argc || first >= 3) return usage("expected import or export");
  const std::string_view sub = argv[first];
  if (sub == "import") return import_capture(argc - first - 1, argv + first + 1);
  return export_capture(argc - first - 1, argv + first + 1);
}
