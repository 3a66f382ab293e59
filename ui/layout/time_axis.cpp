#include "ui/layout/time_axis.hpp"

#include <algorithm>
#include <cmath>

namespace tcpviz::ui::layout {

namespace {

constexpr Duration kMaxThreshold = from_ms(400);
constexpr Duration kDefaultGap = from_ms(50);  // a lesson's link delay, when nothing to measure

}  // namespace

TimeCompression TimeCompression::from_event_times(std::vector<Time> times, bool enabled) {
  TimeCompression c;
  times.push_back(Time{});
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  c.end_ = times.back();

  std::vector<Duration> gaps;
  gaps.reserve(times.size());
  for (std::size_t i = 1; i < times.size(); ++i) gaps.push_back(times[i] - times[i - 1]);
  Duration median = kDefaultGap;
  if (!gaps.empty()) {
    std::vector<Duration> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2),
                     sorted.end());
    median = std::max(sorted[sorted.size() / 2], Duration(1));
  }
  c.threshold_ = std::min(3 * median, kMaxThreshold);
  c.compressed_ms_ = to_ms(c.threshold_) / 2;
  if (!enabled) return c;

  double cut_so_far = 0;  // display ms removed by earlier breaks
  for (std::size_t i = 1; i < times.size(); ++i) {
    const Duration gap = times[i] - times[i - 1];
    if (gap <= c.threshold_) continue;
    c.breaks_.push_back({times[i - 1], times[i], to_ms(times[i - 1]) - cut_so_far});
    cut_so_far += to_ms(gap) - c.compressed_ms_;
  }
  return c;
}

TimeCompression TimeCompression::from_trace(const trace::Trace& t, bool enabled) {
  std::vector<Time> times;
  times.reserve(t.segments.size() * 2 + t.transitions.size() + t.timers.size() * 2 +
                t.app_events.size() + 1);
  for (const trace::Segment& s : t.segments) {
    times.push_back(s.sent);
    times.push_back(s.arrive);
  }
  for (const trace::Transition& x : t.transitions) times.push_back(x.t);
  for (const trace::Timer& x : t.timers) {
    times.push_back(x.armed);
    times.push_back(x.end == trace::TimerEnd::Pending ? x.deadline : x.end_t);
  }
  for (const trace::AppEvent& e : t.app_events) times.push_back(e.t);
  times.push_back(t.end);
  return from_event_times(std::move(times), enabled);
}

double TimeCompression::to_display_ms(Time t) const {
  // The last break starting at or before t.
  auto it = std::upper_bound(breaks_.begin(), breaks_.end(), t,
                             [](Time v, const Break& b) { return v < b.start; });
  if (it == breaks_.begin()) return to_ms(t);
  const Break& b = *(it - 1);
  if (t < b.end) {
    const double frac = to_ms(t - b.start) / to_ms(b.end - b.start);
    return b.display_start + frac * compressed_ms_;
  }
  return b.display_start + compressed_ms_ + to_ms(t - b.end);
}

Time TimeCompression::from_display_ms(double d) const {
  auto it = std::upper_bound(breaks_.begin(), breaks_.end(), d,
                             [](double v, const Break& b) { return v < b.display_start; });
  if (it == breaks_.begin()) return from_ms_fraction(std::max(d, 0.0));
  const Break& b = *(it - 1);
  const double into = d - b.display_start;
  if (into < compressed_ms_) {
    const double frac = into / compressed_ms_;
    return b.start + from_ms_fraction(frac * to_ms(b.end - b.start));
  }
  return b.end + from_ms_fraction(into - compressed_ms_);
}

float TimeAxis::y_of(Time t) const {
  const double d = compression != nullptr ? compression->to_display_ms(t) : to_ms(t);
  return origin_y + static_cast<float>((d - top_display_ms) * px_per_display_ms);
}

Time TimeAxis::time_at(float y) const {
  const double d = display_at(y);
  return compression != nullptr ? compression->from_display_ms(d) : from_ms_fraction(d);
}

Viewport fit(const TimeCompression& c, float height) {
  const double total = std::max(c.total_display_ms(), 1.0);
  // A little room below the last event, so the final state band is visible.
  const double usable = std::max(static_cast<double>(height), 40.0) * 0.94;
  return {0.0, usable / total};
}

Viewport zoom(Viewport v, double factor, float anchor_y, float origin_y) {
  const double anchor_display = v.top_display_ms + (anchor_y - origin_y) / v.px_per_display_ms;
  v.px_per_display_ms = std::clamp(v.px_per_display_ms * factor, 0.01, 200.0);
  v.top_display_ms = anchor_display - (anchor_y - origin_y) / v.px_per_display_ms;
  return v;
}

}  // namespace tcpviz::ui::layout
