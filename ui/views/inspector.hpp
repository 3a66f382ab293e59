// The inspector: the selected segment's header fields (ports, seq/ack absolute and relative,
// flags, window, options, length, checksum), its bytes as a hex dump, what happened to it on
// the wire, and "why?": the RFC 9293 step its receiver's decision came from.
#pragma once

#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

void draw_inspector(const Workspace& w, Language lang);

}  // namespace tcpviz::ui
