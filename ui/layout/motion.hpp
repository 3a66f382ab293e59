// Motion on the ladder, as pure functions (DESIGN.md, ui/): what playback shows and how the
// view follows the playhead, with and without the platform's reduced-motion request (the
// page's prefers-reduced-motion, WCAG 2.1 SC 2.3.3): then nothing slides or flies; the
// playhead jumps from event to event and the view jumps to keep it in sight.
#pragma once

#include <span>

#include "core/util/time.hpp"

namespace tcpviz::ui::layout {

// The playhead the ladder draws: the model's own, or with reduced motion the last event
// (Workspace::steps, sorted) at or before it, so playback steps instead of sweeping.
Time shown_playhead(std::span<const Time> steps, Time playhead, bool reduced_motion);

// Keeping a playing playhead in view. Nothing moves while the playhead is on the canvas (a
// fitted run never scrolls); once it leaves (below the bottom or above the axis), the view
// brings it back to a third of the way down: all at once with reduced motion, otherwise a
// fifth of the remaining distance per frame (`following` stays true until it arrives).
struct Follow {
  double pan = 0;          // Pan::delta_px for this frame
  bool following = false;  // pass back next frame
};
Follow follow_playhead(float playhead_y, float origin_y, float height, bool following,
                       bool reduced_motion);

}  // namespace tcpviz::ui::layout
