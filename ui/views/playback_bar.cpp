#include "ui/views/playback_bar.hpp"

#include <array>
#include <cstdio>

#include "imgui.h"

namespace tcpviz::ui {

namespace {

constexpr std::array<double, 7> kSpeeds{0.25, 0.5, 1, 2, 4, 8, 16};

bool key_pressed(ImGuiKey key) {
  const int index = ImGui::GetKeyIndex(key);
  return index >= 0 && ImGui::IsKeyPressed(index);
}

}  // namespace

void handle_playback_keys(const Workspace& w, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (key_pressed(ImGuiKey_Space)) out.push_back(TogglePlay{});
  if (key_pressed(ImGuiKey_RightArrow)) out.push_back(Step{+1});
  if (key_pressed(ImGuiKey_LeftArrow)) out.push_back(Step{-1});
  if (key_pressed(ImGuiKey_Home)) out.push_back(JumpToStart{});
  if (key_pressed(ImGuiKey_End)) out.push_back(JumpToEnd{});
  if (io.KeyCtrl && key_pressed(ImGuiKey_Z) && w.can_undo()) out.push_back(Undo{});
  if (io.KeyCtrl && key_pressed(ImGuiKey_Y) && w.can_redo()) out.push_back(Redo{});
}

void draw_playback_bar(const Workspace& w, Language lang, bool embed, Commands& out) {
  const ViewState& v = w.view();
  if (ImGui::Button("|<")) out.push_back(JumpToStart{});
  ImGui::SameLine();
  if (ImGui::Button("<")) out.push_back(Step{-1});
  ImGui::SameLine();
  if (ImGui::Button(v.playing ? tr(lang, "Pause", "暂停") : tr(lang, "Play", "播放"))) {
    out.push_back(TogglePlay{});
  }
  ImGui::SameLine();
  if (ImGui::Button(">")) out.push_back(Step{+1});
  ImGui::SameLine();
  if (ImGui::Button(">|")) out.push_back(JumpToEnd{});
  ImGui::SameLine();

  char speed[16];
  std::snprintf(speed, sizeof speed, "%gx", v.speed);
  ImGui::SetNextItemWidth(70);
  if (ImGui::BeginCombo("##speed", speed)) {
    for (double s : kSpeeds) {
      char item[16];
      std::snprintf(item, sizeof item, "%gx", s);
      if (ImGui::Selectable(item, s == v.speed)) out.push_back(SetSpeed{s});
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(lang, "Fit", "适应"))) out.push_back(Fit{});
  if (!embed) {
    ImGui::SameLine();
    ImGui::BeginDisabled(!w.can_undo());
    if (ImGui::Button(tr(lang, "Undo", "撤销"))) out.push_back(Undo{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!w.can_redo());
    if (ImGui::Button(tr(lang, "Redo", "重做"))) out.push_back(Redo{});
    ImGui::EndDisabled();
  }
  ImGui::SameLine();

  // Scrubbing moves along the compressed axis, like playback, so TIME-WAIT does not take the
  // whole slider.
  const layout::TimeCompression& c = w.compression();
  float display = static_cast<float>(c.to_display_ms(v.playhead));
  const float total = static_cast<float>(c.total_display_ms());
  char label[32];
  std::snprintf(label, sizeof label, "%.1f ms", to_ms(v.playhead));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderFloat("##scrub", &display, 0.0f, total > 0 ? total : 1.0f, label)) {
    out.push_back(SetPlayhead{c.from_display_ms(display)});
  }
}

}  // namespace tcpviz::ui
