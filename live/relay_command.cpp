// The relay loop: two TAPs (each may be "NETNS:TAP"), the signalfd, the clock.
#include <array>
#include <cstdio>

#include "live/live_clock.hpp"
#include "live/live_output.hpp"
#include "live/relay.hpp"
#include "live/signals.hpp"
#include "live/tap_device.hpp"

namespace tcpviz::live {

int run_relay(const LiveOptions& o) {
  std::array<std::optional<TapDevice>, 2> taps;
  const std::array<std::string, 2> specs{o.relay->first, o.relay->second};
  for (std::size_t i = 0; i < 2; ++i) {
    auto tap = TapDevice::open_spec(specs[i]);
    if (!tap) {
      std::fprintf(stderr, "tcpviz live: %s\n", tap.error().message.c_str());
      return 1;
    }
    taps[i].emplace(std::move(tap.value()));
  }
  Relay relay(o.faults);
  StopSignals signals;
  LiveClock clock;
  const std::int64_t start_epoch_us = wall_clock_epoch_us();
  std::printf("tcpviz live: relaying between %s and %s with %zu fault rule(s)\n", specs[0].c_str(),
              specs[1].c_str(), o.faults.size());
  std::fflush(stdout);

  auto flush = [&] {
    for (auto& [port, frame] : relay.outbox()) (void)taps[static_cast<std::size_t>(port)]->write_frame(frame);
    relay.outbox().clear();
    for (const auto& line : relay.take_log()) {
      if (!o.quiet) std::printf("%s\n", line.c_str());
    }
    std::fflush(stdout);
  };

  std::array<std::uint8_t, 65536> buffer{};
  const std::array<int, 3> fds{taps[0]->fd(), taps[1]->fd(), signals.fd()};
  int stop_signal = 0;
  Time now = clock.now();
  for (;;) {
    now = clock.now();
    if (o.duration && now >= *o.duration) break;
    relay.advance(now);
    flush();
    auto deadline = relay.next_deadline();
    if (o.duration && (!deadline || *o.duration < *deadline)) deadline = *o.duration;
    const int ready = wait_readable(fds, poll_timeout(now, deadline, std::chrono::milliseconds(100)));
    if (ready == 2) {
      stop_signal = signals.take();
      if (stop_signal != 0) break;
    }
    // Read from both sides each round (bounded), so neither direction starves the other.
    for (int round = 0; round < 64; ++round) {
      bool any = false;
      for (int port = 0; port < 2; ++port) {
        auto got = taps[static_cast<std::size_t>(port)]->read_frame(buffer);
        if (!got || *got == 0) continue;
        any = true;
        relay.frame_arrived(clock.now(), port, std::span(buffer.data(), *got));
      }
      flush();
      if (!any) break;
    }
  }
  relay.advance(now);
  flush();
  relay.finish(now);
  const auto& c = relay.counters();
  std::printf("tcpviz live: relay stopped (%s) after %.3f s; %zu segments recorded in %zu connections\n",
              stop_signal ? "signal" : "duration", to_ms(now) / 1000.0, relay.trace().segments.size(),
              relay.trace().conns.size());
  std::printf("counters: frames in %llu/%llu out %llu/%llu | tcp %llu not-tcp %llu unparsable %llu | "
              "faults dropped %llu delayed %llu duplicated %llu | delay-queue-full %llu\n",
              (unsigned long long)c.frames_in[0], (unsigned long long)c.frames_in[1],
              (unsigned long long)c.frames_out[0], (unsigned long long)c.frames_out[1],
              (unsigned long long)c.tcp_segments, (unsigned long long)c.not_tcp,
              (unsigned long long)c.tcp_unparsable, (unsigned long long)c.fault_dropped,
              (unsigned long long)c.fault_delayed, (unsigned long long)c.fault_duplicated,
              (unsigned long long)c.delay_queue_full);
  return write_outputs(relay.trace(), o, start_epoch_us) ? 0 : 1;
}

}  // namespace tcpviz::live
