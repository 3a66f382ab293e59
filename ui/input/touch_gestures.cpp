#include "ui/input/touch_gestures.hpp"

#include <cmath>

namespace tcpviz::ui::input {

namespace {

// Two fingers closer than this give no reliable ratio (and a zero spread would divide by 0).
constexpr float kMinSpreadPx = 12;

}  // namespace

TouchGestures::Finger* TouchGestures::find(std::int64_t id) {
  for (Finger& f : f_) {
    if (f.used && f.id == id) return &f;
  }
  return nullptr;
}

float TouchGestures::spread() const {
  return std::hypot(f_[0].x - f_[1].x, f_[0].y - f_[1].y);
}

float TouchGestures::mid_y() const { return (f_[0].y + f_[1].y) * 0.5f; }

void TouchGestures::down(std::int64_t finger, float x, float y, bool on_delay_handle) {
  if (find(finger) != nullptr) return;  // a repeated down: keep the first
  Finger* slot = !f_[0].used ? &f_[0] : (!f_[1].used ? &f_[1] : nullptr);
  if (slot == nullptr) return;  // a third finger is ignored
  *slot = {finger, x, y, true};
  ++count_;
  if (count_ == 1) {
    start_x_ = x;
    start_y_ = y;
    mode_ = on_delay_handle ? Mode::DelayDrag : Mode::Pending;
    return;
  }
  // The second finger: a pinch, whatever the first was doing (a delay drag already under way
  // stays with the mouse path; the pinch still zooms).
  mode_ = Mode::Pinch;
  last_spread_ = spread();
  acc_.claimed = true;
}

void TouchGestures::move(std::int64_t finger, float x, float y) {
  Finger* f = find(finger);
  if (f == nullptr) return;
  const float dy = y - f->y;
  f->x = x;
  f->y = y;
  switch (mode_) {
    case Mode::Pending:
      if (std::hypot(x - start_x_, y - start_y_) <= kSlopPx) return;
      // Past the slop: a pan, starting from the down position so no motion is lost.
      mode_ = Mode::Pan;
      acc_.pan_dy += y - start_y_;
      acc_.claimed = true;
      return;
    case Mode::Pan:
      acc_.pan_dy += dy;
      acc_.claimed = true;
      return;
    case Mode::Pinch: {
      const float s = spread();
      if (s >= kMinSpreadPx && last_spread_ >= kMinSpreadPx) {
        acc_.zoom_factor *= static_cast<double>(s) / last_spread_;
        acc_.zoom_anchor_y = mid_y();
      }
      last_spread_ = s;
      acc_.claimed = true;
      return;
    }
    case Mode::Idle:
    case Mode::DelayDrag:
    case Mode::Done:
      return;
  }
}

void TouchGestures::up(std::int64_t finger, float x, float y) {
  Finger* f = find(finger);
  if (f == nullptr) return;
  f->x = x;
  f->y = y;
  if (mode_ == Mode::Pending && count_ == 1 && std::hypot(x - start_x_, y - start_y_) <= kSlopPx) {
    acc_.tap = std::make_pair(x, y);
  }
  f->used = false;
  --count_;
  if (count_ == 0) {
    mode_ = Mode::Idle;
    return;
  }
  // One finger left after a pinch: it neither pans nor taps until it is lifted too, so the
  // end of a pinch never jerks the view.
  mode_ = Mode::Done;
  acc_.claimed = true;
}

void TouchGestures::cancel() {
  f_[0].used = f_[1].used = false;
  count_ = 0;
  mode_ = Mode::Idle;
}

TouchGesture TouchGestures::take() {
  TouchGesture out = acc_;
  // A gesture still under way keeps claiming the mouse until its fingers are lifted.
  out.claimed = out.claimed || mode_ == Mode::Pan || mode_ == Mode::Pinch || mode_ == Mode::Done;
  acc_ = TouchGesture{};
  return out;
}

}  // namespace tcpviz::ui::input
