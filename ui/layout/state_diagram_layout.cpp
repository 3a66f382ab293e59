#include "ui/layout/state_diagram_layout.hpp"

#include <algorithm>
#include <cmath>

namespace tcpviz::ui::layout {

namespace {

using S = tcp::State;

enum class Column : std::uint8_t { Left, Middle, Right };

struct Place {
  S state;
  Column column;
  float row;
};
constexpr std::array<Place, tcp::kStateCount> kPlaces{{
    {S::Closed, Column::Middle, 0},      {S::Listen, Column::Middle, 1},
    {S::SynReceived, Column::Left, 2},   {S::SynSent, Column::Right, 2},
    {S::Established, Column::Middle, 3}, {S::FinWait1, Column::Left, 4},
    {S::CloseWait, Column::Right, 4},    {S::FinWait2, Column::Left, 5},
    {S::Closing, Column::Middle, 5},     {S::LastAck, Column::Right, 5},
    {S::TimeWait, Column::Middle, 6},
}};

// How an arc is drawn: straight between the boxes, beside its twin (CLOSED <-> LISTEN), or
// around the outside in an edge lane (1 is outermost).
// FIN-WAIT-1 -> TIME-WAIT would pass through FIN-WAIT-2 right below it: it takes the gap
// between the left and middle columns instead (GapElbow).
enum class Route : std::uint8_t {
  Straight, TwinLeft, TwinRight, LeftLane1, RightLane1, RightLane2, GapElbow
};

struct Arc {
  S from, to;
  Route route;
};
// The arcs of figure 5 (plus FIN-WAIT-1 -> TIME-WAIT, a FIN and the ACK of ours together).
constexpr std::array<Arc, 21> kArcs{{
    {S::Closed, S::Listen, Route::TwinLeft},        {S::Closed, S::SynSent, Route::Straight},
    {S::Listen, S::SynReceived, Route::Straight},   {S::Listen, S::SynSent, Route::Straight},
    {S::Listen, S::Closed, Route::TwinRight},       {S::SynSent, S::SynReceived, Route::Straight},
    {S::SynSent, S::Established, Route::Straight},  {S::SynSent, S::Closed, Route::RightLane2},
    {S::SynReceived, S::Established, Route::Straight}, {S::SynReceived, S::FinWait1, Route::Straight},
    {S::SynReceived, S::Listen, Route::Straight},   {S::Established, S::FinWait1, Route::Straight},
    {S::Established, S::CloseWait, Route::Straight}, {S::FinWait1, S::FinWait2, Route::Straight},
    {S::FinWait1, S::Closing, Route::Straight},     {S::FinWait1, S::TimeWait, Route::GapElbow},
    {S::FinWait2, S::TimeWait, Route::Straight},    {S::Closing, S::TimeWait, Route::Straight},
    {S::CloseWait, S::LastAck, Route::Straight},    {S::LastAck, S::Closed, Route::RightLane1},
    {S::TimeWait, S::Closed, Route::LeftLane1},
}};

// Where the ray from the box's centre towards `toward` leaves the box (plus a small gap).
Point box_exit(const DiagramNode& n, Point toward, float gap = 2) {
  const float dx = toward.x - n.cx, dy = toward.y - n.cy;
  if (std::fabs(dx) < 1e-3f && std::fabs(dy) < 1e-3f) return {n.cx, n.cy};
  const float sx = std::fabs(dx) > 1e-3f ? (n.half_w + gap) / std::fabs(dx) : 1e9f;
  const float sy = std::fabs(dy) > 1e-3f ? (n.half_h + gap) / std::fabs(dy) : 1e9f;
  const float s = std::min(sx, sy);
  return {n.cx + dx * s, n.cy + dy * s};
}

}  // namespace

StateDiagramLayout layout_state_diagram(float width, float height, float box_h,
                                        const std::array<float, tcp::kStateCount>& half_widths) {
  StateDiagramLayout out;
  // Columns just inside the routing lanes, as wide as their widest box needs.
  const float lanes = 3 * kDiagramLanePx;
  float left_half = 0, right_half = 0;
  for (const Place& p : kPlaces) {
    const float hw = half_widths[static_cast<std::size_t>(p.state)];
    if (p.column == Column::Left) left_half = std::max(left_half, hw);
    if (p.column == Column::Right) right_half = std::max(right_half, hw);
  }
  const float left_x = lanes + left_half + 2;
  const float right_x = std::max(width - lanes - right_half - 2, left_x + 1);
  const float middle_x = (left_x + right_x) * 0.5f;
  const float top = box_h * 0.5f + 4;
  const float row_h = std::max((height - box_h - 8) / 6.0f, box_h * 1.5f);
  for (const Place& p : kPlaces) {
    const float x = p.column == Column::Left ? left_x : p.column == Column::Right ? right_x : middle_x;
    out.nodes[static_cast<std::size_t>(p.state)] = {
        p.state, x, top + p.row * row_h, half_widths[static_cast<std::size_t>(p.state)], box_h * 0.5f};
  }

  const auto node = [&](S s) -> const DiagramNode& { return out.nodes[static_cast<std::size_t>(s)]; };
  for (const Arc& arc : kArcs) {
    const DiagramNode& a = node(arc.from);
    const DiagramNode& b = node(arc.to);
    DiagramEdge e{arc.from, arc.to, {}};
    switch (arc.route) {
      case Route::Straight:
        e.path = {box_exit(a, {b.cx, b.cy}), box_exit(b, {a.cx, a.cy})};
        break;
      case Route::TwinLeft:
      case Route::TwinRight: {
        // Two vertical arcs side by side instead of one line with a head at both ends.
        const float dx = (arc.route == Route::TwinLeft ? -1.0f : 1.0f) *
                         std::min(a.half_w, b.half_w) * 0.5f;
        const float dir = b.cy > a.cy ? 1.0f : -1.0f;
        e.path = {{a.cx + dx, a.cy + dir * (a.half_h + 2)}, {a.cx + dx, b.cy - dir * (b.half_h + 2)}};
        break;
      }
      case Route::GapElbow: {
        const float left_edge = left_x + left_half;
        const float middle_edge =
            middle_x - half_widths[static_cast<std::size_t>(S::Closing)];
        const float gap_x = (left_edge + middle_edge) * 0.5f;
        if (gap_x < b.cx - b.half_w - 4) {  // into the target's side
          e.path = {{a.cx + a.half_w + 2, a.cy + 3},
                    {gap_x, a.cy + 3},
                    {gap_x, b.cy - 3},
                    {b.cx - b.half_w - 2, b.cy - 3}};
        } else {  // a narrow diagram: the gap is above the target, so into its top
          e.path = {{a.cx + a.half_w + 2, a.cy + 3},
                    {gap_x, a.cy + 3},
                    {gap_x, b.cy - b.half_h - 2}};
        }
        break;
      }
      case Route::LeftLane1:
      case Route::RightLane1:
      case Route::RightLane2: {
        // Out of the side of the box, along the lane to the target's row, into its side.
        const bool left = arc.route == Route::LeftLane1;
        const float lane_offset = arc.route == Route::RightLane2 ? 2.0f : 1.0f;
        const float lane_x = left ? lane_offset * kDiagramLanePx : width - lane_offset * kDiagramLanePx;
        const float side = left ? -1.0f : 1.0f;
        // Leave a little below the box's middle and arrive a little above the target's, so
        // two lanes entering one box do not overlap.
        const float arrive_y = b.cy + (arc.route == Route::RightLane2 ? 3.0f : -3.0f);
        e.path = {{a.cx + side * (a.half_w + 2), a.cy},
                  {lane_x, a.cy},
                  {lane_x, arrive_y},
                  {b.cx + side * (b.half_w + 2), arrive_y}};
        break;
      }
    }
    out.edges.push_back(std::move(e));
  }
  return out;
}

bool crosses_box(Point a, Point b, const DiagramNode& n, float inset) {
  // Liang-Barsky clipping of the segment against the (inset) box.
  const float xmin = n.cx - n.half_w + inset, xmax = n.cx + n.half_w - inset;
  const float ymin = n.cy - n.half_h + inset, ymax = n.cy + n.half_h - inset;
  if (xmin >= xmax || ymin >= ymax) return false;
  float t0 = 0, t1 = 1;
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float p[4] = {-dx, dx, -dy, dy};
  const float q[4] = {a.x - xmin, xmax - a.x, a.y - ymin, ymax - a.y};
  for (int i = 0; i < 4; ++i) {
    if (std::fabs(p[i]) < 1e-6f) {
      if (q[i] < 0) return false;
      continue;
    }
    const float r = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, r);
    } else {
      t1 = std::min(t1, r);
    }
    if (t0 > t1) return false;
  }
  return true;
}

}  // namespace tcpviz::ui::layout
