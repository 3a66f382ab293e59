// Everything a view can ask for (DESIGN.md, ui/: "views emit commands"). The app applies
// commands to the workspace; no view touches the scenario, the trace or the core directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/util/time.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui {

// Scenario edits: each one is undoable and re-runs the simulator.
struct AddFault { scenario::Fault fault; };
struct RemoveFault { std::size_t index = 0; };
struct ReplaceFault { std::size_t index = 0; scenario::Fault fault; };
struct LoadPreset { std::string id; };
struct LoadScenario { scenario::Scenario scenario; std::string preset_id; };
struct SetProfile { std::string name; };  // "rfc", "linux", "linux-classic"
// One direction (0: client to server, 1: server to client) or both (nullopt).
struct SetLink { std::optional<int> direction; scenario::LinkDirection link; };
struct SetSeed { std::uint64_t seed = 1; };
struct SetActions { std::vector<scenario::Action> actions; };
struct Reset {};  // back to the scenario as first loaded (undoable)
struct Undo {};
struct Redo {};

// Playback and view: not undoable, no re-run.
struct SetPlayhead { Time t{}; };
struct Select { std::optional<std::uint32_t> segment; };
struct Play {};
struct Pause {};
struct TogglePlay {};
struct Step { int direction = 1; };  // to the next (+1) or previous (-1) event
struct JumpToStart {};
struct JumpToEnd {};
struct SetSpeed { double factor = 1.0; };
struct SetViewOptions { ViewOptions options; };
struct Zoom { double factor = 1.0; double anchor_px = 0; };  // keep the anchor row still
struct Pan { double delta_px = 0; };
struct Fit {};
// The ladder view computes a fit once it knows its canvas height (ViewState::fit_pending).
struct SetViewport { double top_display_ms = 0; double px_per_display_ms = 1.0; };

using Command =
    std::variant<AddFault, RemoveFault, ReplaceFault, LoadPreset, LoadScenario, SetProfile,
                 SetLink, SetSeed, SetActions, Reset, Undo, Redo, SetPlayhead, Select, Play,
                 Pause, TogglePlay, Step, JumpToStart, JumpToEnd, SetSpeed, SetViewOptions,
                 Zoom, Pan, Fit, SetViewport>;

}  // namespace tcpviz::ui
