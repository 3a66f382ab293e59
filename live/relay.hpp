// Relay mode (DESIGN.md live/): frames pass between two TAP devices, each the link of a real
// host; every TCP segment is recorded and the fault rules apply to real segments.
#pragma once

#include "live/live_options.hpp"

namespace tcpviz::live {

int run_relay(const LiveOptions& options);

}  // namespace tcpviz::live
