// Every built-in lesson parses, is well described, and really shows what it teaches when run
// in the simulator. Expected behaviour comes from RFC 9293 / RFC 6298 / RFC 5961 and Linux's
// documented defaults, not from what the simulator printed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"

using namespace tcpviz;
using namespace tcpviz::scenario;
using tcp::State;
using trace::Side;

namespace {

trace::Trace run_preset(std::string_view id, std::string_view profile = "linux") {
  const Preset* p = find_preset(id);
  REQUIRE(p != nullptr);
  auto s = parse_scenario(p->json);
  REQUIRE(s.ok());
  s->profile_name = std::string(profile);
  return sim::run(*s);
}

bool has_transition(const trace::Trace& t, Side who, State from, State to) {
  return std::any_of(t.transitions.begin(), t.transitions.end(), [&](const trace::Transition& x) {
    return x.who == who && x.from == from && x.to == to;
  });
}

bool has_app_event(const trace::Trace& t, Side who, tcp::AppEventKind kind,
                   std::optional<std::uint32_t> conn = std::nullopt) {
  return std::any_of(t.app_events.begin(), t.app_events.end(), [&](const trace::AppEvent& e) {
    return e.who == who && e.kind == kind && (!conn || e.conn == *conn);
  });
}

std::vector<const trace::Segment*> segments_from(const trace::Trace& t, Side from,
                                                 std::uint16_t flags_exact) {
  std::vector<const trace::Segment*> out;
  constexpr std::uint16_t kMask = wire::TcpFlags::kSyn | wire::TcpFlags::kFin |
                                  wire::TcpFlags::kRst | wire::TcpFlags::kAck;
  for (const auto& s : t.segments) {
    if (s.from == from && (s.tcp.flags.bits & kMask) == flags_exact && !s.injected) out.push_back(&s);
  }
  return out;
}

bool contains_cjk(std::string_view s) {
  // UTF-8 lead bytes 0xE4..0xE9 start the CJK Unified Ideographs block.
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b >= 0xE4 && b <= 0xE9;
  });
}

bool timer_fired(const trace::Trace& t, Side who, tcp::TimerKind kind) {
  return std::any_of(t.timers.begin(), t.timers.end(), [&](const trace::Timer& x) {
    return x.who == who && x.kind == kind && x.end == trace::TimerEnd::Fired;
  });
}

// Presets carry no profile: a user may run any lesson under any of these.
constexpr std::string_view kProfiles[] = {"rfc", "linux", "linux-classic"};

constexpr std::uint16_t kSyn = wire::TcpFlags::kSyn;
constexpr std::uint16_t kAck = wire::TcpFlags::kAck;
constexpr std::uint16_t kFin = wire::TcpFlags::kFin;
constexpr std::uint16_t kRst = wire::TcpFlags::kRst;

}  // namespace

TEST_CASE("every preset parses, round-trips and is described in both languages", "[preset]") {
  REQUIRE(presets().size() >= 21);
  std::set<std::string_view> ids;
  for (const Preset& p : presets()) {
    INFO(p.id);
    CHECK(ids.insert(p.id).second);
    // Kebab-case ids (SCENARIO_FORMAT.md, scripting interfaces).
    CHECK(!p.id.empty());
    CHECK(p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos);
    CHECK(p.id.front() != '-');
    CHECK(p.id.back() != '-');
    CHECK(!p.title_en.empty());
    CHECK(!p.question_en.empty());
    CHECK(contains_cjk(p.title_zh));
    CHECK(contains_cjk(p.question_zh));
    auto s = parse_scenario(p.json);
    INFO((s.ok() ? std::string() : s.error().message));
    REQUIRE(s.ok());
    CHECK(s->title == p.title_en);
    auto again = parse_scenario(scenario_to_json(*s));
    REQUIRE(again.ok());
    CHECK(*again == *s);
    CHECK(find_preset(p.id) == &p);
  }
  CHECK(find_preset("normal") != nullptr);  // the plain lesson's pinned id
  CHECK(find_preset("no-such-lesson") == nullptr);
}

