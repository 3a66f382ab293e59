// CPU time of one UI frame with every panel open, for the largest preset (by segments): the
// budget that matters in the browser, where WebGL may run in software and the page must stay
// smooth on a student's laptop. Headless ImGui (no backend): layout + draw-list building only.
//
// Needs ImGui and tcpviz_ui. The bench/*.cpp glob links only tcpviz_core; without the ImGui
// headers this file builds to a stub that says so (link it with tcpviz_ui to measure).
#if __has_include("imgui.h")

#include <chrono>
#include <cstdio>
#include <string>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "imgui.h"
#include "ui/model/workspace.hpp"
#include "ui/views/workspace_view.hpp"

using namespace tcpviz;

namespace {

// Beyond the lessons: a connection sending 900 small writes 5 ms apart, closing after.
std::string stress_scenario() {
  std::string j = R"({"title":"stress","actions":[{"at_ms":0,"who":"server","do":"listen"},)"
                  R"({"at_ms":0,"who":"client","do":"connect"})";
  for (int i = 0; i < 900; ++i) {
    j += R"(,{"at_ms":)" + std::to_string(200 + 5 * i) + R"(,"who":"client","do":"send","bytes":100})";
  }
  j += R"(,{"at_ms":6000,"who":"client","do":"close"},{"on":"server:eof","after_ms":10,"who":"server","do":"close"}]})";
  return j;
}

double measure(ui::Workspace& w, const char* name) {
  if (!w.trace().segments.empty()) w.apply(ui::Select{0});
  ImGuiIO& io = ImGui::GetIO();
  ui::WorkspaceView view;
  ui::UiContext ctx;
  const auto frame = [&] {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("tcpviz##main", nullptr, ImGuiWindowFlags_NoDecoration);
    view.draw(w, ctx);
    ImGui::End();
    ImGui::Render();
  };
  for (int i = 0; i < 30; ++i) frame();  // warm up: fit, caches, font atlas
  constexpr int kFrames = 300;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kFrames; ++i) {
    // Move the playhead each frame, as playback does, so the narration is re-made.
    w.apply(ui::SetPlayhead{w.trace().end * (i % 100) / 100});
    frame();
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("frame: %s (%zu segments): %.3f ms CPU per frame (%d frames, %d vertices)\n", name,
              w.trace().segments.size(), ms / kFrames, kFrames,
              ImGui::GetDrawData()->TotalVtxCount);
  return ms / kFrames;
}

}  // namespace

int main() {
  // The largest preset: the most segments.
  std::string largest;
  std::size_t most = 0;
  for (const scenario::Preset& p : scenario::presets()) {
    Result<ui::Workspace> w = ui::Workspace::from_preset(p.id);
    if (w && w->trace().segments.size() >= most) {
      most = w->trace().segments.size();
      largest = std::string(p.id);
    }
  }
  Result<ui::Workspace> loaded = ui::Workspace::from_preset(largest);
  if (!loaded) {
    std::printf("frame: no presets to measure\n");
    return 0;
  }
  ui::Workspace w = std::move(loaded).value();

  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1600, 1000);
  io.DeltaTime = 1.0f / 60;
  io.IniFilename = nullptr;
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);

  const std::string name = "largest preset '" + largest + "'";
  measure(w, name.c_str());
  Result<scenario::Scenario> s = scenario::parse_scenario(stress_scenario());
  if (s) {
    ui::Workspace stress(std::move(s).value());
    measure(stress, "900 writes");
  } else {
    std::printf("frame: stress scenario: %s\n", s.error().message.c_str());
  }
  ImGui::DestroyContext();
  return 0;
}

#else

#include <cstdio>

int main() {
  std::printf("frame: built without ImGui (link bench/frame.cpp with tcpviz_ui to measure)\n");
  return 0;
}

#endif
