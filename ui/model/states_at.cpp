#include "ui/model/states_at.hpp"

#include <algorithm>

namespace tcpviz::ui {

std::array<SideState, 2> states_at(const trace::Trace& tr, Time t) {
  std::array<SideState, 2> out{};
  // Transitions are sorted by time: walk back from the last one at or before t.
  auto it = std::partition_point(tr.transitions.begin(), tr.transitions.end(),
                                 [&](const trace::Transition& x) { return x.t <= t; });
  bool found[2] = {false, false};
  while (it != tr.transitions.begin() && !(found[0] && found[1])) {
    --it;
    const std::size_t side = it->who == trace::Side::Client ? 0 : 1;
    if (found[side]) continue;
    found[side] = true;
    out[side].state = it->to;
    out[side].last = *it;
  }
  return out;
}

tcp::State tcb_state_at(const trace::Trace& tr, std::uint32_t conn, trace::Side who, Time t) {
  const trace::Transition* first = nullptr;
  const trace::Transition* last = nullptr;
  for (const trace::Transition& x : tr.transitions) {
    if (x.conn != conn || x.who != who) continue;
    if (first == nullptr) first = &x;
    if (x.t > t) break;  // sorted by time: nothing later counts
    last = &x;
  }
  if (last != nullptr) return last->to;
  if (first != nullptr) return first->from;
  return tcp::State::Closed;
}

}  // namespace tcpviz::ui