TEST_CASE("every preset runs to its end under every profile", "[preset][sim]") {
  for (const Preset& p : presets()) {
    for (std::string_view profile : {"rfc", "linux", "linux-classic"}) {
      INFO(p.id << " " << profile);
      trace::Trace t = run_preset(p.id, profile);
      CHECK_FALSE(t.hit_time_cap);
      CHECK(!t.segments.empty());
      CHECK(t.segments.size() < 200);  // a lesson, not an ACK war
    }
  }
}

TEST_CASE("normal: three-way handshake, four-way close, TIME-WAIT on the closer", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("normal", profile);
    CHECK(has_transition(t, Side::Client, State::SynSent, State::Established));
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
    CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
    CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
    CHECK(has_transition(t, Side::Server, State::CloseWait, State::LastAck));
    CHECK(has_transition(t, Side::Server, State::LastAck, State::Closed));
    auto tw = std::find_if(t.timers.begin(), t.timers.end(), [](const trace::Timer& x) {
      return x.kind == tcp::TimerKind::TimeWait;
    });
    REQUIRE(tw != t.timers.end());
    CHECK(tw->who == Side::Client);
    // RFC 9293 3.10.7.4: 2 MSL, MSL = 2 minutes (section 4); Linux: a fixed 60 s
    // (TCP_TIMEWAIT_LEN).
    CHECK(tw->deadline - tw->armed == from_ms(profile == "rfc" ? 240000 : 60000));
  }
}

TEST_CASE("syn-lost: the SYN is retransmitted after the initial RTO of 1 s (RFC 6298 2.1)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("syn-lost", profile);
    auto syns = segments_from(t, Side::Client, kSyn);
    REQUIRE(syns.size() == 2);
    CHECK(syns[0]->fate == trace::Fate::Dropped);
    CHECK(syns[1]->sent == from_ms(1000));  // Linux: TCP_TIMEOUT_INIT, also 1 s
    CHECK(syns[1]->retransmission);
    CHECK(syns[1]->tcp.seq == syns[0]->tcp.seq);
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
  }
}

TEST_CASE("syn-lost-give-up: linux-classic gives up at 127 s after SYNs at 0, 1, 3, 7, 15, 31, 63 s", "[preset][sim]") {
  trace::Trace t = run_preset("syn-lost-give-up", "linux-classic");
  auto syns = segments_from(t, Side::Client, kSyn);
  REQUIRE(syns.size() == 7);
  const int expected[] = {0, 1000, 3000, 7000, 15000, 31000, 63000};
  for (std::size_t i = 0; i < 7; ++i) CHECK(syns[i]->sent == from_ms(expected[i]));
  CHECK(has_app_event(t, Side::Client, tcp::AppEventKind::Timeout));
  CHECK(has_transition(t, Side::Client, State::SynSent, State::Closed));
  auto closed = std::find_if(t.transitions.begin(), t.transitions.end(), [](const trace::Transition& x) {
    return x.who == Side::Client && x.to == State::Closed;
  });
  REQUIRE(closed != t.transitions.end());
  CHECK(closed->t == from_ms(127000));
}

TEST_CASE("synack-lost and handshake-ack-lost: the server resends its SYN-ACK", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("synack-lost", profile);
    auto synacks = segments_from(t, Side::Server, kSyn | kAck);
    REQUIRE(synacks.size() >= 2);
    CHECK(synacks[1]->fate == trace::Fate::Delivered);
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
    t = run_preset("handshake-ack-lost", profile);
    synacks = segments_from(t, Side::Server, kSyn | kAck);
    REQUIRE(synacks.size() == 2);
    CHECK(synacks[1]->retransmission);
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
  }
}

