// The deterministic network (DESIGN.md, core/sim): runs a scenario from its start to its end
// and records everything in a Trace. A run is a pure function of the scenario (its seed
// included): the same scenario gives the same trace, byte for byte, natively and in wasm.
//
// How the simulator reads the parts of SCENARIO_FORMAT.md that leave a choice:
// - Connection numbers. A connect makes connection N (numbered in creation order by either
//   side); the TCB the peer's listener makes for that connection's SYN gets the same N (it is
//   the same incarnation of the 4-tuple). A listener's own transitions (CLOSED -> LISTEN)
//   carry the number the next connection will get, so its LISTEN is drawn on that
//   connection's lane; its end (LISTEN -> CLOSED) carries the latest connection's number (the
//   lane its LISTEN was last drawn in). A record naming a connection the run never made (a
//   listener that made none, a call with nothing to act on) is renumbered at the end of the
//   run to the latest connection; with no connection at all it stays 0, the lane the ladder
//   always draws. Segments answered for no TCB (a listener refusing an ACK, a CLOSED host's
//   RST) carry the number of the segment they answer.
// - `on` triggers: each `on` action fires at most once, at the first matching event of that
//   side after the run starts; `after_ms` counts from that event.
// - Fault rules: every rule counts its own #n over the segments of its side and kind (with
//   filters), retransmissions included; the first rule (in order) that applies decides, and
//   random loss/duplication then does not apply to that segment. Network copies and injected
//   segments are never matched. A rule's delay_ms is added to the link delay (and jitter).
// - Random duplication makes one extra copy 1 ms after the original.
// - `reboot` forgets every TCB of the host, the listening one too (a rebooted machine has no
//   sockets until its application runs again), without sending anything; the trace shows
//   each forgotten TCB going to CLOSED with cause "host reboot" (no `closed` event: the
//   applications went with the host). A later `listen`/`connect`
//   starts afresh; the `isn` list continues with its next value.
// - `connect` while the side's previous connection sits in TIME-WAIT takes the 4-tuple over
//   (Linux tcp_twsk_unique with tcp_tw_reuse); while it is in any other state the call is
//   refused (EADDRINUSE) and recorded as a decision. `send`/`close`/`shutdown`/`abort` act on
//   the side's current connection; `close`/`abort` with no connection close the listener.
//   `close`/`abort` while the current connection is the listener's half-open copy (in
//   SYN-RECEIVED, never `accepted`): `linux` closes the listener and drops the copy silently
//   (the application holds only the listening socket); `rfc` closes the listener and applies
//   the call to the copy (one TCB per passive OPEN). See core/tcp/README.md.
// - `isn`: the n-th value is the side's n-th connection's ISN, as written, even where the
//   stack would have chosen otherwise (a SYN reopening TIME-WAIT); past the list, RFC 6528's
//   clock and hash, except for a connection whose SYN reopened TIME-WAIT, whose ISS lies after
//   the old incarnation's SND.NXT (`linux`: tcp_tw_isn; `rfc`: RFC 9293 3.6.1 MAY-2).
//   A call with nothing to act on is recorded as a decision, never an error.
// - Injected segments are recorded as sent when they arrive (sent == arrive); their seq/ack
//   expressions use the variables at that moment.
// - The run stops at until_ms, else when nothing is pending, else at one simulated hour
//   (hit_time_cap), or after kMaxEvents events (a loop between the hosts that never ends,
//   such as an ACK storm over a fast link, or a runaway at one instant), with a note.
#pragma once

#include <cstdint>
#include <memory>

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

// Runs `scenario` into `out` (cleared first; its buffers are reused).
void run(const scenario::Scenario& scenario, trace::Trace& out);

inline trace::Trace run(const scenario::Scenario& scenario) {
  trace::Trace t;
  run(scenario, t);
  return t;
}

// A safety stop for scenarios that loop: a lesson handles well under a thousand events, and
// an endless exchange (two ends ACKing each other's invalid ACKs under the `rfc` profile) must
// not grow the trace past what a browser tab can hold (each event records a segment or more).
inline constexpr std::uint64_t kMaxEvents = 200'000;

class Simulation;

// The same as run(), keeping the simulator's own buffers (event queue, TCB tables) between
// runs, for callers that re-run often (the UI on every edit, benchmarks): once warmed up, a
// run allocates nothing for a lesson-sized scenario.
class Simulator {
 public:
  Simulator();
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  void run(const scenario::Scenario& scenario, trace::Trace& out);
  // Events handled by the last run (arrivals, timer expiries, actions, injections).
  std::uint64_t events_handled() const;

 private:
  std::unique_ptr<Simulation> impl_;
};

}  // namespace tcpviz::sim
