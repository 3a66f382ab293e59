#include "ui/layout/motion.hpp"

#include <algorithm>
#include <cmath>

namespace tcpviz::ui::layout {

namespace {

constexpr double kArrivedPx = 2;
constexpr float kFollowTarget = 1.0f / 3;
constexpr double kGlidePerFrame = 0.2;

}  // namespace

Time shown_playhead(std::span<const Time> steps, Time playhead, bool reduced_motion) {
  if (!reduced_motion) return playhead;
  const auto it = std::upper_bound(steps.begin(), steps.end(), playhead);
  return it == steps.begin() ? playhead : *(it - 1);
}

Follow follow_playhead(float playhead_y, float origin_y, float height, bool following,
                       bool reduced_motion) {
  if (height <= origin_y) return {};
  if (!following && playhead_y >= origin_y && playhead_y <= height) return {};
  const float target = origin_y + (height - origin_y) * kFollowTarget;
  const double jump = static_cast<double>(target - playhead_y);
  if (reduced_motion || std::abs(jump) < kArrivedPx) return {jump, false};
  return {jump * kGlidePerFrame, true};
}

}  // namespace tcpviz::ui::layout
