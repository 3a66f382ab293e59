// The simulator's setup, its event loop and the application's calls. The wire (segments
// sent, faults, arrivals) is in network.cpp.
#include "core/sim/simulation.hpp"

#include <algorithm>

#include "core/sim/prng.hpp"
#include "core/sim/simulator.hpp"

namespace tcpviz::sim {
namespace {

// Decisions the simulator itself makes about the application's calls (static text, as
// tcp::Decision requires).
constexpr tcp::Decision kNoConnection{
    "app: no connection", "",
    "The application's call has no connection (and no listener) to act on: nothing happens",
    {}, 0};
constexpr tcp::Decision kAlreadyListening{
    "app: already listening", "RFC 9293 3.10.1",
    "The application is already listening on this port: the second listen does nothing", {}, 0};
constexpr tcp::Decision kPortInUse{
    "app: connect refused", "RFC 9293 3.10.1",
    "connect: the 4-tuple is still used by connection {0}, which is not in TIME-WAIT; the call "
    "fails (Linux: EADDRINUSE) and nothing is sent",
    {}, 1};
constexpr tcp::Decision kTimeWaitReused{
    "app: connect reuses TIME-WAIT", "Linux tcp_twsk_unique",
    "connect: connection {0} still sits in TIME-WAIT on this 4-tuple; like Linux with "
    "tcp_tw_reuse, the new connection takes the 4-tuple over and the old TCB is dropped",
    {}, 1};
constexpr tcp::Decision kReboot{
    "host reboot", "RFC 9293 3.5.1",
    "The host restarts: it forgets every TCB (listening ones too) without sending anything; "
    "its peer learns of it only when it next sends (RFC 9293 3.5.1 half-open connections)",
    {}, 0};

// close/abort of a listener whose only child is half-open (act_on_connection).
constexpr tcp::Decision kListenerClosedLinux{
    "app: close the listener", "Linux tcp_close, inet_csk_listen_stop",
    "The application holds only the listening socket (the half-open connection in "
    "SYN-RECEIVED was never accepted), so its close acts on the listener: LISTEN -> CLOSED. The "
    "pending connection dies with it: Linux drops a request whose listener no longer listens "
    "(inet_csk_listen_stop, reqsk_timer_handler): nothing is sent, no SYN,ACK is retransmitted, "
    "and a later segment for it finds no socket and is answered with RST",
    {}, 0};
constexpr tcp::Decision kOneTcbPerPassiveOpen{
    "app: one TCB per passive OPEN", "RFC 9293 3.10.4, 3.10.5",
    "In RFC 9293 a passive OPEN makes one TCB: the SYN moved it from LISTEN to SYN-RECEIVED, so "
    "the call acts on that connection (CLOSE or ABORT in SYN-RECEIVED), and nothing listens on "
    "the port any more: the simulator's separate listener ends too",
    {}, 0};

constexpr std::string_view kRebootCause = "host reboot";
constexpr std::string_view kListenerClosedCause = "listener closed";
constexpr std::string_view kListenerClosedRfc = "Linux inet_csk_listen_stop, reqsk_timer_handler";
constexpr std::string_view kTimeWaitReusedCause = "connect reuses TIME-WAIT 4-tuple";

std::optional<tcp::AppEventKind> trigger_kind(scenario::TriggerEvent e) {
  switch (e) {
    case scenario::TriggerEvent::Established: return tcp::AppEventKind::Established;
    case scenario::TriggerEvent::Eof: return tcp::AppEventKind::Eof;
    case scenario::TriggerEvent::Closed: return tcp::AppEventKind::Closed;
    case scenario::TriggerEvent::Reset: return tcp::AppEventKind::Reset;
  }
  return std::nullopt;
}

// Whether an `on` action still waits for application events of this kind (a bit set of
// AppEventKind, see note_waiting_kinds).
constexpr bool waits_for(std::uint32_t waiting, tcp::AppEventKind kind) {
  return ((waiting >> static_cast<unsigned>(kind)) & 1u) != 0;
}

constexpr std::uint32_t timer_index(Side who, std::uint32_t endpoint) {
  return (endpoint << 1) | static_cast<std::uint32_t>(who);
}

}  // namespace

// --- Simulator (the public face) ---

Simulator::Simulator() : impl_(std::make_unique<Simulation>()) {}

// Room for a lesson-sized run from the start: a one-call run (sim::run) then allocates each
// buffer once instead of growing it step by step.
Simulation::Simulation() {
  queue_.reserve(64);
  for (Host& h : hosts_) h.endpoints().reserve(4);
  constexpr std::size_t kEffects = 8;
  fx_.segments.reserve(kEffects);
  fx_.transitions.reserve(kEffects);
  fx_.timers.reserve(kEffects);
  fx_.decisions.reserve(kEffects);
  fx_.app_events.reserve(kEffects);
  on_actions_.reserve(kEffects);
}
Simulator::~Simulator() = default;
void Simulator::run(const scenario::Scenario& scenario, trace::Trace& out) {
  impl_->run(scenario, out);
}
std::uint64_t Simulator::events_handled() const { return impl_->events_handled(); }

void run(const scenario::Scenario& scenario, trace::Trace& out) {
  Simulator sim;
  sim.run(scenario, out);
}

// --- Setup and the loop ---

void Simulation::ProfileMemo::update(const scenario::Scenario& s) {
  if (valid && profile_name == s.profile_name && overrides == s.overrides &&
      options[0] == s.sides[0].options && options[1] == s.sides[1].options) {
    return;
  }
  valid = true;
  ++generation;
  profile_name = s.profile_name;
  overrides = s.overrides;
  options = {s.sides[0].options, s.sides[1].options};
  profile = scenario::effective_profile(s);
  offer[0] = scenario::effective_offer(s, Side::Client, profile);
  offer[1] = scenario::effective_offer(s, Side::Server, profile);
}

void Simulation::SeedMemo::update(std::uint64_t s) {
  if (valid && seed == s) return;
  valid = true;
  seed = s;
  // Every random stream comes from the one seed: the c2s link, the s2c link, then the hosts'
  // secrets (RFC 6528 ISN key and RFC 7323 timestamp-offset key, per host).
  SplitMix64 seeder(s);
  link[0].seed(seeder);
  link[1].seed(seeder);
  Xoshiro256 secrets(seeder);
  for (std::size_t i = 0; i < 2; ++i) {
    // Two statements each: the order of the draws is fixed (isn before ts, k0 before k1).
    isn_secret[i].k0 = secrets.next();
    isn_secret[i].k1 = secrets.next();
    ts_secret[i].k0 = secrets.next();
    ts_secret[i].k1 = secrets.next();
  }
}

void Simulation::setup(const scenario::Scenario& s, trace::Trace& out) {
  scenario_ = &s;
  out_ = &out;
  out.clear();
  recorder_.bind(out, fx_);
  queue_.clear();
  on_actions_.clear();
  events_handled_ = 0;
  highest_future_conn_ = 0;
  rules_.reset(s.faults);

  seed_memo_.update(s.seed);
  links_[0].reset(s.link[0], seed_memo_.link[0]);
  links_[1].reset(s.link[1], seed_memo_.link[1]);

  profile_memo_.update(s);
  const tcp::Profile& profile = profile_memo_.profile;
  std::array<std::uint32_t, 2> ip{};
  std::array<std::uint16_t, 2> port{};
  for (std::size_t i = 0; i < 2; ++i) {
    const scenario::SideConfig& c = s.sides[i];
    ip[i] = c.ip != 0 ? c.ip : (i == 0 ? scenario::kDefaultClientIp : scenario::kDefaultServerIp);
    port[i] = c.port != 0 ? c.port
                          : (i == 0 ? scenario::kDefaultClientPort : scenario::kDefaultServerPort);
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const Side side = static_cast<Side>(i);
    const std::size_t peer = 1 - i;
    HostConfig& hc = hosts_[i].reset();  // every field is set below (the profile only when it changed)
    hc.side = side;
    hc.ip = ip[i];
    hc.port = port[i];
    hc.peer_ip = ip[peer];
    hc.peer_port = port[peer];
    hc.isn_list = s.sides[i].isn;
    hc.isn_secret = seed_memo_.isn_secret[i];
    const tcp::SipKey& ts_secret = seed_memo_.ts_secret[i];
    if (host_profile_generation_[i] != profile_memo_.generation) {
      // Copied only when the memo made a new one (a Profile is 176 bytes).
      host_profile_generation_[i] = profile_memo_.generation;
      hc.connection.profile = profile;
      hc.connection.offer = profile_memo_.offer[i];
    }
    hc.connection.local_port = port[i];
    hc.connection.remote_port = port[peer];
    hc.connection.ts_offset = ts_offsets_[i].get(ip[i], ip[peer], ts_secret);

    trace::Endpoint& ep = out.endpoints[i];
    const std::string& name = s.sides[i].name;
    // clear() then append() instead of assign(): skips assign's general replace path (about 30
    // instructions per name).
    ep.name.clear();
    ep.name.append(name.empty() ? trace::side_name(side) : std::string_view(name));
    ep.ip = ip[i];
    ep.port = port[i];
  }

  for (std::size_t i = 0; i < s.actions.size(); ++i) {
    const scenario::Action& a = s.actions[i];
    if (a.at) {
      queue_.push(std::max(*a.at, Time{}), EventKind::Action, static_cast<std::uint32_t>(i));
    } else if (a.on) {
      if (auto kind = trigger_kind(a.on->second)) {
        on_actions_.push_back(OnAction{static_cast<std::uint32_t>(i), a.on->first, *kind, false});
      }
    }
  }
  note_waiting_kinds();
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    if (s.faults[i].inject) {
      queue_.push(std::max(s.faults[i].inject->arrive, Time{}), EventKind::Inject,
                  static_cast<std::uint32_t>(i));
    }
  }
}

