// Relay mode: how long the relay keeps state for a connection it carries. The observer's ends
// (pcap::InferredEnd) say when each kernel is done with it: CLOSED after LAST-ACK, after an
// RST, after a refused SYN, and after TIME-WAIT, which the relay cannot see end, so it assumes
// Linux's TCP_TIMEWAIT_LEN of 60 s (the kernels on both TAPs are Linux) and wakes up for it
// (next_deadline()). Once both ends are CLOSED the flow is freed and its 4-tuple forgotten;
// its segments and transitions stay in the trace, which has caps of its own.
#include "live/relay.hpp"

namespace tcpviz::live {

using trace::Side;

Relay::Flow& Relay::open_flow(Time now, const Tuple& key, std::optional<std::uint32_t> predecessor) {
  flows_.push_back(std::make_unique<Flow>(key, *inferred_, *inferred_timers_));
  ++flows_alive_;
  Flow& flow = *flows_.back();
  if (predecessor && flows_[*predecessor]) {
    flow.predecessor = predecessor;
    // The client's kernel sent a new SYN from a port whose last connection it still held in
    // TIME-WAIT: Linux does that only when tcp_tw_reuse lets it, and then drops the TIME-WAIT
    // socket for the new one.
    time_wait_taken_over(now, *predecessor, Side::Client);
  }
  return flow;
}

void Relay::time_wait_taken_over(Time t, std::uint32_t conn, Side side) {
  if (!flows_[conn]) return;
  pcap::InferredEnd& end = flows_[conn]->ends[static_cast<std::size_t>(side)];
  if (end.state() != tcp::State::TimeWait) return;
  if (side == Side::Client) {
    end.time_wait_taken_over(t, "inferred: its port was reused for a new connection while in TIME-WAIT (Linux tcp_tw_reuse)",
                             "RFC 6191; Linux tcp_twsk_unique");
  } else {
    end.time_wait_taken_over(t, "inferred: it accepted a new SYN on the 4-tuple, which ends TIME-WAIT",
                             "RFC 6191; Linux tcp_timewait_state_process");
  }
  settle(conn);
}

void Relay::settle(std::uint32_t conn) {
  take_inferred(conn);
  Flow& flow = *flows_[conn];
  std::optional<Time> due;
  for (const pcap::InferredEnd& end : flow.ends) {
    if (auto d = end.time_wait_deadline(); d && (!due || *d < *due)) due = d;
  }
  // A restarted timer (a resent FIN) queues its new deadline; the old entry is skipped.
  if (due && due != flow.expiry_due) time_wait_due_.emplace(*due, conn);
  flow.expiry_due = due;
  const bool both_closed =
      flow.ends[0].state() == tcp::State::Closed && flow.ends[1].state() == tcp::State::Closed;
  // Both CLOSED before a FIN or RST is only a flow just opened, not one that is over.
  if (both_closed && flow.fin_or_rst_seen && !flow.pending_syn) end_flow(conn);
}

void Relay::expire_time_waits(Time now) {
  while (!time_wait_due_.empty() && time_wait_due_.begin()->first <= now) {
    const auto [due, conn] = *time_wait_due_.begin();
    time_wait_due_.erase(time_wait_due_.begin());
    Flow* flow = flows_[conn].get();
    if (flow == nullptr || flow->expiry_due != due) continue;  // ended, or its timer restarted
    flow->expiry_due.reset();
    for (pcap::InferredEnd& end : flow->ends) end.expire(now);
    settle(conn);
  }
}

void Relay::end_flow(std::uint32_t conn) {
  const Flow& flow = *flows_[conn];
  // The 4-tuple may already name a newer incarnation.
  if (auto it = conn_of_.find(flow.key); it != conn_of_.end() && it->second == conn) conn_of_.erase(it);
  flows_[conn].reset();
  --flows_alive_;
}

}  // namespace tcpviz::live
