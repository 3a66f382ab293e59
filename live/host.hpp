// The project's user-space host on a TAP link ("host mode", DESIGN.md live/): its own MAC
// and IPv4 address, ARP (RFC 826), IPv4 input (RFC 791, RFC 1122 3.2.1), ICMP echo (RFC 792)
// and TCP through tcp::Connection -- the very state machine the simulator runs -- against a
// real stack (the Linux kernel, curl, nc) on the other end of the link.
//
// Like the core, the host does no I/O itself: frames come in through frame_arrived(), frames
// to send collect in outbox(), and next_deadline() says when to call advance(). The live
// command's loop owns the TAP, the clock and the poll; tests can drive a Host directly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/sim/fault_rules.hpp"
#include "core/tcp/connection.hpp"
#include "core/tcp/profile.hpp"
#include "core/trace/trace.hpp"
#include "core/util/result.hpp"
#include "core/util/time.hpp"
#include "core/wire/address.hpp"
#include "live/isn.hpp"
#include "live/services.hpp"
#include "live/trace_recorder.hpp"

namespace tcpviz::live {

struct HostConfig {
  wire::MacAddress mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};  // locally administered bit set
  wire::Ipv4Address ip = wire::Ipv4Address::from_octets(192, 0, 2, 2);
  std::uint8_t prefix_len = 24;
  std::vector<ServiceSpec> services;
  tcp::Profile profile;
  std::size_t max_connections = 1024;  // TCBs alive at once (TIME-WAIT included)
  std::size_t syn_backlog = 128;       // connections in SYN-RECEIVED at once (Linux: somaxconn)
  std::vector<scenario::Fault> faults; // --fault rules, applied to segments in both directions
  SipKey isn_key{};
  TraceCaps trace_caps;
};

// Everything the host dropped or did outside a connection, for the summary and for tests of
// hostile input.
struct HostCounters {
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t frames_malformed = 0;     // too short for Ethernet, or an unknown EtherType
  std::uint64_t frames_not_for_us = 0;    // unicast to another MAC, or multicast
  std::uint64_t frames_other_protocol = 0;  // IPv6 and other EtherTypes: not spoken here
  std::uint64_t arp_in = 0;
  std::uint64_t arp_replies_sent = 0;
  std::uint64_t arp_requests_sent = 0;
  std::uint64_t arp_malformed = 0;
  std::uint64_t arp_unresolved_drops = 0; // packets dropped waiting for a MAC
  std::uint64_t ipv4_in = 0;
  std::uint64_t ipv4_malformed = 0;
  std::uint64_t ipv4_bad_checksum = 0;
  std::uint64_t ipv4_fragments_dropped = 0;
  std::uint64_t ipv4_not_for_us = 0;
  std::uint64_t ipv4_options_skipped = 0;
  std::uint64_t ipv4_unknown_protocol = 0;
  std::uint64_t ipv4_no_route = 0;
  std::uint64_t icmp_echo_replies = 0;
  std::uint64_t icmp_other = 0;
  std::uint64_t tcp_in = 0;
  std::uint64_t tcp_malformed = 0;
  std::uint64_t tcp_bad_checksum = 0;
  std::uint64_t tcp_resets_sent_no_connection = 0;
  std::uint64_t tcp_syn_backlog_drops = 0;
  std::uint64_t tcp_connection_cap_drops = 0;
  std::uint64_t tcp_connections_opened = 0;
  std::uint64_t tcp_connections_closed = 0;
  std::uint64_t tcp_payload_missing = 0;  // Data reported that was not in the segment
  std::uint64_t fault_dropped = 0;
  std::uint64_t fault_delayed = 0;
  std::uint64_t fault_duplicated = 0;
  std::uint64_t delay_queue_full = 0;  // frames a delay/duplicate rule could not hold (cap)
};

class Host {
 public:
  explicit Host(HostConfig config);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // One Ethernet frame from the link.
  void frame_arrived(Time now, std::span<const std::uint8_t> frame);
  // Opens an active connection that sends `request` once established and closes after the
  // peer's FIN. Fails when the address is off the link or the caps are reached.
  Result<std::uint32_t> connect(Time now, wire::Ipv4Address ip, std::uint16_t port,
                                std::string request);
  // Fires every connection timer and releases every delayed frame due at `now`.
  void advance(Time now);
  std::optional<Time> next_deadline() const;

