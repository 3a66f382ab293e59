// The "Lessons" panels (issue 7): "Common mistakes" lists the study notes' wrong claims, each
// with the correction, the RFC reference and a "Show me" button that loads the lesson that
// disproves it, seeks to the moment and selects the segment; "Predict" is PredictPanel. One
// object so the workspace view, the menu and the page reach both through one member.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ui/lessons/mistakes.hpp"
#include "ui/model/workspace.hpp"
#include "ui/views/predict_panel.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

// The commands that seek to and select `m`'s evidence in `t` (the lesson's trace, loaded);
// empty when the trace shows none.
Commands show_evidence_commands(const lessons::Mistake& m, const trace::Trace& t);

class LessonsPanel {
 public:
  // Once per frame before drawing (WorkspaceView::draw): finishes a "Show me" once its lesson
  // is loaded, and runs the predict gate.
  void update(const Workspace& w, Commands& out);
  void draw_mistakes(const Workspace& w, Language lang, Commands& out);
  void draw_predict(const Workspace& w, Language lang, Commands& out);

  // "Show me": load the mistake's lesson; update() seeks and selects once it has run.
  void show(std::string_view mistake_id, const Workspace& w, Commands& out);

  PredictPanel& predict() { return predict_; }
  const PredictPanel& predict() const { return predict_; }

  // The menu asks for a panel: its header opens (and scrolls into view) on the next frame.
  void request_mistakes() { open_mistakes_ = true; }
  void request_predict() { open_predict_ = true; }
  // Read once by the workspace view when it draws the headers.
  bool take_open_mistakes() { return std::exchange(open_mistakes_, false); }
  bool take_open_predict() { return std::exchange(open_predict_, false); }

 private:
  PredictPanel predict_;
  std::string pending_;                   // a mistake whose lesson is being loaded
  std::uint64_t pending_revision_ = 0;    // the workspace revision when "Show me" was pressed
  std::string shown_;                     // the mistake last shown, for its evidence line
  bool open_mistakes_ = false;
  bool open_predict_ = false;
};

}  // namespace tcpviz::ui
