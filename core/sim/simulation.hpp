// The simulator's insides (simulator.hpp is the interface): one run's state and the handling
// of each kind of event. Split over simulation.cpp (setup, the loop, application actions) and
// network.cpp (segments on the wire and their arrival at a host).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/sim/event_queue.hpp"
#include "core/sim/fault_rules.hpp"
#include "core/sim/host.hpp"
#include "core/sim/link.hpp"
#include "core/sim/prng.hpp"
#include "core/sim/recorder.hpp"
#include "core/tcp/effects.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

using trace::Side;

class Simulation {
 public:
  Simulation();
  void run(const scenario::Scenario& s, trace::Trace& out);
  std::uint64_t events_handled() const { return events_handled_; }

 private:
  struct OnAction {
    std::uint32_t action = 0;
    Side side = Side::Client;
    tcp::AppEventKind event = tcp::AppEventKind::Established;
    bool fired = false;
  };

  void setup(const scenario::Scenario& s, trace::Trace& out);

  // simulation.cpp: the application.
  void on_action(Time now, std::uint32_t index);
  void act_listen(Side who, Time now);
  void act_connect(Side who, Time now);
  void act_on_connection(Side who, scenario::Call call, std::uint32_t bytes, Time now);
  // close/abort while the application holds only the listener and the current TCB is its
  // half-open copy in SYN-RECEIVED, never accepted (F3; the reasoning per profile is there).
  void close_listener_with_half_open(Side who, scenario::Call call, std::uint32_t child,
                                     Time now);
  void act_reboot(Side who, Time now);
  bool on_timer(Time now, std::uint32_t index);

  // network.cpp: the wire.
  void on_inject(Time now, std::uint32_t fault);
  void deliver(Side to, const wire::TcpSegment& seg, std::uint32_t id, std::uint32_t seg_conn,
               Time now);
  void reopen_time_wait(Side to, std::uint32_t i, const wire::TcpSegment& seg, std::uint32_t id,
                        std::uint32_t seg_conn, Time now);
  // `reopened_snd_nxt`: the SYN reopened a TIME-WAIT whose SND.NXT this was (its ISS rule).
  void to_listener_or_closed(Side to, const wire::TcpSegment& seg, std::uint32_t id,
                             std::uint32_t seg_conn, Time now,
                             std::optional<wire::SeqNum> reopened_snd_nxt = std::nullopt);
  // accept() and closed_reply() read `seg` only before their last apply().
  void accept(Side to, const wire::TcpSegment& seg, std::uint32_t id, std::uint32_t seg_conn,
              Time now, std::optional<wire::SeqNum> reopened_snd_nxt);
  void closed_reply(Side to, const wire::TcpSegment& seg, std::uint32_t id,
                    std::uint32_t seg_conn, Time now);
  void transmit(Side from, Endpoint& e, const wire::TcpSegment& seg, Time now);

  // Records what the last input to endpoint `index` of `who` caused (fx_), puts its segments
  // on the wire, notices its end, and re-arms its Timer event. `keep` is false for a
  // transient TCB (a listener's copy that refused a segment, a CLOSED responder). The segment
  // that caused the input, if any, is in fx_'s label already (begin_input).
  void apply(Side who, std::uint32_t index, Time now, bool keep = true);
  // The TCB is gone without a transition of its own (reboot, TIME-WAIT taken over, a
  // half-open copy whose listener closed). `tell_app`: the entry to CLOSED emits `closed`
  // like every other (core/tcp/README.md); false for a reboot, whose applications are gone
  // with the host.
  void forget(Side who, std::uint32_t index, Time now, std::string_view cause,
              std::string_view rfc, bool tell_app);
  // The connection a listener's records name (the lane its LISTEN is drawn in, see
  // simulator.hpp): while it listens, the next connection; once it ends, the latest one.
  std::uint32_t listener_conn(bool ended) const {
    const auto made = static_cast<std::uint32_t>(out_->conns.size());
    if (!ended) return made;
    return made == 0 ? 0 : made - 1;
  }
  // A record that names a connection not made yet (a listener's, a call with nothing to act
  // on): the highest such number, so the end of the run can tell whether one was never made.
  void note_future_conn(std::uint32_t conn) {
    if (conn > highest_future_conn_) highest_future_conn_ = conn;
  }
  std::uint32_t highest_future_conn_ = 0;
  // The TCB's deadline is gone: its queued timer event goes too.
  void unschedule(Side who, std::uint32_t index, Endpoint& e);
  void trigger(Side who, tcp::AppEventKind kind, Time now);
  std::uint32_t new_conn();
  // Inline: transmit() calls it for every SYN (saves a call and its setup).
  void set_isn(std::uint32_t conn, Side side, wire::SeqNum isn) {
    if (conn >= out_->conns.size()) return;
    auto& slot = out_->conns[conn].isn[static_cast<std::size_t>(side)];
    if (!slot) slot = isn;
  }

