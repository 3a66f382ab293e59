#include "live/session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

#include "core/tcp/profile.hpp"
#include "live/isn.hpp"
#include "live/live_clock.hpp"
#include "live/session_engine.hpp"

namespace tcpviz::live {
namespace {

// Frames read per wake-up before timers get their turn again (as the CLI loop: under a flood
// the RTO and TIME-WAIT timers still run).
constexpr int kMaxFramesPerWake = 256;
constexpr std::size_t kLogTail = 200;

}  // namespace

LiveSessionConfig session_config_from_options(const LiveOptions& o) {
  LiveSessionConfig c;
  c.faults = o.faults;
  c.caps = with_snap_options(c.caps, o);
  if (o.relay) {
    c.mode = SessionMode::Relay;
    c.description = "relay " + o.relay->first + " <-> " + o.relay->second;
    return c;
  }
  c.mode = SessionMode::Host;
  c.host.mac = o.mac;
  c.host.ip = o.ip;
  c.host.prefix_len = o.prefix_len;
  c.host.services = o.services;
  if (auto p = tcp::profile_by_name(o.profile)) c.host.profile = *p;
  c.host.max_connections = o.max_connections;
  c.host.syn_backlog = o.syn_backlog;
  c.host.isn_key = random_sip_key();
  c.connects = o.connects;
  c.request = o.request;
  c.description = "host " + wire::to_string(o.ip) + "/" + std::to_string(o.prefix_len) + " on " + o.tap;
  return c;
}

std::vector<std::string> tap_specs_of(const LiveOptions& o) {
  if (o.relay) return {o.relay->first, o.relay->second};
  return {o.tap};
}

Result<std::unique_ptr<LiveSession>> LiveSession::start(LiveSessionConfig config,
                                                        std::unique_ptr<FrameIo> io) {
  if (!io) return Error{"live session: no frame source"};
  const std::size_t ports = config.mode == SessionMode::Relay ? 2 : 1;
  if (io->port_count() != ports) {
    return Error{"live session: " + std::string(config.mode == SessionMode::Relay ? "relay" : "host") +
                 " mode needs " + std::to_string(ports) + " TAP(s)"};
  }
  std::unique_ptr<LiveSession> s(new LiveSession(std::move(config), std::move(io)));
  s->running_ = true;
  s->thread_ = std::thread([p = s.get()] { p->run(); });
  return s;
}

LiveSession::LiveSession(LiveSessionConfig config, std::unique_ptr<FrameIo> io)
    : config_(std::move(config)), io_(std::move(io)), engine_(make_session_engine(config_)) {
  faults_in_force_ = config_.faults;
  latest_.mode = config_.mode;
  latest_.description = config_.description;
  latest_.running = true;
  latest_.trace = std::make_shared<const trace::Trace>();
  latest_.max_connections = config_.max_connections;
  latest_.max_segments = config_.caps.max_segments;
  latest_.faults = faults_in_force_;
  latest_.faults_editable = engine_->faults_editable();
  latest_.generation = 1;
}

LiveSession::~LiveSession() { stop(); }

void LiveSession::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  // The TAPs close with the frame source; the engine (and its trace) stay for the snapshot.
  io_.reset();
}

std::optional<SessionSnapshot> LiveSession::snapshot_if_changed(std::uint64_t seen) const {
  std::lock_guard lock(mutex_);
  if (latest_.generation == seen) return std::nullopt;
  return latest_;
}

void LiveSession::replace_faults(std::vector<scenario::Fault> faults) {
  std::lock_guard lock(mutex_);
  pending_faults_ = std::move(faults);
}

void LiveSession::run() {
  LiveClock clock;
  std::array<std::uint8_t, 65536> buffer{};
  Time now = clock.now();
  engine_->begin(now);
  engine_->flush(*io_);
  while (!stop_.load()) {
    now = clock.now();
    std::optional<std::vector<scenario::Fault>> faults;
    {
      std::lock_guard lock(mutex_);
      faults.swap(pending_faults_);
    }
    if (faults) {
      engine_->set_faults(*faults);
      const bool applied = engine_->faults_editable();
      std::lock_guard lock(mutex_);
      if (applied) faults_in_force_ = std::move(*faults);
    }
    engine_->advance(now);
    engine_->flush(*io_);
    io_->wait(poll_timeout(now, engine_->next_deadline(), config_.max_poll));
    bool failed = false;
    for (int n = 0; n < kMaxFramesPerWake && !stop_.load(); ++n) {
      bool any = false;
      for (std::size_t port = 0; port < io_->port_count(); ++port) {
        auto got = io_->read_frame(port, buffer);
        if (!got) {
          error_ = got.error().message;
          failed = true;
          break;
        }
        if (*got == 0) continue;
        any = true;
        engine_->frame_arrived(clock.now(), port, std::span(buffer.data(), *got));
        engine_->flush(*io_);
      }
      if (failed || !any) break;
    }
    publish(clock.now(), faults.has_value());
    if (failed) break;
  }
  now = clock.now();
  engine_->advance(now);
  engine_->flush(*io_);
  engine_->finish(now);
  running_ = false;
  publish(now, true);
}

void LiveSession::publish(Time now, bool force) {
  for (auto& line : engine_->take_log()) {
    if (log_tail_.size() >= kLogTail) log_tail_.erase(log_tail_.begin());
    log_tail_.push_back(std::move(line));
  }
  const std::uint64_t mark = engine_->change_mark();
  const bool changed = mark != published_mark_;
  // A full trace copy takes about 11 ms at the app's caps (20000 segments, 8 MiB; measured
  // on the dev machine), so a publish waits at least four times what the last one cost:
  // the reader thread never spends more than a fifth of its time copying.
  const Duration gap = std::max(config_.publish_interval, last_publish_cost_ * 4);
  if (!force && (!changed || now - last_publish_ < gap)) return;
  const auto started = std::chrono::steady_clock::now();
  published_mark_ = mark;
  last_publish_ = now;
  // The copy and the summaries are made here, outside the lock: the UI thread only ever
  // waits for the swap below.
  SessionSnapshot s;
  s.mode = config_.mode;
  s.description = config_.description;
  s.running = running_.load();
  s.error = error_;
  s.now = now;
  auto trace = std::make_shared<trace::Trace>(engine_->trace());
  if (s.running) trace->end = now;
  s.connections = summarize_connections(*trace, config_.max_connections, s.evicted_connections);
  // Segment ids are given in order from 0 and the recorder evicts from the front, so the
  // first kept id is the number evicted (trace_recorder.cpp evict_segments).
  s.evicted_segments = trace->segments.empty() ? 0 : trace->segments.front().id;
  s.trace = std::move(trace);
  s.counters = engine_->counters();
  s.max_connections = config_.max_connections;
  s.max_segments = config_.caps.max_segments;
  s.faults_editable = engine_->faults_editable();
  s.log = log_tail_;
  last_publish_cost_ = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  std::lock_guard lock(mutex_);
  s.faults = faults_in_force_;
  s.generation = latest_.generation + 1;
  latest_ = std::move(s);
}

}  // namespace tcpviz::live
