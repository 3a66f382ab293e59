// The app's one mutable thing (DESIGN.md, ui/): the scenario being edited, the trace it
// produces, the view state and the undo history. Views read it through const accessors and
// hand Commands to apply(); an edit re-runs the simulator from the start, which takes
// microseconds for a lesson-sized scenario, so scrubbing and undo never need a stored past.
//
// Two modes. Simulation: the trace is the scenario's run. Fixed trace: the trace came from
// outside (a capture's connection, or live mode) and is shown as it is; the scenario is kept
// for BackToSimulation, and scenario edits are refused with a reason (editing_off_reason), as
// changing a lesson's link or fault rules cannot change what a capture recorded. Undo steps
// hold the whole "what is on screen" (scenario, its preset id and original, the fixed trace),
// so undo walks across mode changes and preset loads alike.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"
#include "core/util/result.hpp"
#include "ui/layout/time_axis.hpp"
#include "ui/model/command.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui {

class CaptureSession;

enum class TraceSource : std::uint8_t { Simulation, Capture, Live };

// A trace shown as it is, not simulated.
struct FixedTrace {
  TraceSource source = TraceSource::Capture;
  std::shared_ptr<const trace::Trace> trace;
  std::shared_ptr<const CaptureSession> capture;  // Capture: the file it came from
  std::optional<std::uint32_t> connection;        // Capture: which of its connections
  std::string title;                              // "http.pcap, connection #0: a -> b"
};

// Playback runs on the compressed display axis, so a 60 s TIME-WAIT plays in a moment while
// a 50 ms flight still takes half a second at speed 1.
inline constexpr double kDisplayMsPerSecond = 100.0;

class Workspace {
 public:
  Workspace();  // an empty scenario (no actions): an empty ladder
  explicit Workspace(scenario::Scenario s, std::string preset_id = {});
  // The built-in lesson `id` (scenario/presets.hpp), parsed and run.
  static Result<Workspace> from_preset(std::string_view id);

  void apply(const Command& c);
  // Moves the playhead while playing; returns whether anything moved (the app redraws
  // continuously only while something moves, DESIGN.md).
  bool advance(double real_seconds);

  const scenario::Scenario& scenario() const { return scenario_; }
  const trace::Trace& trace() const { return fixed_ ? *fixed_->trace : trace_; }
  const ViewState& view() const { return view_; }
  const layout::TimeCompression& compression() const { return compression_; }
  Duration max_flight() const { return max_flight_; }
  // Sorted, unique moments where something happens: what Step moves between.
  const std::vector<Time>& steps() const { return steps_; }
  // The built-in lesson on screen; "" while a fixed trace is shown (the lesson's id is kept
  // for BackToSimulation, but the narration must not ask the lesson's question of a capture).
  std::string_view preset_id() const { return fixed_ ? std::string_view{} : std::string_view{preset_id_}; }
  // Which kind of trace is on screen; the fixed trace's details (nullptr in a simulation).
  TraceSource source() const { return fixed_ ? fixed_->source : TraceSource::Simulation; }
  bool is_simulation() const { return !fixed_; }
  const FixedTrace* fixed() const { return fixed_ ? &*fixed_ : nullptr; }
  // The capture on screen (nullptr when none): what the connections panel lists.
  const CaptureSession* capture() const { return fixed_ ? fixed_->capture.get() : nullptr; }
  std::optional<std::uint32_t> shown_connection() const { return fixed_ ? fixed_->connection : std::nullopt; }
  // Why the scenario cannot be edited now ("" in a simulation), for the status line.
  std::string editing_off_reason() const;
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  // Bumped on every re-run, so views can cache what they derive from the trace.
  std::uint64_t revision() const { return revision_; }
  // The last command that failed (an unknown preset, a bad index), for the status line.
  const std::string& last_error() const { return last_error_; }

  // The view sets the fit once it knows the canvas height (ViewState::fit_pending).
  void set_viewport(const layout::Viewport& v);

 private:
  // Everything an undo step restores.
  struct Snapshot {
    scenario::Scenario scenario;
    scenario::Scenario original;
    std::string preset_id;
    std::optional<FixedTrace> fixed;
  };

  void edit(scenario::Scenario next);  // push undo, clear redo, re-run
  void push_undo();                    // the current screen becomes an undo step; redo cleared
  Snapshot take_snapshot();
  void restore(Snapshot s);
  void show_fixed(FixedTrace f);       // undoable; playhead to 0, fit
  void rerun();
  void apply_view(const Command& c);
  bool refuse_edit_if_fixed();         // true (and last_error_ set) when showing a fixed trace

  scenario::Scenario scenario_;
  scenario::Scenario original_;  // what Reset returns to
  std::string preset_id_;
  trace::Trace trace_;  // the simulation's run (a fixed trace is shown from fixed_)
  ViewState view_;
  layout::TimeCompression compression_;
  Duration max_flight_{};
  std::vector<Time> steps_;
  std::optional<FixedTrace> fixed_;
  std::vector<Snapshot> undo_;
  std::vector<Snapshot> redo_;
  std::uint64_t revision_ = 0;
  std::string last_error_;
};

}  // namespace tcpviz::ui
