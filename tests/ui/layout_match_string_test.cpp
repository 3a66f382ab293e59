// Fault rules made from clicks must pick exactly the clicked segment, counted the way
// SCENARIO_FORMAT.md counts ("the n-th segment from that side that matches the kind and every
// filter, 1-based, retransmissions included").
#include <catch2/catch.hpp>

#include "tests/ui/layout_fixtures.hpp"
#include "ui/model/fault_match.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;
using F = wire::TcpFlags;

namespace {

std::string text_for(const trace::Trace& t, std::uint32_t id, bool every = false) {
  const auto m = match_for(t, id, every);
  return m ? m->text : std::string("<none>");
}

}  // namespace

TEST_CASE("each handshake segment is the first of its kind", "[ui][match]") {
  const trace::Trace t = test::normal_lesson();
  CHECK(text_for(t, 0) == "client SYN #1");
  CHECK(text_for(t, 1) == "server SYN|ACK #1");
  CHECK(text_for(t, 2) == "client ACK #1");
  CHECK(text_for(t, 3) == "client data #1");
  CHECK(text_for(t, 4) == "server ACK #1");
  CHECK(text_for(t, 5) == "client FIN #1");
  CHECK(text_for(t, 6) == "server ACK #2");
  CHECK(text_for(t, 7) == "server FIN #1");
  // The format's own example: the client's ACK of the server's FIN in a connection without
  // data is "client ACK #1 ack=2"; here data came first, so it is the client's second pure ACK.
  CHECK(text_for(t, 8) == "client ACK #2");
  const auto m = match_for(t, 8);
  REQUIRE(m);
  CHECK(m->side == trace::Side::Client);
  CHECK(m->kind == scenario::MatchKind::Ack);
  CHECK(m->nth == 2u);
}

TEST_CASE("a retransmission counts: the second SYN is SYN #2", "[ui][match]") {
  trace::Trace t;
  test::push(t, test::make_segment(trace::Side::Client, F::kSyn, 0, std::nullopt, 0, 0, 50));
  auto again = test::make_segment(trace::Side::Client, F::kSyn, 0, std::nullopt, 0, 1000, 1050);
  again.retransmission = true;
  test::push(t, again);
  CHECK(text_for(t, 1) == "client SYN #2");
}

TEST_CASE("a FIN carrying data is counted among data segments", "[ui][match]") {
  trace::Trace t;
  test::push(t, test::make_segment(trace::Side::Client, F::kFin | F::kAck, 1, 1, 10, 0, 50));
  test::push(t, test::make_segment(trace::Side::Client, F::kPsh | F::kAck, 11, 1, 10, 60, 90));
  CHECK(text_for(t, 0) == "client FIN #1");
  CHECK(text_for(t, 1) == "client data #2");
}

TEST_CASE("several connections add conn=N and count within it", "[ui][match]") {
  trace::Trace t;
  test::push(t, test::make_segment(trace::Side::Client, F::kSyn, 0, std::nullopt, 0, 0, 50));
  auto second = test::make_segment(trace::Side::Client, F::kSyn, 0, std::nullopt, 0, 500, 550);
  second.conn = 1;
  test::push(t, second);
  CHECK(text_for(t, 0) == "client SYN #1 conn=0");
  CHECK(text_for(t, 1) == "client SYN #1 conn=1");
}

TEST_CASE("network copies and injected segments get no rule", "[ui][match]") {
  trace::Trace t = test::normal_lesson();
  t.segments[4].copy_of = 3;
  t.segments[5].injected = true;
  CHECK(text_for(t, 4) == "<none>");
  CHECK(text_for(t, 5) == "<none>");
  CHECK(text_for(t, 99) == "<none>");
}

TEST_CASE("drop every one like this uses *", "[ui][match]") {
  const trace::Trace t = test::normal_lesson();
  CHECK(text_for(t, 8, true) == "client ACK *");
}

TEST_CASE("clicking a segment drops it; clicking it again removes the rule", "[ui][match]") {
  trace::Trace t = test::normal_lesson();
  scenario::Scenario s;
  auto c = toggle_drop_command(s, t, 1);
  REQUIRE(c);
  REQUIRE(std::holds_alternative<AddFault>(*c));
  const scenario::Fault& f = std::get<AddFault>(*c).fault;
  CHECK(f.drop);
  REQUIRE(f.match);
  CHECK(f.match->text == "server SYN|ACK #1");
  // After the re-run the SYN-ACK shows as dropped by rule 0.
  s.faults.push_back(f);
  t.segments[1].fate = trace::Fate::Dropped;
  t.segments[1].fault = 0;
  c = toggle_drop_command(s, t, 1);
  REQUIRE(c);
  REQUIRE(std::holds_alternative<RemoveFault>(*c));
  CHECK(std::get<RemoveFault>(*c).index == 0);
}

TEST_CASE("dragging the arrival end delays; again replaces; to zero removes", "[ui][match]") {
  const trace::Trace t = test::normal_lesson();
  scenario::Scenario s;
  auto c = delay_command(s, t, 5, from_ms(300));
  REQUIRE(c);
  REQUIRE(std::holds_alternative<AddFault>(*c));
  CHECK(std::get<AddFault>(*c).fault.delay == from_ms(300));
  CHECK(std::get<AddFault>(*c).fault.match->text == "client FIN #1");
  s.faults.push_back(std::get<AddFault>(*c).fault);
  c = delay_command(s, t, 5, from_ms(500));
  REQUIRE(c);
  REQUIRE(std::holds_alternative<ReplaceFault>(*c));
  CHECK(std::get<ReplaceFault>(*c).fault.delay == from_ms(500));
  c = delay_command(s, t, 5, Duration::zero());
  REQUIRE(c);
  CHECK(std::holds_alternative<RemoveFault>(*c));
}
