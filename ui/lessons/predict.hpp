// "Predict" mode (issue 7): playback stops before each segment arrives and asks what will
// happen: the receiver's next state (when the arrival changes it), or the ack number the
// receiver's answer will carry (when the segment takes sequence space and changes no state).
// Answers are checked against the trace and scored. The session is a model object of its own
// (no ImGui, no Workspace): views and the web entry points feed it the playhead and turn what
// it says into the existing playback Commands (Pause, SetPlayhead, Play).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/state.hpp"
#include "core/trace/trace.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui::lessons {

enum class QuestionKind : std::uint8_t { NextState, AckNumber };

struct Question {
  QuestionKind kind = QuestionKind::NextState;
  std::uint32_t segment = 0;  // the arriving segment
  std::uint32_t conn = 0;
  trace::Side receiver = trace::Side::Server;
  Time arrive{};
  tcp::State state_before = tcp::State::Closed;
  tcp::State expected_state = tcp::State::Closed;  // NextState: the state after the arrival
  // AckNumber: the receiver's answer and its ACK field, relative to the sender's ISN (as the
  // ladder shows it) and as on the wire; either is accepted.
  std::uint32_t answer_segment = 0;
  std::uint32_t expected_ack_rel = 0;
  std::uint32_t expected_ack_raw = 0;
};

// Every question a trace asks, in arrival order (ties by segment id).
std::vector<Question> make_questions(const trace::Trace& t);

struct Score {
  std::uint32_t right = 0;
  std::uint32_t answered = 0;
  std::uint32_t total = 0;  // questions in the session
};

struct Mark {
  bool correct = false;
  std::string given;     // what the user answered, as text ("SYN-RECEIVED", "101")
  std::string expected;  // the right answer, as text
};

class PredictSession {
 public:
  enum class Phase : std::uint8_t {
    Off,       // not started (or stopped)
    Pending,   // playing towards the current question
    Asking,    // playback held just before the segment arrives, waiting for an answer
    Answered,  // marked; waiting for "continue"
    Finished,  // every question answered
  };

  // Starts on `t`; `revision` is the workspace's (Workspace::revision), so a re-run or another
  // lesson ends the session (its questions belong to the old trace).
  void start(const trace::Trace& t, std::uint64_t revision);
  void stop();

  Phase phase() const { return phase_; }
  bool active() const { return phase_ != Phase::Off; }
  std::uint64_t revision() const { return revision_; }
  const std::vector<Question>& questions() const { return questions_; }
  std::size_t index() const { return index_; }
  const Question* current() const;
  Score score() const;
  const std::vector<std::optional<Mark>>& marks() const { return marks_; }

  // Called with the playhead every frame (and after every page call): when the current
  // question's segment is about to arrive, the session starts asking and returns the moment
  // playback must hold at (the caller pauses there). nullopt: nothing to do.
  std::optional<Time> gate(Time playhead);
  // Where playback is held while asking: just before the arrival (1 us), so both sides still
  // show their states before it.
  Time hold_time() const;

  // Only while asking; otherwise nullopt (nothing is marked).
  std::optional<Mark> answer_state(tcp::State s);
  std::optional<Mark> answer_number(std::int64_t n);

  // After a mark: move to the next question. Returns the moment to seek to and play from
  // (the arrival just answered, so its outcome shows); nullopt when the next question's
  // segment arrives at that same moment (asked at once, playback stays held) or when done.
  std::optional<Time> next();

 private:
  std::optional<Mark> mark(bool correct, std::string given, std::string expected);

  Phase phase_ = Phase::Off;
  std::uint64_t revision_ = 0;
  std::vector<Question> questions_;
  std::vector<std::optional<Mark>> marks_;
  std::size_t index_ = 0;
  Time released_at_{};  // playback resumed from here; never hold before it
};

// The question as the user reads it, in `lang`; state names as the user chose to see them.
std::string question_text(const trace::Trace& t, const Question& q, Language lang,
                          bool linux_names);
// The session as JSON for the page (window.tcpviz.predict.question()):
// { "active", "phase", "index", "count", "score": {right, answered, total},
//   "question": null | { "kind": "state"|"ack", "segment", "receiver", "arrive_ms",
//                        "text": {en, zh}, "choices": [RFC state names] (state questions),
//                        "mark": null | {correct, given, expected} } }
std::string predict_json(const PredictSession& s, const trace::Trace& t);
// Mark as JSON: { "ok": bool, "correct", "given", "expected", "score": {...} };
// ok false when nothing was being asked.
std::string mark_json(const std::optional<Mark>& m, const PredictSession& s);

}  // namespace tcpviz::ui::lessons
