// Capture import rate (issue 6): read_capture + summarize over a pcap held in memory, best of
// N runs, as MB/s and packets/s, with peak memory; then, in the same run, the same file
// through `tshark -r file -q -z conv,tcp`, printed side by side with the ratio.
//
//   bench_pcap_import <file.pcap> [runs (default 3)] [--no-tshark] [--tshark-limit-mb N]
//
// The file is read into a vector first (its time is reported apart: disk/page cache, not
// parsing). With --tshark-limit-mb N tshark is run on only the first N MB of whole records
// (written next to the file) and its time scaled by size, which the output says.
// bench/ may use OS headers (getrusage, popen); core/ may not.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"

using namespace tcpviz;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Peak resident set of this process (VmHWM), in MiB.
double peak_rss_mib(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

bool read_file(const char* path, std::vector<std::uint8_t>& out) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  out.resize(static_cast<std::size_t>(size));
  const std::size_t got = std::fread(out.data(), 1, out.size(), f);
  std::fclose(f);
  return got == out.size();
}

// The first `limit` bytes of a little- or big-endian classic pcap, cut at a record boundary.
std::size_t whole_records_prefix(const std::vector<std::uint8_t>& file, std::size_t limit) {
  const bool le = file[0] == 0xd4 || file[0] == 0x4d;
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t{file[at + (le ? i : 3 - i)]} << (8 * i);
    return v;
  };
  std::size_t at = 24;
  while (at + 16 <= file.size()) {
    const std::size_t next = at + 16 + u32(at + 8);
    if (next > limit || next > file.size()) break;
    at = next;
  }
  return at;
}

}  // namespace

