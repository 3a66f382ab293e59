// The relay loop: two TAPs (each may be "NETNS:TAP"), the signalfd, the clock.
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

#include "live/live_clock.hpp"
#include "live/live_output.hpp"
#include "live/relay.hpp"
#include "live/signals.hpp"
#include "live/tap_device.hpp"

namespace tcpviz::live {
namespace {

// Asks the scheduler (EEVDF, Linux 6.12+: sched_attr.sched_runtime as the task's slice) for a
// short slice: the relay runs briefly and often, and every millisecond it waits to be woken
// is added to both kernels' round-trip time. The CPU share stays the fair one; older
// kernels ignore or refuse it, which is harmless.
void ask_for_short_slice(std::uint64_t slice_ns) {
  // struct sched_attr, first version (SCHED_ATTR_SIZE_VER0, sched_setattr(2)); declared here
  // because <linux/sched/types.h> clashes with glibc's <sched.h>.
  struct {
    std::uint32_t size, sched_policy;
    std::uint64_t sched_flags;
    std::int32_t sched_nice;
    std::uint32_t sched_priority;
    std::uint64_t sched_runtime, sched_deadline, sched_period;
  } attr{};
  static_assert(sizeof attr == 48);
  attr.size = sizeof attr;
  attr.sched_policy = 0;  // SCHED_NORMAL
  attr.sched_runtime = slice_ns;
  (void)::syscall(SYS_sched_setattr, 0, &attr, 0u);
}

}  // namespace

int run_relay(const LiveOptions& o) {
  // TSO through the relay only without fault rules: a rule counts and acts on single
  // segments, which a 64 KiB TSO frame is not.
  const bool tso = o.relay_tso && o.faults.empty();
  std::array<std::optional<TapDevice>, 2> taps;
  const std::array<std::string, 2> specs{o.relay->first, o.relay->second};
  for (std::size_t i = 0; i < 2; ++i) {
    auto tap = TapDevice::open_spec(specs[i], TapOptions{tso});
    if (!tap) {
      std::fprintf(stderr, "tcpviz live: %s\n", tap.error().message.c_str());
      return 1;
    }
    taps[i].emplace(std::move(tap.value()));
  }
  Relay relay(o.faults, with_snap_options(TraceCaps{}, o), tso);
  // 100 us, the shortest slice Linux takes. On the busy 2-core development machine, in three
  // back-to-back pairs of iperf3 runs, it cut the round trip through the relay from 13 and 7 ms
  // to 2.5 and 2 ms in two (throughput 222 -> 409, 338 -> 599 MB/s) and changed nothing in one.
  ask_for_short_slice(100000);
  StopSignals signals;
  LiveClock clock;
  const std::int64_t start_epoch_us = wall_clock_epoch_us();
  {
    // Trace time 0 on CLOCK_MONOTONIC (std::chrono::steady_clock on Linux), so what happened
    // outside (e.g. `ss` samples in a test) can be placed on the trace's time line.
    const double zero_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch() - clock.now()).count();
    char note[120];
    std::snprintf(note, sizeof note, "relay: trace time 0 is CLOCK_MONOTONIC %.6f s", zero_s);
    relay.add_note(note);
  }
  std::printf("tcpviz live: relaying between %s and %s with %zu fault rule(s)%s\n", specs[0].c_str(),
              specs[1].c_str(), o.faults.size(), tso ? ", TSO on" : "");
  std::fflush(stdout);

  std::uint64_t write_drops = 0;  // the receiving TAP's queue was full (or its link down)
  auto flush = [&] {
    for (auto& [port, frame] : relay.outbox()) {
      auto wrote = taps[static_cast<std::size_t>(port)]->write_frame(frame);
      if (!wrote || !*wrote) ++write_drops;
    }
    relay.outbox().clear();
    for (const auto& line : relay.take_log()) {
      if (!o.quiet) std::printf("%s\n", line.c_str());
    }
    std::fflush(stdout);
  };

