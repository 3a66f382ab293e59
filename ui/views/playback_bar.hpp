// The playback bar: play/pause, step to the previous/next event, speed, a scrub slider, fit,
// undo/redo, and a "?" listing the keys. Keys (when no text field has focus) are those of
// ui/input/keys.hpp: space, left/right, Home/End, [ ], + -, up/down, F, ctrl+Z / ctrl+Y.
#pragma once

#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

// compact: two rows (the buttons, then undo/redo and the slider), for a phone-width canvas.
void draw_playback_bar(const Workspace& w, Language lang, bool embed, bool compact, Commands& out);
// The height draw_playback_bar takes, so the ladder above it can leave the room.
float playback_bar_height(bool compact);
// zoom_anchor_px: the canvas row zoom keys keep still (the playhead's), in canvas pixels.
void handle_playback_keys(const Workspace& w, float zoom_anchor_px, Commands& out);
// The key list (ui/input/keys.hpp) as a two-column table: the Help menu and the "?" tooltip.
void draw_key_help(Language lang);

}  // namespace tcpviz::ui
