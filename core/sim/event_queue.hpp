// The simulator's agenda: events ordered by (time, kind, scheduling order). At one instant
// segment arrivals come first, then timer expiries, then application actions
// (SCENARIO_FORMAT.md "Events at the same instant"); within a kind, the order they were
// scheduled. Time jumps straight from one event to the next. A binary heap over a vector whose
// capacity survives clear(), so a warmed-up simulator schedules without allocating.
#pragma once

#include <cstdint>
#include <vector>

#include "core/util/time.hpp"

namespace tcpviz::sim {

// Same-instant order: Arrival and Inject (both are segment arrivals), then Timer, then Action.
enum class EventKind : std::uint8_t {
  Arrival = 0,  // index: the trace segment id arriving (network copies and injections too)
  Inject = 1,   // index: the fault rule of an `inject`; builds its segment when it arrives
  Timer = 2,    // index: the endpoint whose next deadline is due
  Action = 3,   // index: the scenario action to run
};

struct Event {
  Time t{};
  // (t, same-instant rank) packed into one integer, so ordering is two integer compares:
  // t in microseconds times 4 plus the rank (t is never negative and far below 2^61 us).
  std::uint64_t key = 0;
  std::uint64_t order = 0;  // insertion counter: ties keep scheduling order
  EventKind kind = EventKind::Arrival;
  std::uint32_t index = 0;
};

class EventQueue {
 public:
  void clear();
  void reserve(std::size_t n) { heap_.reserve(n); }
  void push(Time t, EventKind kind, std::uint32_t index);
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.front(); }
  Event pop();
  std::size_t size() const { return heap_.size(); }

 private:
  std::vector<Event> heap_;
  std::uint64_t next_order_ = 0;
};

}  // namespace tcpviz::sim
