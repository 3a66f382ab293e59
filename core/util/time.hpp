// Simulated and captured time. A moment is the time since the run (or capture) started, in
// whole microseconds: integer ticks keep every decision exact and identical on every
// platform, and a microsecond is finer than anything a lesson or a pcap needs.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>

namespace tcpviz {

using Duration = std::chrono::microseconds;
using Time = std::chrono::microseconds;  // since the start of the run

constexpr Duration from_ms(std::int64_t ms) { return std::chrono::milliseconds(ms); }

// Scenario files give milliseconds with fractions allowed; round to the nearest tick.
inline Duration from_ms_fraction(double ms) {
  return Duration(static_cast<std::int64_t>(std::llround(ms * 1000.0)));
}

constexpr double to_ms(Duration d) { return static_cast<double>(d.count()) / 1000.0; }

}  // namespace tcpviz
