#include "ui/views/preset_picker.hpp"

#include <string>

#include "core/scenario/presets.hpp"
#include "imgui.h"

namespace tcpviz::ui {

void draw_preset_picker(const Workspace& w, Language lang, Commands& out) {
  const bool zh = lang == Language::Zh;
  for (const scenario::Preset& p : scenario::presets()) {
    const std::string_view title = zh ? p.title_zh : p.title_en;
    const std::string_view question = zh ? p.question_zh : p.question_en;
    const std::string label = std::string(title) + "##" + std::string(p.id);
    if (ImGui::Selectable(label.c_str(), w.preset_id() == p.id)) {
      out.push_back(LoadPreset{std::string(p.id)});
    }
    ImGui::Indent();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%.*s", static_cast<int>(question.size()), question.data());
    ImGui::PopTextWrapPos();
    ImGui::Unindent();
  }
}

}  // namespace tcpviz::ui
