// What the live host's applications do with a connection: the classic small services
// (echo, RFC 862; discard, RFC 863), a tiny HTTP/1.0-style server, and the client side of
// `--connect`. Each is a small state machine over bytes; the host turns its reactions into
// tcp::Connection calls (send, close).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace tcpviz::live {

enum class ServiceKind : std::uint8_t { Echo, Discard, Http, Client };
std::string_view service_name(ServiceKind k);

struct ServiceSpec {
  ServiceKind kind = ServiceKind::Echo;
  std::uint16_t port = 7;
};

// "http:80", "echo:7", "discard:9", or a bare name with its well-known port ("echo" is 7,
// "discard" 9, "http" 80).
Result<ServiceSpec> parse_service(std::string_view text);

struct AppReaction {
  std::string send;    // bytes to queue
  bool close = false;  // then CLOSE (FIN after the queued data)
};

class ServiceSession {
 public:
  // `request` is what a Client sends once established; unused by the servers.
  explicit ServiceSession(ServiceKind kind, std::string request = {})
      : kind_(kind), request_(std::move(request)) {}

  AppReaction on_established();
  AppReaction on_data(std::span<const std::uint8_t> bytes);
  // The peer's FIN arrived: every service here closes its side too.
  AppReaction on_eof();

  ServiceKind kind() const { return kind_; }
  std::uint64_t bytes_received() const { return bytes_received_; }
  // For a Client: the first line of what came back ("HTTP/1.1 200 OK"), for the log.
  const std::string& first_line() const { return first_line_; }

 private:
  ServiceKind kind_;
  std::string request_;
  std::string pending_request_;  // HTTP: bytes of the request head seen so far
  std::string first_line_;
  bool answered_ = false;
  bool closed_ = false;
  std::uint64_t bytes_received_ = 0;
};

// The body the HTTP service answers every GET with (tests compare against it).
std::string_view http_body();

}  // namespace tcpviz::live
