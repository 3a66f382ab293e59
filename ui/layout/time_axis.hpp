// The ladder's one time axis (DESIGN.md, ui/): time <-> y pixel, with long idle stretches
// compressed. A ladder needs both a 50 ms RTT and a 60 s TIME-WAIT on one screen; drawn to
// scale the handshake would be one pixel tall. So time first maps to "display milliseconds",
// where every gap with no event for longer than a threshold shrinks to a fixed length (and
// gets a break mark), and display milliseconds map linearly to pixels (zoom and pan).
#pragma once

#include <span>
#include <vector>

#include "core/trace/trace.hpp"
#include "core/util/time.hpp"

namespace tcpviz::ui::layout {

struct Break {
  Time start{};              // the last event before the idle stretch
  Time end{};                // the first event after it
  double display_start = 0;  // where it starts on the display axis
};

class TimeCompression {
 public:
  // Gaps longer than min(3 x the median gap between events, 400 ms) are compressed to half
  // that threshold. `event_times` need not be sorted or unique.
  static TimeCompression from_event_times(std::vector<Time> event_times, bool enabled = true);
  // Every moment something happens in the trace: segments sent and arriving, transitions,
  // timers armed and ending, application events, the end of the run.
  static TimeCompression from_trace(const trace::Trace& t, bool enabled = true);

  double to_display_ms(Time t) const;
  Time from_display_ms(double display_ms) const;
  double total_display_ms() const { return to_display_ms(end_); }
  Time end() const { return end_; }
  Duration threshold() const { return threshold_; }
  double compressed_display_ms() const { return compressed_ms_; }
  std::span<const Break> breaks() const { return breaks_; }

 private:
  std::vector<Break> breaks_;  // by start, disjoint
  Time end_{};
  Duration threshold_{};
  double compressed_ms_ = 0;
};

// Display milliseconds -> pixels: the zoom and pan of ViewState, plus where the time axis
// starts on the canvas (below the endpoint headers).
struct TimeAxis {
  const TimeCompression* compression = nullptr;
  double top_display_ms = 0;
  double px_per_display_ms = 1.0;
  float origin_y = 0;  // canvas y of top_display_ms

  // THE mapping: every view and test goes through these two.
  float y_of(Time t) const;
  Time time_at(float y) const;

  double display_at(float y) const { return top_display_ms + (y - origin_y) / px_per_display_ms; }
};

// Zoom and pan that show the whole trace in `height` pixels below origin_y.
struct Viewport {
  double top_display_ms = 0;
  double px_per_display_ms = 1.0;
};
Viewport fit(const TimeCompression& c, float height);
// Zoom by `factor`, keeping the display time under `anchor_y` still. Zoom is clamped to
// [0.01, 200] px per display-ms.
Viewport zoom(Viewport v, double factor, float anchor_y, float origin_y);

}  // namespace tcpviz::ui::layout
