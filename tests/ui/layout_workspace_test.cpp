// The workspace applies the commands views emit: a click's fault rule re-runs the simulator
// and the retransmission appears; undo and redo walk the scenario history.
#include <catch2/catch.hpp>

#include "core/scenario/parse.hpp"
#include "ui/model/fault_match.hpp"
#include "ui/model/workspace.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

namespace {

constexpr std::string_view kLesson = R"({
  "profile": "linux",
  "link": { "delay_ms": 50 },
  "client": { "port": 40000, "isn": 1000 },
  "server": { "port": 80, "isn": 5000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "on": "client:established", "after_ms": 500, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 250, "who": "server", "do": "close" }
  ]
})";

Workspace lesson() {
  Result<scenario::Scenario> s = scenario::parse_scenario(kLesson);
  REQUIRE(s.ok());
  return Workspace(std::move(s).value());
}

std::size_t count_syns(const trace::Trace& t) {
  std::size_t n = 0;
  for (const trace::Segment& s : t.segments) {
    if (s.from == trace::Side::Client && s.tcp.flags.syn() && !s.tcp.flags.ack()) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("dropping the SYN by a click makes the client retransmit it", "[ui][workspace]") {
  Workspace w = lesson();
  REQUIRE_FALSE(w.trace().segments.empty());
  CHECK(count_syns(w.trace()) == 1);
  const auto c = toggle_drop_command(w.scenario(), w.trace(), 0);
  REQUIRE(c);
  w.apply(*c);
  REQUIRE(w.scenario().faults.size() == 1);
  CHECK(w.scenario().faults[0].match->text == "client SYN #1");
  CHECK(w.trace().segments[0].fate == trace::Fate::Dropped);
  // RFC 6298 2.1 / Linux: the SYN is sent again when the 1 s initial RTO expires.
  REQUIRE(count_syns(w.trace()) == 2);
  CHECK(w.trace().segments[1].retransmission);
  CHECK(w.trace().segments[1].sent == from_ms(1000));

  // Clicking the dropped SYN again removes the rule.
  const auto again = toggle_drop_command(w.scenario(), w.trace(), 0);
  REQUIRE(again);
  CHECK(std::holds_alternative<RemoveFault>(*again));
}

TEST_CASE("undo and redo walk the scenario history", "[ui][workspace]") {
  Workspace w = lesson();
  const std::size_t plain = w.trace().segments.size();
  w.apply(*toggle_drop_command(w.scenario(), w.trace(), 0));
  CHECK(w.can_undo());
  CHECK(w.trace().segments.size() > plain);
  w.apply(Undo{});
  CHECK(w.scenario().faults.empty());
  CHECK(w.trace().segments.size() == plain);
  CHECK(w.can_redo());
  w.apply(Redo{});
  CHECK(w.scenario().faults.size() == 1);
  w.apply(Reset{});
  CHECK(w.scenario().faults.empty());
  CHECK(w.can_undo());
}

TEST_CASE("stepping moves the playhead between events", "[ui][workspace]") {
  Workspace w = lesson();
  CHECK(w.view().playhead == Time{});
  w.apply(Step{+1});
  CHECK(w.view().playhead == from_ms(50));  // the SYN arrives after one 50 ms link delay
  w.apply(Step{+1});
  w.apply(Step{-1});
  CHECK(w.view().playhead == from_ms(50));
  w.apply(JumpToEnd{});
  CHECK(w.view().playhead == w.trace().end);
  w.apply(Step{+1});
  CHECK(w.view().playhead == w.trace().end);
}

TEST_CASE("playback runs on the compressed axis and stops at the end", "[ui][workspace]") {
  Workspace w = lesson();
  w.apply(Play{});
  CHECK(w.advance(0.5));
  // 0.5 s at speed 1 is 50 display-ms: the SYN has just arrived.
  CHECK(w.view().playhead == from_ms(50));
  for (int i = 0; i < 10000 && w.view().playing; ++i) w.advance(0.1);
  CHECK_FALSE(w.view().playing);
  CHECK(w.view().playhead == w.trace().end);
  CHECK_FALSE(w.advance(0.1));
}

TEST_CASE("a bad command leaves the scenario alone and says why", "[ui][workspace]") {
  Workspace w = lesson();
  w.apply(RemoveFault{3});
  CHECK_FALSE(w.last_error().empty());
  CHECK_FALSE(w.can_undo());
  w.apply(LoadPreset{"no-such-lesson"});
  CHECK_FALSE(w.last_error().empty());
}
