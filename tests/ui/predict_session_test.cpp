// Predict mode: the questions a trace asks, the playback gate, marking and the score. The
// expected answers come from RFC 9293: Figure 5 / 3.10.7 (LISTEN + SYN -> SYN-RECEIVED,
// SYN-SENT + SYN,ACK -> ESTABLISHED, ...) and 3.4 (an ACK names the next sequence number
// expected: data at seq 1 with 100 bytes is acknowledged with ack 101).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/lessons/predict.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;
using lessons::PredictSession;
using lessons::QuestionKind;
using S = tcp::State;

namespace {

trace::Trace run_preset(std::string_view id, std::string_view profile = "linux") {
  const scenario::Preset* p = scenario::find_preset(id);
  REQUIRE(p != nullptr);
  auto s = scenario::parse_scenario(p->json);
  REQUIRE(s.ok());
  s->profile_name = std::string(profile);
  return sim::run(*s);
}

// Plays until the session asks, as the workspace view does every frame.
void play_to_question(PredictSession& p, Time from = Time{}) {
  for (Time t = from; t < from + from_ms(100000); t += from_ms(1)) {
    if (const auto hold = p.gate(t)) return;
  }
  FAIL("the session never asked");
}

}  // namespace

TEST_CASE("the normal lesson asks for every state change its arrivals cause", "[ui][predict]") {
  const trace::Trace t = run_preset("normal");
  const auto qs = lessons::make_questions(t);
  // RFC 9293 Figure 6 and Figure 12: SYN -> server SYN-RECEIVED, SYN-ACK -> client
  // ESTABLISHED, ACK -> server ESTABLISHED, FIN -> server CLOSE-WAIT, ACK -> client
  // FIN-WAIT-2, FIN -> client TIME-WAIT, ACK -> server CLOSED.
  std::vector<std::pair<trace::Side, S>> states;
  int ack_questions = 0;
  for (const auto& q : qs) {
    if (q.kind == QuestionKind::NextState) states.emplace_back(q.receiver, q.expected_state);
    if (q.kind == QuestionKind::AckNumber) ++ack_questions;
  }
  using trace::Side;
  const std::vector<std::pair<Side, S>> expected{
      {Side::Server, S::SynReceived}, {Side::Client, S::Established}, {Side::Server, S::Established},
      {Side::Server, S::CloseWait},   {Side::Client, S::FinWait2},    {Side::Client, S::TimeWait},
      {Side::Server, S::Closed}};
  CHECK(states == expected);
  CHECK(ack_questions == 2);  // the client's 100 bytes and the server's 1000 bytes
  REQUIRE_FALSE(qs.empty());
  CHECK(qs[0].state_before == S::Listen);
}

TEST_CASE("playback holds just before the segment arrives", "[ui][predict]") {
  const trace::Trace t = run_preset("normal");
  PredictSession p;
  p.start(t, 7);
  CHECK(p.phase() == PredictSession::Phase::Pending);
  CHECK_FALSE(p.gate(from_ms(10)));  // the SYN is still on its way
  const auto hold = p.gate(from_ms(60));
  REQUIRE(hold);
  REQUIRE(p.current() != nullptr);
  CHECK(*hold == p.current()->arrive - Duration(1));
  CHECK(p.phase() == PredictSession::Phase::Asking);
  // Playing on without answering is held back again.
  CHECK(p.gate(from_ms(70)) == hold);
  CHECK_FALSE(p.gate(from_ms(20)));  // scrubbing back is allowed
}

