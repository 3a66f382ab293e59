// The views' one entry point (DESIGN.md, ui/): the shell's frame() owns a Workspace and a
// WorkspaceView and calls draw() once per frame inside its main window. draw() advances
// playback, draws every panel (or, embedded, only the ladder and the playback bar), then
// applies the commands the views emitted, in order. The view keeps only presentation state
// (drags, edit buffers, the last layout), so it holds no globals.
#pragma once

#include <cstdint>
#include <string>

#include "ui/layout/ladder_layout.hpp"
#include "ui/model/workspace.hpp"
#include "ui/narration/narration.hpp"
#include "ui/views/connections_panel.hpp"
#include "ui/views/inspector.hpp"
#include "ui/views/ladder_view.hpp"
#include "ui/views/settings_panel.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class WorkspaceView {
 public:
  // Returns true while something moves (playing, dragging): the shell keeps redrawing
  // continuously only then (DESIGN.md: "redraw continuously only while something moves").
  bool draw(Workspace& w, const UiContext& ctx);

  // window.tcpviz.layout(): the ladder as last drawn, in pixels relative to its canvas.
  const layout::LayoutSnapshot& current_layout() const { return ladder_.snapshot(); }
  // Where that canvas is on screen (for mapping page coordinates), in screen pixels.
  ImVec2 ladder_origin() const { return ladder_.canvas_origin(); }
  std::string current_layout_json() const { return layout::snapshot_json(ladder_.snapshot()); }
  // The narration of the current step as plain text, for the page's #tcpviz-narration.
  const std::string& narration_text() const { return narration_text_; }

 private:
  void draw_side_panels(const Workspace& w, const Palette& p, Language lang, Commands& out);
  void refresh_narration(const Workspace& w, Language lang);
  void apply_theme(Theme t);

  LadderView ladder_;
  InspectorView inspector_;
  SettingsPanel settings_;
  ConnectionsPanel connections_;  // captures
  narration::Narration narration_;
  std::string narration_text_;
  // What the cached narration was made from.
  std::uint64_t narrated_revision_ = ~std::uint64_t{0};
  Time narrated_playhead_{-1};
  int narrated_language_ = -1;
  int applied_theme_ = -1;
};

// The same, as the free function the design names: draws `view` for `w`.
inline bool draw_workspace(WorkspaceView& view, Workspace& w, const UiContext& ctx) {
  return view.draw(w, ctx);
}

}  // namespace tcpviz::ui
