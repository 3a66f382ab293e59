// RFC 9293's state diagram (section 3.3.2, figure 5) as geometry, without ImGui: where each
// state's box goes and the path of each arc, so tests can check that no arc runs through a
// box. Opening at the top, the active-close column on the left, the passive-close column on
// the right, TIME-WAIT at the bottom. The arcs back into CLOSED (from LISTEN, SYN-SENT,
// LAST-ACK and TIME-WAIT's 2MSL timeout) go around the outside in lanes along the edges
// instead of cutting across the middle, and CLOSED<->LISTEN are two parallel arcs.
#pragma once

#include <array>
#include <vector>

#include "core/tcp/state.hpp"

namespace tcpviz::ui::layout {

struct Point {
  float x = 0, y = 0;
};

struct DiagramNode {
  tcp::State state = tcp::State::Closed;
  float cx = 0, cy = 0, half_w = 0, half_h = 0;
};

struct DiagramEdge {
  tcp::State from = tcp::State::Closed, to = tcp::State::Closed;
  std::vector<Point> path;  // from the source box's edge to the target box's edge (arrowhead)
};

struct StateDiagramLayout {
  std::array<DiagramNode, tcp::kStateCount> nodes{};  // indexed by tcp::State
  std::vector<DiagramEdge> edges;
};

inline constexpr float kDiagramLanePx = 7;  // between the routing lanes along each edge

// half_widths: each state's box half width (its name's width / 2 + padding), by tcp::State;
// box_h: a box's height. Coordinates are relative to the diagram's top-left corner.
StateDiagramLayout layout_state_diagram(float width, float height, float box_h,
                                        const std::array<float, tcp::kStateCount>& half_widths);

// Whether the segment a-b passes through the box of `n` (shrunk by `inset` on every side).
bool crosses_box(Point a, Point b, const DiagramNode& n, float inset = 1);

}  // namespace tcpviz::ui::layout
