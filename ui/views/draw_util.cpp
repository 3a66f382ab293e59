#include "ui/views/draw_util.hpp"

#include <cmath>

namespace tcpviz::ui::draw {

void arrow(ImDrawList& dl, ImVec2 from, ImVec2 to, ImU32 colour, float thickness, bool head) {
  dl.AddLine(from, to, colour, thickness);
  if (!head) return;
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float ux = dx / len, uy = dy / len;
  const float size = 6 + thickness * 2;
  const ImVec2 back{to.x - ux * size, to.y - uy * size};
  dl.AddTriangleFilled(to, ImVec2(back.x - uy * size * 0.5f, back.y + ux * size * 0.5f),
                       ImVec2(back.x + uy * size * 0.5f, back.y - ux * size * 0.5f), colour);
}

void dashed_line(ImDrawList& dl, ImVec2 from, ImVec2 to, ImU32 colour, float thickness,
                 float dash, float gap) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float ux = dx / len, uy = dy / len;
  for (float d = 0; d < len; d += dash + gap) {
    const float e = std::fmin(d + dash, len);
    dl.AddLine(ImVec2(from.x + ux * d, from.y + uy * d), ImVec2(from.x + ux * e, from.y + uy * e),
               colour, thickness);
  }
}

void cross(ImDrawList& dl, ImVec2 c, float half, ImU32 colour, float thickness) {
  dl.AddLine(ImVec2(c.x - half, c.y - half), ImVec2(c.x + half, c.y + half), colour, thickness);
  dl.AddLine(ImVec2(c.x - half, c.y + half), ImVec2(c.x + half, c.y - half), colour, thickness);
}

void zigzag(ImDrawList& dl, float x1, float x2, float y, ImU32 colour, float amplitude) {
  const float step = amplitude * 2;
  ImVec2 prev{x1, y};
  int i = 0;
  for (float x = x1 + step; x <= x2; x += step, ++i) {
    const ImVec2 next{x, y + ((i % 2) == 0 ? -amplitude : amplitude)};
    dl.AddLine(prev, next, colour, 1.0f);
    prev = next;
  }
}

void label(ImDrawList& dl, ImVec2 centre, const char* text, ImU32 colour, ImU32 background) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 min{centre.x - size.x * 0.5f - 3, centre.y - size.y * 0.5f - 1};
  const ImVec2 max{centre.x + size.x * 0.5f + 3, centre.y + size.y * 0.5f + 1};
  dl.AddRectFilled(min, max, background, 3.0f);
  dl.AddText(ImVec2(min.x + 3, min.y + 1), colour, text);
}

}  // namespace tcpviz::ui::draw
