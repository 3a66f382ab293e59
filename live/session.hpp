// A live session for the desktop app (DESIGN.md live/: "the reader hands frames to the UI
// thread through a queue drained once per frame"): the same pure Host or Relay the CLI loops
// drive (live_command.cpp, relay_command.cpp), run on a reader thread of its own, with the
// results handed to the UI thread as snapshots.
//
// Threads: the reader thread owns the engine (Host or Relay), the frame I/O and the clock;
// nothing of them is touched from elsewhere. The UI thread only calls the public functions
// below, which take a mutex for as long as it takes to swap a pointer or a small vector: the
// trace is copied by the reader thread, outside the lock, and only when it changed, at most
// once per publish interval, so a frame never waits on a copy. Memory stays bounded: the
// recorder evicts its oldest segments past TraceCaps and the snapshot keeps at most
// max_connections connections; both evictions are counted in the snapshot.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"
#include "core/util/time.hpp"
#include "live/host.hpp"
#include "live/live_options.hpp"
#include "live/session_snapshot.hpp"
#include "live/trace_recorder.hpp"

namespace tcpviz::live {

// Where the session's frames come from and go to: the TAP devices in the app, a fake in the
// unit tests. Used from the reader thread only.
class FrameIo {
 public:
  virtual ~FrameIo() = default;
  virtual std::size_t port_count() const = 0;  // 1 in host mode, 2 in relay mode
  // Returns when a frame may be waiting on a port, or after `timeout`.
  virtual void wait(std::chrono::milliseconds timeout) = 0;
  // One frame from `port` into `buffer`: its length, or 0 when none is waiting.
  virtual Result<std::size_t> read_frame(std::size_t port, std::span<std::uint8_t> buffer) = 0;
  // A frame that cannot be written is lost, as on a real link (TapDevice::write_frame).
  virtual void write_frame(std::size_t port, std::span<const std::uint8_t> frame) = 0;
};

// The TAPs named by `specs` ("tap0" or "NETNS:tap0", TapDevice::open_spec), one port each.
Result<std::unique_ptr<FrameIo>> open_tap_io(const std::vector<std::string>& specs);

// Smaller than the CLI's TraceCaps: every published change copies the trace once, so the
// app keeps what a person can look at (the CLI writes everything to a file at the end).
inline TraceCaps app_trace_caps() {
  TraceCaps c;
  c.max_segments = 20000;
  c.max_raw_bytes = 8u << 20;
  c.max_events = 40000;
  c.max_conns = 10000;
  return c;
}

struct LiveSessionConfig {
  SessionMode mode = SessionMode::Host;
  HostConfig host;                      // host mode (its faults and trace_caps are set from below)
  std::vector<ConnectTarget> connects;  // host mode: opened when the session starts
  std::string request;                  // what a --connect sends; empty: an HTTP GET
  std::vector<scenario::Fault> faults;
  TraceCaps caps = app_trace_caps();
  std::size_t max_connections = 256;    // connections kept in the snapshot's list
  std::string description;
  Duration publish_interval = from_ms(50);
  std::chrono::milliseconds max_poll{20};  // how long stop() may wait for the loop to notice
};

// The app's config from the parsed `--tap/--relay ...` options (live_options.hpp), with a
// fresh RFC 6528 key; and the TAP specs those options name.
LiveSessionConfig session_config_from_options(const LiveOptions& o);
std::vector<std::string> tap_specs_of(const LiveOptions& o);

class SessionEngine;

class LiveSession {
 public:
  // Starts the reader thread. `io` must have one port in host mode, two in relay mode.
  static Result<std::unique_ptr<LiveSession>> start(LiveSessionConfig config,
                                                    std::unique_ptr<FrameIo> io);
  ~LiveSession();  // stop()
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // Asks the loop to end and joins it (within about max_poll); then the TAPs are closed.
  // Idempotent. The last snapshot stays available.
  void stop();

  // The newest snapshot if its generation is not `seen` (0 = never seen one), else nothing;
  // the UI calls this once per frame (or not at all while the view is paused).
  std::optional<SessionSnapshot> snapshot_if_changed(std::uint64_t seen) const;
  // Replaces the fault rules; the loop applies them before its next frame. Rule counts (`#n`)
  // start again from the replacement, so "server SYN|ACK #1" is the next SYN,ACK.
  void replace_faults(std::vector<scenario::Fault> faults);
  bool running() const { return running_.load(); }

 private:
  LiveSession(LiveSessionConfig config, std::unique_ptr<FrameIo> io);
  void run();
  void publish(Time now, bool force);

  LiveSessionConfig config_;
  std::unique_ptr<FrameIo> io_;
  std::unique_ptr<SessionEngine> engine_;  // reader thread only
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  std::thread thread_;

  // Reader-thread state for publishing.
  std::uint64_t published_mark_ = ~std::uint64_t{0};
  Time last_publish_{};
  Duration last_publish_cost_{};
  std::vector<std::string> log_tail_;
  std::string error_;

  mutable std::mutex mutex_;  // guards the three members below
  SessionSnapshot latest_;
  std::optional<std::vector<scenario::Fault>> pending_faults_;
  std::vector<scenario::Fault> faults_in_force_;
};

// Connection summaries of `t` (session_connections.cpp): every connection that still has a
// segment in the trace, the most recent `max_kept` of them; `evicted` gets how many of the
// trace's connections are not in the list.
std::vector<SessionConnection> summarize_connections(const trace::Trace& t, std::size_t max_kept,
                                                     std::uint64_t& evicted);
// One connection of a multi-connection live trace as a trace of its own, for the ladder:
// conn renumbered to 0, segment ids renumbered 0..n-1 (the views index segments by id), its
// raw bytes copied, times measured from its first segment; `now` is the session time used as
// the trace's end while the connection is still going.
trace::Trace connection_trace(const trace::Trace& t, std::uint32_t conn, Time now);

// The snapshot as JSON (session_json.cpp): mode, running, connections with status and states,
// counters, evictions, fault rules. For the desktop app's --dump-state.
std::string session_state_json(const SessionSnapshot& s);

}  // namespace tcpviz::live
