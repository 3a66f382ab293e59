// The "Predict" panel (issue 7): drives a lessons::PredictSession over the workspace's
// playback. Every frame update() holds playback just before the next segment arrives; the
// panel asks for the receiver's next state (one button per state) or for the ack number of its
// answer (a number field), marks the answer, keeps the score, and "Continue" plays on. The
// page drives the same object through web/api_lessons.cpp (window.tcpviz.predict).
#pragma once

#include <cstdint>
#include <optional>

#include "ui/lessons/predict.hpp"
#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class PredictPanel {
 public:
  // Once per frame, after playback advanced and before anything is drawn. Ends the session
  // when the trace changed under it (an edit, another lesson).
  void update(const Workspace& w, Commands& out);
  void draw(const Workspace& w, Language lang, Commands& out);

  // Starts on the workspace's trace from its beginning (playhead 0, playing).
  void start(const Workspace& w, Commands& out);
  void stop() { session_.stop(); }
  // After a mark: the next question (seek to the answered arrival and play on).
  void next(Commands& out);

  lessons::PredictSession& session() { return session_; }
  const lessons::PredictSession& session() const { return session_; }

 private:
  void draw_question(const Workspace& w, Language lang);
  void draw_mark(const Workspace& w, Language lang, Commands& out);

  lessons::PredictSession session_;
  std::int64_t number_ = 0;  // the ack field being typed
};

}  // namespace tcpviz::ui
