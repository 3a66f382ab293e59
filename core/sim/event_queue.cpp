#include "core/sim/event_queue.hpp"

namespace tcpviz::sim {
namespace {

// Arrivals and injections are both "segment arrivals" of the format; they share one rank so
// an injection and a regular arrival at the same instant keep their scheduling order.
constexpr std::uint64_t rank(EventKind k) {
  switch (k) {
    case EventKind::Arrival:
    case EventKind::Inject: return 0;
    case EventKind::Timer: return 1;
    case EventKind::Action: return 2;
  }
  return 3;
}

constexpr bool earlier(const Event& a, const Event& b) {
  return a.key != b.key ? a.key < b.key : a.order < b.order;
}

}  // namespace

void EventQueue::clear() {
  events_.clear();
  head_ = 0;
  timers_.clear();
  earliest_timer_ = 0;
  next_order_ = 0;
}

Event EventQueue::make(Time t, EventKind kind, std::uint32_t index) {
  const std::uint64_t us = t.count() > 0 ? static_cast<std::uint64_t>(t.count()) : 0;
  return Event{t, (us << 2) | rank(kind), next_order_++, index, kind};
}

void EventQueue::push(Time t, EventKind kind, std::uint32_t index) {
  const Event e = make(t, kind, index);
  if (kind == EventKind::Timer) {
    timers_.push_back(e);
    find_earliest_timer();
    return;
  }
  if (head_ == events_.size()) {
    // Nothing pending: start again at the front so the popped prefix never grows unbounded.
    events_.clear();
    head_ = 0;
  } else if (head_ > 32 && head_ * 2 > events_.size()) {
    events_.erase(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  // Every pending event has a smaller order, so `e` goes after all of them whose key is not
  // greater: walk back from the end past the later ones.
  events_.push_back(e);
  Event* const first = events_.data() + head_;
  Event* at = events_.data() + events_.size() - 1;
  while (at > first && at[-1].key > e.key) {
    *at = at[-1];
    --at;
  }
  *at = e;
}

void EventQueue::set_timer(Time t, std::uint32_t index) {
  const Event e = make(t, EventKind::Timer, index);
  for (Event& pending : timers_) {
    if (pending.index == index) {
      pending = e;
      find_earliest_timer();
      return;
    }
  }
  timers_.push_back(e);
  find_earliest_timer();
}

void EventQueue::cancel_timer(std::uint32_t index) {
  for (std::size_t i = 0; i < timers_.size(); ++i) {
    if (timers_[i].index == index) {
      timers_[i] = timers_.back();
      timers_.pop_back();
      find_earliest_timer();
      return;
    }
  }
}

void EventQueue::find_earliest_timer() {
  earliest_timer_ = 0;
  for (std::size_t i = 1; i < timers_.size(); ++i) {
    if (earlier(timers_[i], timers_[earliest_timer_])) earliest_timer_ = i;
  }
}

bool EventQueue::timer_first() const {
  if (timers_.empty()) return false;
  if (head_ == events_.size()) return true;
  return earlier(timers_[earliest_timer_], events_[head_]);
}

const Event& EventQueue::top() const {
  return timer_first() ? timers_[earliest_timer_] : events_[head_];
}

Event EventQueue::pop() {
  if (!timer_first()) return events_[head_++];
  const Event e = timers_[earliest_timer_];
  timers_[earliest_timer_] = timers_.back();
  timers_.pop_back();
  find_earliest_timer();
  return e;
}

}  // namespace tcpviz::sim
