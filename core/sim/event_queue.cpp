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

void EventQueue::make_room() {
  if (head_ * 2 >= events_.size() && head_ > 0) {
    std::copy(events_.begin() + static_cast<std::ptrdiff_t>(head_),
              events_.begin() + static_cast<std::ptrdiff_t>(end_), events_.begin());
    end_ -= head_;
    head_ = 0;
  } else {
    events_.resize(events_.size() * 2 + 16);
  }
}

void EventQueue::set_timer(Time t, std::uint32_t index) {
  if (index >= timer_slot_.size()) make_timer_room(index);
  const Event e = make(t, EventKind::Timer, index);
  std::uint32_t& slot = timer_slot_[index];
  if (slot == kNoSlot) {
    slot = timer_count_++;  // room: timers_ is never smaller than timer_slot_
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

void EventQueue::make_timer_room(std::uint32_t index) {
  const std::size_t room = std::size_t{index} * 2 + 4;
  timer_slot_.resize(room, kNoSlot);
  // At most one timer per index, so as many entries as indices always suffice.
  if (timers_.size() < room) timers_.resize(room);
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
