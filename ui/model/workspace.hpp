// The app's one mutable thing (DESIGN.md, ui/): the scenario being edited, the trace it
// produces, the view state and the undo history. Views read it through const accessors and
// hand Commands to apply(); an edit re-runs the simulator from the start, which takes
// microseconds for a lesson-sized scenario, so scrubbing and undo never need a stored past.
#pragma once

#include <cstdint>
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
  const trace::Trace& trace() const { return trace_; }
  const ViewState& view() const { return view_; }
  const layout::TimeCompression& compression() const { return compression_; }
  Duration max_flight() const { return max_flight_; }
  // Sorted, unique moments where something happens: what Step moves between.
  const std::vector<Time>& steps() const { return steps_; }
  std::string_view preset_id() const { return preset_id_; }
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  // Bumped on every re-run, so views can cache what they derive from the trace.
  std::uint64_t revision() const { return revision_; }
  // The last command that failed (an unknown preset, a bad index), for the status line.
  const std::string& last_error() const { return last_error_; }

  // The view sets the fit once it knows the canvas height (ViewState::fit_pending).
  void set_viewport(const layout::Viewport& v);

 private:
  void edit(scenario::Scenario next);  // push undo, clear redo, re-run
  void rerun();
  void apply_view(const Command& c);

  scenario::Scenario scenario_;
  scenario::Scenario original_;  // what Reset returns to
  std::string preset_id_;
  trace::Trace trace_;
  ViewState view_;
  layout::TimeCompression compression_;
  Duration max_flight_{};
  std::vector<Time> steps_;
  std::vector<scenario::Scenario> undo_;
  std::vector<scenario::Scenario> redo_;
  std::uint64_t revision_ = 0;
  std::string last_error_;
};

}  // namespace tcpviz::ui
