// The clock a benchmark's core really ran at, measured in the same run as the benchmark.
//
// This machine's speed swings about twofold from hour to hour (a shared virtual machine), so
// a rate in lifecycles per CPU-second alone cannot say whether the clock was slow or each
// cycle did less (the host's other guests share its caches). Measuring the clock next to the
// rate splits the two: on 2026-11-22 the clock held at 2.1 to 2.3 GHz while a lifecycle took
// 4,842 to 7,613 cycles. The probe times a chain of dependent 64-bit multiplies:
// each waits for the one before, and IMUL r64,r64 has a latency of 3 cycles on the x86-64
// cores this runs on (Intel since Nehalem, AMD since Zen; Agner Fog's instruction tables), so
// multiplies x 3 / CPU time is the clock. Other targets (wasm) have no such fixed latency:
// there the probe reports nothing.
#pragma once

#include <cstdint>
#include <ctime>

namespace tcpviz::bench {

// Effective clock in GHz over `multiplies` dependent multiplies, or 0 where it cannot be
// measured. 10 million take about 15 ms at 2 GHz.
inline double probe_clock_ghz(std::uint64_t multiplies = 10'000'000) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  constexpr double kCyclesPerMultiply = 3.0;
  volatile std::uint64_t seed = 0x9E3779B97F4A7C15ull;
  std::uint64_t x = seed;
  const std::clock_t start = std::clock();
  for (std::uint64_t i = 0; i < multiplies; ++i) {
    x *= 0xD1B54A32D192ED03ull;
    // An empty asm that "changes" x: the compiler can neither fold the chain into fewer
    // multiplies (x * k * k = x * k^2) nor move it out of the timed region.
    __asm__ volatile("" : "+r"(x));
  }
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  seed = x;
  if (seconds <= 0) return 0;
  return static_cast<double>(multiplies) * kCyclesPerMultiply / seconds / 1e9;
#else
  (void)multiplies;
  return 0;
#endif
}

}  // namespace tcpviz::bench
