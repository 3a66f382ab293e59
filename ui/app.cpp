#include "ui/app.hpp"

#include <string>

#include "core/version.hpp"
#include "imgui.h"

namespace tcpviz::ui {

namespace {

// Placeholder palette until the real one lands in ui/.
constexpr ImU32 kLifelineColour = IM_COL32(150, 170, 200, 255);
constexpr ImU32 kEndpointFill = IM_COL32(45, 60, 90, 255);
constexpr ImU32 kLabelColour = IM_COL32(230, 235, 245, 255);

void draw_lifeline(ImDrawList& draw, ImVec2 top, float bottom, const char* label) {
    const ImVec2 text = ImGui::CalcTextSize(label);
    const ImVec2 pad{10.0f, 6.0f};
    const ImVec2 box_min{top.x - text.x * 0.5f - pad.x, top.y};
    const ImVec2 box_max{top.x + text.x * 0.5f + pad.x, top.y + text.y + 2 * pad.y};
    draw.AddRectFilled(box_min, box_max, kEndpointFill, 4.0f);
    draw.AddRect(box_min, box_max, kLifelineColour, 4.0f);
    draw.AddText({box_min.x + pad.x, box_min.y + pad.y}, kLabelColour, label);
    draw.AddLine({top.x, box_max.y}, {top.x, bottom}, kLifelineColour, 2.0f);
}

}  // namespace

void App::frame() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags kMainFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_MenuBar;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::Begin("tcpviz##main", nullptr, kMainFlags);
    ImGui::PopStyleVar();
    draw_menu_bar();
    draw_ladder();
    ImGui::End();

    draw_about();
    if (show_imgui_demo_) {
        ImGui::ShowDemoWindow(&show_imgui_demo_);
    }
}

void App::draw_menu_bar() {
    if (!ImGui::BeginMenuBar()) {
        return;
    }
    if (ImGui::BeginMenu("File")) {
        ImGui::MenuItem("Open capture...", nullptr, false, false);  // not yet
        if (can_quit_ && ImGui::MenuItem("Quit")) {
            quit_requested_ = true;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        ImGui::MenuItem("ImGui demo", nullptr, &show_imgui_demo_);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("About tcpviz")) {
            show_about_ = true;
        }
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void App::draw_ladder() {
    ImGui::BeginChild("ladder", ImVec2(0.0f, 0.0f), true);
    ImGui::TextUnformatted("tcpviz");

    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float top = origin.y + 8.0f;
    const float bottom = origin.y + avail.y - 8.0f;
    draw_lifeline(draw, {origin.x + avail.x * 0.25f, top}, bottom, "client");
    draw_lifeline(draw, {origin.x + avail.x * 0.75f, top}, bottom, "server");
    ImGui::EndChild();
}

void App::draw_about() {
    if (!show_about_) {
        return;
    }
    ImGui::SetNextWindowSize(ImVec2(320.0f, 0.0f), ImGuiCond_Appearing);
    if (ImGui::Begin("About tcpviz", &show_about_, ImGuiWindowFlags_NoSavedSettings)) {
        const std::string version(tcpviz::kVersion);
        ImGui::Text("tcpviz %s", version.c_str());
        ImGui::TextWrapped("A TCP connection-lifecycle visualizer.");
    }
    ImGui::End();
}

}  // namespace tcpviz::ui
