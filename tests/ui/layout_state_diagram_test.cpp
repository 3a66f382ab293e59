// The state diagram's geometry (RFC 9293 3.3.2, figure 5): no arc runs through a state's box,
// the arcs back to CLOSED go around the outside, and TIME-WAIT's 2MSL timeout arc is there.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "ui/layout/labels.hpp"
#include "ui/layout/state_diagram_layout.hpp"

using namespace tcpviz;
using namespace tcpviz::ui::layout;
using S = tcp::State;

namespace {

// Half widths as the view measures them: 7 px per character of the name (ImGui's default
// 13 px font), plus 6 px of padding.
std::array<float, tcp::kStateCount> half_widths(bool linux_names) {
  std::array<float, tcp::kStateCount> hw{};
  for (std::size_t i = 0; i < tcp::kStateCount; ++i) {
    hw[i] = static_cast<float>(state_label(static_cast<S>(i), linux_names).size()) * 3.5f + 6;
  }
  return hw;
}

const DiagramEdge* edge(const StateDiagramLayout& l, S from, S to) {
  for (const DiagramEdge& e : l.edges) {
    if (e.from == from && e.to == to) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("no arc of the state diagram runs through a state's box", "[ui][diagram]") {
  for (const float width : {300.0f, 420.0f, 520.0f}) {
    for (const bool linux_names : {false, true}) {
      const StateDiagramLayout l = layout_state_diagram(width, width * 1.1f, 21, half_widths(linux_names));
      for (const DiagramEdge& e : l.edges) {
        for (std::size_t i = 0; i + 1 < e.path.size(); ++i) {
          for (const DiagramNode& n : l.nodes) {
            INFO("width " << width << ", arc " << tcp::rfc_name(e.from) << " -> "
                          << tcp::rfc_name(e.to) << " leg " << i << " crosses "
                          << tcp::rfc_name(n.state));
            CHECK_FALSE(crosses_box(e.path[i], e.path[i + 1], n));
          }
        }
      }
    }
  }
}

TEST_CASE("arcs into CLOSED go around the edge of the diagram", "[ui][diagram]") {
  const float width = 360;
  const StateDiagramLayout l = layout_state_diagram(width, 400, 21, half_widths(false));
  // RFC 9293 figure 5: LAST-ACK -> CLOSED (rcv ACK of FIN), SYN-SENT -> CLOSED (close),
  // TIME-WAIT -> CLOSED (timeout = 2MSL).
  for (const S from : {S::LastAck, S::SynSent, S::TimeWait}) {
    const DiagramEdge* e = edge(l, from, S::Closed);
    INFO("from " << tcp::rfc_name(from));
    REQUIRE(e != nullptr);
    REQUIRE(e->path.size() == 4);
    // The long leg runs in a lane outside every column of boxes.
    const float lane_x = e->path[1].x;
    CHECK(e->path[2].x == lane_x);
    for (const DiagramNode& n : l.nodes) {
      CHECK((lane_x < n.cx - n.half_w || lane_x > n.cx + n.half_w));
    }
    // And it ends at CLOSED's side, level with it.
    const DiagramNode& closed = l.nodes[static_cast<std::size_t>(S::Closed)];
    CHECK(std::abs(e->path.back().y - closed.cy) < closed.half_h);
  }
  // CLOSED -> LISTEN and LISTEN -> CLOSED are two separate vertical arcs.
  const DiagramEdge* down = edge(l, S::Closed, S::Listen);
  const DiagramEdge* up = edge(l, S::Listen, S::Closed);
  REQUIRE(down != nullptr);
  REQUIRE(up != nullptr);
  CHECK(down->path.front().x != up->path.front().x);
  CHECK(down->path.back().y > down->path.front().y);
  CHECK(up->path.back().y < up->path.front().y);
}
