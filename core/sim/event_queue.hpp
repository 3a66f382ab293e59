// The simulator's agenda: events ordered by (time, kind, scheduling order). At one instant
// segment arrivals come first, then timer expiries, then application actions
// (SCENARIO_FORMAT.md "Events at the same instant"); within a kind, the order they were
// scheduled. Time jumps straight from one event to the next.
//
// A lesson has only a handful of events pending at once, so plain vectors beat a binary heap:
// - segment arrivals, injections and actions sit in one vector sorted by (time, rank, order);
//   most new ones are the latest so far, so push walks back from the end (usually zero steps)
//   and pop moves a cursor;
// - timer expiries are kept apart, at most one per timer index (one per TCB): a TCB whose
//   deadline moves replaces its entry (set_timer) instead of leaving a superseded event
//   behind, and cancel_timer removes it.
// The vectors keep their capacity across clear(), so a warmed-up simulator schedules without
// allocating.
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
  std::uint32_t index = 0;
  EventKind kind = EventKind::Arrival;
};

class EventQueue {
 public:
  void clear();
  void reserve(std::size_t n) {
    if (events_.size() < n) events_.resize(n);
    if (timers_.size() < n) timers_.resize(n);
  }
  // Schedules an event. A Timer pushed here is one more timer entry (it never replaces one).
  void push(Time t, EventKind kind, std::uint32_t index) {
    if (kind == EventKind::Timer) {
      add_timer(make(t, kind, index));
    } else {
      push_ordered(make(t, kind, index));
    }
  }
  // The timer `index` fires at `t`: replaces that index's pending timer, if any, as if the old
  // event had never been queued (the new one is ordered as scheduled now).
  void set_timer(Time t, std::uint32_t index);
  // The timer `index` no longer fires.
  void cancel_timer(std::uint32_t index);

  // The hot calls (one of each per event handled) are inline: the simulator's loop runs them
  // a dozen times per lesson lifecycle, and a call each cost more than the work.
  bool empty() const { return head_ == end_ && timer_count_ == 0; }
  // The earliest pending event, nullptr when there is none; drop() removes it. The loop peeks
  // and drops, so it decides between the two vectors once per event instead of twice.
  const Event* peek() const {
    if (timer_first()) return &timers_[earliest_timer_];
    return head_ != end_ ? &events_[head_] : nullptr;
  }
  void drop(const Event* peeked) {
    if (peeked == events_.data() + head_) {
      ++head_;
    } else {
      remove_timer(earliest_timer_);
    }
  }
  // Peek and drop in one call (for callers that want the event by value).
  Event pop() {
    const Event* e = peek();
    const Event copy = *e;
    drop(e);
    return copy;
  }
  std::size_t size() const { return end_ - head_ + timer_count_; }

 private:
  static constexpr std::uint64_t rank(EventKind k) {
    // Arrivals and injections are both "segment arrivals" of the format; they share one rank
    // so an injection and a regular arrival at the same instant keep their scheduling order.
    return k == EventKind::Timer ? 1 : k == EventKind::Action ? 2 : 0;
  }
  static constexpr bool earlier(const Event& a, const Event& b) {
    return a.key != b.key ? a.key < b.key : a.order < b.order;
  }
  Event make(Time t, EventKind kind, std::uint32_t index) {
    const std::uint64_t us = t.count() > 0 ? static_cast<std::uint64_t>(t.count()) : 0;
    return Event{t, (us << 2) | rank(kind), next_order_++, index, kind};
  }
  // The earliest timer comes before the earliest other event.
  bool timer_first() const {
    if (timer_count_ == 0) return false;
    if (head_ == end_) return true;
    return earlier(timers_[earliest_timer_], events_[head_]);
  }
  void push_ordered(const Event& e);
  void add_timer(const Event& e);
  void remove_timer(std::size_t i);
  void find_earliest_timer() {
    std::size_t earliest = 0;
    for (std::size_t i = 1; i < timer_count_; ++i) {
      if (earlier(timers_[i], timers_[earliest])) earliest = i;
    }
    earliest_timer_ = earliest;
  }

  // [head_, end_) sorted by (key, order), earliest first. The vector's size is the room
  // (grown, never shrunk), so scheduling writes into it without push_back's checks.
  std::vector<Event> events_;
  std::size_t head_ = 0;  // events before it are already popped
  std::size_t end_ = 0;
  // [0, timer_count_) unsorted, one per index when set through set_timer; the vector's size is
  // the room, as for events_.
  std::vector<Event> timers_;
  std::size_t timer_count_ = 0;
  std::size_t earliest_timer_ = 0;  // index into timers_ when timer_count_ != 0
  std::uint64_t next_order_ = 0;
};

}  // namespace tcpviz::sim
