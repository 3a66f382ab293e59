#include "ui/model/workspace.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/layout/ladder_layout.hpp"

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
  sim::run(scenario_, trace_);
  compression_ = layout::TimeCompression::from_trace(trace_, view_.options.compress_gaps);
  max_flight_ = layout::max_flight(trace_);
  steps_ = step_times(trace_);
  view_.playhead = std::clamp(view_.playhead, Time{}, trace_.end);
  if (view_.selected && *view_.selected >= trace_.segments.size()) view_.selected.reset();
  ++revision_;
}

void Workspace::edit(scenario::Scenario next) {
  undo_.push_back(std::move(scenario_));
  if (undo_.size() > kUndoDepth) undo_.erase(undo_.begin());
  redo_.clear();
  scenario_ = std::move(next);
  rerun();
}

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
            scenario::Scenario next = scenario_;
            next.faults.push_back(x.fault);
            edit(std::move(next));
          },
          [&](const RemoveFault& x) {
            if (x.index >= scenario_.faults.size()) {
              last_error_ = "no fault rule #" + std::to_string(x.index);
              return;
            }
            scenario::Scenario next = scenario_;
            next.faults.erase(next.faults.begin() + static_cast<long>(x.index));
            edit(std::move(next));
          },
          [&](const ReplaceFault& x) {
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
            scenario::Scenario next = scenario_;
            next.profile_name = x.name;
            edit(std::move(next));
          },
          [&](const SetLink& x) {
            scenario::Scenario next = scenario_;
            if (!x.direction || *x.direction == 0) next.link[0] = x.link;
            if (!x.direction || *x.direction == 1) next.link[1] = x.link;
            edit(std::move(next));
          },
          [&](const SetSeed& x) {
            scenario::Scenario next = scenario_;
            next.seed = x.seed;
            edit(std::move(next));
          },
          [&](const SetActions& x) {
            scenario::Scenario next = scenario_;
            next.actions = x.actions;
            edit(std::move(next));
          },
          [&](const Reset&) { edit(original_); },
          [&](const Undo&) {
            if (undo_.empty()) return;
            redo_.push_back(std::move(scenario_));
            scenario_ = std::move(undo_.back());
            undo_.pop_back();
            rerun();
          },
          [&](const Redo&) {
            if (redo_.empty()) return;
            undo_.push_back(std::move(scenario_));
            scenario_ = std::move(redo_.back());
            redo_.pop_back();
            rerun();
          },
          [&](const auto&) { apply_view(c); },
      },
      c);
}

void Workspace::apply_view(const Command& c) {
  std::visit(
      Overloaded{
          [&](const SetPlayhead& x) { view_.playhead = std::clamp(x.t, Time{}, trace_.end); },
          [&](const Select& x) { view_.selected = x.segment; },
          [&](const Play&) {
            if (view_.playhead >= trace_.end) view_.playhead = Time{};
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
            view_.playhead = trace_.end;
            view_.playing = false;
          },
          [&](const SetSpeed& x) { view_.speed = std::clamp(x.factor, 0.05, 50.0); },
          [&](const SetViewOptions& x) {
            const bool recompress = x.options.compress_gaps != view_.options.compress_gaps;
            view_.options = x.options;
            if (recompress) {
              compression_ =
                  layout::TimeCompression::from_trace(trace_, view_.options.compress_gaps);
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
  if (view_.playhead >= trace_.end) {
    view_.playhead = trace_.end;
    view_.playing = false;
  }
  return true;
}

}  // namespace tcpviz::ui
