#include "core/sim/event_queue.hpp"

#include <algorithm>

namespace tcpviz::sim {

void EventQueue::clear() {
  head_ = 0;
  end_ = 0;
  timer_count_ = 0;
  earliest_timer_ = 0;
  next_order_ = 0;
}

void EventQueue::add_timer(const Event& e) {
  if (timer_count_ == timers_.size()) timers_.resize(timers_.size() * 2 + 4);
  timers_[timer_count_++] = e;
  find_earliest_timer();
}

void EventQueue::push_ordered(const Event& e) {
  if (head_ == end_) {
    // Nothing pending: start again at the front so the popped prefix never grows unbounded.
    head_ = 0;
    end_ = 0;
  } else if (head_ > 32 && head_ * 2 > end_) {
    std::copy(events_.begin() + static_cast<std::ptrdiff_t>(head_),
              events_.begin() + static_cast<std::ptrdiff_t>(end_), events_.begin());
    end_ -= head_;
    head_ = 0;
  }
  if (end_ == events_.size()) events_.resize(events_.size() * 2 + 16);
  // Every pending event has a smaller order, so `e` goes after all of them whose key is not
  // greater: walk back from the end past the later ones.
  Event* const first = events_.data() + head_;
  Event* at = events_.data() + end_;
  ++end_;
  while (at > first && at[-1].key > e.key) {
    *at = at[-1];
    --at;
  }
  *at = e;
}

void EventQueue::set_timer(Time t, std::uint32_t index) {
  for (std::size_t i = 0; i < timer_count_; ++i) {
    if (timers_[i].index == index) {
      timers_[i] = make(t, EventKind::Timer, index);
      find_earliest_timer();
      return;
    }
  }
  add_timer(make(t, EventKind::Timer, index));
}

void EventQueue::cancel_timer(std::uint32_t index) {
  for (std::size_t i = 0; i < timer_count_; ++i) {
    if (timers_[i].index == index) {
      remove_timer(i);
      return;
    }
  }
}

void EventQueue::remove_timer(std::size_t i) {
  timers_[i] = timers_[timer_count_ - 1];
  --timer_count_;
  find_earliest_timer();
}

}  // namespace tcpviz::sim
