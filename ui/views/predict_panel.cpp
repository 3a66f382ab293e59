#include "ui/views/predict_panel.hpp"

#include <string>

#include "imgui.h"
#include "ui/layout/labels.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui {

namespace {

using Phase = lessons::PredictSession::Phase;

void wrapped(const std::string& text) { ImGui::TextWrapped("%s", text.c_str()); }

}  // namespace

void PredictPanel::update(const Workspace& w, Commands& out) {
  if (!session_.active()) return;
  if (session_.revision() != w.revision()) {
    session_.stop();  // its questions belong to a trace that is gone
    return;
  }
  if (const auto hold = session_.gate(w.view().playhead)) {
    out.push_back(Pause{});
    out.push_back(SetPlayhead{*hold});
  }
}

void PredictPanel::start(const Workspace& w, Commands& out) {
  session_.start(w.trace(), w.revision());
  number_ = 0;
  out.push_back(Select{std::nullopt});
  out.push_back(SetPlayhead{Time{}});
  out.push_back(Play{});
}

void PredictPanel::next(Commands& out) {
  number_ = 0;
  if (const auto resume = session_.next()) {
    out.push_back(SetPlayhead{*resume});
    out.push_back(Play{});
  }
}

void PredictPanel::draw(const Workspace& w, Language lang, Commands& out) {
  if (!session_.active()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(tr(lang,
                              "Predict mode plays the lesson and stops before each segment arrives: "
                              "guess the receiver's next state, or the ack number of its answer.",
                              "预测模式会播放当前场景，并在每个报文到达之前暂停：猜一猜接收方的下一个状态，"
                              "或者它回复的确认号。"));
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr(lang, "Start predicting", "开始预测"))) start(w, out);
    return;
  }
  const lessons::Score sc = session_.score();
  ImGui::Text(tr(lang, "Score: %u / %u  (%u questions)", "得分：%u / %u（共 %u 题）"), sc.right,
              sc.answered, sc.total);
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(lang, "Stop", "停止"))) session_.stop();
  if (!session_.active()) return;
  ImGui::Separator();
  switch (session_.phase()) {
    case Phase::Pending:
      ImGui::TextDisabled("%s", tr(lang, "Playing to the next arrival...", "正在播放到下一个报文到达……"));
      break;
    case Phase::Asking:
      draw_question(w, lang);
      break;
    case Phase::Answered:
      draw_mark(w, lang, out);
      break;
    case Phase::Finished:
      wrapped(tr(lang, "Done: every arrival of this lesson is predicted.", "完成：这个场景的每次到达都预测过了。"));
      if (ImGui::Button(tr(lang, "Again", "再来一次"))) start(w, out);
      break;
    case Phase::Off:
      break;
  }
}

void PredictPanel::draw_question(const Workspace& w, Language lang) {
  const lessons::Question* q = session_.current();
  if (q == nullptr) return;
  const bool linux_names = w.view().options.linux_state_names;
  wrapped(lessons::question_text(w.trace(), *q, lang, linux_names));
  if (q->kind == lessons::QuestionKind::NextState) {
    // One button per state, wrapped to the panel's width.
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    for (int i = 0; i < tcp::kStateCount; ++i) {
      const auto s = static_cast<tcp::State>(i);
      const std::string label(layout::state_label(s, linux_names));
      if (ImGui::Button(label.c_str())) session_.answer_state(s);
      if (i + 1 < tcp::kStateCount) {
        const std::string next_label(layout::state_label(static_cast<tcp::State>(i + 1), linux_names));
        const float next_w = ImGui::CalcTextSize(next_label.c_str()).x + style.FramePadding.x * 2;
        if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + next_w < right) ImGui::SameLine();
      }
    }
    return;
  }
  ImGui::SetNextItemWidth(160);
  ImGui::InputScalar("##ack", ImGuiDataType_S64, &number_);
  ImGui::SameLine();
  if (ImGui::Button(tr(lang, "Answer", "回答"))) session_.answer_number(number_);
}

void PredictPanel::draw_mark(const Workspace& w, Language lang, Commands& out) {
  const lessons::Question* q = session_.current();
  const auto& m = session_.marks()[session_.index()];
  if (q == nullptr || !m) return;
  const bool linux_names = w.view().options.linux_state_names;
  wrapped(lessons::question_text(w.trace(), *q, lang, linux_names));
  if (m->correct) {
    ImGui::TextColored(ImVec4(0.3f, 0.8f, 0.4f, 1), "%s %s", tr(lang, "Right:", "正确："), m->expected.c_str());
  } else {
    ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1), "%s %s  %s %s", tr(lang, "You said", "你的答案"),
                       m->given.c_str(), tr(lang, "- the answer is", "—— 正确答案是"), m->expected.c_str());
  }
  // Why: the state change in plain words, or what an ack number means (RFC 9293 3.4).
  if (q->kind == lessons::QuestionKind::NextState) {
    const narration::Line why =
        narration::transition_line(q->receiver, q->state_before, q->expected_state, lang, linux_names);
    wrapped(why.text);
    if (!why.rfc.empty()) ImGui::TextDisabled("%s", why.rfc.c_str());
  } else {
    wrapped(tr(lang,
               "An ack number is the next sequence number the receiver expects: the segment's seq "
               "plus the sequence numbers it takes (data bytes, and one for a SYN or a FIN), "
               "when everything before it has arrived.",
               "确认号是接收方期望收到的下一个序号：在之前的数据都已到达时，它等于报文的 seq 加上报文占用的序号数"
               "（数据字节数，SYN 或 FIN 各占一个）。"));
    ImGui::TextDisabled("RFC 9293 3.4");
  }
  if (ImGui::Button(tr(lang, "Continue", "继续"))) next(out);
}

}  // namespace tcpviz::ui
