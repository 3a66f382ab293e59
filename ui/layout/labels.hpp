// The words on the ladder: a segment's label and a state's name, in the notation students
// see in Wireshark ("SYN|ACK seq=0 ack=1", relative numbers by default).
#pragma once

#include <string>
#include <string_view>

#include "core/tcp/state.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::ui::layout {

// "SYN seq=0", "SYN|ACK seq=0 ack=1", "PSH|ACK seq=1 ack=1 len=100"; with `absolute`, the
// numbers as on the wire. ack= appears only when the ACK flag is set (RFC 9293 3.1: the
// acknowledgment field is meaningful only then).
std::string segment_label(const trace::Segment& s, bool absolute);

// "SYN-RECEIVED" (RFC 9293 3.3.2) or, with `linux_names`, "SYN_RECV" (as `ss` prints it).
std::string_view state_label(tcp::State s, bool linux_names);

}  // namespace tcpviz::ui::layout
