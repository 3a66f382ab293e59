#include "ui/views/state_diagram.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "imgui.h"
#include "ui/layout/labels.hpp"
#include "ui/model/states_at.hpp"
#include "ui/views/draw_util.hpp"

namespace tcpviz::ui {

namespace {

using S = tcp::State;

// Node centres in a unit grid laid out like figure 5: opening at the top, the passive-close
// column on the right, the active-close column on the left, TIME-WAIT at the bottom.
struct Node {
  S state;
  float x, y;
};
constexpr std::array<Node, tcp::kStateCount> kNodes{{
    {S::Closed, 0.5f, 0.0f},      {S::Listen, 0.5f, 1.0f},     {S::SynReceived, 0.15f, 2.0f},
    {S::SynSent, 0.85f, 2.0f},    {S::Established, 0.5f, 3.0f}, {S::FinWait1, 0.15f, 4.0f},
    {S::CloseWait, 0.85f, 4.0f},  {S::FinWait2, 0.15f, 5.0f},  {S::Closing, 0.5f, 5.0f},
    {S::LastAck, 0.85f, 5.0f},    {S::TimeWait, 0.5f, 6.0f},
}};

struct Edge {
  S from, to;
};
// The arcs of figure 5 (plus FIN-WAIT-1 -> TIME-WAIT, a FIN and the ACK of ours together).
constexpr std::array<Edge, 20> kEdges{{
    {S::Closed, S::Listen},          {S::Closed, S::SynSent},        {S::Listen, S::SynReceived},
    {S::Listen, S::SynSent},         {S::Listen, S::Closed},         {S::SynSent, S::SynReceived},
    {S::SynSent, S::Established},    {S::SynSent, S::Closed},        {S::SynReceived, S::Established},
    {S::SynReceived, S::FinWait1},   {S::SynReceived, S::Listen},    {S::Established, S::FinWait1},
    {S::Established, S::CloseWait},  {S::FinWait1, S::FinWait2},     {S::FinWait1, S::Closing},
    {S::FinWait1, S::TimeWait},      {S::FinWait2, S::TimeWait},     {S::Closing, S::TimeWait},
    {S::CloseWait, S::LastAck},      {S::LastAck, S::Closed},
}};

const Node& node_of(S s) {
  for (const Node& n : kNodes) {
    if (n.state == s) return n;
  }
  return kNodes[0];
}

}  // namespace

void draw_state_diagram(const Workspace& w, const Palette& p, Language lang) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size{std::max(avail.x, 240.0f), std::max(std::min(avail.y, avail.x * 1.1f), 260.0f)};
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const bool linux_names = w.view().options.linux_state_names;
  const float text_h = ImGui::GetTextLineHeight();
  const float box_h = text_h + 8;
  const float row = (size.y - box_h - 8) / 6.0f;
  const auto centre = [&](S s) {
    const Node& n = node_of(s);
    return ImVec2(origin.x + 8 + n.x * (size.x - 16), origin.y + 4 + box_h * 0.5f + n.y * row);
  };
  const auto half_width = [&](S s) {
    const std::string_view name = layout::state_label(s, linux_names);
    return ImGui::CalcTextSize(name.data(), name.data() + name.size()).x * 0.5f + 6;
  };

  const std::array<SideState, 2> now = states_at(w.trace(), w.view().playhead);

  for (const Edge& e : kEdges) {
    bool lit = false;
    for (const SideState& s : now) {
      lit = lit || (s.last && s.last->from == e.from && s.last->to == e.to);
    }
    ImVec2 a = centre(e.from), b = centre(e.to);
    // Shorten the line to the boxes' edges (vertical clearance is enough at this scale).
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) continue;
    const float cut_a = std::min(len * 0.4f, std::fabs(dy) > 1 ? box_h * 0.6f * len / std::fabs(dy) : half_width(e.from));
    const float cut_b = std::min(len * 0.4f, std::fabs(dy) > 1 ? box_h * 0.6f * len / std::fabs(dy) : half_width(e.to));
    a = ImVec2(a.x + dx / len * cut_a, a.y + dy / len * cut_a);
    b = ImVec2(b.x - dx / len * cut_b, b.y - dy / len * cut_b);
    draw::arrow(dl, a, b, lit ? p.diagram_lit : p.diagram_edge, lit ? 3.0f : 1.0f, true);
  }

  for (const Node& n : kNodes) {
    const ImVec2 c = centre(n.state);
    const float hw = half_width(n.state);
    const ImVec2 mn{c.x - hw, c.y - box_h * 0.5f}, mx{c.x + hw, c.y + box_h * 0.5f};
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
