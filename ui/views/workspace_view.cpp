#include "ui/views/workspace_view.hpp"

#include <algorithm>
#include <string>

#include "imgui.h"
#include "ui/layout/responsive.hpp"
#include "ui/views/inspector.hpp"
#include "ui/views/narration_panel.hpp"
#include "ui/views/playback_bar.hpp"
#include "ui/views/preset_picker.hpp"
#include "ui/views/state_diagram.hpp"

namespace tcpviz::ui {

namespace {

constexpr ImGuiWindowFlags kCanvasFlags =
    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

// "Label###id": the id stays the same when the language changes, so ImGui keeps which
// header is open and which tab is selected.
std::string labelled(const char* shown, const char* id) {
  return std::string(shown) + "###" + id;
}

}  // namespace

void WorkspaceView::apply_theme(Theme t) {
  if (applied_theme_ == static_cast<int>(t)) return;
  applied_theme_ = static_cast<int>(t);
  if (palette(t).dark) {
    ImGui::StyleColorsDark();
  } else {
    ImGui::StyleColorsLight();
  }
}

void WorkspaceView::refresh_narration(const Workspace& w, Language lang) {
  if (narrated_revision_ == w.revision() && narrated_playhead_ == w.view().playhead &&
      narrated_language_ == static_cast<int>(lang)) {
    return;
  }
  narration_ = narration::narrate(w.trace(), w.view().playhead, lang,
                                  w.view().options.linux_state_names, w.max_flight());
  narration_text_ = narration_plain_text(narration_);
  narrated_revision_ = w.revision();
  narrated_playhead_ = w.view().playhead;
  narrated_language_ = static_cast<int>(lang);
}

std::vector<Panel> WorkspaceView::panels(const Workspace& w, const Palette& p, Language lang,
                                         Commands& out) {
  // The lambdas run before this frame ends; `lang` is copied (a by-value parameter).
  std::vector<Panel> list;
  // captures: while a capture is on screen, its connections come first.
  if (w.capture() != nullptr) {
    list.push_back({"Connections", "连接列表", "Conns", "连接", [&, lang] { connections_.draw(w, lang, out); }});
  }
  std::vector<Panel> usual = {
      {"What is happening", "正在发生什么", "Story", "讲解",
       [&, lang] { draw_narration_panel(w, narration_, lang); }},
      {"State diagram", "状态图", "States", "状态", [&, lang] { draw_state_diagram(w, p, lang); }},
      {"Segment", "报文详情", "Segment", "报文", [&, lang] { inspector_.draw(w, lang); }},
      {"Settings", "设置", "Settings", "设置",
       [&, lang] {
         // captures: a fixed trace has no scenario to edit; its facts and the way back instead.
         if (w.is_simulation()) {
           settings_.draw(w, lang, out);
         } else {
           ConnectionsPanel::draw_trace_info(w, lang, out);
         }
       }},
      {"Lessons", "课程场景", "Lessons", "课程", [&, lang] { draw_preset_picker(w, lang, out); }},
      {"Common mistakes", "常见错误", "Mistakes", "错误", [&, lang] { lessons_.draw_mistakes(w, lang, out); }},
      {"Predict", "预测", "Predict", "预测", [&, lang] { lessons_.draw_predict(w, lang, out); }},
  };
  for (Panel& panel : usual) list.push_back(std::move(panel));
  return list;
}

bool WorkspaceView::draw(Workspace& w, const UiContext& ctx) {
  const bool moved = w.advance(ctx.dt_seconds);
  const Language lang = ctx.language.value_or(w.view().options.language);
  const Palette& p = palette(w.view().options.theme);
  apply_theme(w.view().options.theme);
  {  // lessons: finish a "Show me", hold playback just before a predicted arrival (applied at
     // once, so this frame never draws the segment arriving)
    Commands lesson_cmds;
    lessons_.update(w, lesson_cmds);
    for (const Command& c : lesson_cmds) w.apply(c);
  }
  refresh_narration(w, lang);
  narrow_ = layout::is_narrow(ImGui::GetIO().DisplaySize.x, ctx.dpi_scale);

  Commands out;
  // Zoom keys keep the playhead's row still (canvas pixels, as Zoom::anchor_px).
  handle_playback_keys(w, ladder_.playhead_y(), out);
  if (narrow_) {
    // Finger-sized controls: 8 x 7 px of padding makes a button about 30 px tall.
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, 7));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 6));
  }
  if (ctx.embed) {
    draw_ladder_and_bar(w, p, ctx, lang, narrow_, out);
  } else if (narrow_) {
    draw_narrow(w, p, ctx, lang, out);
  } else {
    draw_wide(w, p, ctx, lang, out);
  }
  if (narrow_) ImGui::PopStyleVar(2);

  const bool dragging = ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  for (const Command& c : out) w.apply(c);
  return moved || w.view().playing || dragging || ladder_.touching() || !out.empty();
}

