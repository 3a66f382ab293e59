// The wire: segments a TCB sends (numbered, checked against the fault rules and the link's
// randomness, scheduled to arrive), and segments arriving at a host (to its TCB, its
// listener, or the CLOSED-state reply of RFC 9293 3.10.7.1).
#include <algorithm>

#include "core/sim/inject.hpp"
#include "core/sim/simulation.hpp"

namespace tcpviz::sim {
namespace {

constexpr std::string_view kTimeWaitReopenedCause = "SYN reopens TIME-WAIT";
constexpr std::string_view kTimeWaitReopenedRfc = "RFC 9293 3.10.7.4, RFC 6191";

// The ISS of a connection whose SYN reopened TIME-WAIT (tcp::iss_reopening_time_wait).
constexpr tcp::Decision kReopenIssClock{
    "TIME-WAIT reopened: ISS", "RFC 9293 3.6.1 (MAY-2)",
    "the new connection's ISS={0} (RFC 6528 clock) is larger than {1}, the largest sequence "
    "number the old incarnation used, as reopening TIME-WAIT requires",
    {}, 2};
constexpr tcp::Decision kReopenIssRaised{
    "TIME-WAIT reopened: ISS", "RFC 9293 3.6.1 (MAY-2)",
    "the RFC 6528 ISN {0} is not larger than {1}, the largest sequence number the old "
    "incarnation used, which reopening TIME-WAIT requires: ISS={2}, the smallest value that is",
    {}, 3};
constexpr tcp::Decision kReopenIssLinux{
    "TIME-WAIT reopened: ISS", "Linux tcp_timewait_state_process, tcp_conn_request",
    "Linux does not use the clock here: the new connection's ISS={0} is the old incarnation's "
    "SND.NXT={1} + 65537 (tcp_tw_isn), beyond every sequence number it used",
    {}, 2};

}  // namespace

void Simulation::transmit(Side from, Endpoint& e, const wire::TcpSegment& seg, Time now) {
  if (seg.flags.syn()) set_isn(e.conn, from, seg.seq);

  // A retransmission re-sends sequence space this TCB already sent. One exception: in a
  // simultaneous open the first SYN-ACK repeats our SYN's sequence number to add the ACK
  // (RFC 9293 3.5 Figure 7); that is the handshake going on, not a repair of a loss.
  bool retransmission = false;
  if (const std::uint32_t len = seg.seg_len(); len > 0) {
    const wire::SeqNum end = seg.seq + len;
    const bool first_syn_ack = seg.flags.syn() && seg.flags.ack() && !e.sent_syn_ack;
    if (e.sent_any && seg.seq < e.highest_end && !first_syn_ack) retransmission = true;
    if (!e.sent_any || end > e.highest_end) e.highest_end = end;
    e.sent_any = true;
    if (seg.flags.syn() && seg.flags.ack()) e.sent_syn_ack = true;
  }

  trace::Segment& s = recorder_.segment(from, e.conn, seg, now);
  const std::uint32_t id = s.id;
  s.retransmission = retransmission;

  // Without scripted rules (most lessons) there is nothing to count or match: the facts a
  // match compares are not even gathered.
  std::optional<std::uint32_t> rule;
  if (!rules_.empty()) rule = rules_.first_match(seg, WireFacts{from, e.conn, s.rel_seq, s.rel_ack});
  const LinkDraw draw = links_[static_cast<std::size_t>(from)].draw();
  if (!rule && !draw.lost && !draw.duplicated) {
    // The common case: delivered after the link's delay, one copy.
    s.arrive = now + draw.delay;
    queue_.push(s.arrive, EventKind::Arrival, id);
    return;
  }

  Duration delay = draw.delay;
  std::uint32_t copies = 0;
  Duration gap = kRandomDuplicateGap;
  std::int32_t copy_fault = trace::kRandomFault;
  bool dropped = false;
  if (rule) {
    const scenario::Fault& f = scenario_->faults[*rule];
    s.fault = static_cast<std::int32_t>(*rule);
    delay += std::max(f.delay, Duration{});
    dropped = f.drop;
    copies = f.duplicate;
    gap = std::max(f.gap, Duration{});
    copy_fault = s.fault;
  } else if (draw.lost) {
    s.fault = trace::kRandomFault;
    dropped = true;
  } else if (draw.duplicated) {
    copies = 1;
  }
  s.arrive = now + delay;
  if (dropped) {
    s.fate = trace::Fate::Dropped;  // `arrive` keeps when it would have arrived
    return;
  }
  const Time arrive = s.arrive;  // `s` dies with the next emplace_back
  queue_.push(arrive, EventKind::Arrival, id);
  for (std::uint32_t k = 1; k <= copies; ++k) {
    // A copy of the original's record (the same segment, numbers and send time), made without
    // recorder_.segment(): one call site less for the compiler to weigh inlining it into.
    const auto copy = static_cast<std::uint32_t>(out_->segments.size());
    out_->segments.push_back(out_->segments[id]);  // push_back copes with its own element
    trace::Segment& c = out_->segments.back();
    c.id = copy;
    c.copy_of = id;
    c.fault = copy_fault;
    c.arrive = arrive + gap * static_cast<std::int64_t>(k);
    queue_.push(c.arrive, EventKind::Arrival, copy);
  }
}

void Simulation::on_inject(Time now, std::uint32_t fault) {
  const scenario::Inject& inj = *scenario_->faults[fault].inject;
  Host& host = hosts_[static_cast<std::size_t>(inj.from)];

  // The connection whose variables the segment uses: the one named by `conn`, else the
  // side's current connection, else its last one as it ended.
  const Endpoint* source = nullptr;
  if (inj.conn) {
    for (const Endpoint& e : host.endpoints()) {
      if (!e.listener && e.conn == *inj.conn) source = &e;
    }
  } else if (host.active) {
    source = &host.endpoint(*host.active);
  } else if (host.last) {
    source = &host.endpoint(*host.last);
  }
  std::uint32_t conn = 0;
  if (source != nullptr) {
    conn = source->conn;
  } else if (inj.conn && *inj.conn < out_->conns.size()) {
    conn = *inj.conn;
  } else {
    conn = new_conn();  // a connection that exists only on the wire
  }
  const wire::TcpSegment seg =
      build_injected_segment(inj, source ? &source->connection.tcb() : nullptr,
                             host.config().port, host.config().peer_port);
  trace::Segment& injected = recorder_.segment(inj.from, conn, seg, now);
  injected.injected = true;
  const std::uint32_t id = injected.id;
  deliver(trace::peer_of(inj.from), seg, id, conn, now);
}

void Simulation::deliver(Side to, const wire::TcpSegment& seg, std::uint32_t id,
                         std::uint32_t seg_conn, Time now) {
  // `seg` may live in the trace's segments (an arrival): it is read only until the first
  // apply(), which appends to them, except when a TIME-WAIT is reopened (a copy is kept).
  Host& host = hosts_[static_cast<std::size_t>(to)];
  if (host.active) {
    const std::uint32_t i = *host.active;
    recorder_.begin_input(to, host.endpoint(i), now, id);
    host.endpoint(i).connection.segment_arrives(now, seg, fx_);
    if (fx_.syn_reopens_time_wait) {
      reopen_time_wait(to, i, seg, id, seg_conn, now);
    } else {
      apply(to, i, now);
    }
    return;
  }
  to_listener_or_closed(to, seg, id, seg_conn, now);
}

// A function of its own: its copy of the SYN made every deliver() set up a 120-byte stack
// frame (~45 instructions per lifecycle).
void Simulation::reopen_time_wait(Side to, std::uint32_t i, const wire::TcpSegment& seg,
                                  std::uint32_t id, std::uint32_t seg_conn, Time now) {
  const wire::TcpSegment syn = seg;  // `seg` may live in the segments apply() appends to
  apply(to, i, now);
  const wire::SeqNum old_snd_nxt = hosts_[static_cast<std::size_t>(to)].endpoint(i).connection.tcb().snd_nxt;
  // RFC 9293 3.10.7.4 (and RFC 6191, Linux TCP_TW_SYN): an acceptable SYN to a TCB in
  // TIME-WAIT starts a new incarnation: the old TCB ends (CLOSED, so `closed`) and the SYN goes
  // to the listener.
  forget(to, i, now, kTimeWaitReopenedCause, kTimeWaitReopenedRfc, /*tell_app=*/true);
  to_listener_or_closed(to, syn, id, seg_conn, now, old_snd_nxt);
}

void Simulation::to_listener_or_closed(Side to, const wire::TcpSegment& seg, std::uint32_t id,
                                       std::uint32_t seg_conn, Time now,
                                       std::optional<wire::SeqNum> reopened_snd_nxt) {
  if (hosts_[static_cast<std::size_t>(to)].listener) {
    accept(to, seg, id, seg_conn, now, reopened_snd_nxt);
  } else {
    closed_reply(to, seg, id, seg_conn, now);
  }
}

void Simulation::accept(Side to, const wire::TcpSegment& seg, std::uint32_t id,
                        std::uint32_t seg_conn, Time now,
                        std::optional<wire::SeqNum> reopened_snd_nxt) {
  Host& host = hosts_[static_cast<std::size_t>(to)];
  // The listener stays as it is; a copy of it takes the segment (RFC 9293 3.10.7.2: in LISTEN
  // a SYN fills in the foreign socket of a new TCB). A copy that does not leave LISTEN (an
  // RST ignored, an ACK answered with RST) is discarded again.
  // Room first, so the listener is copied straight into the new slot (no reallocation can
  // move it while it is being copied).
  std::vector<Endpoint>& endpoints = host.endpoints();
  if (endpoints.size() == endpoints.capacity()) endpoints.reserve(endpoints.size() * 2 + 4);
  const std::uint32_t i =
      host.add(host.endpoint(*host.listener).connection, seg_conn, /*is_listener=*/false);
  Endpoint& e = host.endpoint(i);
  e.from_listener = true;
  recorder_.begin_input(to, e, now, id);
  if (seg.flags.syn()) {
    wire::SeqNum iss = host.peek_isn(now);
    // A SYN that reopened TIME-WAIT: the new ISS must lie beyond the old incarnation's
    // sequence space (RFC 9293 3.6.1 MAY-2 (1); Linux tcp_tw_isn). A value from the scenario's
    // `isn` list is the teacher's choice and stays as written, even one that breaks the rule.
    if (reopened_snd_nxt && !host.next_isn_scripted()) {
      const tcp::ReopenIss r = tcp::iss_reopening_time_wait(
          iss, *reopened_snd_nxt, host.config().connection.profile.linux_time_wait);
      tcp::Decision d = kReopenIssClock;
      switch (r.rule) {
        case tcp::ReopenIss::Rule::ClockIsAfter:
          d.values = {r.iss.raw(), (*reopened_snd_nxt - 1u).raw(), 0, 0};
          break;
        case tcp::ReopenIss::Rule::RaisedToOld:
          d = kReopenIssRaised;
          d.values = {iss.raw(), (*reopened_snd_nxt - 1u).raw(), r.iss.raw(), 0};
          break;
        case tcp::ReopenIss::Rule::LinuxTwIsn:
          d = kReopenIssLinux;
          d.values = {r.iss.raw(), reopened_snd_nxt->raw(), 0, 0};
          break;
      }
      recorder_.decision(to, seg_conn, now, id, d);
      iss = r.iss;
    }
    e.connection.set_iss_for_accept(iss);
  }
  e.connection.segment_arrives(now, seg, fx_);
  const tcp::State st = e.connection.state();
  if (st == tcp::State::Listen || st == tcp::State::Closed) {
    apply(to, i, now, /*keep=*/false);
    host.endpoints().pop_back();
    return;
  }
  // A new connection: the same number as the connection whose SYN made it (the same
  // incarnation of the 4-tuple), unless this side already had a TCB for that number or the SYN
  // does not carry that connection's ISN (an injected old duplicate): then a number of its own.
  host.take_isn();
  std::uint32_t conn = seg_conn;
  bool same_incarnation = false;
  if (conn < out_->conns.size() && !out_->conns[conn].isn[static_cast<std::size_t>(to)]) {
    // A connection that exists only on the wire (injected, no TCB) has no ISN yet: its SYN
    // sets it.
    const auto& peer_isn = out_->conns[conn].isn[static_cast<std::size_t>(trace::peer_of(to))];
    same_incarnation = !peer_isn || *peer_isn == seg.seq;
  }
  if (!same_incarnation) conn = new_conn();
  set_isn(conn, trace::peer_of(to), seg.seq);
  e.conn = conn;
  set_isn(conn, to, e.connection.tcb().iss);
  host.active = i;
  host.last = i;
  apply(to, i, now);
}

void Simulation::closed_reply(Side to, const wire::TcpSegment& seg, std::uint32_t id,
                              std::uint32_t seg_conn, Time now) {
  Host& host = hosts_[static_cast<std::size_t>(to)];
  // RFC 9293 3.10.7.1: no TCB at all. A Connection in CLOSED answers, so the state machine
  // stays the one place that knows what a CLOSED host sends (RST unless the segment is one).
  const std::uint32_t i =
      host.add_new(seg_conn, /*is_listener=*/false);
  recorder_.begin_input(to, host.endpoint(i), now, id);
  host.endpoint(i).connection.segment_arrives(now, seg, fx_);
  apply(to, i, now, /*keep=*/false);
  host.endpoints().pop_back();
}

}  // namespace tcpviz::sim
