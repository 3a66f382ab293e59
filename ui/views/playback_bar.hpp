// The playback bar: play/pause, step to the previous/next event, speed, a scrub slider, fit,
// undo/redo. Keys (when no text field has focus): space play/pause, left/right step,
// Home/End jump, ctrl+Z / ctrl+Y undo/redo.
#pragma once

#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

void draw_playback_bar(const Workspace& w, Language lang, bool embed, Commands& out);
void handle_playback_keys(const Workspace& w, Commands& out);

}  // namespace tcpviz::ui
