#include "core/sim/recorder.hpp"

#include <utility>

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

void Recorder::bind(trace::Trace& out, tcp::Effects& fx) {
  out_ = &out;
  fx_ = &fx;
  std::swap(fx.transitions, out.transitions);
  std::swap(fx.decisions, out.decisions);
  std::swap(fx.app_events, out.app_events);
  // The run starts from no records, whatever the trace held. What the trace holds now is the
  // vectors finish() gave back to `fx` last time, left empty since (or fx's first, empty ones).
  fx.clear();
}

void Recorder::record(trace::Side who, Endpoint& e, Time now) {
  if (e.conn != fx_->label.conn) fx_->relabel_conn(e.conn);
  for (const tcp::TimerChange& c : fx_->timers) record_timer_change(*out_, who, e, now, c);
}

void Recorder::transition(trace::Side who, std::uint32_t conn, Time now, tcp::State from,
                          tcp::State to, std::string_view cause, std::string_view rfc) {
  fx_->transitions.push_back(trace::Transition{now, conn, who, from, to, cause, rfc});
}

void Recorder::decision(trace::Side who, std::uint32_t conn, Time now,
                        std::optional<std::uint32_t> segment, const tcp::Decision& what) {
  fx_->decisions.push_back(trace::Decision{now, conn, who, segment, what});
}

void Recorder::app_event(trace::Side who, std::uint32_t conn, Time now,
                         tcp::AppEventKind kind) {
  fx_->app_events.push_back(trace::AppEvent{now, conn, who, kind, 0});
}

trace::Segment& Recorder::segment_growing(trace::Side from, std::uint32_t conn,
                                          const wire::TcpSegment& seg, Time sent) {
  out_->segments.reserve(out_->segments.size() * 2 + 16);
  return segment(from, conn, seg, sent);
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
  std::swap(fx_->transitions, out_->transitions);
  std::swap(fx_->decisions, out_->decisions);
  std::swap(fx_->app_events, out_->app_events);
  out_->end = end;
  for (trace::Timer& t : out_->timers) {
    if (t.end == trace::TimerEnd::Pending) t.end_t = end;
  }
  if (!arrivals_pending) return;
  for (trace::Segment& s : out_->segments) {
    if (s.fate == trace::Fate::Delivered && s.arrive > end) s.fate = trace::Fate::InFlight;
  }
}

void Recorder::relabel_missing(std::uint32_t first, std::uint32_t to) {
  for (trace::Transition& x : out_->transitions) {
    if (x.conn >= first) x.conn = to;
  }
  for (trace::Decision& d : out_->decisions) {
    if (d.conn >= first) d.conn = to;
  }
  for (trace::AppEvent& a : out_->app_events) {
    if (a.conn >= first) a.conn = to;
  }
}

}  // namespace tcpviz::sim