TEST_CASE("synack-lost (rfc): the repeated SYN gets a bare ACK and the server's own timer "
          "resends the SYN-ACK (RFC 9293 3.10.7.4 first check, RFC 6298 5.4)",
          "[preset][sim]") {
  trace::Trace t = run_preset("synack-lost", "rfc");
  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> answers the SYN that RCV.NXT is already past.
  auto acks = segments_from(t, Side::Server, kAck);
  REQUIRE(acks.size() == 1);
  CHECK(acks[0]->rel_seq == 1);   // SND.NXT = ISS+1
  REQUIRE(acks[0]->rel_ack.has_value());
  CHECK(*acks[0]->rel_ack == 1);  // RCV.NXT = IRS+1
  CHECK(timer_fired(t, Side::Server, tcp::TimerKind::Retransmit));
  // The client in SYN-SENT drops it (3.10.7.3 fifth: neither SYN nor RST).
  CHECK(has_transition(t, Side::Client, State::SynSent, State::Established));
  // RFC 6298 5.7 at the server: its timer did expire awaiting the ACK of its SYN, so data
  // starts with RTO = 3 s.
  CHECK(std::any_of(t.decisions.begin(), t.decisions.end(), [](const trace::Decision& d) {
    return d.who == Side::Server && d.what.step == "RTO after a retransmitted SYN";
  }));
}

TEST_CASE("synack-lost (linux, linux-classic): the repeated SYN gets the SYN-ACK at once "
          "(tcp_check_req) and the server's timer never fires",
          "[preset][sim]") {
  for (std::string_view profile : {"linux", "linux-classic"}) {
    INFO(profile);
    trace::Trace t = run_preset("synack-lost", profile);
    CHECK(segments_from(t, Side::Server, kAck).empty());
    CHECK_FALSE(timer_fired(t, Side::Server, tcp::TimerKind::Retransmit));
    auto synacks = segments_from(t, Side::Server, kSyn | kAck);
    REQUIRE(synacks.size() == 2);
    auto syns = segments_from(t, Side::Client, kSyn);
    REQUIRE(syns.size() == 2);
    CHECK(synacks[1]->sent == syns[1]->arrive);
  }
}

TEST_CASE("handshake-ack-lost-client-sends: the data's ACK completes the handshake (RFC 9293 3.10.7.4)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("handshake-ack-lost-client-sends", profile);
    CHECK(segments_from(t, Side::Server, kSyn | kAck).size() == 1);  // no SYN-ACK retransmission
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
    CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Data));
  }
}

TEST_CASE("handshake-ack-lost-server-sends: no data leaves SYN-RECEIVED (RFC 9293 3.10.2)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("handshake-ack-lost-server-sends", profile);
    CHECK(segments_from(t, Side::Server, kSyn | kAck).size() == 2);
    auto est = std::find_if(t.transitions.begin(), t.transitions.end(), [](const trace::Transition& x) {
      return x.who == Side::Server && x.to == State::Established;
    });
    REQUIRE(est != t.transitions.end());
    for (const auto& s : t.segments) {
      if (s.from == Side::Server && s.tcp.payload_len > 0) CHECK(s.sent >= est->t);
    }
    CHECK(has_app_event(t, Side::Client, tcp::AppEventKind::Data));
  }
}

TEST_CASE("old-duplicate-syn: the client resets the SYN-ACK of an old SYN, then connects (RFC 9293 3.5)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("old-duplicate-syn", profile);
    auto rsts = segments_from(t, Side::Client, kRst);
    REQUIRE(rsts.size() == 1);
    // RFC 9293 3.10.7.4 second, SYN-RECEIVED from a passive OPEN: "return this connection to
    // LISTEN state and return. The user need not be informed."
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Listen));
    CHECK_FALSE(has_transition(t, Side::Server, State::SynReceived, State::Closed));
    for (const trace::Transition& x : t.transitions) {
      if (x.who != Side::Server || x.to != State::Listen || x.from != State::SynReceived) continue;
      for (const trace::AppEvent& e : t.app_events) {
        if (e.who == Side::Server && e.t == x.t) FAIL_CHECK("the server's application was told");
      }
    }
    CHECK(has_transition(t, Side::Client, State::SynSent, State::Established));
    CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
  }
}

