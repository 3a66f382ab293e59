#include "ui/views/lessons_panel.hpp"

#include "core/scenario/presets.hpp"
#include "imgui.h"

namespace tcpviz::ui {

Commands show_evidence_commands(const lessons::Mistake& m, const trace::Trace& t) {
  const auto e = m.find(t);
  if (!e) return {};
  return {Pause{}, SetPlayhead{e->at}, Select{e->segment}};
}

void LessonsPanel::update(const Workspace& w, Commands& out) {
  // LoadPreset always re-runs, so a new revision means the lesson asked for is on screen.
  if (!pending_.empty() && w.revision() != pending_revision_) {
    if (const lessons::Mistake* m = lessons::find_mistake(pending_); m && w.preset_id() == m->preset) {
      for (Command& c : show_evidence_commands(*m, w.trace())) out.push_back(std::move(c));
      shown_ = pending_;
    }
    pending_.clear();
  }
  predict_.update(w, out);
}

void LessonsPanel::show(std::string_view mistake_id, const Workspace& w, Commands& out) {
  const lessons::Mistake* m = lessons::find_mistake(mistake_id);
  if (m == nullptr) return;
  predict_.stop();  // a "Show me" jumps around the trace: no question can stand
  pending_ = std::string(mistake_id);
  pending_revision_ = w.revision();
  out.push_back(LoadPreset{std::string(m->preset)});
}

void LessonsPanel::draw_predict(const Workspace& w, Language lang, Commands& out) {
  if (take_open_predict()) ImGui::SetScrollHereY(0.0f);  // the menu asked for this panel
  predict_.draw(w, lang, out);
}

void LessonsPanel::draw_mistakes(const Workspace& w, Language lang, Commands& out) {
  const bool zh = lang == Language::Zh;
  if (take_open_mistakes()) ImGui::SetScrollHereY(0.0f);  // the menu asked for this panel
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", tr(lang, "Claims from popular study notes, and the lesson that disproves each.",
                               "常见学习笔记里的错误说法，以及推翻它们的场景。"));
  for (const lessons::Mistake& m : lessons::mistakes()) {
    ImGui::PushID(m.id.data(), m.id.data() + m.id.size());
    ImGui::Separator();
    const std::string_view claim = zh ? m.claim_zh : m.claim_en;
    const std::string_view truth = zh ? m.truth_zh : m.truth_en;
    const std::string_view where = zh ? m.where_zh : m.where_en;
    ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1), "%s", tr(lang, "Wrong:", "错误说法："));
    ImGui::SameLine();
    ImGui::TextWrapped("%.*s", static_cast<int>(claim.size()), claim.data());
    ImGui::TextColored(ImVec4(0.3f, 0.8f, 0.4f, 1), "%s", tr(lang, "Right:", "正确："));
    ImGui::SameLine();
    ImGui::TextWrapped("%.*s", static_cast<int>(truth.size()), truth.data());
    ImGui::TextDisabled("%.*s", static_cast<int>(m.rfc.size()), m.rfc.data());
    if (const scenario::Preset* p = scenario::find_preset(m.preset)) {
      const std::string_view title = zh ? p->title_zh : p->title_en;
      if (ImGui::SmallButton(tr(lang, "Show me", "演示给我看"))) show(m.id, w, out);
      ImGui::SameLine();
      ImGui::TextDisabled("%.*s: %.*s", static_cast<int>(title.size()), title.data(),
                          static_cast<int>(where.size()), where.data());
    }
    // Once shown, what the selected segment really carries.
    if (shown_ == m.id && w.preset_id() == m.preset) {
      if (const auto e = m.find(w.trace())) {
        const std::string text = lessons::evidence_text(w.trace(), *e, lang);
        ImGui::TextWrapped("%s", text.c_str());
      }
    }
    ImGui::PopID();
  }
  ImGui::PopTextWrapPos();
}

}  // namespace tcpviz::ui
