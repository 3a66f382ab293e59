#include "live/relay.hpp"

#include <cstdio>

namespace tcpviz::live {

int run_relay(const LiveOptions&) {
  std::fprintf(stderr, "tcpviz live: relay mode is not implemented yet\n");
  return 1;
}

}  // namespace tcpviz::live
