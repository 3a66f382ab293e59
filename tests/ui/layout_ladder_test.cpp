// The ladder layout as a pure function: labels, dropped arrows, culling, folding, hit testing.
#include <catch2/catch.hpp>

#include "tests/ui/layout_fixtures.hpp"
#include "ui/layout/labels.hpp"
#include "ui/layout/ladder_layout.hpp"

using namespace tcpviz;
using namespace tcpviz::ui::layout;

namespace {

struct Laid {
  trace::Trace trace;
  TimeCompression compression;
  LadderLayout layout;
};

Laid lay_out(trace::Trace t, float height = 600, double zoom_factor = 1.0, double top = 0) {
  Laid l{std::move(t), {}, {}};
  l.compression = TimeCompression::from_trace(l.trace);
  Viewport v = fit(l.compression, height - kHeaderPx);
  v.px_per_display_ms *= zoom_factor;
  v.top_display_ms = top;
  LadderInput in;
  in.trace = &l.trace;
  in.axis = {&l.compression, v.top_display_ms, v.px_per_display_ms, kHeaderPx};
  in.width = 800;
  in.height = height;
  in.max_flight = max_flight(l.trace);
  l.layout = layout_ladder(in);
  return l;
}

}  // namespace

TEST_CASE("labels use relative numbers as Wireshark does, absolute on request", "[ui][layout]") {
  const trace::Trace t = test::normal_lesson();
  // RFC 9293 3.5 figure 7: <SEQ=100><CTL=SYN>, <SEQ=300><ACK=101><CTL=SYN,ACK>, <SEQ=101><ACK=301>.
  CHECK(segment_label(t.segments[0], false) == "SYN seq=0");
  CHECK(segment_label(t.segments[1], false) == "SYN|ACK seq=0 ack=1");
  CHECK(segment_label(t.segments[2], false) == "ACK seq=1 ack=1");
  CHECK(segment_label(t.segments[3], false) == "PSH|ACK seq=1 ack=1 len=100");
  CHECK(segment_label(t.segments[0], true) == "SYN seq=1000");
  CHECK(segment_label(t.segments[1], true) == "SYN|ACK seq=5000 ack=1001");
}

TEST_CASE("every segment of a lesson is laid out from sender to receiver", "[ui][layout]") {
  const Laid l = lay_out(test::normal_lesson());
  REQUIRE(l.layout.arrows.size() == 9);
  const auto xs = lifeline_x(800);
  const Arrow& syn = l.layout.arrows[0];
  CHECK(syn.x1 == xs[0]);
  CHECK(syn.x2 == xs[1]);
  CHECK(syn.y2 > syn.y1);  // time runs downwards
  const Arrow& synack = l.layout.arrows[1];
  CHECK(synack.x1 == xs[1]);
  CHECK(synack.y1 == Approx(syn.y2));  // sent the moment the SYN arrived
  CHECK(l.layout.culled == 0);
}

TEST_CASE("a dropped segment's arrow stops midway", "[ui][layout]") {
  trace::Trace t = test::normal_lesson();
  t.segments[1].fate = trace::Fate::Dropped;
  const Laid l = lay_out(std::move(t));
  const Arrow& a = l.layout.arrows[1];
  CHECK(a.style == ArrowStyle::Dropped);
  const auto xs = lifeline_x(800);
  CHECK(a.x2 > xs[0]);
  CHECK(a.x2 < xs[1]);
  const LayoutSnapshot snap = snapshot_of(l.layout);
  CHECK(snap.segments[1].dropped);
  CHECK_FALSE(snap.segments[0].dropped);
}

TEST_CASE("state bands follow each side's transitions", "[ui][layout]") {
  const Laid l = lay_out(test::normal_lesson());
  // Client: CLOSED? no, SYN-SENT from 0; then ESTABLISHED at 100 ms, FIN-WAIT-1, FIN-WAIT-2,
  // TIME-WAIT, CLOSED (RFC 9293 figure 5, active close).
  std::vector<tcp::State> client;
  for (const Band& b : l.layout.bands) {
    if (b.who == trace::Side::Client) client.push_back(b.state);
  }
  using S = tcp::State;
  CHECK(client == std::vector<S>{S::SynSent, S::Established, S::FinWait1, S::FinWait2,
                                  S::TimeWait});
}

