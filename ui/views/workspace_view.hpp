// The views' one entry point (DESIGN.md, ui/): the shell's frame() owns a Workspace and a
// WorkspaceView and calls draw() once per frame inside its main window. draw() advances
// playback, draws every panel (or, embedded, only the ladder and the playback bar), then
// applies the commands the views emitted, in order. The view keeps only presentation state
// (drags, edit buffers, the last layout), so it holds no globals.
//
// Layout: on a wide canvas the ladder and the playback bar on the left, the side panels as
// collapsing headers on the right. Below layout::kNarrowCssPx (a phone) the panels become
// tabs beside a "Ladder" tab that gets the full width. Both come from one list of panels,
// WorkspaceView::panels(): adding a panel is one line there.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ui/input/touch_gestures.hpp"
#include "ui/layout/ladder_layout.hpp"
#include "ui/model/workspace.hpp"
#include "ui/narration/narration.hpp"
#include "ui/views/connections_panel.hpp"
#include "ui/views/inspector.hpp"
#include "ui/views/ladder_view.hpp"
#include "ui/views/lessons_panel.hpp"
#include "ui/views/settings_panel.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

// A side panel: its header (wide) or tab (narrow) names, and how to draw its body.
struct Panel {
  const char* title_en;
  const char* title_zh;
  const char* tab_en;  // short, for the phone's tab bar
  const char* tab_zh;
  std::function<void()> draw;
};

class WorkspaceView {
 public:
  // Returns true while something moves (playing, dragging): the shell keeps redrawing
  // continuously only then (DESIGN.md: "redraw continuously only while something moves").
  bool draw(Workspace& w, const UiContext& ctx);

  // A finger on the screen (SDL_FINGER*), in ImGui display pixels: the ladder's touch
  // gestures. Call between frames, as the platform polls events.
  void finger(input::FingerPhase phase, std::int64_t id, float x, float y) {
    ladder_.finger(phase, id, x, y);
  }

  // window.tcpviz.layout(): the ladder as last drawn, in pixels relative to its canvas.
  const layout::LayoutSnapshot& current_layout() const { return ladder_.snapshot(); }
  // Where that canvas is on screen (for mapping page coordinates), in screen pixels.
  ImVec2 ladder_origin() const { return ladder_.canvas_origin(); }
  std::string current_layout_json() const { return layout::snapshot_json(ladder_.snapshot()); }
  // The narration of the current step as plain text, for the page's #tcpviz-narration.
  const std::string& narration_text() const { return narration_text_; }
  // The lessons panels (common mistakes, predict mode): the menu and the page drive them too.
  LessonsPanel& lessons() { return lessons_; }
  // Whether the last frame used the phone layout (tabs).
  bool narrow() const { return narrow_; }
  // The phone layout's tabs: 0 is the ladder, 1.. the panels in panels() order. show_tab
  // selects one on the next frame (a menu entry asking for its panel; the smoke test).
  std::size_t tab_count() const { return tab_count_; }
  void show_tab(std::size_t index) { pending_tab_ = index; }

 private:
  // Every side panel, in order. Add a panel here (one line), and its member above if it
  // keeps state; the wide and the narrow layouts both pick it up.
  std::vector<Panel> panels(const Workspace& w, const Palette& p, Language lang, Commands& out);
  void draw_ladder_and_bar(const Workspace& w, const Palette& p, const UiContext& ctx,
                           Language lang, bool compact, Commands& out);
  void draw_wide(const Workspace& w, const Palette& p, const UiContext& ctx, Language lang,
                 Commands& out);
  void draw_narrow(const Workspace& w, const Palette& p, const UiContext& ctx, Language lang,
                   Commands& out);
  void refresh_narration(const Workspace& w, Language lang);
  void apply_theme(Theme t);

  LadderView ladder_;
  InspectorView inspector_;
  SettingsPanel settings_;
  ConnectionsPanel connections_;  // captures
  LessonsPanel lessons_;
  narration::Narration narration_;
  std::string narration_text_;
  // What the cached narration was made from.
  std::uint64_t narrated_revision_ = ~std::uint64_t{0};
  Time narrated_playhead_{-1};
  int narrated_language_ = -1;
  int applied_theme_ = -1;
  bool narrow_ = false;
  std::size_t tab_count_ = 1;
  std::optional<std::size_t> pending_tab_;
};

// The same, as the free function the design names: draws `view` for `w`.
inline bool draw_workspace(WorkspaceView& view, Workspace& w, const UiContext& ctx) {
  return view.draw(w, ctx);
}

}  // namespace tcpviz::ui
