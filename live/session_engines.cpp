// The Host and the Relay behind SessionEngine. Each is the very object the CLI's loops drive;
// this file only adapts their outboxes to FrameIo ports and lists their counters by name.
#include <algorithm>
#include <utility>

#include "live/host.hpp"
#include "live/relay.hpp"
#include "live/session_engine.hpp"

namespace tcpviz::live {
namespace {

template <class Pure>
void set_faults_of(Pure& p, const std::vector<scenario::Fault>& f) {
  if constexpr (kCanSetFaults<Pure>) p.set_faults(f);
}

std::string http_get_for(const ConnectTarget& t) {
  return "GET / HTTP/1.0\r\nHost: " + wire::to_string(t.ip) + "\r\nUser-Agent: tcpviz-live\r\n\r\n";
}

std::uint64_t trace_mark(const trace::Trace& t) {
  const std::uint64_t last_id = t.segments.empty() ? 0 : t.segments.back().id + 1;
  return last_id * 7 + t.transitions.size() * 3 + t.timers.size() * 5 + t.app_events.size() * 11 +
         t.decisions.size() * 13 + t.notes.size();
}

class HostEngine final : public SessionEngine {
 public:
  explicit HostEngine(const LiveSessionConfig& c)
      : host_(config_of(c)), connects_(c.connects), request_(c.request) {}

  void begin(Time now) override {
    for (const auto& target : connects_) {
      auto r = host_.connect(now, target.ip, target.port,
                             request_.empty() ? http_get_for(target) : request_);
      if (!r) extra_log_.push_back("connect " + wire::to_string(target.ip) + ": " + r.error().message);
    }
  }
  void frame_arrived(Time now, std::size_t, std::span<const std::uint8_t> frame) override {
    host_.frame_arrived(now, frame);
  }
  void advance(Time now) override { host_.advance(now); }
  std::optional<Time> next_deadline() const override { return host_.next_deadline(); }
  void flush(FrameIo& io) override {
    for (const auto& frame : host_.outbox()) io.write_frame(0, frame);
    host_.outbox().clear();
  }
  std::vector<std::string> take_log() override {
    auto lines = host_.take_log();
    lines.insert(lines.begin(), extra_log_.begin(), extra_log_.end());
    extra_log_.clear();
    return lines;
  }
  bool faults_editable() const override { return kCanSetFaults<Host>; }
  void set_faults(const std::vector<scenario::Fault>& f) override { set_faults_of(host_, f); }
  void finish(Time now) override { host_.finish(now); }
  const trace::Trace& trace() const override { return host_.trace(); }
  std::uint64_t change_mark() const override {
    const auto& c = host_.counters();
    return c.frames_in + c.frames_out * 17 + trace_mark(host_.trace());
  }
  std::vector<SessionCounter> counters() const override {
    const auto& c = host_.counters();
    return {
        {"frames in", c.frames_in},
        {"frames out", c.frames_out},
        {"frames malformed", c.frames_malformed},
        {"frames not for us", c.frames_not_for_us},
        {"frames other protocol", c.frames_other_protocol},
        {"arp in", c.arp_in},
        {"arp replies sent", c.arp_replies_sent},
        {"arp requests sent", c.arp_requests_sent},
        {"arp unresolved drops", c.arp_unresolved_drops},
        {"ipv4 in", c.ipv4_in},
        {"ipv4 bad checksum", c.ipv4_bad_checksum},
        {"ipv4 malformed", c.ipv4_malformed},
        {"ipv4 fragments dropped", c.ipv4_fragments_dropped},
        {"icmp echo replies", c.icmp_echo_replies},
        {"tcp in", c.tcp_in},
        {"tcp bad checksum", c.tcp_bad_checksum},
        {"tcp malformed", c.tcp_malformed},
        {"tcp rst for no connection", c.tcp_resets_sent_no_connection},
        {"tcp syn backlog drops", c.tcp_syn_backlog_drops},
        {"tcp connection cap drops", c.tcp_connection_cap_drops},
        {"tcp connections opened", c.tcp_connections_opened},
        {"tcp connections closed", c.tcp_connections_closed},
        {"tcp payload missing", c.tcp_payload_missing},
        {"fault dropped", c.fault_dropped},
        {"fault delayed", c.fault_delayed},
        {"fault duplicated", c.fault_duplicated},
        {"delay queue full", c.delay_queue_full},
        {"connections open", host_.connection_count()},
    };
  }

 private:
  static HostConfig config_of(const LiveSessionConfig& c) {
    HostConfig h = c.host;
    h.faults = c.faults;
    h.trace_caps = c.caps;
    h.max_connections = std::min(h.max_connections, c.caps.max_conns);
    return h;
  }

  Host host_;
  std::vector<ConnectTarget> connects_;
  std::string request_;
  std::vector<std::string> extra_log_;
};

class RelayEngine final : public SessionEngine {
 public:
  explicit RelayEngine(const LiveSessionConfig& c) : relay_(c.faults, c.caps) {}

  void begin(Time) override {}
  void frame_arrived(Time now, std::size_t port, std::span<const std::uint8_t> frame) override {
    relay_.frame_arrived(now, static_cast<int>(port), frame);
  }
  void advance(Time now) override { relay_.advance(now); }
  std::optional<Time> next_deadline() const override { return relay_.next_deadline(); }
  void flush(FrameIo& io) override {
    for (const auto& [port, frame] : relay_.outbox()) io.write_frame(static_cast<std::size_t>(port), frame);
    relay_.outbox().clear();
  }
  std::vector<std::string> take_log() override { return relay_.take_log(); }
  bool faults_editable() const override { return kCanSetFaults<Relay>; }
  void set_faults(const std::vector<scenario::Fault>& f) override { set_faults_of(relay_, f); }
  void finish(Time now) override { relay_.finish(now); }
  const trace::Trace& trace() const override { return relay_.trace(); }
  std::uint64_t change_mark() const override {
    const auto& c = relay_.counters();
    return c.frames_in[0] + c.frames_in[1] + (c.frames_out[0] + c.frames_out[1]) * 17 +
           trace_mark(relay_.trace());
  }
  std::vector<SessionCounter> counters() const override {
    const auto& c = relay_.counters();
    return {
        {"frames in (first TAP)", c.frames_in[0]},
        {"frames in (second TAP)", c.frames_in[1]},
        {"frames out (first TAP)", c.frames_out[0]},
        {"frames out (second TAP)", c.frames_out[1]},
        {"tcp segments", c.tcp_segments},
        {"not tcp (passed)", c.not_tcp},
        {"tcp unparsable (passed)", c.tcp_unparsable},
        {"fault dropped", c.fault_dropped},
        {"fault delayed", c.fault_delayed},
        {"fault duplicated", c.fault_duplicated},
        {"delay queue full", c.delay_queue_full},
    };
  }

 private:
  Relay relay_;
};

}  // namespace

std::unique_ptr<SessionEngine> make_session_engine(const LiveSessionConfig& config) {
  if (config.mode == SessionMode::Relay) return std::make_unique<RelayEngine>(config);
  return std::make_unique<HostEngine>(config);
}

}  // namespace tcpviz::live