  const scenario::Scenario* scenario_ = nullptr;
  trace::Trace* out_ = nullptr;
  EventQueue queue_;
  std::array<Link, 2> links_;  // [client-to-server, server-to-client]
  FaultRules rules_;
  std::array<Host, 2> hosts_;
  Recorder recorder_;
  tcp::Effects fx_;
  std::vector<OnAction> on_actions_;
  // Per side, one bit per AppEventKind that an `on` action not fired yet waits for: most
  // application events wait for nothing, and this says so without walking on_actions_.
  std::array<std::uint32_t, 2> waiting_kinds_{};
  void note_waiting_kinds();
  // RFC 7323 timestamp offsets are a keyed hash of the addresses; a simulator re-running the
  // same scenario (the UI on every edit) gets the same inputs, so the last value is kept.
  struct TimestampOffsetMemo {
    bool valid = false;
    std::uint32_t local_ip = 0;
    std::uint32_t remote_ip = 0;
    tcp::SipKey secret;
    std::uint32_t offset = 0;
    std::uint32_t get(std::uint32_t local, std::uint32_t remote, const tcp::SipKey& key) {
      if (!valid || local != local_ip || remote != remote_ip || key.k0 != secret.k0 ||
          key.k1 != secret.k1) {
        valid = true;
        local_ip = local;
        remote_ip = remote;
        secret = key;
        offset = tcp::timestamp_offset(local, remote, key);
      }
      return offset;
    }
  };
  std::array<TimestampOffsetMemo, 2> ts_offsets_;
  // The profile and option offers a scenario runs with, kept with the inputs they were made
  // from: a simulator re-running one scenario (the UI on every edit, the benchmark) makes them
  // once instead of once per run. Compared by value, so an edited scenario is never served a
  // stale profile.
  struct ProfileMemo {
    bool valid = false;
    std::string profile_name;
    scenario::Overrides overrides;
    std::array<scenario::OptionChoice, 2> options;
    tcp::Profile profile;
    std::array<tcp::OptionOffer, 2> offer;
    std::uint64_t generation = 0;  // counts the times `profile` was made
    void update(const scenario::Scenario& s);
  };
  ProfileMemo profile_memo_;
  // The memo generation each host's ConnectionConfig was last filled from: the same one needs
  // no new copy of the profile.
  std::array<std::uint64_t, 2> host_profile_generation_{};
  // Every random stream a run starts from, drawn from its seed (simulation.cpp setup): the
  // same seed gives the same streams, so a re-run of one scenario draws them once (saves the
  // SplitMix64 and xoshiro steps of every run).
  struct SeedMemo {
    bool valid = false;
    std::uint64_t seed = 0;
    std::array<Xoshiro256, 2> link;       // [client-to-server, server-to-client]
    std::array<tcp::SipKey, 2> isn_secret;  // per host: RFC 6528's secretkey
    std::array<tcp::SipKey, 2> ts_secret;   // per host: RFC 7323 timestamp-offset key
    void update(std::uint64_t s);
  };
  SeedMemo seed_memo_;
  std::uint64_t events_handled_ = 0;
};

}  // namespace tcpviz::sim
