// A trace with several connections on one lifeline pair (an old duplicate SYN, a 4-tuple
// reused while the first incarnation is in TIME-WAIT, RFC 9293 3.6.1 and 3.10.7.3): each
// connection keeps its own states (RFC 9293 3.3.2: state is per connection), in its own
// lane, and every arrow says which connection it belongs to. Also the phone-width lifelines
// and timer culling.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "tests/ui/layout_fixtures.hpp"
#include "ui/layout/ladder_layout.hpp"

using namespace tcpviz;
using namespace tcpviz::ui::layout;

namespace {

using S = tcp::State;
constexpr auto C = trace::Side::Client;
constexpr auto V = trace::Side::Server;

// The normal lesson (conn 0) plus a second incarnation (conn 1) opened at 2 s, while conn 0's
// client is still in its 60 s TIME-WAIT; conn 1 is refused (RST) and ends CLOSED at 2.1 s.
trace::Trace two_connections() {
  trace::Trace t = test::normal_lesson();
  t.conns.resize(2);
  trace::Segment syn = test::make_segment(C, wire::TcpFlags::kSyn, 0, std::nullopt, 0, 2000, 2050);
  syn.conn = 1;
  trace::Segment rst = test::make_segment(V, wire::TcpFlags::kRst | wire::TcpFlags::kAck, 0, 1, 0,
                                          2050, 2100);
  rst.conn = 1;
  // Keep segments sorted by `sent`: conn 1's go after conn 0's last (950 ms).
  test::push(t, syn);
  test::push(t, rst);
  auto conn1 = [&](double ms, trace::Side who, S from, S to) {
    test::transition(t, ms, who, from, to);
    t.transitions.back().conn = 1;
  };
  conn1(2000, C, S::Closed, S::SynSent);
  conn1(2100, C, S::SynSent, S::Closed);
  std::stable_sort(t.transitions.begin(), t.transitions.end(),
                   [](const trace::Transition& a, const trace::Transition& b) { return a.t < b.t; });
  return t;
}

LadderLayout lay_out(const trace::Trace& t, const TimeCompression& c, float width = 800) {
  const Viewport v = fit(c, 600 - kHeaderPx);
  LadderInput in;
  in.trace = &t;
  in.connections = connection_count(t);
  in.axis = {&c, v.top_display_ms, v.px_per_display_ms, kHeaderPx};
  in.width = width;
  in.height = 600;
  in.max_flight = max_flight(t);
  in.max_timer = max_timer_span(t);
  return layout_ladder(in);
}

std::vector<S> states_of(const LadderLayout& l, trace::Side who, std::uint32_t conn) {
  std::vector<S> v;
  for (const Band& b : l.bands) {
    if (b.who == who && b.conn == conn) v.push_back(b.state);
  }
  return v;
}

}  // namespace

TEST_CASE("each connection keeps its own state bands, unmixed", "[ui][layout][conn]") {
  const trace::Trace t = two_connections();
  const TimeCompression c = TimeCompression::from_trace(t);
  const LadderLayout l = lay_out(t, c);
  CHECK(l.connections == 2);
  // Conn 0's client goes through the active close to TIME-WAIT and CLOSED at 60.95 s, as if
  // conn 1 were not there (its SYN-SENT at 2 s must not cut conn 0's TIME-WAIT short).
  CHECK(states_of(l, C, 0) ==
        std::vector<S>{S::SynSent, S::Established, S::FinWait1, S::FinWait2, S::TimeWait});
  // Conn 1's client: SYN-SENT only, starting at its connect, no CLOSED band before or after.
  CHECK(states_of(l, C, 1) == std::vector<S>{S::SynSent});
  CHECK(states_of(l, V, 1).empty());  // the server never had a conn-1 TCB (it answered RST)
  // Conn 0's TIME-WAIT runs to 60.95 s, overlapping conn 1's SYN-SENT in time.
  for (const Band& b : l.bands) {
    if (b.conn == 0 && b.state == S::TimeWait) CHECK(b.to == from_ms(60950));
  }
}

TEST_CASE("a later connection's bands sit in their own lane outside the lifeline", "[ui][layout][conn]") {
  const trace::Trace t = two_connections();
  const TimeCompression c = TimeCompression::from_trace(t);
  const LadderLayout l = lay_out(t, c);
  const float client_x = l.lifelines[0].x, server_x = l.lifelines[1].x;
  for (const Band& b : l.bands) {
    const float lifeline = b.who == C ? client_x : server_x;
    const float outward = b.who == C ? lifeline - b.x : b.x - lifeline;
    CHECK(outward == Approx(kConnLanePx * static_cast<float>(b.conn)));
  }
  // Arrows still run lifeline to lifeline, and say which connection they carry.
  std::vector<std::uint32_t> conns;
  for (const Arrow& a : l.arrows) conns.push_back(a.conn);
  REQUIRE(conns.size() == 11);
  CHECK(conns.front() == 0);
  CHECK(conns[9] == 1);
  CHECK(conns[10] == 1);
}

