// Capture import rate (issue 6): the capture's connection list (summarize_file: one pass over
// the file's bytes, nothing copied) as MB/s and packets/s with peak memory; then, in the same
// run, the same file through `tshark -r file -q -z conv,tcp`, printed side by side with the
// ratio. With --full it also times the full rebuild (read_capture + summarize: every packet
// copied and kept, the path used before issue 6 and still used for one connection's trace)
// and checks that both give identical summaries.
//
//   bench_pcap_import <file.pcap> [runs (default 3)] [--full] [--no-tshark] [--tshark-limit-mb N]
//
// The file is mapped with mmap (bench/ may use OS headers; core/ only sees a byte span). The
// first run's time includes faulting the mapping in from the page cache and is printed on its
// own line; the reported rate is the best of the runs, as before. With --tshark-limit-mb N
// tshark is run on only the first N MB of whole records (written next to the file) and its
// time scaled by size, which the output says.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/capture_summary.hpp"
#include "core/pcap/conversations.hpp"

using namespace tcpviz;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU time of this process (user + system): on a machine other work keeps busy, wall time
// measures the queue for a core as much as the import; both are printed.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string load_average() {
  char text[64] = "?";
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%63s", text) != 1) std::snprintf(text, sizeof text, "?");
    std::fclose(f);
  }
  return text;
}

// A "Name:  N kB" line of /proc/self/status, in MiB (-1 if missing).
double status_mib(const char* name) {
  double kb = -1;
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    const std::size_t n = std::strlen(name);
    while (std::fgets(line, sizeof line, f)) {
      if (std::strncmp(line, name, n) == 0 && line[n] == ':') kb = std::strtod(line + n + 1, nullptr);
    }
    std::fclose(f);
  }
  return kb < 0 ? -1 : kb / 1024.0;
}

