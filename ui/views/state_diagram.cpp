#include "ui/views/state_diagram.hpp"

#include <algorithm>
#include <array>

#include "imgui.h"
#include "ui/layout/labels.hpp"
#include "ui/layout/state_diagram_layout.hpp"
#include "ui/model/states_at.hpp"
#include "ui/views/draw_util.hpp"

namespace tcpviz::ui {

void draw_state_diagram(const Workspace& w, const Palette& p, Language lang) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size{std::max(avail.x, 240.0f), std::max(std::min(avail.y, avail.x * 1.1f), 260.0f)};
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const bool linux_names = w.view().options.linux_state_names;
  const float box_h = ImGui::GetTextLineHeight() + 8;

  std::array<float, tcp::kStateCount> half_widths{};
  for (std::size_t i = 0; i < tcp::kStateCount; ++i) {
    const std::string_view name = layout::state_label(static_cast<tcp::State>(i), linux_names);
    half_widths[i] = ImGui::CalcTextSize(name.data(), name.data() + name.size()).x * 0.5f + 6;
  }
  const layout::StateDiagramLayout g = layout::layout_state_diagram(size.x, size.y, box_h, half_widths);
  const auto screen = [&](layout::Point pt) { return ImVec2(origin.x + pt.x, origin.y + pt.y); };

  const std::array<SideState, 2> now = states_at(w.trace(), w.view().playhead);

  for (const layout::DiagramEdge& e : g.edges) {
    bool lit = false;
    for (const SideState& s : now) {
      lit = lit || (s.last && s.last->from == e.from && s.last->to == e.to);
    }
    const Colour c = lit ? p.diagram_lit : p.diagram_edge;
    const float thick = lit ? 3.0f : 1.0f;
    for (std::size_t i = 0; i + 2 < e.path.size(); ++i) {
      dl.AddLine(screen(e.path[i]), screen(e.path[i + 1]), c, thick);
    }
    if (e.path.size() >= 2) {
      draw::arrow(dl, screen(e.path[e.path.size() - 2]), screen(e.path.back()), c, thick, true);
    }
  }

  for (const layout::DiagramNode& n : g.nodes) {
    const ImVec2 mn = screen({n.cx - n.half_w, n.cy - n.half_h});
    const ImVec2 mx = screen({n.cx + n.half_w, n.cy + n.half_h});
    dl.AddRectFilled(mn, mx, p.diagram_node, 4.0f);
    dl.AddRectFilled(mn, mx, with_alpha(p.state[static_cast<std::size_t>(n.state)], 90), 4.0f);
    const bool client_here = now[0].state == n.state;
    const bool server_here = now[1].state == n.state;
    if (client_here) dl.AddRect(mn, mx, p.client, 4.0f, 0, 3.0f);
    if (server_here) {
      dl.AddRect(ImVec2(mn.x - 3, mn.y - 3), ImVec2(mx.x + 3, mx.y + 3), p.server, 5.0f, 0, 3.0f);
    }
    const std::string_view name = layout::state_label(n.state, linux_names);
    dl.AddText(ImVec2(mn.x + 6, mn.y + 4), p.text, name.data(), name.data() + name.size());
  }

  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.client), "%s", tr(lang, "[] client", "[] 客户端"));
  ImGui::SameLine();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.server), "%s", tr(lang, "[] server", "[] 服务器"));
}

}  // namespace tcpviz::ui
