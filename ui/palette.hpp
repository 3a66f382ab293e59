// Every colour the views use, in one place (DESIGN.md, ui/), per theme. Colours are packed as
// ImGui's ImU32 (0xAABBGGRR, what IM_COL32 makes) but this header needs no ImGui, so the
// layout tests and the page's tests can name them too. The tables live here (inline) rather
// than in a .cpp of tcpviz_ui, so tcpviz_tests (which links no ImGui) can check them:
// tests/ui/layout_palette_contrast_test.cpp holds every theme to WCAG 2.1 contrast ratios.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "core/tcp/state.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui {

using Colour = std::uint32_t;

constexpr Colour rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return (Colour(a) << 24) | (Colour(b) << 16) | (Colour(g) << 8) | Colour(r);
}
constexpr Colour with_alpha(Colour c, std::uint8_t a) { return (c & 0x00ffffffu) | (Colour(a) << 24); }

// How many connections get their own tint; more wrap around (the label still names them).
inline constexpr std::size_t kConnTints = 4;

struct Palette {
  Colour canvas, header_fill, header_border, lifeline, text, text_dim;
  Colour arrow, retransmission, dropped, duplicate, injected, in_flight, delayed;
  Colour selection, hover, playhead, break_mark, timer, timer_fired;
  Colour diagram_node, diagram_edge, diagram_lit;
  Colour client, server;  // the two endpoints' accents (state diagram highlights)
  // State band fills, by tcp::State: handshake states warm, ESTABLISHED green, closing
  // states blue-violet, TIME-WAIT amber so its length stands out.
  std::array<Colour, tcp::kStateCount> state;
  // A trace with several connections (old duplicate SYN, a reused 4-tuple) tints each one's
  // labels, band outlines and legend entry with conn[i % kConnTints]; text-grade contrast.
  std::array<Colour, kConnTints> conn;
  bool dark = true;  // for ImGui's own style (StyleColorsDark / Light)
};

namespace palette_detail {

// Order follows tcp::State: Closed, Listen, SynSent, SynReceived, Established, FinWait1,
// FinWait2, CloseWait, Closing, LastAck, TimeWait.
inline constexpr Palette kDark{
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
    {rgba(110, 210, 140), rgba(230, 190, 90), rgba(255, 140, 255), rgba(0, 220, 255)},
    true};

// The playhead label and the server accent are text too, so both are darker than a pure
// hue would be: WCAG 2.1 SC 1.4.3 asks 4.5:1 for text on the near-white canvas.
inline constexpr Palette kLight{
    rgba(250, 250, 252), rgba(225, 232, 245), rgba(90, 110, 150), rgba(120, 130, 150),
    rgba(20, 24, 32), rgba(100, 105, 120),
    rgba(40, 50, 70), rgba(210, 110, 0), rgba(200, 30, 30), rgba(110, 70, 210),
    rgba(200, 30, 150), rgba(140, 140, 140), rgba(0, 120, 200),
    rgba(230, 170, 0), rgba(0, 0, 0, 30), rgba(0, 100, 160), rgba(150, 155, 170),
    rgba(140, 130, 40), rgba(200, 120, 0),
    rgba(232, 236, 244), rgba(120, 130, 150), rgba(240, 180, 0),
    rgba(0, 110, 220), rgba(180, 70, 10),
    {rgba(215, 217, 222), rgba(170, 195, 235), rgba(245, 200, 140), rgba(245, 180, 140),
     rgba(150, 215, 170), rgba(170, 185, 240), rgba(185, 175, 240), rgba(210, 180, 235),
     rgba(235, 170, 220), rgba(230, 175, 200), rgba(245, 220, 120)},
    {rgba(20, 120, 60), rgba(150, 90, 0), rgba(190, 60, 140), rgba(0, 95, 170)},
    false};

// High contrast: pure black and white with saturated, distinct hues; every text and arrow
// colour reaches WCAG 2.1 SC 1.4.6 (enhanced, 7:1) against the black canvas.
inline constexpr Palette kHighContrast{
    rgba(0, 0, 0), rgba(0, 0, 0), rgba(255, 255, 255), rgba(255, 255, 255),
    rgba(255, 255, 255), rgba(220, 220, 220),
    rgba(255, 255, 255), rgba(255, 200, 0), rgba(255, 110, 110), rgba(200, 160, 255),
    rgba(255, 100, 255), rgba(180, 180, 180), rgba(0, 230, 255),
    rgba(255, 255, 0), rgba(255, 255, 255, 80), rgba(0, 255, 255), rgba(255, 255, 255),
    rgba(255, 255, 0), rgba(255, 160, 0),
    rgba(0, 0, 0), rgba(255, 255, 255), rgba(255, 255, 0),
    rgba(0, 200, 255), rgba(255, 160, 0),
    {rgba(60, 60, 60), rgba(0, 70, 160), rgba(150, 90, 0), rgba(160, 60, 0),
     rgba(0, 120, 40), rgba(0, 60, 170), rgba(60, 30, 170), rgba(110, 0, 140),
     rgba(150, 0, 110), rgba(130, 0, 60), rgba(170, 130, 0)},
    {rgba(120, 255, 140), rgba(255, 170, 0), rgba(255, 140, 255), rgba(0, 220, 255)},
    true};

}  // namespace palette_detail

inline const Palette& palette(Theme t) {
  switch (t) {
    case Theme::Light: return palette_detail::kLight;
    case Theme::HighContrast: return palette_detail::kHighContrast;
    case Theme::Dark: break;
  }
  return palette_detail::kDark;
}

inline Colour conn_tint(const Palette& p, std::uint32_t conn) { return p.conn[conn % kConnTints]; }

// `top` painted over `bottom` with top's alpha (what the GPU's blend does), opaque result.
inline Colour blend_over(Colour top, Colour bottom) {
  const unsigned a = top >> 24;
  const auto mix = [&](int shift) {
    const unsigned t = (top >> shift) & 0xffu, b = (bottom >> shift) & 0xffu;
    return static_cast<std::uint8_t>((t * a + b * (255 - a) + 127) / 255);
  };
  return rgba(mix(0), mix(8), mix(16), 255);
}

// WCAG 2.1 relative luminance and contrast ratio (Understanding SC 1.4.3): sRGB channels
// linearised, weighted 0.2126 / 0.7152 / 0.0722; ratio (L1 + 0.05) / (L2 + 0.05), L1 lighter.
inline double relative_luminance(Colour c) {
  const auto channel = [](unsigned v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c & 0xffu) + 0.7152 * channel((c >> 8) & 0xffu) +
         0.0722 * channel((c >> 16) & 0xffu);
}
inline double contrast_ratio(Colour a, Colour b) {
  const double la = relative_luminance(a), lb = relative_luminance(b);
  return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

}  // namespace tcpviz::ui
