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
//   behind, and cancel_timer removes it. Each index knows where its entry sits, so neither
//   call searches.
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

// 16 bytes (two fit where one 32-byte event did, and a push moves half as much): the time
// lives only in the ordering key, and the kind in the low two bits of the scheduling order.
// Events are never scheduled before time 0 (a negative time is queued at 0), the time is far
// below 2^61 us, and a run stops after kMaxEvents handled events, so the scheduling counter
// stays far below 2^30.
struct Event {
  // (t, same-instant rank) packed into one integer, so ordering is two integer compares:
  // t in microseconds times 4 plus the rank.
  std::uint64_t key = 0;
  // The insertion counter times 4 plus the kind: ties keep scheduling order (the counter is
  // unique, so the kind bits never decide a comparison).
  std::uint32_t order = 0;
  std::uint32_t index = 0;

  Time t() const { return Time(static_cast<std::int64_t>(key >> 2)); }
  EventKind kind() const { return static_cast<EventKind>(order & 3u); }
};

class EventQueue {
 public:
  void clear();
  void reserve(std::size_t n) {
    if (events_.size() < n) events_.resize(n);
    if (timers_.size() < n) timers_.resize(n);
    if (timer_slot_.size() < n) timer_slot_.resize(n, kNoSlot);
  }
  // Schedules an event. A Timer pushed here is one more event (it never replaces one; the
  // simulator's timers go through set_timer).
  // Every pending event has a smaller order, so the new one goes after all of them whose key
  // is not greater: walk back from the end past the later ones (usually none). Inline: a call
  // cost as much as the work.
  void push(Time t, EventKind kind, std::uint32_t index) {
    // One test on the hot path: only a full vector needs the popped prefix reclaimed or room.
    if (end_ == events_.size()) make_room();
    const Event e = make(t, kind, index);
    Event* const first = events_.data() + head_;
    Event* at = events_.data() + end_;
    ++end_;
    while (at > first && at[-1].key > e.key) {
      *at = at[-1];
      --at;
    }
    *at = e;
  }
  // The timer `index` fires at `t`: replaces that index's pending timer, if any, as if the old
  // event had never been queued (the new one is ordered as scheduled now).
  void set_timer(Time t, std::uint32_t index);
  // The timer `index` no longer fires.
  void cancel_timer(std::uint32_t index) {
    if (index < timer_slot_.size() && timer_slot_[index] != kNoSlot) remove_timer(timer_slot_[index]);
  }

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
  // Takes the earliest pending event into `out` if it is due at or before `limit`; false, with
  // the queue unchanged, when none is.
  bool pop_due(Time limit, Event& out) {
    if (timer_first()) {
      if (timers_[earliest_timer_].t() > limit) return false;
      out = timers_[earliest_timer_];
      remove_timer(earliest_timer_);
      return true;
    }
    if (head_ == end_ || events_[head_].t() > limit) return false;
    out = events_[head_++];
    return true;
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
  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
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
    return Event{(us << 2) | rank(kind), (next_order_++ << 2) | static_cast<std::uint32_t>(kind),
                 index};
  }
  // The earliest timer comes before the earliest other event.
  bool timer_first() const {
    if (timer_count_ == 0) return false;
    if (head_ == end_) return true;
    return earlier(timers_[earliest_timer_], events_[head_]);
  }
  // Out of room at the end: moves the pending events to the front when popped ones take at
  // least half the vector, else grows it (so a long run neither grows unbounded nor keeps
  // moving a nearly full vector).
  void make_room();
  // Grows timer_slot_ past `index`, and timers_ to at least as many entries (cold path).
  void make_timer_room(std::uint32_t index);
  void remove_timer(std::uint32_t slot);
  void find_earliest_timer() {
    std::uint32_t earliest = 0;
    for (std::uint32_t i = 1; i < timer_count_; ++i) {
      if (earlier(timers_[i], timers_[earliest])) earliest = i;
    }
    earliest_timer_ = earliest;
  }

  // [head_, end_) sorted by (key, order), earliest first. The vector's size is the room
  // (grown, never shrunk), so scheduling writes into it without push_back's checks.
  std::vector<Event> events_;
  std::size_t head_ = 0;  // events before it are already popped
  std::size_t end_ = 0;
  // [0, timer_count_) unsorted, one per timer index; the vector's size is the room, as for
  // events_, and never less than timer_slot_'s. timer_slot_[index] is where that index's
  // timer sits, or kNoSlot.
  std::vector<Event> timers_;
  std::vector<std::uint32_t> timer_slot_;
  std::uint32_t timer_count_ = 0;
  std::uint32_t earliest_timer_ = 0;  // index into timers_ when timer_count_ != 0
  std::uint32_t next_order_ = 0;
};

}  // namespace tcpviz::sim
