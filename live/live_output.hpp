// What a live run leaves behind: the trace JSON (core/trace/trace_json.hpp, the same form a
// simulation gives) and a pcap of the recorded segments.
#pragma once

#include <cstdint>

#include "core/trace/trace.hpp"
#include "live/live_options.hpp"

namespace tcpviz::live {

// Writes --trace and --pcap if given; prints what it wrote. False if a file could not be written.
// `start_epoch_us` is the wall-clock time of trace time 0, so the pcap shows real dates.
bool write_outputs(const trace::Trace& trace, const LiveOptions& options, std::int64_t start_epoch_us);

// Microseconds since 1970 now (the wall clock, read once at the start of a run).
std::int64_t wall_clock_epoch_us();

}  // namespace tcpviz::live
