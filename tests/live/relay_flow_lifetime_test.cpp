// How long the relay keeps state for a connection (issue 5: "no connection state is leaked
// once TIME-WAIT ends"). The kernels on both TAPs are Linux, so an end that enters TIME-WAIT
// leaves it 60 s later (TCP_TIMEWAIT_LEN, include/net/tcp.h), or 60 s after the peer's FIN
// comes again (RFC 9293 3.10.7.4 eighth step: "Restart the 2 MSL time-wait timeout"); then
// the TCB is deleted (RFC 9293 3.10.8). The relay must show that, wake up for it, and free
// the flow once both ends are CLOSED; an RST or a refused SYN frees it at once.
#include <catch2/catch.hpp>

#include "core/scenario/parse.hpp"
#include "live/relay.hpp"
#include "tests/live/relay_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::live;
using namespace tcpviz::live::testing;
using tcp::State;
using trace::Side;

namespace {

constexpr std::int64_t kTimeWaitMs = 60'000;  // Linux TCP_TIMEWAIT_LEN

// RFC 9293 figure 5: the client closes first; the server's FIN reaches it at `fin_ms` (TIME-WAIT)
// and its ACK goes back 1 ms later (the server is CLOSED).
void client_closes_first(Relay& relay, std::int64_t ms, std::int64_t fin_ms, std::uint16_t port = kClientPort) {
  client_sends(relay, ms, F::kFin | F::kAck, kClientIsn + 1, kServerIsn + 1, 0, port);
  server_sends(relay, ms + 1, F::kAck, kServerIsn + 1, kClientIsn + 2, 0, port);
  server_sends(relay, fin_ms, F::kFin | F::kAck, kServerIsn + 1, kClientIsn + 2, 0, port);
  client_sends(relay, fin_ms + 1, F::kAck, kClientIsn + 2, kServerIsn + 2, 0, port);
}

const trace::Timer* time_wait_timer(const trace::Trace& t, Side who, std::size_t nth = 0) {
  for (const trace::Timer& x : t.timers) {
    if (x.who == who && x.kind == tcp::TimerKind::TimeWait && nth-- == 0) return &x;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("Relay: TIME-WAIT ends 60 s after the FIN that began it, and the flow is freed (RFC 9293 3.10.8)",
          "[relay][lifetime]") {
  Relay relay(std::vector<scenario::Fault>{});
  handshake(relay, 0);
  client_closes_first(relay, 10, 20);
  CHECK(states(relay) == std::array{State::TimeWait, State::Closed});
  CHECK(relay.flows_alive() == 1);
  // The relay's loop sleeps until the next thing due: the end of TIME-WAIT.
  REQUIRE(relay.next_deadline() == from_ms(20 + kTimeWaitMs));

  relay.advance(from_ms(20 + kTimeWaitMs) - Duration(1));
  CHECK(states(relay) == std::array{State::TimeWait, State::Closed});
  relay.advance(from_ms(20 + kTimeWaitMs));
  CHECK(states(relay) == std::array{State::Closed, State::Closed});
  CHECK(relay.flows_alive() == 0);
  CHECK_FALSE(relay.next_deadline());

  const trace::Trace& t = relay.trace();
  CHECK(path(t, Side::Client).back() == "CLOSED");
  const trace::Transition& last = t.transitions.back();
  CHECK(last.who == Side::Client);
  CHECK(last.from == State::TimeWait);
  CHECK(last.t == from_ms(20 + kTimeWaitMs));
  CHECK(last.rfc == "RFC 9293 3.10.8");
  const trace::Timer* timer = time_wait_timer(t, Side::Client);
  REQUIRE(timer != nullptr);
  CHECK(timer->armed == from_ms(20));
  CHECK(timer->deadline == from_ms(20 + kTimeWaitMs));
  CHECK(timer->end == trace::TimerEnd::Fired);
  CHECK(timer->end_t == from_ms(20 + kTimeWaitMs));
}

TEST_CASE("Relay: a FIN that comes again restarts TIME-WAIT's 60 s (RFC 9293 3.10.7.4)", "[relay][lifetime]") {
  Relay relay(std::vector<scenario::Fault>{});
  handshake(relay, 0);
  client_closes_first(relay, 10, 20);
  // The client's last ACK was lost beyond the relay: the server resends its FIN 30 s later.
  server_sends(relay, 30'020, F::kFin | F::kAck, kServerIsn + 1, kClientIsn + 2);
  client_sends(relay, 30'021, F::kAck, kClientIsn + 2, kServerIsn + 2);
  relay.advance(from_ms(20 + kTimeWaitMs));  // the first deadline no longer counts
  CHECK(states(relay)[0] == State::TimeWait);
  REQUIRE(relay.next_deadline() == from_ms(30'020 + kTimeWaitMs));
  relay.advance(from_ms(30'020 + kTimeWaitMs));
  CHECK(states(relay)[0] == State::Closed);
  CHECK(relay.flows_alive() == 0);
  const trace::Timer* first = time_wait_timer(relay.trace(), Side::Client, 0);
  const trace::Timer* second = time_wait_timer(relay.trace(), Side::Client, 1);
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  CHECK(first->end == trace::TimerEnd::Cancelled);
  CHECK(first->end_t == from_ms(30'020));
  CHECK(second->armed == from_ms(30'020));
  CHECK(second->end == trace::TimerEnd::Fired);
}

TEST_CASE("Relay: after a simultaneous close both ends wait in TIME-WAIT, each with its own timer",
          "[relay][lifetime]") {
  // RFC 9293 figure 13: both FINs cross, so each end goes FIN-WAIT-1, CLOSING, TIME-WAIT. On
  // a relay (the wire itself) they can cross only if one is held: the client's, for 5 ms.
  auto rule = scenario::parse_fault_flag("client FIN #1 delay=5");
  REQUIRE(rule.ok());
  Relay relay(std::vector<scenario::Fault>{rule.value()});
  handshake(relay, 0);
  client_sends(relay, 10, F::kFin | F::kAck, kClientIsn + 1, kServerIsn + 1);   // reaches the server at 15
  server_sends(relay, 11, F::kFin | F::kAck, kServerIsn + 1, kClientIsn + 1);
  CHECK(states(relay) == std::array{State::Closing, State::FinWait1});
  relay.advance(from_ms(15));
  CHECK(states(relay) == std::array{State::Closing, State::Closing});
  client_sends(relay, 16, F::kAck, kClientIsn + 2, kServerIsn + 2);
  server_sends(relay, 16, F::kAck, kServerIsn + 2, kClientIsn + 2);
  CHECK(states(relay) == std::array{State::TimeWait, State::TimeWait});
  const trace::Timer* c = time_wait_timer(relay.trace(), Side::Client);
  const trace::Timer* s = time_wait_timer(relay.trace(), Side::Server);
  REQUIRE(c != nullptr);
  REQUIRE(s != nullptr);
  relay.advance(from_ms(16 + kTimeWaitMs));
  CHECK(states(relay) == std::array{State::Closed, State::Closed});
  CHECK(relay.flows_alive() == 0);
  for (Side who : {Side::Client, Side::Server}) {
    const trace::Timer* t = time_wait_timer(relay.trace(), who);
    REQUIRE(t != nullptr);
    CHECK(t->end == trace::TimerEnd::Fired);
    CHECK(t->end_t == from_ms(16 + kTimeWaitMs));
  }
}

TEST_CASE("Relay: a refused SYN and a reset free the flow at once; the 4-tuple can start again",
          "[relay][lifetime]") {
  Relay relay(std::vector<scenario::Fault>{});
  // RFC 9293 3.10.7.1: a closed port answers <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
  client_sends(relay, 0, F::kSyn, kClientIsn, 0);
  server_sends(relay, 1, F::kRst | F::kAck, 0, kClientIsn + 1);
  CHECK(relay.flows_alive() == 0);
  CHECK_FALSE(relay.next_deadline());
  // The same 4-tuple again, now to a listening server: a new connection (conn 1).
  handshake(relay, 1000);
  CHECK(relay.trace().conns.size() == 2);
  CHECK(states(relay, 1) == std::array{State::Established, State::Established});
  CHECK(relay.flows_alive() == 1);
  // RFC 9293 3.10.7.4 second: an RST (exactly at RCV.NXT) ends it on both sides.
  client_sends(relay, 2000, F::kRst, kClientIsn + 1, 0);
  CHECK(states(relay, 1) == std::array{State::Closed, State::Closed});
  CHECK(relay.flows_alive() == 0);
}

TEST_CASE("Relay: a server in TIME-WAIT that accepts a new SYN on the 4-tuple ends TIME-WAIT (RFC 6191)",
          "[relay][lifetime]") {
  Relay relay(std::vector<scenario::Fault>{});
  handshake(relay, 0);
  // The server closes first (it is the one left in TIME-WAIT).
  server_sends(relay, 10, F::kFin | F::kAck, kServerIsn + 1, kClientIsn + 1);
  client_sends(relay, 11, F::kAck, kClientIsn + 1, kServerIsn + 2);
  client_sends(relay, 20, F::kFin | F::kAck, kClientIsn + 1, kServerIsn + 2);
  server_sends(relay, 21, F::kAck, kServerIsn + 2, kClientIsn + 2);
  CHECK(states(relay) == std::array{State::Closed, State::TimeWait});
  // 5 s later the client connects again from the same port with a higher ISN; Linux's
  // tcp_timewait_state_process accepts it (TCP_TW_SYN) and drops the TIME-WAIT socket.
  client_sends(relay, 5'000, F::kSyn, kClientIsn + 100'000, 0);
  server_sends(relay, 5'001, F::kSyn | F::kAck, kServerIsn + 100'000, kClientIsn + 100'001);
  CHECK(states(relay, 0) == std::array{State::Closed, State::Closed});
  CHECK(states(relay, 1) == std::array{State::Established, State::SynReceived});
  CHECK(relay.flows_alive() == 1);
  bool seen = false;
  for (const auto& x : relay.trace().transitions) {
    if (x.conn != 0 || x.who != Side::Server || x.from != State::TimeWait) continue;
    seen = true;
    CHECK(x.to == State::Closed);
    CHECK(x.t == from_ms(5'000));  // when the SYN reached it
    CHECK(x.rfc.find("RFC 6191") != std::string_view::npos);
  }
  CHECK(seen);
  // The old incarnation's TIME-WAIT deadline no longer closes anything.
  relay.advance(from_ms(21 + kTimeWaitMs));
  CHECK(states(relay, 1) == std::array{State::Established, State::SynReceived});
}

TEST_CASE("Relay: a thousand closed connections leave no state once their TIME-WAITs end", "[relay][lifetime]") {
  Relay relay(std::vector<scenario::Fault>{});
  for (std::uint16_t i = 0; i < 1000; ++i) {
    const std::uint16_t port = static_cast<std::uint16_t>(20000 + i);
    handshake(relay, i, port);
    client_closes_first(relay, i + 10, i + 20, port);
  }
  CHECK(relay.flows_alive() == 1000);
  relay.advance(from_ms(999 + 20 + kTimeWaitMs) - Duration(1));
  CHECK(relay.flows_alive() == 1);
  relay.advance(from_ms(999 + 20 + kTimeWaitMs));
  CHECK(relay.flows_alive() == 0);
  CHECK(relay.trace().conns.size() == 1000);  // what they did stays in the trace
}
