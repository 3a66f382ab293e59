// The host's private record of one connection (see host.hpp): the core's state machine plus
// what the core leaves to its owner -- the payload bytes and the application.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/tcp/connection.hpp"
#include "core/trace/trace.hpp"
#include "live/host.hpp"
#include "live/services.hpp"

namespace tcpviz::live {

struct Host::LiveConnection {
  explicit LiveConnection(const tcp::ConnectionConfig& cfg) : tcp(cfg) {}

  tcp::Connection tcp;
  std::uint32_t conn = 0;                 // the trace's connection number
  trace::Side ours = trace::Side::Server;  // our role in this connection
  wire::Ipv4Address remote_ip;
  std::uint16_t remote_port = 0;
  std::uint16_t local_port = 0;
  std::optional<ServiceSession> session;
  // Bytes queued by the application and not yet acknowledged; send_buffer[0] has sequence
  // number send_base (ISS + 1 at first: the SYN takes ISS, RFC 9293 3.4).
  std::string send_buffer;
  wire::SeqNum send_base;
  // Out-of-order payload: tcp::Connection holds such data in sequence space only (RFC 9293
  // 3.10.7.4 seventh step, "the owner keeps the bytes"); these are the bytes, by their first
  // sequence number, until a Data event pulls them in order.
  std::vector<std::pair<wire::SeqNum, std::string>> held_data;
  std::size_t held_bytes = 0;
  bool app_closed = false;
  Time created{};
};

}  // namespace tcpviz::live
