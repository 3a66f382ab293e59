// One side of the simulated network: a host with one IP address and one port
// (SCENARIO_FORMAT.md "client", "server"), its listening TCB if the application listens, and
// every TCB it has had, kept after they end so an injected segment can still use the last
// connection's variables ("the values are those its last connection had when it ended").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/tcp/connection.hpp"
#include "core/tcp/isn.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

// One TCB of a host and what the simulator tracks beside it.
struct Endpoint {
  Endpoint(const tcp::Connection& c, std::uint32_t conn_number, bool is_listener)
      : connection(c), conn(conn_number), listener(is_listener) {}
  Endpoint(const tcp::ConnectionConfig& config, std::uint32_t conn_number, bool is_listener)
      : connection(config), conn(conn_number), listener(is_listener) {}

  tcp::Connection connection;
  std::uint32_t conn = 0;  // trace connection number (a listener: the next one to be made)
  bool listener = false;
  // A listener's copy made for one SYN (accept()): until it reaches ESTABLISHED (Linux
  // accept() returns it then) the application holds only the listener, not this TCB.
  bool from_listener = false;
  bool alive = true;       // false once CLOSED, forgotten by a reboot, or replaced
  std::optional<Time> scheduled;  // the deadline a Timer event is queued for
  // `scheduled` is the TCB's next deadline itself (not `now` standing in for a deadline that
  // had already passed when it was queued).
  bool scheduled_is_deadline = false;
  // The highest sequence number this TCB has sent (SEG.SEQ + SEG.LEN): a segment starting
  // below it re-sends sequence space, i.e. is a retransmission.
  bool sent_any = false;
  bool sent_syn_ack = false;
  wire::SeqNum highest_end;
  // The open trace::Timer record of each TimerKind, index into Trace::timers, or -1.
  std::array<std::int32_t, 4> open_timer{-1, -1, -1, -1};
};

// What a host is configured with for one run.
struct HostConfig {
  trace::Side side = trace::Side::Client;
  std::uint32_t ip = 0;
  std::uint16_t port = 0;
  std::uint32_t peer_ip = 0;
  std::uint16_t peer_port = 0;
  std::span<const std::uint32_t> isn_list;  // the scenario's `isn`
  tcp::SipKey isn_secret;                   // RFC 6528's secretkey
  tcp::ConnectionConfig connection;         // every TCB of this side starts from this
};

class Host {
 public:
  // Forgets every TCB of the last run and returns the configuration for the caller to fill in
  // (in place: a HostConfig carries a whole Profile, which the caller may leave as it was
  // when it knows it has not changed).
  HostConfig& reset();

  const HostConfig& config() const { return config_; }
  trace::Side side() const { return config_.side; }

  // The ISN this side's next connection gets: the n-th value of its `isn` list for its n-th
  // connection, else RFC 6528's clock plus keyed hash of the 4-tuple. Peeking does not use it
  // up (a SYN the listener then refuses makes no connection); take_isn() does.
  wire::SeqNum peek_isn(Time now) const;
  void take_isn() { ++connections_made_; }
  // True when peek_isn() gives the scenario's `isn` list value, the teacher's choice, which
  // nothing adjusts.
  bool next_isn_scripted() const { return connections_made_ < config_.isn_list.size(); }

  std::vector<Endpoint>& endpoints() { return endpoints_; }
  Endpoint& endpoint(std::uint32_t i) { return endpoints_[i]; }
  const Endpoint& endpoint(std::uint32_t i) const { return endpoints_[i]; }
  std::uint32_t add(const tcp::Connection& c, std::uint32_t conn, bool is_listener);
  // A new TCB in CLOSED made from this side's configuration, built in place.
  std::uint32_t add_new(std::uint32_t conn, bool is_listener);

  // The current connection: the latest TCB that is not the listener and not yet gone.
  std::optional<std::uint32_t> active;
  // The latest TCB that is not the listener, gone or not.
  std::optional<std::uint32_t> last;
  // The listening TCB, while the application listens.
  std::optional<std::uint32_t> listener;

 private:
  HostConfig config_;
  std::vector<Endpoint> endpoints_;
  std::uint32_t connections_made_ = 0;
};

}  // namespace tcpviz::sim