  // A batch of frames from each TAP is read into buffers of its own and written from there
  // (Relay::frame_arrived_borrowed): no copy in user space but the trace's.
  // Frames read from one TAP before turning to the other and writing. With TSO 2, not 8 or
  // 32: a 64 KiB frame written sooner reaches the receiving kernel (and its ACK the sender)
  // sooner, and the 4 buffers in use (256 KiB) stay in the cache between the kernel's copy in
  // (read) and out (write). bench/relay.sh, alternating binaries on the shared 2-core machine
  // (load 2.6..4.4), relay / direct iperf3: batch 2: 43, 40, 61, 50 %; batch 8: 41, 32, 36,
  // 37 %; batch 1: 42, 37 %; 4: 56, 26 %; 32: 31, 39 %. Without TSO (MTU-sized frames, fault
  // rules) each turn's fixed cost (an EAGAIN read, the flush) counts more: 8 there (--no-tso,
  // two alternating rounds: 197, 241 MB/s with 8 against 151, 176 MB/s with 2).
  const std::size_t kBatch = tso ? 2 : 8;
  const std::size_t frame_room = tso ? kMaxTsoFrameLen : 65536;
  std::vector<std::uint8_t> buffers(2 * kBatch * frame_room);
  // Drain both TAPs in turns of up to kBatch frames each, writing each turn's frames before
  // reading the other TAP, until both are empty (EAGAIN): one poll per burst, not one per
  // frame; neither direction starves the other (data one way, its ACKs the other); and a
  // frame waits for at most a turn (2 TSO frames: 128 KiB) before it goes out.
  auto drain_taps = [&] {
    for (int turn = 0; turn < 1024; ++turn) {
      bool any = false;
      for (int port = 0; port < 2; ++port) {
        for (std::size_t k = 0; k < kBatch; ++k) {
          const std::span<std::uint8_t> buffer(buffers.data() + (static_cast<std::size_t>(port) * kBatch + k) * frame_room,
                                               frame_room);
          auto got = taps[static_cast<std::size_t>(port)]->read_frame(buffer);
          if (!got || *got == 0) break;
          any = true;
          relay.frame_arrived_borrowed(clock.now(), port, buffer.first(*got));
        }
        flush();
      }
      if (!any) break;
    }
  };
  const std::array<int, 3> fds{taps[0]->fd(), taps[1]->fd(), signals.fd()};
  int stop_signal = 0;
  Time now = clock.now();
  Time last_signal_check = now;
  for (;;) {
    now = clock.now();
    if (o.duration && now >= *o.duration) break;
    relay.advance(now);
    flush();
    auto deadline = relay.next_deadline();
    if (o.duration && (!deadline || *o.duration < *deadline)) deadline = *o.duration;
    const int ready = wait_readable(fds, poll_timeout(now, deadline, std::chrono::milliseconds(100)));
    // poll() names the first ready fd only: under constant traffic that is a TAP, so the
    // signalfd is also read every 100 ms.
    if (ready == 2 || now - last_signal_check >= std::chrono::milliseconds(100)) {
      last_signal_check = now;
      stop_signal = signals.take();
      if (stop_signal != 0) break;
    }
    drain_taps();
  }
  // What the kernels handed over before the stop is still carried and recorded: a signal that
  // came with frames waiting (bench/relay.sh stops the relay as soon as its last connection
  // closes) lost the last FINs from the trace, 1 connection in 10,000 in one run.
  drain_taps();
  now = clock.now();
  relay.advance(now);
  flush();
  relay.finish(now);
  const auto& c = relay.counters();
  std::printf("tcpviz live: relay stopped (%s) after %.3f s; %zu segments recorded in %zu connections\n",
              stop_signal ? "signal" : "duration", to_ms(now) / 1000.0, relay.trace().segments.size(),
              relay.trace().conns.size());
  std::printf("counters: frames in %llu/%llu out %llu/%llu | tcp %llu not-tcp %llu unparsable %llu | "
              "faults dropped %llu delayed %llu duplicated %llu | delay-queue-full %llu | untracked %llu | "
              "write-drops %llu | segments evicted %llu\n",
              (unsigned long long)c.frames_in[0], (unsigned long long)c.frames_in[1],
              (unsigned long long)c.frames_out[0], (unsigned long long)c.frames_out[1],
              (unsigned long long)c.tcp_segments, (unsigned long long)c.not_tcp,
              (unsigned long long)c.tcp_unparsable, (unsigned long long)c.fault_dropped,
              (unsigned long long)c.fault_delayed, (unsigned long long)c.fault_duplicated,
              (unsigned long long)c.delay_queue_full, (unsigned long long)c.untracked,
              (unsigned long long)write_drops, (unsigned long long)relay.evicted_segments());
  return write_outputs(relay.trace(), o, start_epoch_us) ? 0 : 1;
}

}  // namespace tcpviz::live
