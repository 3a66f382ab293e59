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
  trace::Trace t = run_preset("normal");
  CHECK(has_transition(t, Side::Client, State::SynSent, State::Established));
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
  CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
  CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
  CHECK(has_transition(t, Side::Server, State::CloseWait, State::LastAck));
  CHECK(has_transition(t, Side::Server, State::LastAck, State::Closed));
  // Linux: TIME-WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN).
  auto tw = std::find_if(t.timers.begin(), t.timers.end(), [](const trace::Timer& x) {
    return x.kind == tcp::TimerKind::TimeWait;
  });
  REQUIRE(tw != t.timers.end());
  CHECK(tw->who == Side::Client);
  CHECK(tw->deadline - tw->armed == from_ms(60000));
}

TEST_CASE("syn-lost: the SYN is retransmitted after the initial RTO of 1 s (RFC 6298 2.1)", "[preset][sim]") {
  trace::Trace t = run_preset("syn-lost");
  auto syns = segments_from(t, Side::Client, kSyn);
  REQUIRE(syns.size() == 2);
  CHECK(syns[0]->fate == trace::Fate::Dropped);
  CHECK(syns[1]->sent == from_ms(1000));
  CHECK(syns[1]->retransmission);
  CHECK(syns[1]->tcp.seq == syns[0]->tcp.seq);
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
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
  trace::Trace t = run_preset("synack-lost");
  CHECK(segments_from(t, Side::Server, kSyn | kAck).size() >= 2);
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
  t = run_preset("handshake-ack-lost");
  auto synacks = segments_from(t, Side::Server, kSyn | kAck);
  REQUIRE(synacks.size() == 2);
  CHECK(synacks[1]->retransmission);
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
}

TEST_CASE("handshake-ack-lost-client-sends: the data's ACK completes the handshake (RFC 9293 3.10.7.4)", "[preset][sim]") {
  trace::Trace t = run_preset("handshake-ack-lost-client-sends");
  CHECK(segments_from(t, Side::Server, kSyn | kAck).size() == 1);  // no SYN-ACK retransmission
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
  CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Data));
}

TEST_CASE("handshake-ack-lost-server-sends: no data leaves SYN-RECEIVED (RFC 9293 3.10.2)", "[preset][sim]") {
  trace::Trace t = run_preset("handshake-ack-lost-server-sends");
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

TEST_CASE("old-duplicate-syn: the client resets the SYN-ACK of an old SYN, then connects (RFC 9293 3.5)", "[preset][sim]") {
  trace::Trace t = run_preset("old-duplicate-syn");
  auto rsts = segments_from(t, Side::Client, kRst);
  REQUIRE(rsts.size() == 1);
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Closed));
  CHECK(has_transition(t, Side::Client, State::SynSent, State::Established));
  CHECK(has_transition(t, Side::Server, State::SynReceived, State::Established));
}

TEST_CASE("refused: RST|ACK answers a SYN at a closed port (RFC 9293 3.10.7.1)", "[preset][sim]") {
  trace::Trace t = run_preset("refused");
  CHECK(segments_from(t, Side::Server, kRst | kAck).size() == 1);
  CHECK(has_app_event(t, Side::Client, tcp::AppEventKind::Refused));
}

TEST_CASE("simultaneous-open: both sides pass through SYN-RECEIVED (RFC 9293 3.5)", "[preset][sim]") {
  trace::Trace t = run_preset("simultaneous-open");
  for (Side s : {Side::Client, Side::Server}) {
    CHECK(has_transition(t, s, State::SynSent, State::SynReceived));
    CHECK(has_transition(t, s, State::SynReceived, State::Established));
  }
}

TEST_CASE("fin-lost and server-fin-lost: the FIN is retransmitted", "[preset][sim]") {
  trace::Trace t = run_preset("fin-lost");
  auto fins = segments_from(t, Side::Client, kFin | kAck);
  REQUIRE(fins.size() == 2);
  CHECK(fins[0]->fate == trace::Fate::Dropped);
  CHECK(fins[1]->retransmission);
  CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
  t = run_preset("server-fin-lost");
  fins = segments_from(t, Side::Server, kFin | kAck);
  REQUIRE(fins.size() == 2);
  CHECK(fins[1]->retransmission);
  CHECK(has_transition(t, Side::Server, State::LastAck, State::Closed));
}

