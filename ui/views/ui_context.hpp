// What the shell tells the views each frame, and the small helpers every view shares.
#pragma once

#include <optional>
#include <vector>

#include "ui/model/command.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui {

struct UiContext {
  float dpi_scale = 1.0f;
  // The page's ?lang= or the desktop's locale; when set it overrides ViewState's language
  // for this frame (the user's own choice is a SetViewOptions command).
  std::optional<Language> language;
  bool embed = false;  // ?embed=1: only the diagram and the playback bar (SCENARIO_FORMAT.md)
  double dt_seconds = 1.0 / 60;  // real time since the last frame, for playback
  // The platform asks for less motion (the page's prefers-reduced-motion media query, or the
  // user's own toggle): no flying segments or animated transitions, playback jumps step to
  // step instead of sweeping.
  bool reduced_motion = false;
};

// Views append commands here; WorkspaceView applies them after every view has drawn, so a
// frame always draws one consistent trace.
using Commands = std::vector<Command>;

// Two-language UI strings, chosen at the call site (no lookup tables to keep in sync).
constexpr const char* tr(Language lang, const char* en, const char* zh) {
  return lang == Language::Zh ? zh : en;
}

}  // namespace tcpviz::ui
