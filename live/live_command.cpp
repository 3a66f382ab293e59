#include "live/live_command.hpp"

#include <array>
#include <cstdio>
#include <string>

#include "core/tcp/profile.hpp"
#include "live/host.hpp"
#include "live/live_clock.hpp"
#include "live/live_options.hpp"
#include "live/live_output.hpp"
#include "live/relay.hpp"
#include "live/signals.hpp"
#include "live/tap_device.hpp"

namespace tcpviz::live {
namespace {

constexpr std::chrono::milliseconds kMaxPoll{100};

std::string http_get_for(const ConnectTarget& t) {
  return "GET / HTTP/1.0\r\nHost: " + wire::to_string(t.ip) + "\r\nUser-Agent: tcpviz-live\r\n\r\n";
}

void print_host_counters(const HostCounters& c) {
  std::printf(
      "counters: frames in %llu out %llu malformed %llu not-for-us %llu other-protocol %llu | "
      "arp in %llu replies %llu requests %llu malformed %llu unresolved-drops %llu | "
      "ipv4 in %llu bad-checksum %llu malformed %llu fragments-dropped %llu not-for-us %llu "
      "options-skipped %llu unknown-protocol %llu no-route %llu | icmp echo-replies %llu other %llu | "
      "tcp in %llu bad-checksum %llu malformed %llu rst-no-connection %llu syn-backlog-drops %llu "
      "conn-cap-drops %llu opened %llu closed %llu payload-missing %llu | "
      "faults dropped %llu delayed %llu duplicated %llu delay-queue-full %llu\n",
      (unsigned long long)c.frames_in, (unsigned long long)c.frames_out,
      (unsigned long long)c.frames_malformed, (unsigned long long)c.frames_not_for_us,
      (unsigned long long)c.frames_other_protocol, (unsigned long long)c.arp_in,
      (unsigned long long)c.arp_replies_sent, (unsigned long long)c.arp_requests_sent,
      (unsigned long long)c.arp_malformed, (unsigned long long)c.arp_unresolved_drops,
      (unsigned long long)c.ipv4_in, (unsigned long long)c.ipv4_bad_checksum,
      (unsigned long long)c.ipv4_malformed, (unsigned long long)c.ipv4_fragments_dropped,
      (unsigned long long)c.ipv4_not_for_us, (unsigned long long)c.ipv4_options_skipped,
      (unsigned long long)c.ipv4_unknown_protocol, (unsigned long long)c.ipv4_no_route,
      (unsigned long long)c.icmp_echo_replies, (unsigned long long)c.icmp_other,
      (unsigned long long)c.tcp_in, (unsigned long long)c.tcp_bad_checksum,
      (unsigned long long)c.tcp_malformed, (unsigned long long)c.tcp_resets_sent_no_connection,
      (unsigned long long)c.tcp_syn_backlog_drops, (unsigned long long)c.tcp_connection_cap_drops,
      (unsigned long long)c.tcp_connections_opened, (unsigned long long)c.tcp_connections_closed,
      (unsigned long long)c.tcp_payload_missing, (unsigned long long)c.fault_dropped,
      (unsigned long long)c.fault_delayed, (unsigned long long)c.fault_duplicated,
      (unsigned long long)c.delay_queue_full);
}

int run_host(const LiveOptions& o) {
  auto tap = TapDevice::open(o.tap);
  if (!tap) {
    std::fprintf(stderr, "tcpviz live: %s\n", tap.error().message.c_str());
    return 1;
  }
  HostConfig cfg;
  cfg.mac = o.mac;
  cfg.ip = o.ip;
  cfg.prefix_len = o.prefix_len;
  cfg.services = o.services;
  cfg.profile = *tcp::profile_by_name(o.profile);
  cfg.max_connections = o.max_connections;
  cfg.syn_backlog = o.syn_backlog;
  cfg.faults = o.faults;
  cfg.isn_key = random_sip_key();
  cfg.trace_caps = with_snap_options(cfg.trace_caps, o);
  Host host(std::move(cfg));
  StopSignals signals;
  LiveClock clock;
  const std::int64_t start_epoch_us = wall_clock_epoch_us();

  std::printf("tcpviz live: host %s/%u (%s) on %s, serving", wire::to_string(o.ip).c_str(),
              o.prefix_len, wire::to_string(o.mac).c_str(), o.tap.c_str());
  for (const auto& s : o.services) std::printf(" %s:%u", std::string(service_name(s.kind)).c_str(), s.port);
  std::printf("%s\n", o.services.empty() ? " nothing" : "");
  std::fflush(stdout);

  auto flush = [&] {
    for (auto& frame : host.outbox()) (void)tap->write_frame(frame);
    host.outbox().clear();
    if (!o.quiet) {
      for (const auto& line : host.take_log()) std::printf("%s\n", line.c_str());
    } else {
      (void)host.take_log();
    }
    std::fflush(stdout);
  };
  for (const auto& target : o.connects) {
    auto r = host.connect(clock.now(), target.ip, target.port,
                          o.request.empty() ? http_get_for(target) : o.request);
    if (!r) std::fprintf(stderr, "tcpviz live: %s\n", r.error().message.c_str());
  }
  flush();

  std::array<std::uint8_t, 65536> buffer{};
  const std::array<int, 2> fds{tap->fd(), signals.fd()};
  int stop_signal = 0;
  Time now = clock.now();
  for (;;) {
    now = clock.now();
    if (o.duration && now >= *o.duration) break;
    host.advance(now);
    flush();
    auto deadline = host.next_deadline();
    if (o.duration && (!deadline || *o.duration < *deadline)) deadline = *o.duration;
    const int ready = wait_readable(fds, poll_timeout(now, deadline, kMaxPoll));
    if (ready == 1) {
      stop_signal = signals.take();
      if (stop_signal != 0) break;
    }
    // Drain what is waiting (bounded, so timers still run under a flood).
    for (int n = 0; n < 256; ++n) {
      auto got = tap->read_frame(buffer);
      if (!got) {
        std::fprintf(stderr, "tcpviz live: %s\n", got.error().message.c_str());
        break;
      }
      if (*got == 0) break;
      host.frame_arrived(clock.now(), std::span(buffer.data(), *got));
      flush();
    }
  }
  host.finish(now);
  flush();
  std::printf("tcpviz live: stopped (%s) after %.3f s; %zu connections open, %zu segments recorded\n",
              stop_signal ? "signal" : "duration", to_ms(now) / 1000.0, host.connection_count(),
              host.trace().segments.size());
  print_host_counters(host.counters());
  return write_outputs(host.trace(), o, start_epoch_us) ? 0 : 1;
}

}  // namespace
}  // namespace tcpviz::live

int live_command(int argc, char** argv) {
  using namespace tcpviz::live;
  auto options = parse_live_options(argc, argv);
  if (!options) {
    std::fprintf(stderr, "tcpviz live: %s\n%s", options.error().message.c_str(), kLiveUsage);
    return 2;
  }
  if (options->help) {
    std::printf("%s", kLiveUsage);
    return 0;
  }
  if (options->relay) return run_relay(*options);
  return run_host(*options);
}
