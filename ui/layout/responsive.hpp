// Where the shell switches layouts (DESIGN.md, ui/): below kNarrowCssPx CSS pixels (a phone
// held upright, a narrow embed) the side panels become tabs beside the ladder's and the
// ladder gets the full width; the playback bar wraps onto two rows below kCompactBarPx.
#pragma once

namespace tcpviz::ui::layout {

inline constexpr float kNarrowCssPx = 700;
inline constexpr float kCompactBarPx = 560;

// `width` in ImGui display pixels; dpi_scale is UiContext::dpi_scale (display pixels per
// CSS pixel), so the breakpoint is the same physical width on every screen.
constexpr bool is_narrow(float width, float dpi_scale) {
  return width < kNarrowCssPx * (dpi_scale > 0 ? dpi_scale : 1.0f);
}
constexpr bool is_compact_bar(float width, float dpi_scale) {
  return width < kCompactBarPx * (dpi_scale > 0 ? dpi_scale : 1.0f);
}

}  // namespace tcpviz::ui::layout
