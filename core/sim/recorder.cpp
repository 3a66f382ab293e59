#include "core/sim/recorder.hpp"

namespace tcpviz::sim {
namespace {

// A free function with one caller, so the compiler folds it into record() (it runs for every
// timer change of every run).
void record_timer_change(trace::Trace& out, trace::Side who, Endpoint& e, Time now,
                         const tcp::TimerChange& c) {
  const auto k = static_cast<std::size_t>(c.kind);
  if (k >= e.open_timer.size()) return;
  std::int32_t& open = e.open_timer[k];
  switch (c.action) {
    case tcp::TimerAction::Armed:
      // Armed again without a Cancelled first: the old one is replaced, i.e. cancelled.
      if (open >= 0) {
        trace::Timer& old = out.timers[static_cast<std::size_t>(open)];
        old.end = trace::TimerEnd::Cancelled;
        old.end_t = now;
      }
      open = static_cast<std::int32_t>(out.timers.size());
      out.timers.push_back(
          trace::Timer{e.conn, who, c.kind, now, c.deadline, trace::TimerEnd::Pending, Time{}});
      break;
    case tcp::TimerAction::Cancelled:
    case tcp::TimerAction::Fired:
      if (open >= 0) {
        trace::Timer& t = out.timers[static_cast<std::size_t>(open)];
        t.end = c.action == tcp::TimerAction::Fired ? trace::TimerEnd::Fired
                                                    : trace::TimerEnd::Cancelled;
        t.end_t = now;
        open = -1;
      }
      break;
  }
}

}  // namespace

void Recorder::record(trace::Side who, Endpoint& e, Time now,
                      std::optional<std::uint32_t> segment, const tcp::Effects& fx) {
  for (const tcp::Transition& t : fx.transitions) {
    out_->transitions.push_back(trace::Transition{now, e.conn, who, t.from, t.to, t.cause, t.rfc});
  }
  for (const tcp::TimerChange& c : fx.timers) record_timer_change(*out_, who, e, now, c);
  for (const tcp::Decision& d : fx.decisions) {
    out_->decisions.push_back(trace::Decision{now, e.conn, who, segment, d});
  }
  for (const tcp::AppEvent& a : fx.app_events) {
    out_->app_events.push_back(trace::AppEvent{now, e.conn, who, a.kind, a.bytes});
  }
}

void Recorder::transition(trace::Side who, std::uint32_t conn, Time now, tcp::State from,
                          tcp::State to, std::string_view cause, std::string_view rfc) {
  out_->transitions.push_back(trace::Transition{now, conn, who, from, to, cause, rfc});
}

void Recorder::decision(trace::Side who, std::uint32_t conn, Time now,
                        std::optional<std::uint32_t> segment, const tcp::Decision& what) {
  out_->decisions.push_back(trace::Decision{now, conn, who, segment, what});
}

void Recorder::close_timers(Endpoint& e, Time now, trace::TimerEnd how) {
  for (std::int32_t& open : e.open_timer) {
    if (open < 0) continue;
    trace::Timer& t = out_->timers[static_cast<std::size_t>(open)];
    t.end = how;
    t.end_t = now;
    open = -1;
  }
}

void Recorder::finish(Time end, bool arrivals_pending) {
  out_->end = end;
  for (trace::Timer& t : out_->timers) {
    if (t.end == trace::TimerEnd::Pending) t.end_t = end;
  }
  if (!arrivals_pending) return;
  for (trace::Segment& s : out_->segments) {
    if (s.fate == trace::Fate::Delivered && s.arrive > end) s.fate = trace::Fate::InFlight;
  }
}

}  // namespace tcpviz::sim
