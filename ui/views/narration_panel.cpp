#include "ui/views/narration_panel.hpp"

#include "core/scenario/presets.hpp"
#include "imgui.h"

namespace tcpviz::ui {

std::string narration_plain_text(const narration::Narration& n) {
  std::string out;
  for (const narration::Line& l : n.lines) {
    if (!out.empty()) out += '\n';
    out += l.text;
    if (!l.rfc.empty()) out += " (" + l.rfc + ")";
  }
  return out;
}

void draw_narration_panel(const Workspace& w, const narration::Narration& n, Language lang) {
  const bool zh = lang == Language::Zh;
  if (const scenario::Preset* p = scenario::find_preset(w.preset_id())) {
    const std::string_view title = zh ? p->title_zh : p->title_en;
    const std::string_view question = zh ? p->question_zh : p->question_en;
    ImGui::TextWrapped("%.*s", static_cast<int>(title.size()), title.data());
    ImGui::TextDisabled("%.*s", static_cast<int>(question.size()), question.data());
    if (w.view().playhead >= w.trace().end) {
      if (const auto answer = narration::preset_answer(p->id, lang)) {
        ImGui::TextWrapped("%.*s", static_cast<int>(answer->size()), answer->data());
      }
    }
    ImGui::Separator();
  }
  ImGui::TextDisabled("t = %.1f ms", to_ms(n.at));
  for (const narration::Line& l : n.lines) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", l.text.c_str());
    if (!l.rfc.empty()) ImGui::TextDisabled("    %s", l.rfc.c_str());
  }
  if (n.lines.empty()) {
    ImGui::TextWrapped("%s", tr(lang, "Press Play or step with the arrow keys.", "按“播放”，或用方向键逐步查看。"));
  }
  for (const std::string& note : w.trace().notes) ImGui::TextDisabled("%s", note.c_str());
}

}  // namespace tcpviz::ui
