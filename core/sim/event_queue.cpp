#include "core/sim/event_queue.hpp"

#include <algorithm>

namespace tcpviz::sim {

void EventQueue::clear() {
  head_ = 0;
  end_ = 0;
  for (std::uint32_t i = 0; i < timer_count_; ++i) timer_slot_[timers_[i].index] = kNoSlot;
  timer_count_ = 0;
  earliest_timer_ = 0;
  next_order_ = 0;
}

void EventQueue::compact() {
  std::copy(events_.begin() + static_cast<std::ptrdiff_t>(head_),
            events_.begin() + static_cast<std::ptrdiff_t>(end_), events_.begin());
  end_ -= head_;
  head_ = 0;
}

void EventQueue::set_timer(Time t, std::uint32_t index) {
  if (index >= timer_slot_.size()) timer_slot_.resize(index * 2 + 4, kNoSlot);
  const Event e = make(t, EventKind::Timer, index);
  std::uint32_t& slot = timer_slot_[index];
  if (slot == kNoSlot) {
    if (timer_count_ == timers_.size()) timers_.resize(timers_.size() * 2 + 4);
    slot = timer_count_++;
    timers_[slot] = e;
    // The only other timers are already ordered: the new one is earliest or it is not.
    if (timer_count_ == 1 || earlier(e, timers_[earliest_timer_])) earliest_timer_ = slot;
    return;
  }
  timers_[slot] = e;
  if (slot == earliest_timer_) {
    find_earliest_timer();  // it moved, perhaps behind another
  } else if (earlier(e, timers_[earliest_timer_])) {
    earliest_timer_ = slot;
  }
}

void EventQueue::remove_timer(std::uint32_t slot) {
  timer_slot_[timers_[slot].index] = kNoSlot;
  const std::uint32_t last = --timer_count_;
  if (slot != last) {
    timers_[slot] = timers_[last];
    timer_slot_[timers_[slot].index] = slot;
  }
  find_earliest_timer();
}

}  // namespace tcpviz::sim
