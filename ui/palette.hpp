// Every colour the views use, in one place (DESIGN.md, ui/), per theme. Colours are packed as
// ImGui's ImU32 (0xAABBGGRR, what IM_COL32 makes) but this header needs no ImGui, so the
// layout tests and the page's tests can name them too.
#pragma once

#include <array>
#include <cstdint>

#include "core/tcp/state.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui {

using Colour = std::uint32_t;

constexpr Colour rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return (Colour(a) << 24) | (Colour(b) << 16) | (Colour(g) << 8) | Colour(r);
}
constexpr Colour with_alpha(Colour c, std::uint8_t a) { return (c & 0x00ffffffu) | (Colour(a) << 24); }

struct Palette {
  Colour canvas, header_fill, header_border, lifeline, text, text_dim;
  Colour arrow, retransmission, dropped, duplicate, injected, in_flight, delayed;
  Colour selection, hover, playhead, break_mark, timer, timer_fired;
  Colour diagram_node, diagram_edge, diagram_lit;
  Colour client, server;  // the two endpoints' accents (state diagram highlights)
  // State band fills, by tcp::State: handshake states warm, ESTABLISHED green, closing
  // states blue-violet, TIME-WAIT amber so its length stands out.
  std::array<Colour, tcp::kStateCount> state;
  bool dark = true;  // for ImGui's own style (StyleColorsDark / Light)
};

const Palette& palette(Theme t);

}  // namespace tcpviz::ui
