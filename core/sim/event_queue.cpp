#include "core/sim/event_queue.hpp"

#include <algorithm>

namespace tcpviz::sim {
namespace {

// Arrivals and injections are both "segment arrivals" of the format; they share one rank so
// an injection and a regular arrival at the same instant keep their scheduling order.
constexpr int rank(EventKind k) {
  switch (k) {
    case EventKind::Arrival:
    case EventKind::Inject: return 0;
    case EventKind::Timer: return 1;
    case EventKind::Action: return 2;
  }
  return 3;
}

// std::push_heap keeps the greatest on top; "later" is greater so the earliest surfaces.
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    if (a.key != b.key) return a.key > b.key;
    return a.order > b.order;
  }
};

}  // namespace

void EventQueue::clear() {
  heap_.clear();
  next_order_ = 0;
}

void EventQueue::push(Time t, EventKind kind, std::uint32_t index) {
  const std::uint64_t us = t.count() > 0 ? static_cast<std::uint64_t>(t.count()) : 0;
  const std::uint64_t key = (us << 2) | static_cast<std::uint64_t>(rank(kind));
  heap_.push_back(Event{t, key, next_order_++, kind, index});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

Event EventQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  const Event e = heap_.back();
  heap_.pop_back();
  return e;
}

}  // namespace tcpviz::sim