void Simulation::run(const scenario::Scenario& s, trace::Trace& out) {
  setup(s, out);
  const std::optional<Time> until = s.until;
  Time last_active{};
  bool capped = false;
  bool runaway = false;
  // One comparison per event for both stops (`until` and the cap).
  const Time limit = until ? std::min(*until, scenario::kRunCap) : scenario::kRunCap;
  std::uint64_t handled_count = 0;  // a local, not the member: no store per event
  // Each event due by `limit` is taken in one call (saves a peek and a drop per event); why the
  // loop stopped is worked out once, after it.
  Event next;
  while (handled_count < kMaxEvents && queue_.pop_due(limit, next)) {
    const Time t = next.t();
    const std::uint32_t index = next.index;
    const EventKind kind = next.kind();
    // The dispatch, here rather than in a function of its own: one call less per event.
    bool handled = true;
    switch (kind) {
      case EventKind::Arrival: {
        // Delivered by reference: deliver() copies it only where its use outlives an append
        // to the trace's segments (a TIME-WAIT reopened).
        const trace::Segment& seg = out_->segments[index];
        deliver(trace::peer_of(seg.from), seg.tcp, index, seg.conn, t);
        break;
      }
      case EventKind::Inject: on_inject(t, index); break;
      case EventKind::Timer: handled = on_timer(t, index); break;
      case EventKind::Action: on_action(t, index); break;
    }
    if (handled) {
      ++handled_count;
      last_active = t;
    }
  }
  if (const Event* pending = queue_.peek()) {
    // Past `limit` the run ends, at the cap only if `until` did not end it first; an event
    // still due means the event budget ran out.
    const Time t = pending->t();
    if (t > limit) {
      capped = !(until && t > *until);
    } else {
      runaway = true;
    }
  }
  events_handled_ = handled_count;
  Time end = last_active;
  if (until) end = std::min(*until, scenario::kRunCap);
  if (capped) {
    end = scenario::kRunCap;
    out.hit_time_cap = true;
    out.notes.emplace_back(
        "The run reached the one-hour cap of simulated time with events still pending; it was "
        "stopped there.");
  }
  if (runaway) {
    out.notes.emplace_back("The run was stopped after " + std::to_string(kMaxEvents) +
                           " events: the two hosts never stopped answering each other (an "
                           "ACK storm?) or time stopped advancing.");
  }
  // An empty queue: every arrival was handled, at or before `end`.
  recorder_.finish(end, !queue_.empty());
  // A record named a connection that was never made (a listener that made none, a call with
  // nothing to act on): it goes to the latest connection instead, the lane its LISTEN was last
  // drawn in. With no connection at all, 0 stays: the ladder always draws connection 0.
  const auto made = static_cast<std::uint32_t>(out.conns.size());
  if (made > 0 && highest_future_conn_ >= made) recorder_.relabel_missing(made, made - 1);
}

