#include "ui/layout/labels.hpp"

namespace tcpviz::ui::layout {

std::string segment_label(const trace::Segment& s, bool absolute) {
  std::string out = wire::flags_to_string(s.tcp.flags);
  if (out.empty()) out = "(no flags)";
  const std::uint32_t seq = absolute ? s.tcp.seq.raw() : s.rel_seq;
  out += " seq=" + std::to_string(seq);
  if (s.tcp.flags.ack()) {
    const std::uint32_t ack = absolute ? s.tcp.ack.raw() : s.rel_ack.value_or(s.tcp.ack.raw());
    out += " ack=" + std::to_string(ack);
  }
  if (s.tcp.payload_len > 0) out += " len=" + std::to_string(s.tcp.payload_len);
  return out;
}

std::string_view state_label(tcp::State s, bool linux_names) {
  return linux_names ? tcp::linux_name(s) : tcp::rfc_name(s);
}

}  // namespace tcpviz::ui::layout
