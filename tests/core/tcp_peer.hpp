// A test helper that plays the PEER of one tcpviz::tcp::Connection, smoltcp-style: deliver a
// crafted segment at time t, see what the connection sent back, insist on silence until t,
// and let time pass through the connection's own deadlines. The invariants of
// core/tcp/invariants.hpp are checked after every single event.
#pragma once

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/tcp/connection.hpp"
#include "core/tcp/invariants.hpp"

namespace tcpviz::tcp::testing {

using wire::SeqNum;
using wire::TcpSegment;

constexpr std::uint16_t kSyn = wire::TcpFlags::kSyn;
constexpr std::uint16_t kAck = wire::TcpFlags::kAck;
constexpr std::uint16_t kFin = wire::TcpFlags::kFin;
constexpr std::uint16_t kRst = wire::TcpFlags::kRst;
constexpr std::uint16_t kPsh = wire::TcpFlags::kPsh;

constexpr std::uint16_t kLocalPort = 80;
constexpr std::uint16_t kPeerPort = 40000;

inline Time ms(std::int64_t v) { return from_ms(v); }

// The peer's segment: flags, SEQ, ACK, payload length, window.
inline TcpSegment seg(std::uint16_t flags, std::uint32_t seq, std::uint32_t ack = 0,
                      std::uint32_t len = 0, std::uint16_t window = 64240) {
  TcpSegment s;
  s.src_port = kPeerPort;
  s.dst_port = kLocalPort;
  s.flags.bits = flags;
  s.seq = SeqNum(seq);
  if ((flags & kAck) != 0) s.ack = SeqNum(ack);
  s.payload_len = len;
  s.window = window;
  return s;
}

// The peer's SYN or SYN,ACK offering what Linux offers (MSS 1460, window scale 7, SACK),
// with timestamps <tsval, tsecr> when given.
inline TcpSegment syn_with_options(std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                                   std::optional<wire::Timestamps> ts = std::nullopt) {
  TcpSegment s = seg(flags, seq, ack);
  s.options.mss = 1460;
  s.options.window_scale = 7;
  s.options.sack_permitted = true;
  s.options.timestamps = ts;
  return s;
}

// A configuration with a profile and no options offered unless a test asks for them, so the
// numbers in a test are the RFC's own.
inline ConnectionConfig config(std::string_view profile_name, bool with_options = false) {
  ConnectionConfig c;
  c.profile = *profile_by_name(profile_name);
  if (with_options) {
    c.offer = c.profile.offer;
  } else {
    c.offer = OptionOffer{};
    c.offer.mss = 1460;
  }
  c.local_port = kLocalPort;
  c.remote_port = kPeerPort;
  return c;
}

class Peer {
 public:
  explicit Peer(const ConnectionConfig& c) : conn_(c) {}

  Connection& conn() { return conn_; }
  State state() const { return conn_.state(); }
  const Tcb& tcb() const { return conn_.tcb(); }
  Time now() const { return now_; }
  // Everything the last event caused, and everything since the start.
  const Effects& last() const { return last_; }
  const std::vector<Transition>& transitions() const { return transitions_; }
  const std::vector<AppEvent>& app_events() const { return app_events_; }
  const std::vector<Decision>& decisions() const { return decisions_; }

  bool saw_app_event(AppEventKind k) const {
    for (const auto& e : app_events_) {
      if (e.kind == k) return true;
    }
    return false;
  }

  // Lets time pass to `t`: every deadline up to and including t fires at its own moment.
  // Returns the segments the timers sent, each with the time it left.
  struct Sent {
    Time at;
    TcpSegment segment;
  };
  std::vector<Sent> advance(Time t) {
    std::vector<Sent> sent;
    for (;;) {
      const auto d = conn_.next_deadline();
      if (!d || *d > t) break;
      REQUIRE(*d >= now_);
      now_ = *d;
      run([&](Effects& e) { conn_.deadline_reached(now_, e); });
      for (const auto& s : last_.segments) sent.push_back({now_, s});
    }
    now_ = t;
    return sent;
  }

