#include "ui/views/workspace_view.hpp"

#include <algorithm>

#include "imgui.h"
#include "ui/views/inspector.hpp"
#include "ui/views/narration_panel.hpp"
#include "ui/views/playback_bar.hpp"
#include "ui/views/preset_picker.hpp"
#include "ui/views/state_diagram.hpp"

namespace tcpviz::ui {

namespace {

constexpr ImGuiWindowFlags kCanvasFlags =
    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

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

bool WorkspaceView::draw(Workspace& w, const UiContext& ctx) {
  const bool moved = w.advance(ctx.dt_seconds);
  const Language lang = ctx.language.value_or(w.view().options.language);
  const Palette& p = palette(w.view().options.theme);
  apply_theme(w.view().options.theme);
  refresh_narration(w, lang);

  Commands out;
  handle_playback_keys(w, out);
  const float bar_h = ImGui::GetFrameHeightWithSpacing() + 4;
  if (ctx.embed) {
    const float h = std::max(ImGui::GetContentRegionAvail().y - bar_h, 120.0f);
    ImGui::BeginChild("##ladder_pane", ImVec2(0, h), false, kCanvasFlags);
    ladder_.draw(w, p, lang, out);
    ImGui::EndChild();
    draw_playback_bar(w, lang, /*embed=*/true, out);
  } else {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = std::clamp(avail.x * 0.34f, 280.0f * ctx.dpi_scale, 520.0f * ctx.dpi_scale);
    const float ladder_w = std::max(avail.x - side_w - ImGui::GetStyle().ItemSpacing.x, 200.0f);
    ImGui::BeginChild("##left", ImVec2(ladder_w, 0), false, kCanvasFlags);
    const float h = std::max(ImGui::GetContentRegionAvail().y - bar_h, 120.0f);
    ImGui::BeginChild("##ladder_pane", ImVec2(0, h), false, kCanvasFlags);
    ladder_.draw(w, p, lang, out);
    ImGui::EndChild();
    draw_playback_bar(w, lang, /*embed=*/false, out);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##side", ImVec2(0, 0), true);
    draw_side_panels(w, p, lang, out);
    ImGui::EndChild();
  }

  const bool dragging = ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  for (const Command& c : out) w.apply(c);
  return moved || w.view().playing || dragging || !out.empty();
}

void WorkspaceView::draw_side_panels(const Workspace& w, const Palette& p, Language lang,
                                     Commands& out) {
  constexpr ImGuiTreeNodeFlags kOpen = ImGuiTreeNodeFlags_DefaultOpen;
  // captures: while a capture is on screen, its connections come first.
  if (w.capture() != nullptr && ImGui::CollapsingHeader(tr(lang, "Connections", "连接列表"), kOpen)) {
    connections_.draw(w, lang, out);
  }
  if (ImGui::CollapsingHeader(tr(lang, "What is happening", "正在发生什么"), kOpen)) {
    draw_narration_panel(w, narration_, lang);
  }
  if (ImGui::CollapsingHeader(tr(lang, "State diagram", "状态图"), kOpen)) {
    draw_state_diagram(w, p, lang);
  }
  if (ImGui::CollapsingHeader(tr(lang, "Segment", "报文详情"), kOpen)) {
    inspector_.draw(w, lang);
  }
  if (ImGui::CollapsingHeader(tr(lang, "Settings", "设置"), kOpen)) {
    ImGui::PushID("settings");
    // captures: a fixed trace has no scenario to edit; its facts and the way back instead.
    if (w.is_simulation()) {
      settings_.draw(w, lang, out);
    } else {
      ConnectionsPanel::draw_trace_info(w, lang, out);
    }
    ImGui::PopID();
  }
  if (ImGui::CollapsingHeader(tr(lang, "Lessons", "课程场景"), kOpen)) {
    draw_preset_picker(w, lang, out);
  }
}

}  // namespace tcpviz::ui
