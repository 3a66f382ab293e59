// The narration panel: the lesson's question (and, once played, its answer), then what the
// current step means in plain words with the RFC reference. The same text is mirrored into
// the page's #tcpviz-narration element (WorkspaceView::narration_text).
#pragma once

#include <string>

#include "ui/model/workspace.hpp"
#include "ui/narration/narration.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

// The narration for the playhead, as plain text (lines separated by '\n').
std::string narration_plain_text(const narration::Narration& n);

void draw_narration_panel(const Workspace& w, const narration::Narration& n, Language lang);

}  // namespace tcpviz::ui
