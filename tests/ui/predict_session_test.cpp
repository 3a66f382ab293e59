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
#include "tests/ui/lesson_fixtures.hpp"

#include <string>

using namespace tcpviz;
using namespace tcpviz::ui;
using lessons::PredictSession;
using lessons::QuestionKind;
using S = tcp::State;

using namespace tcpviz::ui::testing;

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Plays until the session asks, as the workspace view does every frame.
void play_to_question(PredictSession& p, Time from = Time{}) {
  for (Time t = from; t < from + from_ms(100000); t += from_ms(1)) {
    if (const auto hold = p.gate(t)) return;
  }
  FAIL("the session never asked");
}

}  // namespace

TEST_CASE("the normal lesson asks for every state change its arrivals cause", "[ui][predict]") {
  const trace::Trace t = run_lesson("normal");
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
  const trace::Trace t = run_lesson("normal");
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
  const trace::Trace t = run_lesson("normal");
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
  const trace::Trace t = run_lesson("normal");
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
  const trace::Trace t = run_lesson("simultaneous-close");
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
  const trace::Trace t = run_lesson("normal");
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

TEST_CASE("a state question names the state of the TCB the segment reaches, in every lesson",
          "[ui][predict]") {
  // RFC 9293 3.10.7: an arriving segment is processed by its connection's TCB, or by the
  // listener when there is none yet; the state machine records the state it leaves as the
  // transition's "from". A CLOSED receiver never goes to SYN-RECEIVED: in CLOSED a SYN is
  // answered with RST (3.10.7.1); SYN-RECEIVED is reached from LISTEN (3.10.7.2) or, in a
  // simultaneous open, from SYN-SENT (3.10.7.3).
  int questions = 0;
  int syn_received = 0;
  for (const auto& preset : scenario::presets()) {
    for (const char* profile : kProfiles) {
      INFO(preset.id << " / " << profile);
      const trace::Trace t = run_lesson(preset.id, profile);
      for (const auto& q : lessons::make_questions(t)) {
        if (q.kind != QuestionKind::NextState) continue;
        INFO("segment #" << q.segment << " arriving at " << to_ms(q.arrive) << " ms");
        const trace::Transition* caused = nullptr;
        for (const auto& x : t.transitions) {
          if (x.t == q.arrive && x.conn == q.conn && x.who == q.receiver && starts_with(x.cause, "rcv")) {
            caused = &x;
            break;
          }
        }
        REQUIRE(caused != nullptr);
        CHECK(q.state_before == caused->from);
        if (q.expected_state == S::SynReceived) {
          ++syn_received;
          CHECK(q.state_before != S::Closed);
          CHECK((q.state_before == S::Listen || q.state_before == S::SynSent));
        }
        ++questions;
      }
    }
  }
  CHECK(questions > 100);
  // Every lesson but refused (nobody listens) and syn-lost-give-up (no SYN arrives) opens at
  // least one connection, in each profile.
  CHECK(syn_received >= 19 * 3);
}

TEST_CASE("a SYN reaching the listener after an earlier connection closed is asked from LISTEN",
          "[ui][predict]") {
  // The side's earlier connection is CLOSED, but the SYN goes to the listener, which is
  // still in LISTEN and moves to SYN-RECEIVED (RFC 9293 3.10.7.2; the trace's own decision
  // says "the listener goes on listening").
  struct Case {
    const char* preset;
    std::int64_t at_ms;
    std::vector<const char*> profiles;
  };
  // Under `linux` the client resends its SYN 8 ms after its RST (TCP_TIMEOUT_MIN,
  // tcp_rcv_synsent_state_process), so that copy is the one the listener takes: RST at 70,
  // SYN at 78, arrival at 128 (old-duplicate-syn); RST at 500, SYN at 508, arrival at 558
  // (syn-in-established). `rfc` waits for the SYN's RTO.
  const std::vector<Case> cases{
      {"old-duplicate-syn", 150, {"rfc"}},
      {"old-duplicate-syn", 128, {"linux", "linux-classic"}},
      {"syn-in-established", 1450, {"rfc"}},
      {"syn-in-established", 558, {"linux", "linux-classic"}},
      {"short-time-wait", 1750, {"rfc", "linux", "linux-classic"}},
  };
  for (const auto& c : cases) {
    for (const char* profile : c.profiles) {
      INFO(c.preset << " / " << profile);
      const trace::Trace t = run_lesson(c.preset, profile);
      const lessons::Question* found = nullptr;
      const auto qs = lessons::make_questions(t);
      for (const auto& q : qs) {
        if (q.kind == QuestionKind::NextState && q.arrive == from_ms(c.at_ms) &&
            q.receiver == trace::Side::Server) {
          found = &q;
        }
      }
      REQUIRE(found != nullptr);
      CHECK(t.segments[found->segment].tcp.flags.syn());
      CHECK(found->expected_state == S::SynReceived);
      CHECK(found->state_before == S::Listen);
      const std::string en = lessons::question_text(t, *found, Language::En, false);
      const std::string zh = lessons::question_text(t, *found, Language::Zh, true);
      CHECK(contains(en, "which is in LISTEN."));
      CHECK(contains(zh, "处于 LISTEN"));
      CHECK_FALSE(contains(en, "CLOSED"));
      CHECK_FALSE(contains(zh, "CLOSE"));
    }
  }
}

TEST_CASE("an ack question counts one sequence number in the singular", "[ui][predict]") {
  // fin-ack-lost: the client's FIN comes again while the server is in CLOSE-WAIT; it changes
  // no state, and a FIN takes one sequence number (RFC 9293 3.4).
  const trace::Trace t = run_lesson("fin-ack-lost");
  const lessons::Question* fin = nullptr;
  const auto qs = lessons::make_questions(t);
  for (const auto& q : qs) {
    if (q.kind == QuestionKind::AckNumber && t.segments[q.segment].tcp.flags.fin()) fin = &q;
  }
  REQUIRE(fin != nullptr);
  const std::string en = lessons::question_text(t, *fin, Language::En, false);
  CHECK(contains(en, "(seq=1, 1 sequence number) is about to reach the server."));
  CHECK(contains(lessons::question_text(t, *fin, Language::Zh, false), "（seq=1，占 1 个序号）"));
  // The client's 100 bytes in the normal lesson take 100 numbers.
  const trace::Trace n = run_lesson("normal");
  bool saw_data = false;
  for (const auto& q : lessons::make_questions(n)) {
    if (q.kind != QuestionKind::AckNumber || n.segments[q.segment].tcp.payload_len != 100) continue;
    saw_data = true;
    CHECK(contains(lessons::question_text(n, q, Language::En, false), "(seq=1, 100 sequence numbers)"));
  }
  CHECK(saw_data);
}