TEST_CASE("fin-ack-lost: FIN-WAIT-1 retransmits its FIN, no CLOSING", "[preset][sim]") {
  trace::Trace t = run_preset("fin-ack-lost");
  CHECK(segments_from(t, Side::Client, kFin | kAck).size() == 2);
  CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
  CHECK_FALSE(has_transition(t, Side::Client, State::FinWait1, State::Closing));
}

TEST_CASE("last-ack-lost: TIME-WAIT re-ACKs the retransmitted FIN and restarts 2MSL (RFC 9293 3.10.7.4)", "[preset][sim]") {
  trace::Trace t = run_preset("last-ack-lost");
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

TEST_CASE("simultaneous-close: crossing FINs lead both sides through CLOSING", "[preset][sim]") {
  trace::Trace t = run_preset("simultaneous-close");
  for (Side s : {Side::Client, Side::Server}) {
    CHECK(has_transition(t, s, State::FinWait1, State::Closing));
    CHECK(has_transition(t, s, State::Closing, State::TimeWait));
  }
}

TEST_CASE("three-way-close: FIN-WAIT-1 receives FIN|ACK and goes straight to TIME-WAIT", "[preset][sim]") {
  trace::Trace t = run_preset("three-way-close");
  CHECK(has_transition(t, Side::Client, State::FinWait1, State::TimeWait));
  CHECK_FALSE(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
}

TEST_CASE("half-close: FIN-WAIT-2 keeps receiving data", "[preset][sim]") {
  trace::Trace t = run_preset("half-close");
  CHECK(has_transition(t, Side::Client, State::FinWait1, State::FinWait2));
  std::uint32_t received = 0;
  for (const auto& e : t.app_events) {
    if (e.who == Side::Client && e.kind == tcp::AppEventKind::Data) received += e.bytes;
  }
  CHECK(received == 5000);
  CHECK(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
}

TEST_CASE("server-closes-first: the server holds the TIME-WAIT", "[preset][sim]") {
  trace::Trace t = run_preset("server-closes-first");
  CHECK(has_transition(t, Side::Server, State::FinWait2, State::TimeWait));
  CHECK(has_transition(t, Side::Client, State::LastAck, State::Closed));
  CHECK_FALSE(has_transition(t, Side::Client, State::FinWait2, State::TimeWait));
}

TEST_CASE("short-time-wait: an old segment is accepted by the next incarnation", "[preset][sim]") {
  trace::Trace t = run_preset("short-time-wait");
  REQUIRE(t.conns.size() >= 2);
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
}

TEST_CASE("rst-in-established: abort sends RST and the peer reports a reset", "[preset][sim]") {
  trace::Trace t = run_preset("rst-in-established");
  // Linux tcp_send_active_reset(): RST|ACK; RFC 9293 3.10.5: a bare RST.
  CHECK(segments_from(t, Side::Client, kRst | kAck).size() == 1);
  CHECK(segments_from(run_preset("rst-in-established", "rfc"), Side::Client, kRst).size() == 1);
  CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Reset));
  CHECK(has_transition(t, Side::Server, State::Established, State::Closed));
}

TEST_CASE("syn-in-established: a challenge ACK, an RST, then a new connection (RFC 5961 4)", "[preset][sim]") {
  trace::Trace t = run_preset("syn-in-established");
  CHECK(segments_from(t, Side::Client, kRst).size() == 1);
  CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Reset, 0));
  CHECK(has_app_event(t, Side::Server, tcp::AppEventKind::Established, 1));
  bool challenge = std::any_of(t.decisions.begin(), t.decisions.end(), [](const trace::Decision& d) {
    return d.who == Side::Server && std::string_view(d.what.text).find("challenge ACK") != std::string_view::npos;
  });
  CHECK(challenge);
}