TEST_CASE("one connection keeps its bands on the lifeline", "[ui][layout][conn]") {
  const trace::Trace t = test::normal_lesson();
  const TimeCompression c = TimeCompression::from_trace(t);
  const LadderLayout l = lay_out(t, c);
  CHECK(l.connections == 1);
  for (const Band& b : l.bands) CHECK(b.x == l.lifelines[static_cast<std::size_t>(b.who)].x);
}

TEST_CASE("a phone-width canvas moves the lifelines in to fit the state names", "[ui][layout]") {
  // 360 px (a phone held upright): 22 % would leave 79 px, less than "SYN-RECEIVED" needs.
  const auto narrow = lifeline_x(360, 110);
  CHECK(narrow[0] == Approx(110));
  CHECK(narrow[1] == Approx(250));
  // Never more than a third of the width each side: the arrows keep the middle.
  const auto capped = lifeline_x(360, 200);
  CHECK(capped[0] == Approx(360 * 0.32f));
  // A wide canvas already has the room: unchanged.
  CHECK(lifeline_x(1280, 110)[0] == lifeline_x(1280)[0]);
}

TEST_CASE("timers are culled by binary search and still shown when armed above the view",
          "[ui][layout]") {
  // A retransmission timer every 10 ms, each armed for 200 ms (RFC 6298 2.4 allows a 200 ms
  // floor in Linux), over 100 s.
  trace::Trace t;
  for (int i = 0; i < 10000; ++i) {
    trace::Timer tm;
    tm.armed = from_ms(i * 10);
    tm.deadline = tm.armed + from_ms(200);
    tm.end = trace::TimerEnd::Cancelled;
    tm.end_t = tm.armed + from_ms(200);
    t.timers.push_back(tm);
  }
  t.end = from_ms(100000);
  const TimeCompression c = TimeCompression::from_trace(t);
  LadderInput in;
  in.trace = &t;
  in.axis = {&c, 50000.0, 5.56, kHeaderPx};  // about 100 ms from 50 s
  in.width = 800;
  in.height = 600;
  in.max_timer = max_timer_span(t);
  CHECK(in.max_timer == from_ms(200));
  const LadderLayout culled = layout_ladder(in);
  in.max_timer = Duration{};  // unknown: every timer is looked at
  const LadderLayout all = layout_ladder(in);
  // The same brackets either way, including those armed up to 200 ms above the view (they
  // overlap, so they merge into one bracket per side that starts above the view).
  REQUIRE(culled.timers.size() == all.timers.size());
  REQUIRE_FALSE(culled.timers.empty());
  CHECK(culled.timers.front().y1 < kHeaderPx);
  CHECK(culled.timers.front().y1 == all.timers.front().y1);
  CHECK(culled.timers.front().y2 == all.timers.front().y2);
}

TEST_CASE("timer brackets closer than a few pixels merge, so a zoomed-out transfer stays cheap",
          "[ui][layout]") {
  // A timer every 10 ms for 100 s, each cancelled 20 ms after it was armed (answered by an
  // ACK), seen whole: 0.056 px per timer on a 600 px canvas.
  trace::Trace t;
  for (int i = 0; i < 10000; ++i) {
    trace::Timer tm;
    tm.armed = from_ms(i * 10);
    tm.deadline = tm.armed + from_ms(200);
    tm.end = trace::TimerEnd::Cancelled;
    tm.end_t = tm.armed + from_ms(20);
    t.timers.push_back(tm);
  }
  trace::Timer fired = t.timers.back();
  fired.who = trace::Side::Server;
  fired.end = trace::TimerEnd::Fired;
  t.timers.push_back(fired);
  t.end = from_ms(100200);
  const TimeCompression c = TimeCompression::from_trace(t);
  const Viewport v = fit(c, 600 - kHeaderPx);
  LadderInput in;
  in.trace = &t;
  in.axis = {&c, v.top_display_ms, v.px_per_display_ms, kHeaderPx};
  in.width = 800;
  in.height = 600;
  in.max_timer = max_timer_span(t);
  const LadderLayout l = layout_ladder(in);
  // The client's ten thousand become one bracket over the whole run; the server's one that
  // fired stays apart (another side, another ending).
  REQUIRE(l.timers.size() == 2);
  CHECK(l.timers[0].y1 == Approx(kHeaderPx));
  CHECK(l.timers[0].y2 == Approx(in.axis.y_of(from_ms(99990 + 20))));
  CHECK(l.timers[1].end == trace::TimerEnd::Fired);
}
