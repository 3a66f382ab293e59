// Everything a view can ask for (DESIGN.md, ui/: "views emit commands"). The app applies
// commands to the workspace; no view touches the scenario, the trace or the core directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"
#include "core/util/time.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui {

class CaptureSession;  // ui/model/capture_session.hpp

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

// Showing a fixed trace instead of a simulation (a capture's connection, or live mode's):
// nothing is re-simulated and scenario edits are refused until BackToSimulation. Each of
// these is an undoable step, so Undo goes back to what was on screen before.
// A capture just read, showing its connection `connection`.
struct OpenCapture { std::shared_ptr<const CaptureSession> capture; std::uint32_t connection = 0; };
// Another connection of the capture on screen (the connections panel's pick).
struct ShowConnection { std::uint32_t connection = 0; };
// Any trace that did not come from the scenario (live mode); `title` says where it came from.
struct ShowFixedTrace { std::shared_ptr<const trace::Trace> trace; std::string title; };
// Live mode: the fixed trace on screen grew. Not undoable; the view (playhead, zoom) stays.
struct UpdateFixedTrace { std::shared_ptr<const trace::Trace> trace; };
// Back to the scenario that was on screen before the fixed trace (undoable).
struct BackToSimulation {};

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
                 SetLink, SetSeed, SetActions, Reset, Undo, Redo, OpenCapture, ShowConnection,
                 ShowFixedTrace, UpdateFixedTrace, BackToSimulation, SetPlayhead, Select, Play,
                 Pause, TogglePlay, Step, JumpToStart, JumpToEnd, SetSpeed, SetViewOptions,
                 Zoom, Pan, Fit, SetViewport>;

}  // namespace tcpviz::ui
