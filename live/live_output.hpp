// What a live run leaves behind: the trace JSON (core/trace/trace_json.hpp, the same form a
// simulation gives) and a pcap of the recorded segments.
#pragma once

#include "core/trace/trace.hpp"
#include "live/live_options.hpp"

namespace tcpviz::live {

// Writes --trace and --pcap if given; prints what it wrote. False if a file could not be written.
bool write_outputs(const trace::Trace& trace, const LiveOptions& options);

}  // namespace tcpviz::live
