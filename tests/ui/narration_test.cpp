// Narration derived from the trace: the right words at the right step, in both languages.
#include <catch2/catch.hpp>

#include "tests/ui/layout_fixtures.hpp"
#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

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