  // Strict (the default): deliver() and the calls insist that nothing left since the last
  // event. A random-events test turns it off and only watches the invariants.
  void set_strict(bool strict) { strict_ = strict; }

  // "Silence until t": no segment leaves before t (timers may still fire silently).
  void expect_silence_until(Time t) {
    const auto sent = advance(t);
    if (!strict_) return;
    INFO("a segment left at " << (sent.empty() ? 0 : sent.front().at.count()) << " us");
    REQUIRE(sent.empty());
  }

  // Deliver `s` at `t`. Deadlines before t fire first and must send nothing (a test that
  // expects a retransmission says so with advance()). Returns what the connection answered.
  std::vector<TcpSegment> deliver(Time t, const TcpSegment& s) {
    if (t > now_) expect_silence_until(t - Duration(1));
    now_ = t;
    run([&](Effects& e) { conn_.segment_arrives(now_, s, e); });
    return last_.segments;
  }

  // An application call at `t`.
  template <class F>
  std::vector<TcpSegment> call(Time t, F&& f) {
    if (t > now_) expect_silence_until(t - Duration(1));
    now_ = t;
    run([&](Effects& e) { f(conn_, now_, e); });
    return last_.segments;
  }

  std::vector<TcpSegment> connect(Time t, std::uint32_t iss) {
    return call(t, [&](Connection& c, Time n, Effects& e) { c.open_active(n, SeqNum(iss), e); });
  }
  std::vector<TcpSegment> listen(Time t) {
    return call(t, [&](Connection& c, Time n, Effects& e) { c.open_passive(n, e); });
  }
  std::vector<TcpSegment> send(Time t, std::uint32_t bytes) {
    return call(t, [&](Connection& c, Time n, Effects& e) { c.send(n, bytes, e); });
  }
  std::vector<TcpSegment> close(Time t) {
    return call(t, [&](Connection& c, Time n, Effects& e) { c.close(n, e); });
  }
  std::vector<TcpSegment> shutdown(Time t) {
    return call(t, [&](Connection& c, Time n, Effects& e) { c.shutdown(n, e); });
  }
  std::vector<TcpSegment> abort(Time t) {
    return call(t, [&](Connection& c, Time n, Effects& e) { c.abort(n, e); });
  }

 private:
  template <class F>
  void run(F&& f) {
    last_.clear();
    f(last_);
    transitions_.insert(transitions_.end(), last_.transitions.begin(), last_.transitions.end());
    app_events_.insert(app_events_.end(), last_.app_events.begin(), last_.app_events.end());
    for (const auto& r : last_.decisions) {
      const Decision& d = r.what;
      decisions_.push_back(d);
      // Every template renders completely: no "{n}" left without its value.
      const std::string text = render_decision_text(d);
      INFO(text);
      CHECK(text.find("{0}") == std::string::npos);
      CHECK(text.find("{1}") == std::string::npos);
      CHECK(text.find("{2}") == std::string::npos);
      CHECK(text.find("{3}") == std::string::npos);
    }
    const auto broken = check_invariants(conn_);
    INFO("invariant broken at t=" << now_.count() << " us: " << broken.value_or(""));
    REQUIRE_FALSE(broken.has_value());
  }

  Connection conn_;
  bool strict_ = true;
  Time now_{};
  Effects last_;
  std::vector<Transition> transitions_;
  std::vector<AppEvent> app_events_;
  std::vector<Decision> decisions_;
};

// Brings a connection to ESTABLISHED by an active open with ISS `iss` against a peer with
// ISS `peer_iss`, round trip 100 ms (SYN at 0, SYN,ACK back at 100 ms).
inline void establish_active(Peer& p, std::uint32_t iss, std::uint32_t peer_iss) {
  p.connect(ms(0), iss);
  p.deliver(ms(100), seg(kSyn | kAck, peer_iss, iss + 1));
  REQUIRE(p.state() == State::Established);
}

}  // namespace tcpviz::tcp::testing
