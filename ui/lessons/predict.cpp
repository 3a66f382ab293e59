// Predict mode: questions from the trace, the playback gate, marking and the score.
#include "ui/lessons/predict.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ui/layout/labels.hpp"
#include "ui/model/states_at.hpp"
#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui::lessons {

namespace {

using trace::Segment;

// Held this long before the arrival: states_at and tcb_state_at count transitions at exactly
// t as done, so one tick earlier both sides still show their states before the segment arrives.
constexpr Duration kHoldBefore{1};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The receiver's state change caused by an arrival at `at`: the state machine names the
// causes of segment-driven transitions "rcv ..." (core/tcp: "rcv SYN", "rcv FIN", ...), which
// keeps a coincident timer or application call from being taken for the segment's effect.
std::optional<tcp::State> state_after_arrival(const trace::Trace& t, const Segment& s) {
  const trace::Side receiver = trace::peer_of(s.from);
  const auto first = std::partition_point(t.transitions.begin(), t.transitions.end(),
                                          [&](const trace::Transition& x) { return x.t < s.arrive; });
  std::optional<tcp::State> after;
  for (auto it = first; it != t.transitions.end() && it->t == s.arrive; ++it) {
    if (it->who == receiver && it->conn == s.conn && starts_with(it->cause, "rcv")) after = it->to;
  }
  return after;
}

// The receiver's first ACK-bearing segment on the connection sent at or after `s` arrived and
// before anything else reaches the receiver: its answer to `s` (at once, or delayed).
const Segment* answer_to(const trace::Trace& t, const Segment& s,
                         const std::vector<const Segment*>& arrivals) {
  const trace::Side receiver = trace::peer_of(s.from);
  Time next_arrival = Time::max();
  for (const Segment* a : arrivals) {
    if (a->arrive > s.arrive && a->from == s.from && a->conn == s.conn) {
      next_arrival = a->arrive;
      break;
    }
  }
  for (const Segment& x : t.segments) {
    if (x.sent < s.arrive || x.from != receiver || x.conn != s.conn || x.injected || x.copy_of) continue;
    if (x.sent >= next_arrival) break;
    if (x.tcp.flags.ack()) return &x;
  }
  return nullptr;
}

std::string state_name(tcp::State s) { return std::string(tcp::rfc_name(s)); }

}  // namespace

std::vector<Question> make_questions(const trace::Trace& t) {
  std::vector<const Segment*> arrivals;
  for (const Segment& s : t.segments) {
    if (s.fate == trace::Fate::Delivered) arrivals.push_back(&s);
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Segment* a, const Segment* b) { return a->arrive < b->arrive; });
  std::vector<Question> out;
  // A state change is credited to the first segment reaching that side at that moment.
  std::vector<std::pair<trace::Side, Time>> credited;
  for (const Segment* s : arrivals) {
    Question q;
    q.segment = s->id;
    q.conn = s->conn;
    q.receiver = trace::peer_of(s->from);
    q.arrive = s->arrive;
    // The state of the TCB the segment reaches (its own connection's, or the listener that
    // will spawn it), not the side's merged lifeline: after an earlier connection closed, that
    // shows CLOSED while the listener is still in LISTEN (RFC 9293 3.10.7.1 vs 3.10.7.2).
    q.state_before = tcb_state_at(t, s->conn, q.receiver, s->arrive - kHoldBefore);
    const bool already = std::find(credited.begin(), credited.end(),
                                   std::pair{q.receiver, s->arrive}) != credited.end();
    if (const auto after = state_after_arrival(t, *s); after && !already) {
      credited.emplace_back(q.receiver, s->arrive);
      q.kind = QuestionKind::NextState;
      q.expected_state = *after;
      out.push_back(q);
      continue;
    }
    // A segment that takes sequence space must be acknowledged (RFC 9293 3.4): ask for the
    // answer's ACK field. Pure ACKs are not answered, so they ask nothing.
    if (s->tcp.seg_len() == 0) continue;
    const Segment* answer = answer_to(t, *s, arrivals);
    if (answer == nullptr) continue;
    q.kind = QuestionKind::AckNumber;
    q.answer_segment = answer->id;
    q.expected_ack_rel = answer->rel_ack.value_or(0);
    q.expected_ack_raw = answer->tcp.ack.raw();
    out.push_back(q);
  }
  return out;
}

void PredictSession::start(const trace::Trace& t, std::uint64_t revision) {
  questions_ = make_questions(t);
  marks_.assign(questions_.size(), std::nullopt);
  index_ = 0;
  revision_ = revision;
  released_at_ = Time{};
  phase_ = questions_.empty() ? Phase::Finished : Phase::Pending;
}

void PredictSession::stop() {
  phase_ = Phase::Off;
  questions_.clear();
  marks_.clear();
  index_ = 0;
}

const Question* PredictSession::current() const {
  if (phase_ == Phase::Off || phase_ == Phase::Finished || index_ >= questions_.size()) return nullptr;
  return &questions_[index_];
}

Score PredictSession::score() const {
  Score s;
  s.total = static_cast<std::uint32_t>(questions_.size());
  for (const auto& m : marks_) {
    if (!m) continue;
    ++s.answered;
    if (m->correct) ++s.right;
  }
  return s;
}

Time PredictSession::hold_time() const {
  const Question* q = current();
  if (q == nullptr) return released_at_;
  return std::max(q->arrive - kHoldBefore, released_at_);
}

std::optional<Time> PredictSession::gate(Time playhead) {
  if (current() == nullptr) return std::nullopt;
  const Time hold = hold_time();
  if (phase_ == Phase::Pending && playhead >= hold) {
    phase_ = Phase::Asking;
    return hold;
  }
  // While asking, playback may not run past the question (scrubbing back is fine).
  if (phase_ == Phase::Asking && playhead > hold) return hold;
  return std::nullopt;
}

