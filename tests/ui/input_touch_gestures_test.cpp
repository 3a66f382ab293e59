// The ladder's touch gestures (ui/input/touch_gestures): tap, one-finger pan, two-finger
// pinch zoom around the midpoint, and the delay drag that a hit test on an arrival end claims.
#include <catch2/catch.hpp>

#include "ui/input/touch_gestures.hpp"

using tcpviz::ui::input::TouchGestures;

TEST_CASE("a tap that stays within the slop is a tap, not a pan", "[ui][touch]") {
  TouchGestures g;
  g.down(1, 100, 200);
  g.move(1, 103, 204);  // 5 px: a finger is never perfectly still
  g.up(1, 103, 204);
  const auto out = g.take();
  REQUIRE(out.tap.has_value());
  CHECK(out.tap->first == 103);
  CHECK(out.tap->second == 204);
  CHECK(out.pan_dy == 0);
  CHECK(out.zoom_factor == 1);
  CHECK_FALSE(out.claimed);  // the emulated mouse click selects, as with a mouse
  CHECK(g.fingers() == 0);
}

TEST_CASE("a one-finger drag pans by the whole distance moved", "[ui][touch]") {
  TouchGestures g;
  g.down(1, 100, 200);
  g.move(1, 100, 230);  // past the slop: the pan starts from the down position
  auto out = g.take();
  CHECK(out.pan_dy == Approx(30));
  CHECK(out.claimed);
  CHECK_FALSE(out.tap);
  g.move(1, 100, 220);
  g.move(1, 100, 180);
  out = g.take();
  CHECK(out.pan_dy == Approx(-50));
  g.up(1, 100, 180);
  out = g.take();
  CHECK_FALSE(out.tap);  // a drag never ends in a tap
  CHECK(out.pan_dy == 0);
}

TEST_CASE("a drag that starts on an arrival end is the delay drag, never a pan", "[ui][touch]") {
  TouchGestures g;
  g.down(7, 300, 400, /*on_delay_handle=*/true);
  CHECK(g.delay_dragging());
  g.move(7, 300, 480);
  const auto out = g.take();
  CHECK(out.pan_dy == 0);
  CHECK_FALSE(out.claimed);  // the emulated mouse drag moves the arrival end
  g.up(7, 300, 480);
  CHECK_FALSE(g.take().tap);
}

TEST_CASE("a pinch zooms by the change in finger spread around the midpoint", "[ui][touch]") {
  TouchGestures g;
  g.down(1, 100, 300);
  g.down(2, 100, 400);  // 100 px apart, midpoint y 350
  CHECK(g.pinching());
  g.move(1, 100, 250);  // 150 apart
  g.move(2, 100, 450);  // 200 apart: twice the spread
  auto out = g.take();
  CHECK(out.zoom_factor == Approx(2.0));
  CHECK(out.zoom_anchor_y == Approx(350));
  CHECK(out.pan_dy == 0);  // the fingers' common motion is not a pan while pinching
  CHECK(out.claimed);
  g.move(2, 100, 350);  // 100 apart again: half
  out = g.take();
  CHECK(out.zoom_factor == Approx(0.5));
  CHECK(out.zoom_anchor_y == Approx(300));
}

TEST_CASE("lifting one finger of a pinch neither pans nor taps", "[ui][touch]") {
  TouchGestures g;
  g.down(1, 100, 300);
  g.down(2, 100, 400);
  g.up(2, 100, 400);
  g.move(1, 100, 500);
  auto out = g.take();
  CHECK(out.pan_dy == 0);
  CHECK(out.claimed);
  g.up(1, 100, 500);
  out = g.take();
  CHECK_FALSE(out.tap);
  CHECK(g.fingers() == 0);
  // And the next one-finger drag pans again.
  g.down(3, 50, 50);
  g.move(3, 50, 90);
  CHECK(g.take().pan_dy == Approx(40));
}

TEST_CASE("fingers on top of each other never divide by zero", "[ui][touch]") {
  TouchGestures g;
  g.down(1, 100, 100);
  g.down(2, 100, 100);
  g.move(2, 100, 101);
  const auto out = g.take();
  CHECK(out.zoom_factor == 1);
  g.cancel();
  CHECK(g.fingers() == 0);
  CHECK_FALSE(g.pinching());
}