// Peak resident set of this process (VmHWM), in MiB.
double peak_rss_mib(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

// The whole file, mapped read-only (nothing copied; pages come from the page cache).
std::span<const std::uint8_t> map_file(const char* path) {
  const int fd = ::open(path, O_RDONLY);
  if (fd < 0) return {};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    return {};
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return {};
  ::madvise(p, size, MADV_SEQUENTIAL);
  return {static_cast<const std::uint8_t*>(p), size};
}

bool same_summary(const pcap::ConnectionSummary& a, const pcap::ConnectionSummary& b) {
  return a.index == b.index && a.client == b.client && a.server == b.server &&
         a.handshake_complete == b.handshake_complete && a.packets == b.packets && a.frame_bytes == b.frame_bytes &&
         a.data_bytes == b.data_bytes && a.retransmissions == b.retransmissions && a.close == b.close &&
         a.start == b.start && a.duration == b.duration && a.packet_count == b.packet_count;
}

// The first `limit` bytes of a little- or big-endian classic pcap, cut at a record boundary.
std::size_t whole_records_prefix(std::span<const std::uint8_t> file, std::size_t limit) {
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
  bool run_full = false;
  std::size_t tshark_limit = 0;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-tshark") == 0) {
      run_tshark = false;
    } else if (std::strcmp(argv[i], "--full") == 0) {
      run_full = true;
    } else if (std::strcmp(argv[i], "--tshark-limit-mb") == 0 && i + 1 < argc) {
      tshark_limit = std::strtoull(argv[++i], nullptr, 10) * 1000000ull;
    } else {
      runs = std::atoi(argv[i]);
    }
  }
  if (runs < 1) runs = 1;

  const auto t_map = Clock::now();
  const std::span<const std::uint8_t> file = map_file(path);
  if (file.empty()) {
    std::fprintf(stderr, "cannot map %s (missing or empty)\n", path);
    return 1;
  }
  const double map_s = seconds_since(t_map);
  const double mb = static_cast<double>(file.size()) / 1e6;

  double best = 1e300, first_run = 0, best_cpu = 1e300;
  std::size_t packets = 0, connections = 0, retransmissions = 0, resets = 0, handshakes = 0;
  pcap::CaptureSummary fast;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    auto summary = pcap::summarize_file(file);
    const double total = seconds_since(t0);
    best_cpu = std::min(best_cpu, cpu_seconds() - c0);
    if (!summary) {
      std::fprintf(stderr, "summarize_file: %s\n", summary.error().message.c_str());
      return 1;
    }
    if (r == 0) first_run = total;
    best = std::min(best, total);
    fast = std::move(*summary);
  }
  packets = fast.packets;
  connections = fast.connections.size();
  for (const auto& s : fast.connections) {
    retransmissions += s.retransmissions;
    resets += s.close == pcap::CloseKind::Reset;
    handshakes += s.handshake_complete;
  }
  const double our_peak = peak_rss_mib(RUSAGE_SELF);

  std::printf("pcap import benchmark: %s\n", path);
  std::printf("  file                 %.1f MB (%zu bytes), %zu packets, mapped in %.3f s\n", mb, file.size(), packets,
              map_s);
  std::printf("  tcpviz summarize_file, first run (page faults on the mapping included): %.3f s = %.0f MB/s\n",
              first_run, mb / first_run);
  std::printf("  tcpviz summarize_file, best of %d: %.3f s\n", runs, best);
  std::printf("  tcpviz rate          %.0f MB/s, %.2f M packets/s (wall time)\n", mb / best,
              static_cast<double>(packets) / best / 1e6);
  std::printf("  tcpviz CPU time      %.3f s, best of %d = %.0f MB/s, %.2f M packets/s (load average now %s)\n",
              best_cpu, runs, mb / best_cpu, static_cast<double>(packets) / best_cpu / 1e6, load_average().c_str());
  std::printf("  tcpviz found         %zu connections (%zu full handshakes, %zu reset, %zu retransmissions)\n",
              connections, handshakes, resets, retransmissions);
  std::printf("  tcpviz peak memory   %.0f MiB (ru_maxrss; counts the mapped file's resident pages, %.0f MiB)\n",
              our_peak, static_cast<double>(file.size()) / 1048576.0);
  std::printf("  tcpviz memory now    %.0f MiB private (RssAnon) + %.0f MiB of the mapped file (RssFile, page cache)\n",
              status_mib("RssAnon"), status_mib("RssFile"));
  std::fflush(stdout);

  if (run_full) {
    // The path before issue 6, for the before/after comparison, and a check that the fast
    // summaries equal the full rebuild's on this file.
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    auto capture = pcap::read_capture(file);
    if (!capture) {
      std::fprintf(stderr, "read_capture: %s\n", capture.error().message.c_str());
      return 1;
    }
    const double t_capture = seconds_since(t0);
    const pcap::Conversations conv = pcap::find_conversations(*capture);
    std::vector<pcap::ConnectionSummary> full;
    full.reserve(conv.list.size());
    for (std::uint32_t i = 0; i < conv.list.size(); ++i) {
      full.push_back(pcap::summarize_conversation(*capture, conv.list[i], i));
    }
    const double total = seconds_since(t0);
    const double full_cpu = cpu_seconds() - c0;
    std::size_t differ = full.size() == fast.connections.size() ? 0 : 1;
    for (std::size_t i = 0; differ == 0 && i < full.size(); ++i) differ += !same_summary(full[i], fast.connections[i]);
    const bool same = differ == 0 && capture->packets.size() == fast.packets && capture->warnings == fast.warnings &&
                      conv.skipped.total() == fast.skipped.total();
    std::printf("  full rebuild         read_capture+find_conversations+summarize: %.3f s (read_capture %.3f s) = "
                "%.0f MB/s, %.2f M packets/s\n",
                total, t_capture, mb / total, static_cast<double>(capture->packets.size()) / total / 1e6);
    std::printf("  full rebuild CPU     %.3f s = %.0f MB/s\n", full_cpu, mb / full_cpu);
    std::printf("  full rebuild peak    %.0f MiB (ru_maxrss of the whole run)\n", peak_rss_mib(RUSAGE_SELF));
    std::printf("  summaries identical  %s (%zu connections)\n", same ? "yes" : "NO", full.size());
    std::fflush(stdout);
    if (!same) return 1;
  }
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
  // Peak memory through GNU time's %M: getrusage(RUSAGE_CHILDREN) would report this process's
  // own peak instead, which a forked child inherits (Linux copies the RSS high-water mark).
  const std::string command = "/usr/bin/time -f 'TSHARK_MAXRSS_KB %M %U %S' tshark -r '" + tshark_input +
                              "' -q -z conv,tcp 2>&1";
  const auto t_tshark = Clock::now();
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    std::fprintf(stderr, "cannot run tshark\n");
    return 1;
  }
  std::size_t lines = 0;
  char line[4096];
  double tshark_peak_mib = -1, tshark_cpu = 0;
  while (std::fgets(line, sizeof line, pipe)) {
    if (std::strncmp(line, "TSHARK_MAXRSS_KB ", 17) == 0) {
      char* rest = nullptr;
      tshark_peak_mib = std::strtod(line + 17, &rest) / 1024.0;
      const double user = std::strtod(rest, &rest);
      tshark_cpu = (user + std::strtod(rest, nullptr)) * scale;
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
  std::printf("  tshark CPU time      %.3f s%s = %.0f MB/s\n", tshark_cpu, scale != 1.0 ? " (scaled)" : "",
              mb / tshark_cpu);
  std::printf("  tshark peak memory   %.0f MiB (GNU time %%M)%s\n", tshark_peak_mib,
              scale != 1.0 ? " on the prefix" : "");
  std::printf("\n  %-24s %10s %13s %10s %10s %10s\n", "", "MB/s", "M packets/s", "wall s", "CPU s", "peak MiB");
  std::printf("  %-24s %10.0f %13.2f %10.3f %10.3f %10.0f\n", "tcpviz (best run)", mb / best,
              static_cast<double>(packets) / best / 1e6, best, best_cpu, our_peak);
  std::printf("  %-24s %10.0f %13.2f %10.3f %10s %10s\n", "tcpviz (first run)", mb / first_run,
              static_cast<double>(packets) / first_run / 1e6, first_run, "", "");
  std::printf("  %-24s %10.0f %13.2f %10.3f %10.3f %10.0f\n", "tshark -z conv,tcp", mb / tshark_s,
              static_cast<double>(packets) / tshark_s / 1e6, tshark_s, tshark_cpu, tshark_peak_mib);
  std::printf("  tcpviz / tshark      %.1fx wall (best run), %.1fx wall (first run), %.1fx CPU time\n",
              tshark_s / best, tshark_s / first_run, tshark_cpu / best_cpu);
  std::printf("  goal: >= 1000 MB/s and >= 20x tshark\n");
  return 0;
}