TEST_CASE("refused: RST|ACK answers a SYN at a closed port (RFC 9293 3.10.7.1)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("refused", profile);
    CHECK(segments_from(t, Side::Server, kRst | kAck).size() == 1);
    CHECK(has_app_event(t, Side::Client, tcp::AppEventKind::Refused));
  }
}

TEST_CASE("simultaneous-open: both sides pass through SYN-RECEIVED (RFC 9293 3.5)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("simultaneous-open", profile);
    for (Side s : {Side::Client, Side::Server}) {
      CHECK(has_transition(t, s, State::SynSent, State::SynReceived));
      CHECK(has_transition(t, s, State::SynReceived, State::Established));
    }
  }
}

TEST_CASE("fin-lost and server-fin-lost: the FIN is retransmitted", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("fin-lost", profile);
    auto fins = segments_from(t, Side::Client, kFin | kAck);
    REQUIRE(fins.size() == 2);
    CHECK(fins[0]->fate == trace::Fate::Dropped);
    CHECK(fins[1]->retransmission);
    CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
    t = run_preset("server-fin-lost", profile);
    fins = segments_from(t, Side::Server, kFin | kAck);
    REQUIRE(fins.size() == 2);
    CHECK(fins[1]->retransmission);
    CHECK(has_transition(t, Side::Server, State::LastAck, State::Closed));
  }
}

TEST_CASE("fin-ack-lost: FIN-WAIT-1 retransmits its FIN, no CLOSING", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("fin-ack-lost", profile);
    CHECK(segments_from(t, Side::Client, kFin | kAck).size() == 2);
    CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
    CHECK_FALSE(has_transition(t, Side::Client, State::FinWait1, State::Closing));
  }
}

TEST_CASE("last-ack-lost: TIME-WAIT re-ACKs the retransmitted FIN and restarts 2MSL (RFC 9293 3.10.7.4)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("last-ack-lost", profile);
    auto fins = segments_from(t, Side::Server, kFin | kAck);
    REQUIRE(fins.size() == 2);
    CHECK(fins[1]->retransmission);
    std::vector<const trace::Timer*> tw;
    for (const auto& x : t.timers) {
      if (x.kind == tcp::TimerKind::TimeWait && x.who == Side::Client) tw.push_back(&x);
    }
    REQUIRE(tw.size() == 2);
    CHECK(tw[0]->end == trace::TimerEnd::Cancelled);
    CHECK(tw[1]->armed == fins[1]->arrive);  // restarted when the FIN came again
    CHECK(tw[1]->end == trace::TimerEnd::Fired);
    CHECK(has_transition(t, Side::Server, State::LastAck, State::Closed));
  }
}

TEST_CASE("simultaneous-close: crossing FINs lead both sides through CLOSING", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("simultaneous-close", profile);
    for (Side s : {Side::Client, Side::Server}) {
      CHECK(has_transition(t, s, State::FinWait1, State::Closing));
      CHECK(has_transition(t, s, State::Closing, State::TimeWait));
    }
  }
}

TEST_CASE("three-way-close (linux, linux-classic): the delayed ACK of the FIN rides on the "
          "server's FIN, and FIN-WAIT-1 goes straight to TIME-WAIT",
          "[preset][sim]") {
  for (std::string_view profile : {"linux", "linux-classic"}) {
    INFO(profile);
    trace::Trace t = run_preset("three-way-close", profile);
    // Linux tcp_fin() enters pingpong (delayed-ACK) mode, so the server's close within the
    // ACK delay sends one FIN|ACK.
    CHECK(segments_from(t, Side::Server, kAck).empty());
    CHECK(segments_from(t, Side::Server, kFin | kAck).size() == 1);
    CHECK(has_transition(t, Side::Client, State::FinWait1, State::TimeWait));
    CHECK_FALSE(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
  }
}

TEST_CASE("three-way-close (rfc): the FIN is ACKed at once, so the close takes four segments "
          "and passes through FIN-WAIT-2",
          "[preset][sim]") {
  trace::Trace t = run_preset("three-way-close", "rfc");
  // The rfc profile ACKs a FIN at once (core/tcp/README.md, like BSD); RFC 9293 3.8.6.3
  // would allow a delay, so both closes are correct TCP, and the lesson text says so.
  auto acks = segments_from(t, Side::Server, kAck);
  auto fins = segments_from(t, Side::Server, kFin | kAck);
  REQUIRE(acks.size() == 1);
  REQUIRE(fins.size() == 1);
  CHECK(acks[0]->sent <= fins[0]->sent);
  CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
  CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
}

TEST_CASE("half-close: FIN-WAIT-2 keeps receiving data", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("half-close", profile);
    CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
    std::uint32_t received = 0;
    for (const auto& e : t.app_events) {
      if (e.who == Side::Client && e.kind == tcp::AppEventKind::Data) received += e.bytes;
    }
    CHECK(received == 5000);
    CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
  }
}

