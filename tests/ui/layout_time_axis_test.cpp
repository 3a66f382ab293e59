// The ladder's time axis: gap compression, zoom, and the one time <-> y mapping.
#include <catch2/catch.hpp>

#include "tests/ui/layout_fixtures.hpp"
#include "ui/layout/time_axis.hpp"

using namespace tcpviz;
using namespace tcpviz::ui::layout;

TEST_CASE("a 60 s TIME-WAIT and a 50 ms RTT fit on one screen", "[ui][layout]") {
  const trace::Trace t = test::normal_lesson();
  const TimeCompression c = TimeCompression::from_trace(t);
  REQUIRE_FALSE(c.breaks().empty());
  // Fit the whole run, TIME-WAIT included, into a 600 px tall canvas...
  const Viewport v = fit(c, 600);
  TimeAxis axis{&c, v.top_display_ms, v.px_per_display_ms, 44};
  CHECK(axis.y_of(t.end) <= 44 + 600);
  // ...and the SYN's 50 ms flight is still tall enough to read (to scale it would be half a
  // pixel: 600 px / 60950 ms * 50 ms).
  CHECK(axis.y_of(from_ms(50)) - axis.y_of(from_ms(0)) >= 20);
  // The TIME-WAIT gap (1000 ms -> 60950 ms) is one break mark.
  bool found = false;
  for (const Break& b : c.breaks()) {
    if (b.start == from_ms(1000) && b.end == from_ms(60950)) found = true;
  }
  CHECK(found);
}

TEST_CASE("compressed time maps back to the same moment", "[ui][layout]") {
  const TimeCompression c = TimeCompression::from_trace(test::normal_lesson());
  for (std::int64_t ms : {0, 25, 50, 333, 999, 1000, 5000, 30000, 60949, 60950}) {
    const Time t = from_ms(ms);
    const Time back = c.from_display_ms(c.to_display_ms(t));
    CHECK(std::abs((back - t).count()) <= 1);  // rounding to the microsecond tick
  }
}

TEST_CASE("the display axis is monotonic through breaks", "[ui][layout]") {
  const TimeCompression c = TimeCompression::from_trace(test::normal_lesson());
  double prev = -1;
  for (std::int64_t ms = 0; ms <= 61000; ms += 7) {
    const double d = c.to_display_ms(from_ms(ms));
    CHECK(d > prev);
    prev = d;
  }
}

TEST_CASE("gaps no longer than 3x the median gap are drawn to scale", "[ui][layout]") {
  // Events every 50 ms: median 50 ms, threshold 150 ms; nothing is compressed.
  std::vector<Time> times;
  for (int i = 0; i <= 20; ++i) times.push_back(from_ms(50 * i));
  const TimeCompression c = TimeCompression::from_event_times(times);
  CHECK(c.breaks().empty());
  CHECK(c.to_display_ms(from_ms(1000)) == Approx(1000.0));
  // One 151 ms silence more than 3x the median is.
  times.push_back(from_ms(1000 + 151));
  CHECK(TimeCompression::from_event_times(times).breaks().size() == 1);
}

TEST_CASE("idle stretches over 400 ms are compressed whatever the median", "[ui][layout]") {
  // Median gap 1 s (an RTO-paced SYN retry series): the threshold is capped at 400 ms.
  std::vector<Time> times{from_ms(0), from_ms(1000), from_ms(2000), from_ms(3000)};
  const TimeCompression c = TimeCompression::from_event_times(times);
  CHECK(c.threshold() == from_ms(400));
  CHECK(c.breaks().size() == 3);
  CHECK(c.total_display_ms() == Approx(3 * 200.0));
}

TEST_CASE("compression can be switched off", "[ui][layout]") {
  const TimeCompression c = TimeCompression::from_trace(test::normal_lesson(), false);
  CHECK(c.breaks().empty());
  CHECK(c.total_display_ms() == Approx(60950.0));
}

TEST_CASE("zoom keeps the moment under the pointer still", "[ui][layout]") {
  const TimeCompression c = TimeCompression::from_trace(test::normal_lesson());
  const Viewport v0 = fit(c, 600);
  TimeAxis before{&c, v0.top_display_ms, v0.px_per_display_ms, 44};
  const Time under = before.time_at(300);
  const Viewport v1 = zoom(v0, 4.0, 300, 44);
  TimeAxis after{&c, v1.top_display_ms, v1.px_per_display_ms, 44};
  CHECK(after.px_per_display_ms == Approx(v0.px_per_display_ms * 4));
  CHECK(after.y_of(under) == Approx(300).margin(0.01));
}
