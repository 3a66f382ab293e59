// Relay mode (DESIGN.md live/): frames pass between two TAP devices, each the link of a real
// host (two network namespaces, two kernels); every TCP segment is recorded in a trace, and
// the fault rules of SCENARIO_FORMAT.md (drop, delay, duplicate) apply to the real segments,
// so two real kernels can be watched retransmitting a dropped SYN,ACK or FIN.
//
// The relay cannot see either kernel's state, so it runs the passive observer of core/pcap
// (pcap::InferredEnd, the rules captures use) over the segments it carries: both ends' states
// are inferred, as they happen, and the trace is marked `inferred`. The relay is the capture
// point, sitting on the wire itself: a segment leaves its sender when the relay reads it and
// reaches its receiver when the relay writes it (at once, or when a delay rule releases it;
// never, when a rule drops it). The TAP hop each way is a few microseconds, taken as 0.
//
// The Relay itself does no I/O, like the Host: frames in through frame_arrived(), frames out
// through outbox(), advance() at next_deadline() releases delayed frames. run_relay() is the
// loop over two TapDevices (relay_command.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/pcap/state_inference.hpp"
#include "core/scenario/scenario.hpp"
#include "core/sim/fault_rules.hpp"
#include "core/tcp/state.hpp"
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
  std::uint64_t untracked = 0;        // segments of connections past TraceCaps::max_conns: passed, not recorded
};

// Frames ready to be written, as (port, frame) pairs: one flat byte buffer and one list of
// entries, both reused from round to round, so a warm relay allocates nothing per frame.
//   for (auto& [port, frame] : relay.outbox()) write(port, frame);   relay.outbox().clear();
class RelayOutbox {
 public:
  struct Frame {
    int port = 0;
    std::span<const std::uint8_t> frame;
  };
  void push(int port, std::span<const std::uint8_t> frame);
  // Without a copy: the caller keeps `frame`'s bytes unchanged until clear().
  void push_borrowed(int port, std::span<const std::uint8_t> frame);
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() {
    bytes_.clear();
    entries_.clear();
    view_.clear();
  }
  // The frames, valid until the next push() or clear().
  std::vector<Frame>::iterator begin();
  std::vector<Frame>::iterator end() { return view_.end(); }

 private:
  struct Entry {
    int port;
    const std::uint8_t* borrowed;  // null: at `offset` in bytes_
    std::size_t offset;
    std::size_t len;
  };
  std::vector<std::uint8_t> bytes_;
  std::vector<Entry> entries_;
  std::vector<Frame> view_;
};

class Relay {
 public:
  // `vnet_hdr`: every frame in and out starts with a virtio_net_hdr (TapOptions::tso); a TSO
  // segment is carried whole (the receiving kernel takes it as one) and recorded as the MTU-
  // sized segments the sender's kernel would have cut it into. Fault rules need one frame per
  // segment, so run_relay() asks for this only without them.
  explicit Relay(std::vector<scenario::Fault> faults, const TraceCaps& caps = {}, bool vnet_hdr = false);

  // A frame read from port `from` (0 or 1); it goes out of the other port. Delayed frames
  // due by `now` are released first, so the trace stays in time order.
  // Replaces the fault rules; their `#n` counts start again (sim::FaultRules::reset). With
  // vnet_hdr a rule would act on a whole TSO frame, which is why run_relay() turns TSO off
  // when it is given rules.
  void set_faults(const std::vector<scenario::Fault>& faults);

  void frame_arrived(Time now, int from, std::span<const std::uint8_t> frame);
  // The same, but what passes at once is not copied: the outbox points into `frame`, so the
  // caller keeps its bytes unchanged until it has written and cleared the outbox (the relay
  // loop reads a batch into separate buffers, then writes the batch).
  void frame_arrived_borrowed(Time now, int from, std::span<const std::uint8_t> frame);
  void advance(Time now);
  std::optional<Time> next_deadline() const;

  // The frames to write; the caller writes them and clears it.
  RelayOutbox& outbox() { return outbox_; }
  std::vector<std::string> take_log();
  void add_note(std::string note) { recorder_.add_note(std::move(note)); }
  void finish(Time now) { recorder_.finish(now); }

  const trace::Trace& trace() const { return recorder_.trace(); }
  const RelayCounters& counters() const { return counters_; }
  std::uint64_t evicted_segments() const { return recorder_.evicted_segments(); }
  // Both ends' states as the observer infers them now ([client, server]); none for an
  // unknown connection.
  std::optional<std::array<tcp::State, 2>> inferred_states(std::uint32_t conn) const;
  // Connections the relay still keeps state for (not yet over on both ends).
  std::size_t flows_alive() const { return flows_alive_; }

