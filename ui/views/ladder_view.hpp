// The ladder diagram (DESIGN.md, ui/): draws layout::layout_ladder's shapes, animates the
// segments in flight at the playhead, and turns pointer gestures into fault commands:
// click toggles a drop, dragging the arrival end delays, the context menu offers drop,
// delay by N ms, duplicate and "drop every one like this"; wheel zooms, dragging the
// background pans, clicking the background moves the playhead. Touch (ui/input): a tap
// selects, one finger pans (or delays, when it starts on an arrival end), a pinch zooms.
// With UiContext::reduced_motion nothing flies or glides: the playhead steps event to event.
#pragma once

#include <cstdint>
#include <optional>

#include "imgui.h"
#include "ui/input/touch_gestures.hpp"
#include "ui/layout/ladder_layout.hpp"
#include "ui/model/workspace.hpp"
#include "ui/palette.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class LadderView {
 public:
  // Draws into the rest of the current window's content region (height: `height`, or all).
  void draw(const Workspace& w, const Palette& p, const UiContext& ctx, Language lang,
            Commands& out, float height = 0);
  // The last drawn layout, for window.tcpviz.layout() (pixels relative to the canvas).
  const layout::LayoutSnapshot& snapshot() const { return snapshot_; }
  const layout::LadderLayout& layout() const { return layout_; }
  // The canvas's top-left corner in screen pixels, as last drawn.
  ImVec2 canvas_origin() const { return origin_; }
  // The playhead's row on the canvas as last drawn (zoom keys keep it still).
  float playhead_y() const { return layout_.playhead_y; }

  // A finger, in ImGui display pixels (App scales SDL's normalised coordinates). Fingers
  // that land outside the canvas as last drawn are not the ladder's.
  void finger(input::FingerPhase phase, std::int64_t id, float x, float y);
  // A touch gesture is under way (the shell keeps redrawing).
  bool touching() const { return touch_.fingers() > 0; }

 private:
  void refresh_trace_facts(const Workspace& w);
  void draw_shapes(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin);
  void draw_bands(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin);
  void draw_arrows(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin);
  void draw_legend(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin);
  void draw_in_flight(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin,
                      bool reduced_motion);
  void apply_touch(ImVec2 origin, Commands& out);
  void handle_input(const Workspace& w, ImVec2 origin, Commands& out);
  void draw_context_menu(const Workspace& w, Language lang, Commands& out);

  layout::LadderLayout layout_;
  layout::LayoutSnapshot snapshot_;
  layout::TimeAxis axis_;
  ImVec2 origin_{0, 0};
  ImVec2 size_{0, 0};
  Time shown_playhead_{};  // the playhead as drawn (the last event, with reduced motion)
  int drawn_frame_ = -10;
  std::optional<std::uint32_t> hovered_;
  std::optional<std::uint32_t> dragging_;  // a segment whose arrival end is being dragged
  bool panning_ = false;
  std::optional<std::uint32_t> menu_segment_;
  int menu_delay_ms_ = 200;
  // Facts about the trace that take a pass over it: computed once per Workspace::revision.
  std::uint64_t facts_revision_ = ~std::uint64_t{0};
  Duration max_timer_{};
  std::uint32_t connections_ = 1;
  // Touch, and whether this frame's gesture owns the pointer (no mouse pan, no click).
  input::TouchGestures touch_;
  bool touch_claimed_ = false;
  bool following_ = false;  // gliding to bring the playhead back into view
};

}  // namespace tcpviz::ui