// --- Effects of one input ---

void Simulation::apply(Side who, std::uint32_t index, Time now, bool keep) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  Endpoint& e = host.endpoint(index);
  if (e.listener) e.conn = listener_conn(e.connection.state() == tcp::State::Closed);
  recorder_.record(who, e, now);
  for (const wire::TcpSegment& seg : fx_.segments) transmit(who, e, seg, now);
  const std::uint32_t waiting = waiting_kinds_[static_cast<std::size_t>(who)];
  if (waiting != 0) {
    for (const tcp::AppEvent& a : fx_.this_input_app_events()) {
      if (waits_for(waiting, a.kind)) trigger(who, a.kind, now);
    }
  }

  if (!keep) {
    recorder_.close_timers(e, now, trace::TimerEnd::Cancelled);
    return;
  }
  if (e.connection.state() == tcp::State::Closed || e.connection.returned_to_listener()) {
    // The TCB is deleted (RFC 9293: "delete the TCB, enter the CLOSED state"), or it was a
    // listener's copy that fell back to LISTEN: the listener itself still listens.
    e.alive = false;
    unschedule(who, index, e);
    recorder_.close_timers(e, now, trace::TimerEnd::Cancelled);
    if (host.active == index) host.active.reset();
    if (host.listener == index) host.listener.reset();
    return;
  }
  // Only an armed, cancelled or fired timer moves the TCB's next deadline, and the state
  // machine reports each one in fx_.timers (the trace's timer records rely on it). Without
  // one, the queued Timer event (or the lack of one) still stands; saves next_deadline()'s scan.
  if (fx_.timers.empty() && (!e.scheduled || e.scheduled_is_deadline)) return;
  const std::optional<Time> deadline = e.connection.next_deadline();
  if (deadline && e.scheduled != deadline) {
    const Time at = std::max(*deadline, now);
    e.scheduled = at;
    e.scheduled_is_deadline = at == *deadline;
    queue_.set_timer(at, timer_index(who, index));
  } else if (!deadline) {
    unschedule(who, index, e);
  }
}

