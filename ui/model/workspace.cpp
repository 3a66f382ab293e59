#include "ui/model/workspace.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/layout/ladder_layout.hpp"
#include "ui/model/capture_session.hpp"

namespace tcpviz::ui {

namespace {

constexpr std::size_t kUndoDepth = 200;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::vector<Time> step_times(const trace::Trace& t) {
  std::vector<Time> v{Time{}};
  for (const trace::Segment& s : t.segments) {
    v.push_back(s.sent);
    if (s.fate != trace::Fate::InFlight) v.push_back(s.arrive);
  }
  for (const trace::Transition& x : t.transitions) v.push_back(x.t);
  for (const trace::Timer& x : t.timers) {
    if (x.end == trace::TimerEnd::Fired) v.push_back(x.end_t);
  }
  for (const trace::AppEvent& e : t.app_events) v.push_back(e.t);
  v.push_back(t.end);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

Workspace::Workspace() { rerun(); }

Workspace::Workspace(scenario::Scenario s, std::string preset_id)
    : scenario_(std::move(s)), original_(scenario_), preset_id_(std::move(preset_id)) {
  rerun();
}

Result<Workspace> Workspace::from_preset(std::string_view id) {
  const scenario::Preset* p = scenario::find_preset(id);
  if (p == nullptr) return Error{"unknown preset '" + std::string(id) + "'"};
  Result<scenario::Scenario> s = scenario::parse_scenario(p->json);
  if (!s) return Error{"preset '" + std::string(id) + "': " + s.error().message};
  return Workspace(std::move(s).value(), std::string(id));
}

void Workspace::rerun() {
  // A fixed trace is shown where it is (shared, never copied: live mode replaces it several
  // times a second); only a simulation is run into trace_.
  if (!fixed_) sim::run(scenario_, trace_);
  compression_ = layout::TimeCompression::from_trace(trace(), view_.options.compress_gaps);
  max_flight_ = layout::max_flight(trace());
  steps_ = step_times(trace());
  view_.playhead = std::clamp(view_.playhead, Time{}, trace().end);
  if (view_.selected && *view_.selected >= trace().segments.size()) view_.selected.reset();
  ++revision_;
}

void Workspace::push_undo() {
  undo_.push_back(take_snapshot());
  if (undo_.size() > kUndoDepth) undo_.erase(undo_.begin());
  redo_.clear();
}

Workspace::Snapshot Workspace::take_snapshot() { return Snapshot{scenario_, original_, preset_id_, fixed_}; }

void Workspace::restore(Snapshot s) {
  const trace::Trace* before = fixed_ ? fixed_->trace.get() : nullptr;
  const trace::Trace* after = s.fixed ? s.fixed->trace.get() : nullptr;
  scenario_ = std::move(s.scenario);
  original_ = std::move(s.original);
  preset_id_ = std::move(s.preset_id);
  fixed_ = std::move(s.fixed);
  // Another trace altogether (a capture and a lesson differ in length by orders of
  // magnitude): fit it, as loading it did.
  if (before != after) view_.fit_pending = true;
  rerun();
}

void Workspace::edit(scenario::Scenario next) {
  push_undo();
  scenario_ = std::move(next);
  fixed_.reset();
  rerun();
}

void Workspace::show_fixed(FixedTrace f) {
  if (!f.trace) {
    last_error_ = "no trace to show";
    return;
  }
  push_undo();
  fixed_ = std::move(f);
  view_.playhead = Time{};
  view_.playing = false;
  view_.selected.reset();
  view_.fit_pending = true;
  rerun();
}

bool Workspace::refuse_edit_if_fixed() {
  if (!fixed_) return false;
  last_error_ = editing_off_reason();
  return true;
}

std::string Workspace::editing_off_reason() const {
  if (!fixed_) return {};
  if (fixed_->source == TraceSource::Live) {
    return "Editing is off: this trace is being recorded live, not simulated. Go back to the simulation to edit.";
  }
  return "Editing is off: this trace was read from a capture, so changing the link or fault rules cannot "
         "change it. Go back to the simulation to edit.";
}

namespace {

std::string connection_title(const CaptureSession& c, std::uint32_t id) {
  std::string title = c.name() + ", connection #" + std::to_string(id);
  if (const ConnectionEntry* e = c.connections().find(id)) title += ": " + e->tuple_text();
  return title;
}

}  // namespace

void Workspace::set_viewport(const layout::Viewport& v) {
  view_.top_display_ms = v.top_display_ms;
  view_.px_per_display_ms = v.px_per_display_ms;
  view_.fit_pending = false;
}

void Workspace::apply(const Command& c) {
  last_error_.clear();
  std::visit(
      Overloaded{
          [&](const AddFault& x) {
            if (refuse_edit_if_fixed()) return;
            scenario::Scenario next = scenario_;
            next.faults.push_back(x.fault);
            edit(std::move(next));
          },
          [&](const RemoveFault& x) {
            if (refuse_edit_if_fixed()) return;
            if (x.index >= scenario_.faults.size()) {
              last_error_ = "no fault rule #" + std::to_string(x.index);
              return;
            }
            scenario::Scenario next = scenario_;
            next.faults.erase(next.faults.begin() + static_cast<long>(x.index));
            edit(std::move(next));
          },
          [&](const ReplaceFault& x) {
            if (refuse_edit_if_fixed()) return;
            if (x.index >= scenario_.faults.size()) {
              last_error_ = "no fault rule #" + std::to_string(x.index);
              return;
            }
            scenario::Scenario next = scenario_;
            next.faults[x.index] = x.fault;
            edit(std::move(next));
          },
          [&](const LoadPreset& x) {
            Result<Workspace> w = from_preset(x.id);
            if (!w) {
              last_error_ = w.error().message;
              return;
            }
            apply(LoadScenario{w->scenario_, x.id});
          },
          [&](const LoadScenario& x) {
            edit(x.scenario);
            original_ = x.scenario;
            preset_id_ = x.preset_id;
            view_.playhead = Time{};
            view_.selected.reset();
            view_.fit_pending = true;
          },
          [&](const SetProfile& x) {
            if (refuse_edit_if_fixed()) return;
            scenario::Scenario next = scenario_;
            next.profile_name = x.name;
            edit(std::move(next));
          },
          [&](const SetLink& x) {
            if (refuse_edit_if_fixed()) return;
            scenario::Scenario next = scenario_;
            if (!x.direction || *x.direction == 0) next.link[0] = x.link;
            if (!x.direction || *x.direction == 1) next.link[1] = x.link;
            edit(std::move(next));
          },
          [&](const SetSeed& x) {
            if (refuse_edit_if_fixed()) return;
            scenario::Scenario next = scenario_;
            next.seed = x.seed;
            edit(std::move(next));
          },
          [&](const SetActions& x) {
            if (refuse_edit_if_fixed()) return;
            scenario::Scenario next = scenario_;
            next.actions = x.actions;
            edit(std::move(next));
          },
          [&](const Reset&) {
            if (refuse_edit_if_fixed()) return;
            edit(original_);
          },
          [&](const Undo&) {
            if (undo_.empty()) return;
            redo_.push_back(take_snapshot());
            Snapshot s = std::move(undo_.back());
            undo_.pop_back();
            restore(std::move(s));
          },
          [&](const Redo&) {
            if (redo_.empty()) return;
            undo_.push_back(take_snapshot());
            Snapshot s = std::move(redo_.back());
            redo_.pop_back();
            restore(std::move(s));
          },
          [&](const OpenCapture& x) {
            if (!x.capture) {
              last_error_ = "no capture to open";
              return;
            }
            if (x.connection >= x.capture->connection_count()) {
              last_error_ = x.capture->name() + " has no connection #" + std::to_string(x.connection);
              return;
            }
            show_fixed(FixedTrace{TraceSource::Capture, x.capture->trace_of(x.connection), x.capture,
                                  x.connection, connection_title(*x.capture, x.connection)});
          },
          [&](const ShowConnection& x) {
            const CaptureSession* session = capture();
            if (session == nullptr) {
              last_error_ = "no capture is open";
              return;
            }
            if (x.connection >= session->connection_count()) {
              last_error_ = session->name() + " has no connection #" + std::to_string(x.connection);
              return;
            }
            if (fixed_->connection == x.connection) return;  // already on screen: no undo step
            show_fixed(FixedTrace{TraceSource::Capture, session->trace_of(x.connection), fixed_->capture, x.connection,
                                  connection_title(*session, x.connection)});
          },
          [&](const ShowFixedTrace& x) {
            show_fixed(FixedTrace{TraceSource::Live, x.trace, nullptr, std::nullopt, x.title});
          },
          [&](const UpdateFixedTrace& x) {
            if (!fixed_ || !x.trace) {
              last_error_ = "no fixed trace to update";
              return;
            }
            fixed_->trace = x.trace;
            rerun();
          },
          [&](const BackToSimulation&) {
            if (!fixed_) return;
            push_undo();
            fixed_.reset();
            view_.playhead = Time{};
            view_.selected.reset();
            view_.fit_pending = true;
            rerun();
          },
          [&](const auto&) { apply_view(c); },
      },
      c);
}

void Workspace::apply_view(const Command& c) {
  std::visit(
      Overloaded{
          [&](const SetPlayhead& x) { view_.playhead = std::clamp(x.t, Time{}, trace().end); },
          [&](const Select& x) { view_.selected = x.segment; },
          [&](const Play&) {
            if (view_.playhead >= trace().end) view_.playhead = Time{};
            view_.playing = true;
          },
          [&](const Pause&) { view_.playing = false; },
          [&](const TogglePlay&) {
            if (view_.playing) {
              view_.playing = false;
            } else {
              apply_view(Play{});
            }
          },
          [&](const Step& x) {
            view_.playing = false;
            if (x.direction >= 0) {
              auto it = std::upper_bound(steps_.begin(), steps_.end(), view_.playhead);
              if (it != steps_.end()) view_.playhead = *it;
            } else {
              auto it = std::lower_bound(steps_.begin(), steps_.end(), view_.playhead);
              if (it != steps_.begin()) view_.playhead = *(it - 1);
            }
          },
          [&](const JumpToStart&) { view_.playhead = Time{}; },
          [&](const JumpToEnd&) {
            view_.playhead = trace().end;
            view_.playing = false;
          },
          [&](const SetSpeed& x) { view_.speed = std::clamp(x.factor, 0.05, 50.0); },
          [&](const SetViewOptions& x) {
            const bool recompress = x.options.compress_gaps != view_.options.compress_gaps;
            view_.options = x.options;
            if (recompress) {
              compression_ =
                  layout::TimeCompression::from_trace(trace(), view_.options.compress_gaps);
              view_.fit_pending = true;
            }
          },
          [&](const Zoom& x) {
            set_viewport(layout::zoom({view_.top_display_ms, view_.px_per_display_ms}, x.factor,
                                      static_cast<float>(x.anchor_px), layout::kHeaderPx));
          },
          [&](const Pan& x) { view_.top_display_ms -= x.delta_px / view_.px_per_display_ms; },
          [&](const Fit&) { view_.fit_pending = true; },
          [&](const SetViewport& x) { set_viewport({x.top_display_ms, x.px_per_display_ms}); },
          [&](const auto&) {},
      },
      c);
}

bool Workspace::advance(double real_seconds) {
  if (!view_.playing) return false;
  const double now = compression_.to_display_ms(view_.playhead);
  const double next = now + real_seconds * view_.speed * kDisplayMsPerSecond;
  view_.playhead = compression_.from_display_ms(next);
  if (view_.playhead >= trace().end) {
    view_.playhead = trace().end;
    view_.playing = false;
  }
  return true;
}

}  // namespace tcpviz::ui