void WorkspaceView::draw_ladder_and_bar(const Workspace& w, const Palette& p, const UiContext& ctx,
                                        Language lang, bool compact, Commands& out) {
  const bool bar_compact = compact || layout::is_compact_bar(ImGui::GetContentRegionAvail().x,
                                                             ctx.dpi_scale);
  const float bar_h = playback_bar_height(bar_compact);
  const float h = std::max(ImGui::GetContentRegionAvail().y - bar_h, 120.0f);
  ImGui::BeginChild("##ladder_pane", ImVec2(0, h), false, kCanvasFlags);
  ladder_.draw(w, p, ctx, lang, out);
  ImGui::EndChild();
  draw_playback_bar(w, lang, ctx.embed, bar_compact, out);
}

void WorkspaceView::draw_wide(const Workspace& w, const Palette& p, const UiContext& ctx,
                              Language lang, Commands& out) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side_w = std::clamp(avail.x * 0.34f, 280.0f * ctx.dpi_scale, 520.0f * ctx.dpi_scale);
  const float ladder_w = std::max(avail.x - side_w - ImGui::GetStyle().ItemSpacing.x, 200.0f);
  ImGui::BeginChild("##left", ImVec2(ladder_w, 0), false, kCanvasFlags);
  draw_ladder_and_bar(w, p, ctx, lang, false, out);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##side", ImVec2(0, 0), true);
  for (const Panel& panel : panels(w, p, lang, out)) {
    const std::string header = labelled(tr(lang, panel.title_en, panel.title_zh), panel.title_en);
    if (ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      ImGui::PushID(panel.title_en);
      panel.draw();
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
}

void WorkspaceView::draw_narrow(const Workspace& w, const Palette& p, const UiContext& ctx,
                                Language lang, Commands& out) {
  // Tabs scroll sideways when they do not all fit (a 360 px phone shows about five).
  constexpr ImGuiTabBarFlags kTabs =
      ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_NoTooltip;
  if (!ImGui::BeginTabBar("##panels", kTabs)) return;
  const auto flags = [&](std::size_t index) {
    return pending_tab_ == index ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  };
  const std::string ladder_tab = labelled(tr(lang, "Ladder", "时序图"), "Ladder");
  if (ImGui::BeginTabItem(ladder_tab.c_str(), nullptr, flags(0))) {
    draw_ladder_and_bar(w, p, ctx, lang, true, out);
    ImGui::EndTabItem();
  }
  const std::vector<Panel> list = panels(w, p, lang, out);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Panel& panel = list[i];
    const std::string tab = labelled(tr(lang, panel.tab_en, panel.tab_zh), panel.title_en);
    if (ImGui::BeginTabItem(tab.c_str(), nullptr, flags(i + 1))) {
      ImGui::BeginChild("##panel_body", ImVec2(0, 0), false);
      ImGui::PushID(panel.title_en);
      panel.draw();
      ImGui::PopID();
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
  }
  ImGui::EndTabBar();
  tab_count_ = list.size() + 1;
  pending_tab_.reset();
}

}  // namespace tcpviz::ui
