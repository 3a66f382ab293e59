#include "ui/views/playback_bar.hpp"

#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui/input/keys.hpp"

namespace tcpviz::ui {

namespace {

using input::KeyAction;

constexpr double kZoomStep = 1.25;  // the same step as one mouse-wheel notch
constexpr double kPanStepPx = 60;

bool key_pressed(ImGuiKey key) {
  const int index = ImGui::GetKeyIndex(key);
  return index >= 0 && ImGui::IsKeyPressed(index);
}

// Whether the character bound to `a` was typed this frame (ImGui's text input queue: the
// same on every keyboard layout, unlike key codes for '+' or '[').
bool typed(KeyAction a) {
  const char c = input::key_char(a);
  if (c == 0) return false;
  const ImVector<ImWchar>& q = ImGui::GetIO().InputQueueCharacters;
  for (const ImWchar ch : q) {
    if (ch == static_cast<ImWchar>(c)) return true;
    if (a == KeyAction::ZoomIn && ch == '=') return true;  // '+' without shift
    if (a == KeyAction::Fit && ch == 'F') return true;
  }
  return false;
}

}  // namespace

void handle_playback_keys(const Workspace& w, float zoom_anchor_px, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  const ViewState& v = w.view();
  if (key_pressed(ImGuiKey_Space)) out.push_back(TogglePlay{});
  if (key_pressed(ImGuiKey_RightArrow)) out.push_back(Step{+1});
  if (key_pressed(ImGuiKey_LeftArrow)) out.push_back(Step{-1});
  if (key_pressed(ImGuiKey_Home)) out.push_back(JumpToStart{});
  if (key_pressed(ImGuiKey_End)) out.push_back(JumpToEnd{});
  if (key_pressed(ImGuiKey_UpArrow) || key_pressed(ImGuiKey_PageUp)) {
    out.push_back(Pan{key_pressed(ImGuiKey_PageUp) ? kPanStepPx * 4 : kPanStepPx});
  }
  if (key_pressed(ImGuiKey_DownArrow) || key_pressed(ImGuiKey_PageDown)) {
    out.push_back(Pan{key_pressed(ImGuiKey_PageDown) ? -kPanStepPx * 4 : -kPanStepPx});
  }
  if (io.KeyCtrl) {
    if (key_pressed(ImGuiKey_Z) && w.can_undo()) out.push_back(Undo{});
    if (key_pressed(ImGuiKey_Y) && w.can_redo()) out.push_back(Redo{});
    return;  // ctrl+'-' and the like belong to the browser (page zoom)
  }
  if (typed(KeyAction::SpeedUp)) out.push_back(SetSpeed{input::next_speed(v.speed, +1)});
  if (typed(KeyAction::SpeedDown)) out.push_back(SetSpeed{input::next_speed(v.speed, -1)});
  if (typed(KeyAction::ZoomIn)) out.push_back(Zoom{kZoomStep, zoom_anchor_px});
  if (typed(KeyAction::ZoomOut)) out.push_back(Zoom{1 / kZoomStep, zoom_anchor_px});
  if (typed(KeyAction::Fit)) out.push_back(Fit{});
}

void draw_key_help(Language lang) {
  if (!ImGui::BeginTable("##keys", 2, ImGuiTableFlags_SizingFixedFit)) return;
  for (const input::KeyBinding& b : input::kKeyBindings) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b.keys.data(), b.keys.data() + b.keys.size());
    ImGui::TableNextColumn();
    const std::string_view text = lang == Language::Zh ? b.zh : b.en;
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
  }
  ImGui::EndTable();
}

float playback_bar_height(bool compact) {
  const float row = ImGui::GetFrameHeightWithSpacing();
  return (compact ? 2 * row : row) + 4;
}

void draw_playback_bar(const Workspace& w, Language lang, bool embed, bool compact,
                       Commands& out) {
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
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("16x").x + ImGui::GetFrameHeight() +
                          ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::BeginCombo("##speed", speed)) {
    for (double s : input::kSpeeds) {
      char item[16];
      std::snprintf(item, sizeof item, "%gx", s);
      if (ImGui::Selectable(item, s == v.speed)) out.push_back(SetSpeed{s});
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(lang, "Fit", "适应"))) out.push_back(Fit{});
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    draw_key_help(lang);
    ImGui::EndTooltip();
  }
  if (!compact) ImGui::SameLine();
  if (!embed) {
    ImGui::BeginDisabled(!w.can_undo());
    if (ImGui::Button(tr(lang, "Undo", "撤销"))) out.push_back(Undo{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!w.can_redo());
    if (ImGui::Button(tr(lang, "Redo", "重做"))) out.push_back(Redo{});
    ImGui::EndDisabled();
    ImGui::SameLine();
  }

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