int main(int argc, char** argv) {
  // scripts/bench.sh runs every bench_* with the same arguments: without a capture path this
  // benchmark has nothing to measure, so it says how to use it and succeeds.
  const std::string first = argc > 1 ? argv[1] : "";
  const bool is_capture = (first.size() > 5 && first.compare(first.size() - 5, 5, ".pcap") == 0) ||
                          (first.size() > 7 && first.compare(first.size() - 7, 7, ".pcapng") == 0);
  if (!is_capture) {
    std::printf("bench_pcap_import: usage %s <file.pcap> [runs] [--no-tshark] [--tshark-limit-mb N]; "
                "nothing to do (scripts/bench_pcap.sh runs it on a generated 1 GiB capture)\n", argv[0]);
    return 0;
  }
  const char* path = argv[1];
  int runs = 3;
  bool run_tshark = true;
  std::size_t tshark_limit = 0;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-tshark") == 0) {
      run_tshark = false;
    } else if (std::strcmp(argv[i], "--tshark-limit-mb") == 0 && i + 1 < argc) {
      tshark_limit = std::strtoull(argv[++i], nullptr, 10) * 1000000ull;
    } else {
      runs = std::atoi(argv[i]);
    }
  }
  if (runs < 1) runs = 1;

  std::vector<std::uint8_t> file;
  const auto t_read = Clock::now();
  if (!read_file(path, file)) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  const double read_s = seconds_since(t_read);
  const double mb = static_cast<double>(file.size()) / 1e6;

  double best = 1e300, best_read = 0, best_summary = 0;
  std::size_t packets = 0, connections = 0, retransmissions = 0, resets = 0, handshakes = 0;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    auto capture = pcap::read_capture(file);
    if (!capture) {
      std::fprintf(stderr, "read_capture: %s\n", capture.error().message.c_str());
      return 1;
    }
    const double t_capture = seconds_since(t0);
    const auto summaries = pcap::summarize(*capture);
    const double total = seconds_since(t0);
    if (total < best) {
      best = total;
      best_read = t_capture;
      best_summary = total - t_capture;
    }
    packets = capture->packets.size();
    connections = summaries.size();
    retransmissions = resets = handshakes = 0;
    for (const auto& s : summaries) {
      retransmissions += s.retransmissions;
      resets += s.close == pcap::CloseKind::Reset;
      handshakes += s.handshake_complete;
    }
  }
  const double our_peak = peak_rss_mib(RUSAGE_SELF);

  std::printf("pcap import benchmark: %s\n", path);
  std::printf("  file                 %.1f MB (%zu bytes), %zu packets\n", mb, file.size(), packets);
  std::printf("  file read into memory %.3f s (not counted below)\n", read_s);
  std::printf("  tcpviz read_capture+summarize, best of %d: %.3f s (read_capture %.3f s, summarize %.3f s)\n",
              runs, best, best_read, best_summary);
  std::printf("  tcpviz rate          %.0f MB/s, %.2f M packets/s\n", mb / best,
              static_cast<double>(packets) / best / 1e6);
  std::printf("  tcpviz found         %zu connections (%zu full handshakes, %zu reset, %zu retransmissions)\n",
              connections, handshakes, resets, retransmissions);
  std::printf("  tcpviz peak memory   %.0f MiB (ru_maxrss, includes the %.0f MiB file buffer)\n", our_peak,
              static_cast<double>(file.size()) / 1048576.0);
  std::fflush(stdout);
  if (!run_tshark) return 0;

  std::string tshark_input = path;
  double scale = 1.0;
  if (tshark_limit > 0 && tshark_limit < file.size()) {
    const std::size_t cut = whole_records_prefix(file, tshark_limit);
    tshark_input = std::string(path) + ".head.pcap";
    std::FILE* f = std::fopen(tshark_input.c_str(), "wb");
    if (!f || std::fwrite(file.data(), 1, cut, f) != cut) {
      std::fprintf(stderr, "cannot write %s\n", tshark_input.c_str());
      return 1;
    }
    std::fclose(f);
    scale = static_cast<double>(file.size()) / static_cast<double>(cut);
    std::printf("  tshark runs on the first %zu bytes only (whole records); its time is scaled by %.2f\n", cut,
                scale);
  }
  file.clear();
  file.shrink_to_fit();
  // Peak memory through GNU time's %M: getrusage(RUSAGE_CHILDREN) would report this process's
  // own peak instead, which a forked child inherits (Linux copies the RSS high-water mark).
  const std::string command = "/usr/bin/time -f 'TSHARK_MAXRSS_KB %M' tshark -r '" + tshark_input +
                              "' -q -z conv,tcp 2>&1";
  const auto t_tshark = Clock::now();
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    std::fprintf(stderr, "cannot run tshark\n");
    return 1;
  }
  std::size_t lines = 0;
  char line[4096];
  double tshark_peak_mib = -1;
  while (std::fgets(line, sizeof line, pipe)) {
    if (std::strncmp(line, "TSHARK_MAXRSS_KB ", 17) == 0) {
      tshark_peak_mib = std::strtod(line + 17, nullptr) / 1024.0;
    } else if (std::strstr(line, "<->") != nullptr) {
      ++lines;  // one line per conversation: "a:p <-> b:q  frames bytes ..."
    }
  }
  const int status = pclose(pipe);
  const double tshark_s = seconds_since(t_tshark) * scale;
  const std::size_t tshark_conversations = lines;
  std::printf("  tshark -q -z conv,tcp %.3f s%s (exit %d), %zu conversation lines%s\n", tshark_s,
              scale != 1.0 ? " (scaled)" : "", status, tshark_conversations,
              scale != 1.0 ? " in the prefix" : "");
  std::printf("  tshark rate          %.0f MB/s, %.2f M packets/s\n", mb / tshark_s,
              static_cast<double>(packets) / tshark_s / 1e6);
  std::printf("  tshark peak memory   %.0f MiB (GNU time %%M)%s\n", tshark_peak_mib,
              scale != 1.0 ? " on the prefix" : "");
  std::printf("\n  %-22s %12s %14s %12s\n", "", "MB/s", "M packets/s", "seconds");
  std::printf("  %-22s %12.0f %14.2f %12.3f\n", "tcpviz", mb / best, static_cast<double>(packets) / best / 1e6, best);
  std::printf("  %-22s %12.0f %14.2f %12.3f\n", "tshark conv,tcp", mb / tshark_s,
              static_cast<double>(packets) / tshark_s / 1e6, tshark_s);
  std::printf("  tcpviz / tshark      %.1fx   (goal: >= 1000 MB/s and >= 20x tshark)\n", tshark_s / best);
  return 0;
}
