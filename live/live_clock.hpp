// Real time for the live modes: a monotonic clock read as tcpviz::Time since the start of the
// run, the same unit the simulator's traces use. Never the wall clock, which can jump.
#pragma once

#include <chrono>
#include <optional>

#include "core/util/time.hpp"

namespace tcpviz::live {

class LiveClock {
 public:
  LiveClock() : start_(std::chrono::steady_clock::now()) {}
  Time now() const {
    return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now() - start_);
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// How long to poll: until `deadline` (rounded up to the next millisecond so a timer is never
// polled for 0 ms too early), at most `cap`.
inline std::chrono::milliseconds poll_timeout(Time now, std::optional<Time> deadline,
                                              std::chrono::milliseconds cap) {
  if (!deadline) return cap;
  if (*deadline <= now) return std::chrono::milliseconds(0);
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(*deadline - now);
  return ms < cap ? ms : cap;
}

}  // namespace tcpviz::live
