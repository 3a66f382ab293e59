#include "ui/palette.hpp"

namespace tcpviz::ui {

namespace {

// Order follows tcp::State: Closed, Listen, SynSent, SynReceived, Established, FinWait1,
// FinWait2, CloseWait, Closing, LastAck, TimeWait.
constexpr Palette kDark{
    rgba(24, 26, 31), rgba(45, 60, 90), rgba(150, 170, 200), rgba(110, 120, 140),
    rgba(230, 235, 245), rgba(150, 155, 170),
    rgba(200, 210, 225), rgba(255, 170, 60), rgba(240, 80, 80), rgba(170, 140, 255),
    rgba(255, 90, 200), rgba(140, 140, 140), rgba(90, 200, 255),
    rgba(255, 230, 80), rgba(255, 255, 255, 60), rgba(80, 220, 255), rgba(120, 125, 140),
    rgba(200, 200, 120), rgba(255, 200, 80),
    rgba(50, 58, 75), rgba(110, 120, 140), rgba(255, 220, 90),
    rgba(90, 170, 255), rgba(255, 140, 90),
    {rgba(70, 72, 80), rgba(80, 110, 160), rgba(190, 130, 50), rgba(200, 110, 60),
     rgba(50, 150, 90), rgba(80, 110, 190), rgba(100, 90, 190), rgba(130, 90, 170),
     rgba(170, 80, 150), rgba(150, 80, 120), rgba(200, 160, 40)},
    true};

constexpr Palette kLight{
    rgba(250, 250, 252), rgba(225, 232, 245), rgba(90, 110, 150), rgba(120, 130, 150),
    rgba(20, 24, 32), rgba(100, 105, 120),
    rgba(40, 50, 70), rgba(210, 110, 0), rgba(200, 30, 30), rgba(110, 70, 210),
    rgba(200, 30, 150), rgba(140, 140, 140), rgba(0, 120, 200),
    rgba(230, 170, 0), rgba(0, 0, 0, 30), rgba(0, 140, 200), rgba(150, 155, 170),
    rgba(140, 130, 40), rgba(200, 120, 0),
    rgba(232, 236, 244), rgba(120, 130, 150), rgba(240, 180, 0),
    rgba(0, 110, 220), rgba(220, 90, 30),
    {rgba(215, 217, 222), rgba(170, 195, 235), rgba(245, 200, 140), rgba(245, 180, 140),
     rgba(150, 215, 170), rgba(170, 185, 240), rgba(185, 175, 240), rgba(210, 180, 235),
     rgba(235, 170, 220), rgba(230, 175, 200), rgba(245, 220, 120)},
    false};

// High contrast: pure black and white with saturated, distinct hues (WCAG-style contrast).
constexpr Palette kHighContrast{
    rgba(0, 0, 0), rgba(0, 0, 0), rgba(255, 255, 255), rgba(255, 255, 255),
    rgba(255, 255, 255), rgba(220, 220, 220),
    rgba(255, 255, 255), rgba(255, 200, 0), rgba(255, 60, 60), rgba(200, 160, 255),
    rgba(255, 100, 255), rgba(180, 180, 180), rgba(0, 230, 255),
    rgba(255, 255, 0), rgba(255, 255, 255, 80), rgba(0, 255, 255), rgba(255, 255, 255),
    rgba(255, 255, 0), rgba(255, 160, 0),
    rgba(0, 0, 0), rgba(255, 255, 255), rgba(255, 255, 0),
    rgba(0, 200, 255), rgba(255, 160, 0),
    {rgba(60, 60, 60), rgba(0, 70, 160), rgba(150, 90, 0), rgba(160, 60, 0),
     rgba(0, 120, 40), rgba(0, 60, 170), rgba(60, 30, 170), rgba(110, 0, 140),
     rgba(150, 0, 110), rgba(130, 0, 60), rgba(170, 130, 0)},
    true};

}  // namespace

const Palette& palette(Theme t) {
  switch (t) {
    case Theme::Light: return kLight;
    case Theme::HighContrast: return kHighContrast;
    case Theme::Dark: break;
  }
  return kDark;
}

}  // namespace tcpviz::ui
