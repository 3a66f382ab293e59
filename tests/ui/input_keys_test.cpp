// Every playback control has a key, and the help lists each key once (ui/input/keys.hpp).
#include <catch2/catch.hpp>

#include <set>
#include <string_view>

#include "ui/input/keys.hpp"
#include "ui/layout/motion.hpp"

using namespace tcpviz;
using namespace tcpviz::ui::input;

TEST_CASE("every playback control has a listed key", "[ui][keys]") {
  // The playback bar's buttons and the ladder's zoom/pan/fit, each with a binding.
  const KeyAction controls[] = {
      KeyAction::TogglePlay, KeyAction::StepForward, KeyAction::StepBack, KeyAction::JumpToStart,
      KeyAction::JumpToEnd,  KeyAction::SpeedUp,     KeyAction::SpeedDown, KeyAction::ZoomIn,
      KeyAction::ZoomOut,    KeyAction::PanUp,       KeyAction::PanDown,   KeyAction::Fit,
      KeyAction::Undo,       KeyAction::Redo};
  for (KeyAction a : controls) {
    int listed = 0;
    for (const KeyBinding& b : kKeyBindings) {
      if (b.action == a) {
        ++listed;
        CHECK_FALSE(b.keys.empty());
        CHECK_FALSE(b.en.empty());
        CHECK_FALSE(b.zh.empty());
      }
    }
    INFO("action " << static_cast<int>(a));
    CHECK(listed == 1);
  }
  std::set<std::string_view> keys;
  for (const KeyBinding& b : kKeyBindings) CHECK(keys.insert(b.keys).second);
}

TEST_CASE("speed keys walk the playback bar's speeds and stop at the ends", "[ui][keys]") {
  CHECK(next_speed(1, +1) == 2);
  CHECK(next_speed(1, -1) == 0.5);
  CHECK(next_speed(16, +1) == 16);
  CHECK(next_speed(0.25, -1) == 0.25);
  CHECK(next_speed(3, +1) == 4);  // a speed set by the page (?speed=3) joins the ladder
  CHECK(next_speed(3, -1) == 2);
}

TEST_CASE("reduced motion shows the playhead at the last event, not between", "[ui][motion]") {
  const Time steps[] = {Time{}, from_ms(50), from_ms(100), from_ms(150)};
  CHECK(ui::layout::shown_playhead(steps, from_ms(75), true) == from_ms(50));
  CHECK(ui::layout::shown_playhead(steps, from_ms(100), true) == from_ms(100));
  CHECK(ui::layout::shown_playhead(steps, from_ms(75), false) == from_ms(75));
}

TEST_CASE("following the playhead jumps with reduced motion and glides without", "[ui][motion]") {
  using ui::layout::follow_playhead;
  // Canvas 600 px, header 44: a playhead at 610 has left the canvas; the target is a third
  // of the way down the axis, 44 + 556 / 3.
  const double jump = 44 + 556.0 / 3 - 610;
  const auto reduced = follow_playhead(610, 44, 600, false, true);
  CHECK(reduced.pan == Approx(jump));
  CHECK_FALSE(reduced.following);  // one jump, done
  const auto glide = follow_playhead(610, 44, 600, false, false);
  CHECK(glide.pan == Approx(jump * 0.2));
  CHECK(glide.following);
  // Still gliding next frame though the playhead is back on the canvas.
  CHECK(follow_playhead(500, 44, 600, true, false).pan < 0);
  // On the canvas and not following: a fitted run never scrolls.
  CHECK(follow_playhead(590, 44, 600, false, false).pan == 0);
  CHECK(follow_playhead(590, 44, 600, false, true).pan == 0);
}
