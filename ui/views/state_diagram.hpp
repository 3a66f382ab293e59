// RFC 9293's connection state diagram (section 3.3.2, figure 5) with both endpoints' states
// at the playhead highlighted and the transition each side took last lit.
#pragma once

#include "ui/model/workspace.hpp"
#include "ui/palette.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

void draw_state_diagram(const Workspace& w, const Palette& p, Language lang);

}  // namespace tcpviz::ui
