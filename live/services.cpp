#include "live/services.hpp"

#include <algorithm>
#include <charconv>

namespace tcpviz::live {
namespace {

constexpr std::size_t kMaxRequestHead = 8192;  // a request head longer than this gets a 431

std::string http_response(std::string_view status, std::string_view body) {
  std::string r = "HTTP/1.1 ";
  r += status;
  r += "\r\nServer: tcpviz-live\r\nContent-Type: text/plain\r\nContent-Length: ";
  r += std::to_string(body.size());
  r += "\r\nConnection: close\r\n\r\n";
  r += body;
  return r;
}

}  // namespace

std::string_view service_name(ServiceKind k) {
  switch (k) {
    case ServiceKind::Echo: return "echo";
    case ServiceKind::Discard: return "discard";
    case ServiceKind::Http: return "http";
    case ServiceKind::Client: return "client";
  }
  return "?";
}

std::string_view http_body() { return "hello from the tcpviz user-space TCP host\n"; }

Result<ServiceSpec> parse_service(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  ServiceSpec spec;
  if (name == "echo") {
    spec = {ServiceKind::Echo, 7};
  } else if (name == "discard") {
    spec = {ServiceKind::Discard, 9};
  } else if (name == "http") {
    spec = {ServiceKind::Http, 80};
  } else {
    return Error{"--serve '" + std::string(text) + "': unknown service '" + std::string(name) +
                 "' (expected echo, discard or http)"};
  }
  if (colon != std::string_view::npos) {
    const std::string_view port_text = text.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return Error{"--serve '" + std::string(text) + "': port must be 1..65535"};
    }
    spec.port = static_cast<std::uint16_t>(port);
  }
  return spec;
}

AppReaction ServiceSession::on_established() {
  if (kind_ == ServiceKind::Client) return AppReaction{request_, false};
  return {};
}

AppReaction ServiceSession::on_data(std::span<const std::uint8_t> bytes) {
  bytes_received_ += bytes.size();
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  switch (kind_) {
    case ServiceKind::Echo:  // RFC 862: send back whatever arrives
      return AppReaction{std::string(text), false};
    case ServiceKind::Discard:  // RFC 863: throw it away
      return {};
    case ServiceKind::Client:
      if (first_line_.empty() || first_line_.find('\n') == std::string::npos) {
        first_line_ += text.substr(0, 200 - std::min<std::size_t>(200, first_line_.size()));
        if (auto nl = first_line_.find_first_of("\r\n"); nl != std::string::npos) {
          first_line_.resize(nl);
          first_line_ += '\n';
        }
      }
      return {};
    case ServiceKind::Http: {
      if (answered_) return {};
      pending_request_.append(text.substr(0, kMaxRequestHead + 4 - std::min(kMaxRequestHead + 4, pending_request_.size())));
      if (pending_request_.find("\r\n\r\n") == std::string::npos &&
          pending_request_.find("\n\n") == std::string::npos) {
        if (pending_request_.size() > kMaxRequestHead) {
          answered_ = true;
          return AppReaction{http_response("431 Request Header Fields Too Large", "too large\n"), true};
        }
        return {};
      }
      answered_ = true;
      if (pending_request_.rfind("GET ", 0) == 0 || pending_request_.rfind("HEAD ", 0) == 0) {
        return AppReaction{http_response("200 OK", http_body()), true};
      }
      return AppReaction{http_response("405 Method Not Allowed", "only GET\n"), true};
    }
  }
  return {};
}

AppReaction ServiceSession::on_eof() {
  // The HTTP service closed right after answering; never CLOSE twice.
  if (closed_ || (kind_ == ServiceKind::Http && answered_)) return {};
  closed_ = true;
  return AppReaction{{}, true};
}

}  // namespace tcpviz::live