TEST_CASE("a right answer is marked right, a wrong one wrong, and the score counts",
          "[ui][predict]") {
  const trace::Trace t = run_preset("normal");
  PredictSession p;
  p.start(t, 1);
  CHECK_FALSE(p.answer_state(S::SynReceived));  // nothing is asked yet
  play_to_question(p);
  // The SYN reaches the listening server.
  CHECK_FALSE(p.answer_number(1));  // a state question takes a state
  const auto wrong = p.answer_state(S::Established);
  REQUIRE(wrong);
  CHECK_FALSE(wrong->correct);
  CHECK(wrong->expected == "SYN-RECEIVED");
  CHECK(p.score().right == 0);
  CHECK(p.score().answered == 1);
  CHECK_FALSE(p.answer_state(S::SynReceived));  // marked once only
  const auto resume = p.next();
  REQUIRE(resume);
  CHECK(*resume == from_ms(50));  // the SYN's arrival, so its outcome shows
  play_to_question(p, *resume);
  const auto right = p.answer_state(S::Established);  // the SYN-ACK reaches the client
  REQUIRE(right);
  CHECK(right->correct);
  CHECK(p.score().right == 1);
  CHECK(p.score().answered == 2);
  CHECK(p.score().total == p.questions().size());
}

TEST_CASE("an ack question accepts the relative or the absolute number", "[ui][predict]") {
  const trace::Trace t = run_preset("normal");
  PredictSession p;
  p.start(t, 1);
  Time at{};
  while (true) {
    play_to_question(p, at);
    REQUIRE(p.current() != nullptr);
    if (p.current()->kind == QuestionKind::AckNumber) break;
    REQUIRE(p.answer_state(p.current()->expected_state));
    const auto resume = p.next();
    at = resume ? *resume : at;
  }
  const lessons::Question q = *p.current();
  // The client's 100 bytes at seq 1: the server acknowledges 1 + 100 (RFC 9293 3.4).
  CHECK(q.receiver == trace::Side::Server);
  CHECK(q.expected_ack_rel == 101);
  CHECK(q.expected_ack_raw == (*t.conns[0].isn[0] + 101).raw());
  PredictSession copy = p;
  PredictSession wrong = p;
  const auto rel = p.answer_number(101);
  REQUIRE(rel);
  CHECK(rel->correct);
  const auto raw = copy.answer_number(q.expected_ack_raw);
  REQUIRE(raw);
  CHECK(raw->correct);
  const auto off_by_one = wrong.answer_number(100);
  REQUIRE(off_by_one);
  CHECK_FALSE(off_by_one->correct);
}

TEST_CASE("segments arriving at one moment are asked without revealing each other",
          "[ui][predict]") {
  // Simultaneous close: both FINs arrive at the same moment (RFC 9293 Figure 13).
  const trace::Trace t = run_preset("simultaneous-close");
  PredictSession p;
  p.start(t, 1);
  Time at{};
  bool saw_same_moment = false;
  while (p.phase() != PredictSession::Phase::Finished) {
    play_to_question(p, at);
    const Time held = p.hold_time();
    const lessons::Question q = *p.current();
    if (q.kind == QuestionKind::NextState) {
      REQUIRE(p.answer_state(q.expected_state));
    } else {
      REQUIRE(p.answer_number(q.expected_ack_rel));
    }
    const auto resume = p.next();
    if (!resume && p.phase() == PredictSession::Phase::Asking) {
      saw_same_moment = true;
      CHECK(p.current()->arrive == q.arrive);
      CHECK(p.hold_time() == held);
      at = held;
    } else if (resume) {
      at = *resume;
    }
  }
  CHECK(saw_same_moment);
  CHECK(p.score().right == p.score().total);
}

TEST_CASE("the page's JSON carries the question, its choices and the score", "[ui][predict]") {
  const trace::Trace t = run_preset("normal");
  PredictSession p;
  p.start(t, 1);
  play_to_question(p);
  auto j = nlohmann::json::parse(lessons::predict_json(p, t), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["phase"] == "asking");
  CHECK(j["question"]["kind"] == "state");
  CHECK(j["question"]["choices"].size() == 11);
  CHECK(j["question"]["text"]["zh"].get<std::string>().find("服务器") != std::string::npos);
  const auto m = p.answer_state(S::SynReceived);
  auto mj = nlohmann::json::parse(lessons::mark_json(m, p), nullptr, false);
  CHECK(mj["ok"] == true);
  CHECK(mj["correct"] == true);
  CHECK(mj["score"]["right"] == 1);
  p.stop();
  CHECK_FALSE(p.active());
  j = nlohmann::json::parse(lessons::predict_json(p, t), nullptr, false);
  CHECK(j["question"].is_null());
}
