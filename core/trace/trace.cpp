// Names of the trace's enums, as the trace JSON (SCENARIO_FORMAT.md) spells them.
#include "core/trace/trace.hpp"

namespace tcpviz::trace {

std::string_view fate_name(Fate f) {
  switch (f) {
    case Fate::Delivered: return "delivered";
    case Fate::Dropped: return "dropped";
    case Fate::InFlight: return "in-flight";
  }
  return "delivered";
}

std::string_view timer_end_name(TimerEnd e) {
  switch (e) {
    case TimerEnd::Fired: return "fired";
    case TimerEnd::Cancelled: return "cancelled";
    case TimerEnd::Pending: return "pending";
  }
  return "pending";
}

void Trace::clear() {
  for (Endpoint& e : endpoints) {
    e.name.clear();  // keeps its buffer, like the vectors below
    e.ip = 0;
    e.port = 0;
  }
  conns.clear();
  segments.clear();
  transitions.clear();
  timers.clear();
  app_events.clear();
  decisions.clear();
  raw_bytes.clear();
  end = Time{};
  hit_time_cap = false;
  inferred = false;
  notes.clear();
}

}  // namespace tcpviz::trace
