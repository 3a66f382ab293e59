#include "core/sim/host.hpp"

namespace tcpviz::sim {

HostConfig& Host::reset() {
  endpoints_.clear();  // keeps capacity for the next run
  connections_made_ = 0;
  active.reset();
  last.reset();
  listener.reset();
  return config_;
}

wire::SeqNum Host::peek_isn(Time now) const {
  if (connections_made_ < config_.isn_list.size()) {
    return wire::SeqNum(config_.isn_list[connections_made_]);
  }
  const tcp::FourTuple tuple{config_.ip, config_.port, config_.peer_ip, config_.peer_port};
  return tcp::rfc6528_isn(now, tuple, config_.isn_secret);
}

std::uint32_t Host::add(const tcp::Connection& c, std::uint32_t conn, bool is_listener) {
  endpoints_.emplace_back(c, conn, is_listener);
  return static_cast<std::uint32_t>(endpoints_.size() - 1);
}

std::uint32_t Host::add_new(std::uint32_t conn, bool is_listener) {
  endpoints_.emplace_back(config_.connection, conn, is_listener);
  return static_cast<std::uint32_t>(endpoints_.size() - 1);
}

}  // namespace tcpviz::sim
