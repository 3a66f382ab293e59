// The ladder diagram (DESIGN.md, ui/): draws layout::layout_ladder's shapes, animates the
// segments in flight at the playhead, and turns pointer gestures into fault commands:
// click toggles a drop, dragging the arrival end delays, the context menu offers drop,
// delay by N ms, duplicate and "drop every one like this"; wheel zooms, dragging the
// background pans, clicking the background moves the playhead.
#pragma once

#include <cstdint>
#include <optional>

#include "imgui.h"
#include "ui/layout/ladder_layout.hpp"
#include "ui/model/workspace.hpp"
#include "ui/palette.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class LadderView {
 public:
  // Draws into the rest of the current window's content region (height: `height`, or all).
  void draw(const Workspace& w, const Palette& p, Language lang, Commands& out, float height = 0);
  // The last drawn layout, for window.tcpviz.layout() (pixels relative to the canvas).
  const layout::LayoutSnapshot& snapshot() const { return snapshot_; }
  const layout::LadderLayout& layout() const { return layout_; }
  // The canvas's top-left corner in screen pixels, as last drawn.
  ImVec2 canvas_origin() const { return origin_; }

 private:
  void draw_shapes(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin);
  void draw_in_flight(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin);
  void handle_input(const Workspace& w, ImVec2 origin, Commands& out);
  void draw_context_menu(const Workspace& w, Language lang, Commands& out);

  layout::LadderLayout layout_;
  layout::LayoutSnapshot snapshot_;
  layout::TimeAxis axis_;
  ImVec2 origin_{0, 0};
  std::optional<std::uint32_t> hovered_;
  std::optional<std::uint32_t> dragging_;  // a segment whose arrival end is being dragged
  bool panning_ = false;
  std::optional<std::uint32_t> menu_segment_;
  int menu_delay_ms_ = 200;
};

}  // namespace tcpviz::ui
