// Drawing primitives the ImGui draw list lacks: arrowheads, dashed lines, the X of a lost
// segment, the zigzag of a compressed gap.
#pragma once

#include "imgui.h"

namespace tcpviz::ui::draw {

void arrow(ImDrawList& dl, ImVec2 from, ImVec2 to, ImU32 colour, float thickness, bool head);
void dashed_line(ImDrawList& dl, ImVec2 from, ImVec2 to, ImU32 colour, float thickness,
                 float dash = 6, float gap = 4);
void cross(ImDrawList& dl, ImVec2 centre, float half, ImU32 colour, float thickness);
void zigzag(ImDrawList& dl, float x1, float x2, float y, ImU32 colour, float amplitude = 3);
// Text centred on `centre`, over a background box so it stays readable across lines.
void label(ImDrawList& dl, ImVec2 centre, const char* text, ImU32 colour, ImU32 background);

}  // namespace tcpviz::ui::draw