  // Frames to put on the link, in order; the caller sends and clears them.
  std::vector<std::vector<std::uint8_t>>& outbox() { return outbox_; }
  // Human-readable lines, one per connection event, since the last call.
  std::vector<std::string> take_log();

  // Ends the run at `now`: timers still armed stay pending in the trace.
  void finish(Time now);
  // Replaces the fault rules of a running host (the desktop's live fault editor). Matches
  // count from here on: "SYN|ACK #1" is the next SYN,ACK, as a user who just typed it expects.
  void set_faults(const std::vector<scenario::Fault>& faults);

  const trace::Trace& trace() const { return recorder_.trace(); }
  const HostCounters& counters() const { return counters_; }
  std::size_t connection_count() const { return conns_.size(); }
  std::size_t arp_cache_size() const { return arp_cache_.size(); }
  std::size_t delayed_count() const { return delayed_.size(); }

 private:
  struct LiveConnection;
  // (remote ip, remote port, local port): the 4-tuple, our own address being fixed.
  using TupleKey = std::tuple<std::uint32_t, std::uint16_t, std::uint16_t>;
  struct Delayed {
    bool inbound = false;
    std::vector<std::uint8_t> ip_packet;
    wire::Ipv4Address next_hop;       // outbound
    std::uint32_t segment_id = 0;     // inbound: already recorded under this id
  };

  void arp_input(Time now, std::span<const std::uint8_t> payload);
  // `recorded` is set for a segment released from the delay queue: already recorded and
  // already judged by the fault rules.
  void ipv4_input(Time now, std::span<const std::uint8_t> packet,
                  std::optional<std::uint32_t> recorded);
  void icmp_input(Time now, wire::Ipv4Address src, std::span<const std::uint8_t> icmp);
  void tcp_input(Time now, wire::Ipv4Address src, std::span<const std::uint8_t> ip_packet,
                 std::span<const std::uint8_t> tcp_bytes, std::optional<std::uint32_t> recorded);
  void hold(Time until, Delayed d);  // into the delay queue, within its cap
  void send_ip_packet(Time now, wire::Ipv4Address dst, std::vector<std::uint8_t> packet);
  void send_arp_request(wire::Ipv4Address target);
  void reset_for_no_connection(Time now, wire::Ipv4Address src, const wire::TcpSegment& seg);

  LiveConnection* accept_syn(Time now, wire::Ipv4Address src, const wire::TcpSegment& seg);
  // Applies the fault rules to a segment about to cross the link; records it. Returns the
  // delay to apply, or nullopt when it is dropped; sets `copies` for duplicates.
  std::optional<Duration> cross_link(Time now, LiveConnection& c, trace::Side from,
                                     const wire::TcpSegment& seg,
                                     std::span<const std::uint8_t> ip_packet,
                                     std::uint32_t& copies, Duration& gap, std::uint32_t& id);
  // Returns true when the segment was a SYN that ends a TIME-WAIT and opens a new incarnation.
  bool deliver(Time now, LiveConnection& c, const wire::TcpSegment& seg,
               std::span<const std::uint8_t> payload, std::uint32_t segment_id);
  void handle_effects(Time now, LiveConnection& c, tcp::Effects& effects,
                      std::optional<std::uint32_t> cause,
                      const wire::TcpSegment* arriving, std::span<const std::uint8_t> payload,
                      wire::SeqNum rcv_nxt_before);
  void transmit(Time now, LiveConnection& c, const wire::TcpSegment& seg);
  void apply_reaction(Time now, LiveConnection& c, const AppReaction& r);
  void log_line(Time now, const LiveConnection& c, const std::string& what);
  void reap(Time now);

  HostConfig config_;
  IsnGenerator isn_;
  HostCounters counters_;
  TraceRecorder recorder_;
  sim::FaultRules fault_rules_;
  std::map<TupleKey, std::unique_ptr<LiveConnection>> conns_;
  std::map<std::uint32_t, wire::MacAddress> arp_cache_;
  std::map<std::uint32_t, std::vector<std::vector<std::uint8_t>>> arp_pending_;
  std::map<std::uint32_t, Time> arp_last_request_;
  std::multimap<Time, Delayed> delayed_;
  std::vector<std::vector<std::uint8_t>> outbox_;
  std::vector<std::string> log_;
  std::uint16_t ip_id_ = 1;
  std::uint16_t next_ephemeral_port_ = 40000;
  Time now_{};
};

}  // namespace tcpviz::live
