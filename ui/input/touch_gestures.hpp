// Touch on the ladder (phones, tablets), as a pure state machine so it is unit-tested without
// SDL or ImGui. The platform mains forward SDL_FINGERDOWN / FINGERMOTION / FINGERUP (SDL's
// coordinates are normalised to the window; App scales them to ImGui's display pixels).
//   tap                one finger down and up without moving past the slop: a selection
//                      (SDL also turns it into a mouse click, which the ladder already handles)
//   one-finger drag    pans the time axis, unless it started on an arrow's arrival end: then
//                      it is the delay drag, which the mouse path (SDL's emulated mouse) does
//   two-finger pinch   zooms around the fingers' midpoint; the pan stops while two are down
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

namespace tcpviz::ui::input {

// SDL_FINGERDOWN, SDL_FINGERMOTION, SDL_FINGERUP; Cancel when the touch was taken away.
enum class FingerPhase : std::uint8_t { Down, Motion, Up, Cancel };

// What the gestures since the last take() amount to, in the same pixels as the events.
struct TouchGesture {
  double pan_dy = 0;        // Pan{pan_dy}: positive drags the diagram down
  double zoom_factor = 1;   // Zoom{factor, anchor}: > 1 magnifies
  float zoom_anchor_y = 0;  // the pinch midpoint, to keep still
  std::optional<std::pair<float, float>> tap;  // where a tap ended
  // A touch gesture other than a tap is going on (or ended this frame): the ladder must not
  // also pan from the emulated mouse, nor treat the emulated release as a click.
  bool claimed = false;
};

class TouchGestures {
 public:
  // Pixels a finger may wander and still make a tap (Android's touch slop is 8 dp).
  static constexpr float kSlopPx = 8;

  // on_delay_handle: the caller's hit test at the down position found an arrival handle.
  void down(std::int64_t finger, float x, float y, bool on_delay_handle = false);
  void move(std::int64_t finger, float x, float y);
  void up(std::int64_t finger, float x, float y);
  void cancel();  // the window lost the touch (SDL sends no up): forget every finger

  // The gesture accumulated since the last call; resets the accumulators, not the fingers.
  TouchGesture take();

  int fingers() const { return count_; }
  bool pinching() const { return mode_ == Mode::Pinch; }
  bool delay_dragging() const { return mode_ == Mode::DelayDrag; }
  // One finger down that has not moved past the slop: it may still end as a tap, so the
  // ladder must not yet treat the emulated mouse as panning (that would swallow the click).
  bool undecided() const { return mode_ == Mode::Pending; }

 private:
  enum class Mode : std::uint8_t { Idle, Pending, Pan, DelayDrag, Pinch, Done };
  struct Finger {
    std::int64_t id = 0;
    float x = 0, y = 0;
    bool used = false;
  };
  Finger* find(std::int64_t id);
  float spread() const;  // distance between the two fingers
  float mid_y() const;

  Finger f_[2];
  int count_ = 0;
  Mode mode_ = Mode::Idle;
  float start_x_ = 0, start_y_ = 0;  // the first finger's down position
  float last_spread_ = 0;
  TouchGesture acc_;
};

}  // namespace tcpviz::ui::input
