#include "ui/model/capture_session.hpp"

#include <utility>

#include "core/pcap/observer.hpp"

namespace tcpviz::ui {

Result<std::shared_ptr<const CaptureSession>> CaptureSession::open(std::string name,
                                                                   std::span<const std::uint8_t> file) {
  Result<pcap::Capture> read = pcap::read_capture(file);
  if (!read) return Error{name + ": " + read.error().message};
  // Not make_shared: the constructor is private, so only open() builds a session.
  std::shared_ptr<CaptureSession> s(new CaptureSession());
  s->name_ = std::move(name);
  s->capture_ = std::move(read).value();
  s->conversations_ = pcap::find_conversations(s->capture_);
  if (s->conversations_.list.empty()) {
    std::string message = s->name_ + ": no TCP connection in " + std::to_string(s->capture_.packets.size()) + " packets";
    const std::string skipped = s->conversations_.skipped.describe();
    if (!skipped.empty()) message += " (" + skipped + ")";
    for (const std::string& w : s->capture_.warnings) message += "; " + w;
    return Error{std::move(message)};
  }
  s->connections_ = ConnectionList::from_capture(s->capture_, s->conversations_);
  return std::shared_ptr<const CaptureSession>(std::move(s));
}

std::shared_ptr<const trace::Trace> CaptureSession::trace_of(std::uint32_t id) const {
  if (id >= conversations_.list.size()) return nullptr;
  return std::make_shared<const trace::Trace>(pcap::conversation_to_trace(capture_, conversations_.list[id]));
}

std::vector<std::string> CaptureSession::describe() const {
  std::vector<std::string> lines;
  lines.push_back(name_ + ": " + std::to_string(capture_.packets.size()) + " packets, " +
                  std::to_string(conversations_.list.size()) + " TCP connection" +
                  (conversations_.list.size() == 1 ? "" : "s"));
  const std::string skipped = conversations_.skipped.describe();
  if (!skipped.empty()) lines.push_back(skipped);
  for (const std::string& w : capture_.warnings) lines.push_back("warning: " + w);
  return lines;
}

}  // namespace tcpviz::ui