std::optional<Mark> PredictSession::mark(bool correct, std::string given, std::string expected) {
  Mark m{correct, std::move(given), std::move(expected)};
  marks_[index_] = m;
  phase_ = Phase::Answered;
  return m;
}

std::optional<Mark> PredictSession::answer_state(tcp::State s) {
  const Question* q = current();
  if (phase_ != Phase::Asking || q == nullptr || q->kind != QuestionKind::NextState) return std::nullopt;
  return mark(s == q->expected_state, state_name(s), state_name(q->expected_state));
}

std::optional<Mark> PredictSession::answer_number(std::int64_t n) {
  const Question* q = current();
  if (phase_ != Phase::Asking || q == nullptr || q->kind != QuestionKind::AckNumber) return std::nullopt;
  // Relative (as the ladder shows by default) or absolute (as on the wire): both name it.
  const bool correct = n == q->expected_ack_rel || n == q->expected_ack_raw;
  return mark(correct, std::to_string(n), std::to_string(q->expected_ack_rel));
}

std::optional<Time> PredictSession::next() {
  if (phase_ != Phase::Answered) return std::nullopt;
  const Time answered_at = questions_[index_].arrive;
  ++index_;
  if (index_ >= questions_.size()) {
    phase_ = Phase::Finished;
    released_at_ = answered_at;
    return answered_at;
  }
  if (questions_[index_].arrive == answered_at) {
    // Another segment arrives at the same moment: showing the first one's outcome would give
    // this answer away, so ask at once and keep holding.
    phase_ = Phase::Asking;
    return std::nullopt;
  }
  phase_ = Phase::Pending;
  released_at_ = answered_at;
  return answered_at;
}

std::string question_text(const trace::Trace& t, const Question& q, Language lang,
                          bool linux_names) {
  if (q.segment >= t.segments.size()) return {};
  const Segment& s = t.segments[q.segment];
  const bool zh = lang == Language::Zh;
  const std::string_view tmpl =
      q.kind == QuestionKind::NextState
          ? (zh ? "{from}的 {flags}（seq={seq}）即将到达{to}，{to}现在处于 {state}。"
                  "它到达之后，{to}会处于哪个状态？"
                : "The {from}'s {flags} (seq={seq}) is about to reach the {to}, which is in "
                  "{state}. Which state will the {to} be in once it arrives?")
          : (zh ? "{from}的 {flags}（seq={seq}，占 {len} 个序号）即将到达{to}。{to}回复的报文会带什么确认号？"
                  "（相对序号，与梯形图上一致）"
                : "The {from}'s {flags} (seq={seq}, {len} {numbers}) is about to reach "
                  "the {to}. What ack number will the {to}'s answer carry? (relative, as on "
                  "the ladder)");
  // A SYN or FIN alone takes one sequence number (RFC 9293 3.4); Chinese has no plural.
  const std::uint32_t len = s.tcp.seg_len();
  return narration::fill(tmpl, {{"from", narration::side_words(t, s.from, lang)},
                                {"to", narration::side_words(t, q.receiver, lang)},
                                {"flags", wire::flags_to_string(s.tcp.flags)},
                                {"seq", std::to_string(s.rel_seq)},
                                {"len", std::to_string(len)},
                                {"numbers", len == 1 ? "sequence number" : "sequence numbers"},
                                {"state", std::string(layout::state_label(q.state_before, linux_names))}});
}

namespace {

nlohmann::json score_json(const Score& s) {
  return {{"right", s.right}, {"answered", s.answered}, {"total", s.total}};
}

std::string_view phase_name(PredictSession::Phase p) {
  switch (p) {
    case PredictSession::Phase::Off: return "off";
    case PredictSession::Phase::Pending: return "pending";
    case PredictSession::Phase::Asking: return "asking";
    case PredictSession::Phase::Answered: return "answered";
    case PredictSession::Phase::Finished: return "finished";
  }
  return "off";
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string predict_json(const PredictSession& s, const trace::Trace& t) {
  nlohmann::json j = {{"active", s.active()},
                      {"phase", std::string(phase_name(s.phase()))},
                      {"index", s.index()},
                      {"count", s.questions().size()},
                      {"score", score_json(s.score())},
                      {"question", nullptr}};
  if (const Question* q = s.current()) {
    nlohmann::json jq = {
        {"kind", q->kind == QuestionKind::NextState ? "state" : "ack"},
        {"segment", q->segment},
        {"receiver", std::string(trace::side_name(q->receiver))},
        {"arrive_ms", to_ms(q->arrive)},
        {"state_before", state_name(q->state_before)},
        {"text",
         {{"en", question_text(t, *q, Language::En, false)},
          {"zh", question_text(t, *q, Language::Zh, false)}}},
        {"mark", nullptr}};
    if (q->kind == QuestionKind::NextState) {
      nlohmann::json choices = nlohmann::json::array();
      for (int i = 0; i < tcp::kStateCount; ++i) choices.push_back(state_name(static_cast<tcp::State>(i)));
      jq["choices"] = std::move(choices);
    }
    if (const auto& m = s.marks()[s.index()]) {
      jq["mark"] = {{"correct", m->correct}, {"given", m->given}, {"expected", m->expected}};
    }
    j["question"] = std::move(jq);
  }
  return dump(j);
}

std::string mark_json(const std::optional<Mark>& m, const PredictSession& s) {
  nlohmann::json j = {{"ok", m.has_value()}, {"score", score_json(s.score())}};
  if (m) {
    j["correct"] = m->correct;
    j["given"] = m->given;
    j["expected"] = m->expected;
  }
  return dump(j);
}

}  // namespace tcpviz::ui::lessons
