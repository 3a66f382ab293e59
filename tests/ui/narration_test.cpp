// Narration derived from the trace: the right words at the right step, in both languages.
#include <catch2/catch.hpp>

#include "tests/ui/lesson_fixtures.hpp"
#include "tests/ui/layout_fixtures.hpp"
#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

using namespace tcpviz::ui::testing;

namespace {

bool any_line_has(const narration::Narration& n, std::string_view words) {
  for (const auto& l : n.lines) {
    if (l.text.find(words) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("templates fill named values and keep unknown braces", "[ui][narration]") {
  CHECK(narration::fill("{who} sent {n} {x}", {{"who", "client"}, {"n", "3"}}) ==
        "client sent 3 {x}");
}

TEST_CASE("the client entering ESTABLISHED is narrated as getting the SYN-ACK", "[ui][narration]") {
  const trace::Trace t = test::normal_lesson();
  // At 120 ms the last event is the SYN-ACK's arrival at 100 ms (RFC 9293 3.5 figure 7 line 4).
  const auto n = narration::narrate(t, from_ms(120), Language::En, false);
  CHECK(n.at == from_ms(100));
  CHECK(any_line_has(n, "The client got the SYN-ACK acknowledging its SYN"));
  CHECK(any_line_has(n, "ESTABLISHED"));
  const auto zh = narration::narrate(t, from_ms(120), Language::Zh, true);
  CHECK(any_line_has(zh, "第三次握手"));
  CHECK(any_line_has(zh, "不置 SYN 位"));  // corrects the notes' "SYN=1" on the third segment
}

TEST_CASE("TIME-WAIT is explained with 2MSL in both languages", "[ui][narration]") {
  const trace::Trace t = test::normal_lesson();
  const auto en = narration::narrate(t, from_ms(960), Language::En, false);
  CHECK(any_line_has(en, "TIME-WAIT"));
  CHECK(any_line_has(en, "2MSL"));
  const auto zh = narration::narrate(t, from_ms(960), Language::Zh, true);
  CHECK(any_line_has(zh, "TIME_WAIT"));  // Linux spelling on request
  CHECK(any_line_has(zh, "2MSL"));
}

TEST_CASE("a lost segment is narrated where it is lost", "[ui][narration]") {
  trace::Trace t = test::normal_lesson();
  t.segments[1].fate = trace::Fate::Dropped;
  const auto n = narration::narrate(t, from_ms(100), Language::En, false);
  CHECK(any_line_has(n, "The network loses the server's SYN|ACK"));
}

TEST_CASE("the normal lesson answers why three and why four", "[ui][narration]") {
  const auto a = narration::preset_answer("normal", Language::Zh);
  REQUIRE(a);
  CHECK(a->find("四个报文") != std::string_view::npos);
  CHECK_FALSE(narration::preset_answer("no-such-lesson", Language::En));
}

#include <set>
#include <vector>

#include "core/scenario/presets.hpp"

TEST_CASE("every lesson has an answer in both languages, and every answer names a lesson",
          "[ui][narration]") {
  for (const auto& preset : scenario::presets()) {
    INFO(preset.id);
    const auto en = narration::preset_answer(preset.id, Language::En);
    const auto zh = narration::preset_answer(preset.id, Language::Zh);
    REQUIRE(en);
    REQUIRE(zh);
    CHECK_FALSE(en->empty());
    CHECK_FALSE(zh->empty());
    CHECK(*en != *zh);
  }
  const auto ids = narration::preset_answer_ids();
  CHECK(std::set<std::string_view>(ids.begin(), ids.end()).size() == ids.size());
  CHECK(ids.size() == scenario::presets().size());
  for (const std::string_view id : ids) {
    INFO(id);
    CHECK(scenario::find_preset(id) != nullptr);
  }
}

#include "ui/model/states_at.hpp"

TEST_CASE("both sides' states at a moment follow RFC 9293 figure 5", "[ui][states]") {
  const trace::Trace t = test::normal_lesson();
  using S = tcp::State;
  auto s = ui::states_at(t, from_ms(75));  // the SYN has arrived, the SYN-ACK is on its way
  CHECK(s[0].state == S::SynSent);
  CHECK(s[1].state == S::SynReceived);
  REQUIRE(s[1].last);
  CHECK(s[1].last->from == S::Listen);
  s = ui::states_at(t, from_ms(100));  // transitions at exactly t have happened
  CHECK(s[0].state == S::Established);
  s = ui::states_at(t, from_ms(30000));
  CHECK(s[0].state == S::TimeWait);
  CHECK(s[1].state == S::Closed);
  s = ui::states_at(trace::Trace{}, from_ms(1));
  CHECK(s[0].state == S::Closed);
  CHECK_FALSE(s[0].last);
}

// --- Chinese everywhere: every decision and every step of every lesson, in every profile ---

#include <regex>
#include <set>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"

namespace {

// Latin words a Chinese sentence may keep: protocol and flag names, state names (both
// spellings), RFC 9293's variable names, and a few proper names.
const std::set<std::string>& allowed_latin() {
  static const std::set<std::string> words = [] {
    std::set<std::string> w{"SYN", "ACK", "FIN", "RST", "PSH", "URG", "ECE", "CWR", "AE",
                            "TCP", "TCB", "RFC", "Linux", "Karn", "ISN", "ISS", "IRS", "SEQ", "MSL",
                            "RTO", "SRTT", "RTTVAR", "RTT", "R", "G", "RMSS", "seq", "ack", "SEG.SEQ",
                            "SEG.ACK", "SEG.LEN", "SND.NXT", "SND.UNA", "SND.WND", "RCV.NXT",
                            "RCV.WND", "SND.UNA-MAX.SND.WND", "connect", "listen", "EADDRINUSE",
                            "tcp_tw_reuse", "SYN-ACK", "SYN_RCVD", "shutdown", "TLP"};
    for (int i = 0; i < tcp::kStateCount; ++i) {
      w.insert(std::string(tcp::rfc_name(static_cast<tcp::State>(i))));
      w.insert(std::string(tcp::linux_name(static_cast<tcp::State>(i))));
    }
    return w;
  }();
  return words;
}

// The Latin words of `text` that a Chinese reader should not meet; empty when it reads right.
std::vector<std::string> english_fragments(const std::string& text) {
  static const std::regex word("[A-Za-z][A-Za-z0-9_.\\-]*");
  std::vector<std::string> bad;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.pop_back();
    if (allowed_latin().count(w) == 0) bad.push_back(w);
  }
  return bad;
}

}  // namespace

TEST_CASE("every decision of every lesson in every profile has a Chinese why", "[ui][narration]") {
  std::size_t decisions = 0;
  for (const auto& preset : scenario::presets()) {
    for (const char* profile : kProfiles) {
      const trace::Trace t = run_lesson(preset.id, profile);
      for (const trace::Decision& d : t.decisions) {
        INFO(preset.id << " / " << profile << ": " << d.what.step << ": " << d.what.text);
        const auto zh = narration::decision_text_zh(d.what);
        REQUIRE(zh);
        CHECK(narration::decision_step_zh(d.what.step));
        CHECK(english_fragments(*zh).empty());
        // Same numbers in both languages: every value the English shows, the Chinese shows.
        for (std::uint8_t i = 0; i < d.what.value_count; ++i) {
          CHECK(zh->find(std::to_string(d.what.values[i])) != std::string::npos);
        }
        CHECK(narration::decision_text(d.what, Language::Zh) == *zh);
        CHECK(narration::decision_text(d.what, Language::En) == tcp::render_decision_text(d.what));
        ++decisions;
      }
    }
  }
  CHECK(decisions > 300);
}

TEST_CASE("an unknown decision template falls back to the English", "[ui][narration]") {
  tcp::Decision d;
  d.step = "no such step";
  d.text = "a template nobody translated ({0})";
  d.values[0] = 7;
  d.value_count = 1;
  CHECK_FALSE(narration::decision_text_zh(d));
  CHECK(narration::decision_text(d, Language::Zh) == "a template nobody translated (7)");
  CHECK(narration::decision_step(d.step, Language::Zh) == "no such step");
}

TEST_CASE("the Chinese narration of every lesson has no English fragments", "[ui][narration]") {
  std::size_t lines = 0;
  for (const auto& preset : scenario::presets()) {
    for (const char* profile : kProfiles) {
      const trace::Trace t = run_lesson(preset.id, profile);
      std::set<Time> moments;
      for (const auto& s : t.segments) {
        moments.insert(s.sent);
        moments.insert(s.arrive);
      }
      for (const auto& x : t.transitions) moments.insert(x.t);
      for (const auto& d : t.decisions) moments.insert(d.t);
      for (const auto& e : t.app_events) moments.insert(e.t);
      for (const Time at : moments) {
        for (const bool linux_names : {false, true}) {
          const auto n = narration::narrate(t, at, Language::Zh, linux_names);
          for (const auto& l : n.lines) {
            INFO(preset.id << " / " << profile << " at " << to_ms(at) << " ms: " << l.text);
            CHECK(english_fragments(l.text).empty());
            ++lines;
          }
        }
      }
      if (const auto answer = narration::preset_answer(preset.id, Language::Zh)) {
        INFO(preset.id << " answer");
        CHECK(english_fragments(std::string(*answer)).empty());
      }
    }
  }
  CHECK(lines > 1000);
}

TEST_CASE("Linux's tail loss probe is narrated as a probe, RFC 6298's expiry as a timeout",
          "[ui][narration]") {
  // fin-lost: under `linux` the FIN goes again at 500 ms as a tail loss probe (RFC 8985 7.3),
  // under `rfc` at 1200 ms when the 1 s RTO expires.
  const trace::Trace linux_t = run_lesson("fin-lost", "linux");
  const std::string en = said(linux_t, from_ms(500), Language::En);
  CHECK(has(en, "again as a tail loss probe"));
  CHECK_FALSE(has(en, "its retransmission timer expired before an acknowledgment came"));
  CHECK(has(said(linux_t, from_ms(500), Language::Zh), "作为尾部丢包探测（TLP）再发一次"));
  const std::string rfc_en = said(run_lesson("fin-lost", "rfc"), from_ms(1200), Language::En);
  CHECK(has(rfc_en, "its retransmission timer expired before an acknowledgment came"));
  CHECK_FALSE(has(rfc_en, "tail loss probe"));
}

TEST_CASE("a probe timer that finds a probe unanswered has a Chinese why", "[ui][narration]") {
  // The first data segment is lost and its probe's ACK (= the probe's SND.NXT, moving SND.UNA)
  // leaves the episode open (tcp_process_tlp_ack); the second send is lost too, so its probe
  // timer finds a probe outstanding and sends nothing (tcp_send_loss_probe).
  auto s = scenario::parse_scenario(R"json({
    "profile": "linux",
    "actions": [
      { "at_ms": 0, "who": "server", "do": "listen" },
      { "at_ms": 0, "who": "client", "do": "connect" },
      { "at_ms": 300, "who": "client", "do": "send", "bytes": 100 },
      { "at_ms": 800, "who": "client", "do": "send", "bytes": 100 }
    ],
    "faults": [
      { "match": "client data #1", "drop": true },
      { "match": "client data #3", "drop": true }
    ],
    "until_ms": 3000
  })json");
  REQUIRE(s.ok());
  const trace::Trace t = sim::run(*s);
  int unanswered = 0;
  for (const trace::Decision& d : t.decisions) {
    if (d.what.step != "tail loss probe") continue;
    if (d.what.text.find("episode is still open") == std::string_view::npos) continue;
    ++unanswered;
    CHECK(d.t == from_ms(1100));
    const auto zh = narration::decision_text_zh(d.what);
    REQUIRE(zh);
    CHECK(english_fragments(*zh).empty());
  }
  CHECK(unanswered == 1);
}

TEST_CASE("a segment arriving the instant a timer is due is narrated as a tie the simulator "
          "broke", "[ui][narration]") {
  // synack-lost (linux): the client's second SYN reaches the server at 1050 ms, when the
  // server's SYN,ACK timer (armed at 50 ms for 1 s) is due too. Arrivals come first
  // (SCENARIO_FORMAT.md), so the SYN makes the server resend at once and push its timer back;
  // a 6.18 kernel fired the timer first in two runs of three.
  const trace::Trace t = run_lesson("synack-lost", "linux");
  CHECK(has(said(t, from_ms(1050), Language::En), "server's retransmission timer was due too"));
  CHECK(has(said(t, from_ms(1050), Language::Zh), "同一时刻服务器的重传计时器也恰好到期"));
  // rfc answers that SYN with an ACK and leaves the timer alone, which then fires: no tie.
  CHECK_FALSE(has(said(run_lesson("synack-lost", "rfc"), from_ms(1050), Language::En),
                  "was due too"));
  // Nowhere else in the lessons: the note appears only where a timer stopped at its deadline.
  for (const auto& preset : scenario::presets()) {
    for (const char* profile : kProfiles) {
      const trace::Trace l = run_lesson(preset.id, profile);
      int ties = 0;
      for (const trace::Timer& x : l.timers) {
        if (x.end == trace::TimerEnd::Cancelled && x.end_t == x.deadline) ++ties;
      }
      const bool expected =
          preset.id == std::string_view("synack-lost") && std::string_view(profile) != "rfc";
      INFO(preset.id << " / " << profile);
      CHECK(ties == (expected ? 1 : 0));
    }
  }
}
