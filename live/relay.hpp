// Relay mode (DESIGN.md live/): frames pass between two TAP devices, each the link of a real
// host (two network namespaces, two kernels); every TCP segment is recorded in a trace, and
// the fault rules of SCENARIO_FORMAT.md (drop, delay, duplicate) apply to the real segments,
// so two real kernels can be watched retransmitting a dropped SYN,ACK or FIN.
//
// The Relay itself does no I/O, like the Host: frames in through frame_arrived(), frames out
// through outbox(), advance() at next_deadline() releases delayed frames. run_relay() is the
// loop over two TapDevices.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/sim/fault_rules.hpp"
#include "core/trace/trace.hpp"
#include "core/util/time.hpp"
#include "live/live_options.hpp"
#include "live/trace_recorder.hpp"

namespace tcpviz::live {

struct RelayCounters {
  std::array<std::uint64_t, 2> frames_in{};   // per port (0: first TAP, 1: second)
  std::array<std::uint64_t, 2> frames_out{};
  std::uint64_t tcp_segments = 0;
  std::uint64_t not_tcp = 0;          // ARP, ICMP, IPv6...: passed through, not recorded
  std::uint64_t tcp_unparsable = 0;   // bad IPv4 or TCP header, or bad checksum: passed through
  std::uint64_t fault_dropped = 0;
  std::uint64_t fault_delayed = 0;
  std::uint64_t fault_duplicated = 0;
  std::uint64_t delay_queue_full = 0; // frames dropped because the delay queue was at its cap
};

class Relay {
 public:
  explicit Relay(std::vector<scenario::Fault> faults, const TraceCaps& caps = {});

  // A frame read from port `from` (0 or 1); it goes out of the other port.
  void frame_arrived(Time now, int from, std::span<const std::uint8_t> frame);
  void advance(Time now);
  std::optional<Time> next_deadline() const;

  // (port to write to, frame); the caller writes and clears.
  std::vector<std::pair<int, std::vector<std::uint8_t>>>& outbox() { return outbox_; }
  std::vector<std::string> take_log();
  void finish(Time now) { recorder_.finish(now); }

  const trace::Trace& trace() const { return recorder_.trace(); }
  const RelayCounters& counters() const { return counters_; }

 private:
  // The 4-tuple as seen from its client: (client ip, client port, server ip, server port).
  using Tuple = std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
  struct Flow {
    std::uint32_t conn = 0;
    bool fin_or_rst_seen = false;
  };

  std::vector<scenario::Fault> faults_;
  sim::FaultRules fault_rules_;
  TraceRecorder recorder_;
  RelayCounters counters_;
  std::map<Tuple, Flow> flows_;
  std::multimap<Time, std::pair<int, std::vector<std::uint8_t>>> delayed_;
  std::vector<std::pair<int, std::vector<std::uint8_t>>> outbox_;
  std::vector<std::string> log_;
};

int run_relay(const LiveOptions& options);

}  // namespace tcpviz::live
