// A capture opened in the app (DESIGN.md, core/pcap -> ui/): the packets read, the TCP
// connections rebuilt from them, and each connection's trace, built when it is picked. The
// bytes come from the platform (a dropped file in the page, a path on the desktop); reading
// works over a span, so this model never opens a file itself.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/trace/trace.hpp"
#include "core/util/result.hpp"
#include "ui/model/connection_list.hpp"

namespace tcpviz::ui {

class CaptureSession {
 public:
  // Reads the file. Errors: the reader's (naming the offset, e.g. "not a pcap or pcapng file:
  // magic 0x3c68746d at offset 0"), or a capture that holds no TCP connection at all (then
  // nothing could be shown; the message says what was skipped and why).
  static Result<std::shared_ptr<const CaptureSession>> open(std::string name, std::span<const std::uint8_t> file);

  const std::string& name() const { return name_; }
  const pcap::Capture& capture() const { return capture_; }
  const pcap::Conversations& conversations() const { return conversations_; }
  // One row per connection, in capture order (ids as pcap::summarize numbers them).
  const ConnectionList& connections() const { return connections_; }
  std::size_t connection_count() const { return conversations_.list.size(); }

  // Connection `id` as a trace with both ends' inferred states (pcap::conversation_to_trace);
  // nullptr for an id out of range.
  std::shared_ptr<const trace::Trace> trace_of(std::uint32_t id) const;

  // For the capture's info panel: "name: 17 packets, 2 TCP connections", what was skipped,
  // and every warning the reader met (each names its offset).
  std::vector<std::string> describe() const;

 private:
  CaptureSession() = default;

  std::string name_;
  pcap::Capture capture_;
  pcap::Conversations conversations_;
  ConnectionList connections_;
};

}  // namespace tcpviz::ui