void Simulation::unschedule(Side who, std::uint32_t index, Endpoint& e) {
  if (!e.scheduled) return;
  e.scheduled.reset();
  queue_.cancel_timer(timer_index(who, index));
}

void Simulation::forget(Side who, std::uint32_t index, Time now, std::string_view cause,
                        std::string_view rfc, bool tell_app) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  Endpoint& e = host.endpoint(index);
  if (!e.alive) return;
  if (e.listener) e.conn = listener_conn(/*ended=*/true);
  recorder_.transition(who, e.conn, now, e.connection.state(), tcp::State::Closed, cause, rfc);
  recorder_.close_timers(e, now, trace::TimerEnd::Cancelled);
  if (tell_app) {
    recorder_.app_event(who, e.conn, now, tcp::AppEventKind::Closed);
    if (waits_for(waiting_kinds_[static_cast<std::size_t>(who)], tcp::AppEventKind::Closed)) {
      trigger(who, tcp::AppEventKind::Closed, now);
    }
  }
  e.alive = false;
  unschedule(who, index, e);
  if (host.active == index) host.active.reset();
  if (host.listener == index) host.listener.reset();
}

void Simulation::trigger(Side who, tcp::AppEventKind kind, Time now) {
  for (OnAction& o : on_actions_) {
    if (o.fired || o.side != who || o.event != kind) continue;
    o.fired = true;
    queue_.push(now + scenario_->actions[o.action].after, EventKind::Action, o.action);
  }
  note_waiting_kinds();
}

void Simulation::note_waiting_kinds() {
  waiting_kinds_ = {};
  for (const OnAction& o : on_actions_) {
    if (!o.fired) {
      waiting_kinds_[static_cast<std::size_t>(o.side)] |= 1u << static_cast<unsigned>(o.event);
    }
  }
}