 private:
  // The 4-tuple as seen from its client: (client ip, server ip, client port, server port).
  struct Tuple {
    std::uint32_t client_ip = 0;
    std::uint32_t server_ip = 0;
    std::uint16_t client_port = 0;
    std::uint16_t server_port = 0;
    bool operator==(const Tuple&) const = default;
  };
  struct TupleHash {
    std::size_t operator()(const Tuple& t) const;
  };
  struct Flow {
    Flow(const Tuple& tuple, std::vector<trace::Transition>& out, std::vector<pcap::InferredTimerChange>& timers)
        : key(tuple),
          ends{pcap::InferredEnd(trace::Side::Client, out, &timers), pcap::InferredEnd(trace::Side::Server, out, &timers)} {}
    Tuple key;
    bool fin_or_rst_seen = false;
    std::array<pcap::InferredEnd, 2> ends;  // [client, server]
    // A SYN that reached a server whose answer is not seen yet: whether it was listening
    // (SYN|ACK) or not (RST, RFC 9293 3.10.7.1) is known only from that answer.
    std::optional<wire::TcpSegment> pending_syn;
    Time pending_syn_at{};
    // The incarnation of the 4-tuple before this one, while it lives (an end in TIME-WAIT).
    std::optional<std::uint32_t> predecessor;
    // The earliest TIME-WAIT deadline of its ends, as queued in time_wait_due_.
    std::optional<Time> expiry_due;
  };
  struct Delayed {
    int to = 0;
    std::vector<std::uint8_t> frame;
    std::optional<std::uint32_t> conn;  // a recorded segment: its receiver infers on arrival
    trace::Side from = trace::Side::Client;
    wire::TcpSegment seg;
  };

  void record_and_pass(Time now, int from, std::span<const std::uint8_t> frame);
  std::uint32_t record(const SegmentRecord& r, const wire::TcpSegment& seg, std::span<const std::uint8_t> ip_packet,
                       std::uint16_t tso_mss, bool checksum_partial);
  void pass(Time now, int to, std::span<const std::uint8_t> frame);
  void hold(Time at, Delayed item);
  void infer_sent(Time t, std::uint32_t conn, trace::Side from, const wire::TcpSegment& seg);
  void infer_received(Time t, std::uint32_t conn, trace::Side from, const wire::TcpSegment& seg);
  void take_inferred(std::uint32_t conn);
  // Flow lifetimes (relay_flows.cpp): after each inference, record it, queue the flow's
  // TIME-WAIT deadline, and free a flow whose ends are both CLOSED.
  Flow& open_flow(Time now, const Tuple& key, std::optional<std::uint32_t> predecessor);
  void settle(std::uint32_t conn);
  void expire_time_waits(Time now);
  void end_flow(std::uint32_t conn);
  void time_wait_taken_over(Time t, std::uint32_t conn, trace::Side side);

  std::vector<scenario::Fault> faults_;
  bool vnet_hdr_ = false;
  bool borrowing_ = false;           // inside frame_arrived_borrowed()
  std::vector<std::uint8_t> piece_;  // scratch: one TSO piece's bytes
  sim::FaultRules fault_rules_;
  TraceRecorder recorder_;
  RelayCounters counters_;
  std::unordered_map<Tuple, std::uint32_t, TupleHash> conn_of_;  // current incarnation per 4-tuple
  // Index: conn; null once both ends are CLOSED (TIME-WAIT over, reset, refused): a relay that
  // runs for days keeps no state for connections that are over, only their trace (bounded).
  std::vector<std::unique_ptr<Flow>> flows_;
  std::size_t flows_alive_ = 0;
  // InferredEnd appends to these lists; on the heap so that a moved Relay keeps them in place.
  std::unique_ptr<std::vector<trace::Transition>> inferred_ =
      std::make_unique<std::vector<trace::Transition>>();
  std::unique_ptr<std::vector<pcap::InferredTimerChange>> inferred_timers_ =
      std::make_unique<std::vector<pcap::InferredTimerChange>>();
  std::multimap<Time, std::uint32_t> time_wait_due_;  // (deadline, conn); stale entries skipped
  tcp::Effects timer_effects_;                        // scratch: one timer change for the recorder
  std::multimap<Time, Delayed> delayed_;
  RelayOutbox outbox_;
  std::vector<std::string> log_;
};

int run_relay(const LiveOptions& options);

}  // namespace tcpviz::live