TEST_CASE("server-closes-first: the server holds the TIME-WAIT", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("server-closes-first", profile);
    CHECK(has_transition(t, Side::Server, State::FinWait2, State::TimeWait));
    CHECK(has_transition(t, Side::Client, State::LastAck, State::Closed));
    CHECK_FALSE(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
  }
}

TEST_CASE("short-time-wait: an old segment is accepted by the next incarnation", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("short-time-wait", profile);
    REQUIRE(t.conns.size() >= 2);
    // The first connection closes normally and the client passes through the 1 ms TIME-WAIT.
    CHECK(has_transition(t, Side::Client, State::TimeWait, State::Closed));
    CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Established, 1));
    // The delayed data segment of connection 0 arrives after connection 1 is established...
    const trace::Segment* old = nullptr;
    for (const auto& s : t.segments) {
      if (s.conn == 0 && s.from == Side::Client && s.tcp.payload_len > 0 && s.fault == 0) old = &s;
    }
    REQUIRE(old != nullptr);
    CHECK(old->fate == trace::Fate::Delivered);
    // ...and the server's application on connection 1 receives it as data.
    bool got = false;
    for (const auto& e : t.app_events) {
      got = got || (e.who == Side::Server && e.conn == 1 && e.kind == tcp::AppEventKind::Data &&
                    e.t == old->arrive);
    }
    CHECK(got);
    // The client's real 100 bytes then look like a duplicate: the server's application gets
    // exactly 100 bytes on connection 1, the old ones.
    std::uint32_t received = 0;
    for (const auto& e : t.app_events) {
      if (e.who == Side::Server && e.conn == 1 && e.kind == tcp::AppEventKind::Data) received += e.bytes;
    }
    CHECK(received == 100);
    CHECK(segments_from(t, Side::Client, kRst).empty());
    CHECK(segments_from(t, Side::Server, kRst).empty());
  }
}

TEST_CASE("rst-in-established: abort sends RST and the peer reports a reset", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("rst-in-established", profile);
    // RFC 9293 3.10.5 ABORT: a bare RST; Linux tcp_send_active_reset(): RST|ACK.
    const std::uint16_t abort_flags = profile == "rfc" ? kRst : (kRst | kAck);
    CHECK(segments_from(t, Side::Client, abort_flags).size() == 1);
    CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Reset));
    CHECK(has_transition(t, Side::Server, State::Established, State::Closed));
  }
}

TEST_CASE("syn-in-established: a challenge ACK, an RST, then a new connection (RFC 5961 4)", "[preset][sim]") {
  for (std::string_view profile : kProfiles) {
    INFO(profile);
    trace::Trace t = run_preset("syn-in-established", profile);
    CHECK(segments_from(t, Side::Client, kRst).size() == 1);
    CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Reset, 0));
    CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Established, 1));
    bool challenge = std::any_of(t.decisions.begin(), t.decisions.end(), [](const trace::Decision& d) {
      return d.who == Side::Server && std::string_view(d.what.text).find("challenge ACK") != std::string_view::npos;
    });
    CHECK(challenge);
  }
}