std::uint32_t Simulation::new_conn() {
  const Host& c = hosts_[0];
  trace::Connection conn;
  conn.ip = {c.config().ip, c.config().peer_ip};
  conn.port = {c.config().port, c.config().peer_port};
  out_->conns.push_back(conn);
  return static_cast<std::uint32_t>(out_->conns.size() - 1);
}

// --- Timers ---

bool Simulation::on_timer(Time now, std::uint32_t index) {
  const Side who = static_cast<Side>(index & 1u);
  const std::uint32_t i = index >> 1;
  Host& host = hosts_[static_cast<std::size_t>(who)];
  if (i >= host.endpoints().size()) return false;
  Endpoint& e = host.endpoint(i);
  // Stale: the TCB is gone, or its deadline moved after this event was queued.
  if (!e.alive || e.scheduled != now) return false;
  e.scheduled.reset();
  recorder_.begin_input(who, e, now, std::nullopt);
  e.connection.deadline_reached(now, fx_);
  apply(who, i, now);
  return true;
}

// --- The application ---

void Simulation::on_action(Time now, std::uint32_t index) {
  const scenario::Action& a = scenario_->actions[index];
  switch (a.call) {
    case scenario::Call::Listen: act_listen(a.who, now); break;
    case scenario::Call::Connect: act_connect(a.who, now); break;
    case scenario::Call::Reboot: act_reboot(a.who, now); break;
    case scenario::Call::Send:
    case scenario::Call::Close:
    case scenario::Call::Shutdown:
    case scenario::Call::Abort: act_on_connection(a.who, a.call, a.bytes, now); break;
  }
}

void Simulation::act_listen(Side who, Time now) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  const auto next_conn = static_cast<std::uint32_t>(out_->conns.size());
  note_future_conn(next_conn);
  if (host.listener) {
    recorder_.decision(who, next_conn, now, std::nullopt, kAlreadyListening);
    return;
  }
  const std::uint32_t i = host.add_new(next_conn, true);
  host.listener = i;
  recorder_.begin_input(who, host.endpoint(i), now, std::nullopt);
  host.endpoint(i).connection.open_passive(now, fx_);
  apply(who, i, now);
}

void Simulation::act_connect(Side who, Time now) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  if (host.active) {
    Endpoint& old = host.endpoint(*host.active);
    tcp::Decision d = old.connection.state() == tcp::State::TimeWait ? kTimeWaitReused : kPortInUse;
    d.values[0] = old.conn;
    recorder_.decision(who, old.conn, now, std::nullopt, d);
    if (old.connection.state() != tcp::State::TimeWait) return;
    forget(who, *host.active, now, kTimeWaitReusedCause, "Linux tcp_twsk_unique",
           /*tell_app=*/true);
  }
  // A simultaneous open (RFC 9293 3.5 Figure 7): the peer's connect already made the
  // connection this one will join, the same incarnation of the 4-tuple, so it shares its
  // number. Otherwise a connect makes a new connection.
  std::uint32_t conn = 0;
  const Host& peer = hosts_[static_cast<std::size_t>(trace::peer_of(who))];
  const Endpoint* peer_tcb = peer.active ? &peer.endpoint(*peer.active) : nullptr;
  if (peer_tcb != nullptr && peer_tcb->connection.state() == tcp::State::SynSent &&
      peer_tcb->conn < out_->conns.size() &&
      !out_->conns[peer_tcb->conn].isn[static_cast<std::size_t>(who)]) {
    conn = peer_tcb->conn;
  } else {
    conn = new_conn();
  }
  const wire::SeqNum iss = host.peek_isn(now);
  host.take_isn();
  set_isn(conn, who, iss);
  const std::uint32_t i = host.add_new(conn, false);
  host.active = i;
  host.last = i;
  recorder_.begin_input(who, host.endpoint(i), now, std::nullopt);
  host.endpoint(i).connection.open_active(now, iss, fx_);
  apply(who, i, now);
}

