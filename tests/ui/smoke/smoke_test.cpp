// Built by a target linked with tcpviz_ui (ImGui), not by tcpviz_tests (which links only the
// ImGui-free tcpviz_ui_logic): tests/ui/smoke/*.cpp + tests/catch_main.cpp -> tcpviz_ui_smoke.
// Headless ImGui smoke test: a real ImGui context with no backend (DisplaySize set, the font
// atlas built, NewFrame/Render), drawing every view for every preset for a few frames, in
// both languages, every theme, embedded and not, with a click on a segment. An ImGui
// assertion aborts the run, so reaching the end is the check; the click must add a fault.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "imgui.h"
#include "ui/model/workspace.hpp"
#include "ui/views/workspace_view.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

namespace {

constexpr std::string_view kFallbackLesson = R"({
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 300, "who": "client", "do": "send", "bytes": 100 },
    { "on": "client:established", "after_ms": 500, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 250, "who": "server", "do": "close" }
  ]
})";

struct Headless {
  Headless() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60;
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~Headless() { ImGui::DestroyContext(); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  // One frame of what the shell's frame() does: a full-screen window with the workspace in it.
  void frame(WorkspaceView& view, Workspace& w, const UiContext& ctx) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("tcpviz##main", nullptr, ImGuiWindowFlags_NoDecoration);
    view.draw(w, ctx);
    ImGui::End();
    ImGui::Render();
  }
};

std::vector<std::pair<std::string, Workspace>> lessons() {
  std::vector<std::pair<std::string, Workspace>> out;
  for (const scenario::Preset& p : scenario::presets()) {
    Result<Workspace> w = Workspace::from_preset(p.id);
    INFO("preset " << p.id);
    REQUIRE(w.ok());
    out.emplace_back(std::string(p.id), std::move(w).value());
  }
  if (out.empty()) {  // before the presets land
    Result<scenario::Scenario> s = scenario::parse_scenario(kFallbackLesson);
    REQUIRE(s.ok());
    out.emplace_back("fallback", Workspace(std::move(s).value()));
  }
  return out;
}

}  // namespace

TEST_CASE("every view draws every preset without an ImGui assertion", "[ui][smoke]") {
  Headless imgui;
  for (auto& [id, w] : lessons()) {
    INFO("preset " << id);
    for (int variant = 0; variant < 6; ++variant) {
      WorkspaceView view;
      UiContext ctx;
      ctx.embed = variant == 5;
      ctx.language = variant % 2 == 0 ? Language::En : Language::Zh;
      ViewOptions o = w.view().options;
      o.theme = static_cast<Theme>(variant % 3);
      o.linux_state_names = variant % 2 == 1;
      o.absolute_seq = variant == 3;
      w.apply(SetViewOptions{o});
      w.apply(Play{});
      for (int f = 0; f < 8; ++f) imgui.frame(view, w, ctx);
      w.apply(JumpToEnd{});
      if (!w.trace().segments.empty()) w.apply(Select{0});
      for (int f = 0; f < 3; ++f) imgui.frame(view, w, ctx);
      CHECK(view.current_layout().segments.size() <= w.trace().segments.size());
      CHECK_FALSE(view.narration_text().empty());
    }
  }
}

TEST_CASE("a click on a segment of the drawn ladder drops it", "[ui][smoke]") {
  Headless imgui;
  Result<scenario::Scenario> s = scenario::parse_scenario(kFallbackLesson);
  REQUIRE(s.ok());
  Workspace w(std::move(s).value());
  WorkspaceView view;
  UiContext ctx;
  for (int f = 0; f < 3; ++f) imgui.frame(view, w, ctx);  // lay out and fit
  const auto& segs = view.current_layout().segments;
  REQUIRE_FALSE(segs.empty());
  const auto& first = segs.front();  // the client's SYN
  const ImVec2 o = view.ladder_origin();
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(o.x + (first.x1 + first.x2) / 2, o.y + (first.y1 + first.y2) / 2);
  imgui.frame(view, w, ctx);
  io.MouseDown[0] = true;
  imgui.frame(view, w, ctx);
  io.MouseDown[0] = false;
  imgui.frame(view, w, ctx);
  REQUIRE(w.scenario().faults.size() == 1);
  CHECK(w.scenario().faults[0].match->text == "client SYN #1");
  CHECK(w.trace().segments[0].fate == trace::Fate::Dropped);
  imgui.frame(view, w, ctx);
  CHECK(view.current_layout().segments.front().dropped);
  CHECK(view.current_layout_json().find("\"dropped\":true") != std::string::npos);
}