TEST_CASE("culling lays out only what the view shows", "[ui][layout]") {
  // 10,000 pure ACKs, one every 10 ms, each 5 ms in flight.
  trace::Trace t;
  for (int i = 0; i < 10000; ++i) {
    test::push(t, test::make_segment(trace::Side::Client, wire::TcpFlags::kAck, 1, 1, 0, i * 10.0,
                                     i * 10.0 + 5));
  }
  t.end = from_ms(100000);
  // Zoomed so the 556 px below the header show about 100 ms, starting at 50 s.
  trace::Trace copy = t;
  const TimeCompression c = TimeCompression::from_trace(copy);
  REQUIRE(c.breaks().empty());
  LadderInput in;
  in.trace = &t;
  in.axis = {&c, 50000.0, 5.56, kHeaderPx};
  in.width = 800;
  in.height = 600;
  in.max_flight = max_flight(t);
  const LadderLayout l = layout_ladder(in);
  CHECK(l.arrows.size() >= 10);
  CHECK(l.arrows.size() <= 20);
  CHECK(l.culled + l.arrows.size() == 10000);
  CHECK(l.arrows.front().y2 >= kHeaderPx - 30);
}

TEST_CASE("arrows closer than a few pixels fold into one xN glyph", "[ui][layout]") {
  // Three duplicates 0.1 ms apart: at fit zoom they are a fraction of a pixel apart.
  trace::Trace t = test::normal_lesson();
  trace::Trace u;
  for (std::size_t i = 0; i < t.segments.size(); ++i) {
    test::push(u, t.segments[i]);
    if (i == 3) {
      for (int k = 1; k <= 2; ++k) {
        trace::Segment copy = t.segments[3];
        copy.sent += Duration(100 * k);
        copy.arrive += Duration(100 * k);
        copy.copy_of = 3;
        test::push(u, copy);
      }
    }
  }
  u.transitions = t.transitions;
  u.end = t.end;
  const Laid l = lay_out(std::move(u));
  CHECK(l.layout.arrows.size() == 9);
  CHECK(l.layout.arrows[3].folded == 3);
  CHECK(l.layout.arrows[2].folded == 1);
  // Zoomed far in they separate again.
  trace::Trace again = l.trace;
  const Laid z = lay_out(std::move(again), 600, 400.0, 299.9);
  bool separate = false;
  for (const Arrow& a : z.layout.arrows) separate = separate || (a.segment == 4 && a.folded == 1);
  CHECK(separate);
}

TEST_CASE("hit testing finds the arrow and its arrival handle", "[ui][layout]") {
  const Laid l = lay_out(test::normal_lesson());
  const Arrow& a = l.layout.arrows[3];  // the data segment
  const float mx = (a.x1 + a.x2) / 2, my = (a.y1 + a.y2) / 2;
  Hit h = hit_test(l.layout, mx, my + 2);
  CHECK(h.part == HitPart::Arrow);
  CHECK(h.segment == 3);
  h = hit_test(l.layout, a.x2 - 3, a.y2 - 1);
  CHECK(h.part == HitPart::ArrivalHandle);
  CHECK(h.segment == 3);
  h = hit_test(l.layout, mx, my + 200);
  CHECK(h.part != HitPart::Arrow);
  CHECK(hit_test(l.layout, 1, 1).part == HitPart::None);
}

TEST_CASE("the layout snapshot is the JSON window.tcpviz.layout() returns", "[ui][layout]") {
  const Laid l = lay_out(test::normal_lesson());
  const std::string j = snapshot_json(snapshot_of(l.layout));
  CHECK(j.rfind("{\"canvas\":{\"width\":800.0,\"height\":600.0},\"segments\":[{\"id\":0,", 0) == 0);
  CHECK(j.find("\"state\":\"SYN-SENT\"") != std::string::npos);
  CHECK(j.find("\"who\":\"server\"") != std::string::npos);
}