void Simulation::act_on_connection(Side who, scenario::Call call, std::uint32_t bytes, Time now) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  std::optional<std::uint32_t> target = host.active;
  const bool ends = call == scenario::Call::Close || call == scenario::Call::Abort;
  if (ends && target && host.listener) {
    const Endpoint& child = host.endpoint(*target);
    if (child.from_listener && child.connection.state() == tcp::State::SynReceived) {
      close_listener_with_half_open(who, call, *target, now);
      return;
    }
  }
  // RFC 9293 3.10.4 / 3.10.5: CLOSE or ABORT of a listening TCB deletes it.
  if (!target && ends) target = host.listener;
  if (!target) {
    const std::uint32_t conn = host.last ? host.endpoint(*host.last).conn
                                         : static_cast<std::uint32_t>(out_->conns.size());
    note_future_conn(conn);
    recorder_.decision(who, conn, now, std::nullopt, kNoConnection);
    return;
  }
  recorder_.begin_input(who, host.endpoint(*target), now, std::nullopt);
  tcp::Connection& c = host.endpoint(*target).connection;
  switch (call) {
    case scenario::Call::Send: c.send(now, bytes, fx_); break;
    case scenario::Call::Close: c.close(now, fx_); break;
    case scenario::Call::Shutdown: c.shutdown(now, fx_); break;
    case scenario::Call::Abort: c.abort(now, fx_); break;
    default: return;
  }
  apply(who, *target, now);
}

void Simulation::close_listener_with_half_open(Side who, scenario::Call call,
                                               std::uint32_t child, Time now) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  const std::uint32_t listener = *host.listener;
  const std::uint32_t conn = host.endpoint(child).conn;
  // Linux: the application's only socket is the listening one; the child is a request sock
  // in the listener's queue (Linux's accept() returns a socket only once the handshake is
  // complete, inet_csk_accept). close() is tcp_close() of a LISTEN socket (inet_csk_listen_stop)
  // and the request dies with it: reqsk_timer_handler() drops a request whose listener is not
  // in LISTEN (no SYN,ACK retransmission), and tcp_v4_rcv() drops it when its ACK arrives and
  // looks the 4-tuple up again, finding no socket: RST (RFC 9293 3.10.7.1). Dropping it at
  // once shows the same on the wire. abort() is the same tcp_close() (SO_LINGER 0 changes
  // nothing for a LISTEN socket).
  // rfc: RFC 9293 has no listener beside its connections: a passive OPEN makes one TCB, and
  // the SYN took it from LISTEN to SYN-RECEIVED (3.10.7.2). The user's CLOSE or ABORT names
  // that TCB, so 3.10.4 / 3.10.5 SYN-RECEIVED apply to the child; and as no TCB is in LISTEN
  // any more, the simulator's listener (a modelling convenience) ends too, so a new SYN to the
  // port is refused as RFC 9293 3.10.7.1 says.
  const bool linux_stack = host.config().connection.profile.half_open_is_request_sock;
  recorder_.decision(who, conn, now, std::nullopt,
                     linux_stack ? kListenerClosedLinux : kOneTcbPerPassiveOpen);
  // The call itself, on one of the two TCBs.
  const auto call_on = [&](std::uint32_t index) {
    recorder_.begin_input(who, host.endpoint(index), now, std::nullopt);
    tcp::Connection& c = host.endpoint(index).connection;
    if (call == scenario::Call::Abort) {
      c.abort(now, fx_);
    } else {
      c.close(now, fx_);
    }
    apply(who, index, now);
  };
  // The listener first: its end is drawn on the child's lane (listener_conn), before the
  // child's own change at the same instant.
  call_on(listener);
  if (linux_stack) {
    // The application never had the request (accept() never returned it), so it hears
    // nothing of its end: one close(), one `closed`, the listener's (as when an RST or a SYN
    // drops a request, tcp_check_req).
    forget(who, child, now, kListenerClosedCause, kListenerClosedRfc, /*tell_app=*/false);
    return;
  }
  call_on(child);
}

void Simulation::act_reboot(Side who, Time now) {
  Host& host = hosts_[static_cast<std::size_t>(who)];
  const std::uint32_t conn = host.last ? host.endpoint(*host.last).conn
                                       : static_cast<std::uint32_t>(out_->conns.size());
  note_future_conn(conn);
  recorder_.decision(who, conn, now, std::nullopt, kReboot);
  for (std::uint32_t i = 0; i < host.endpoints().size(); ++i) {
    forget(who, i, now, kRebootCause, "RFC 9293 3.5.1", /*tell_app=*/false);
  }
}

}  // namespace tcpviz::sim
