// Many generated scenarios (random calls, faults, injections, links): the simulator must
// finish every one, deterministically, with a trace that keeps its own promises (sorted by
// time, ids in order, every `conn` a known connection).
#include <catch2/catch.hpp>

#include "core/sim/prng.hpp"
#include "tests/core/sim_test_helpers.hpp"

using namespace sim_test;
using scenario::MatchKind;

namespace {

scenario::Scenario random_scenario(sim::Xoshiro256& r) {
  scenario::Scenario s = base_scenario();
  s.seed = r.next();
  if (r.below(2) == 0) s.sides[0].isn.clear();
  if (r.below(3) == 0) s.overrides.time_wait = from_ms(static_cast<std::int64_t>(r.below(3000)));
  for (scenario::LinkDirection& d : s.link) {
    d.delay = from_ms(static_cast<std::int64_t>(r.below(200)));
    d.jitter = from_ms(static_cast<std::int64_t>(r.below(3) == 0 ? r.below(50) : 0));
    d.loss_pct = r.below(3) == 0 ? static_cast<double>(r.below(40)) : 0.0;
    d.duplicate_pct = r.below(4) == 0 ? static_cast<double>(r.below(20)) : 0.0;
  }
  const int actions = 1 + static_cast<int>(r.below(10));
  for (int i = 0; i < actions; ++i) {
    const auto who = static_cast<Side>(r.below(2));
    const auto call = static_cast<Call>(r.below(7));
    if (r.below(3) == 0) {
      s.actions.push_back(on(static_cast<Side>(r.below(2)),
                             static_cast<scenario::TriggerEvent>(r.below(4)),
                             static_cast<std::int64_t>(r.below(500)), who, call,
                             static_cast<std::uint32_t>(r.below(5000))));
    } else {
      s.actions.push_back(at(static_cast<std::int64_t>(r.below(3000)), who, call,
                             static_cast<std::uint32_t>(r.below(5000))));
    }
  }
  // The usual lesson start, most of the time, so connections really happen.
  if (r.below(4) != 0) {
    s.actions.push_back(at(0, Side::Server, Call::Listen));
    s.actions.push_back(at(0, Side::Client, Call::Connect));
  }
  const int faults = static_cast<int>(r.below(4));
  for (int i = 0; i < faults; ++i) {
    scenario::Fault f;
    if (r.below(4) == 0) {
      scenario::Inject inj;
      inj.from = static_cast<Side>(r.below(2));
      inj.flags = static_cast<std::uint16_t>(r.below(32));
      inj.seq = scenario::SeqExpr{static_cast<scenario::SeqExpr::Var>(r.below(6)),
                                  static_cast<std::int64_t>(r.below(4000)) - 2000, ""};
      inj.len = static_cast<std::uint32_t>(r.below(3) == 0 ? r.below(100) : 0);
      inj.arrive = from_ms(static_cast<std::int64_t>(r.below(3000)));
      if (r.below(3) == 0) inj.conn = static_cast<std::uint32_t>(r.below(3));
      f.inject = inj;
    } else {
      scenario::SegmentMatch m =
          match(static_cast<Side>(r.below(2)), static_cast<MatchKind>(r.below(7)),
                r.below(2) == 0 ? std::optional<std::uint32_t>{}
                                : std::optional<std::uint32_t>(1 + r.below(3)));
      m.exact_flags = static_cast<std::uint16_t>(r.below(32) & 0x17);
      f.match = m;
      const auto what = r.below(3);
      f.drop = what == 0;
      if (what == 1) f.delay = from_ms(static_cast<std::int64_t>(r.below(2000)));
      if (what == 2) f.duplicate = 1 + static_cast<std::uint32_t>(r.below(3));
    }
    s.faults.push_back(f);
  }
  return s;
}

}  // namespace

TEST_CASE("Generated scenarios run to an end with a well-formed trace", "[sim][random]") {
  sim::SplitMix64 seeder(2026);
  sim::Xoshiro256 r(seeder);
  sim::Simulator simulator;
  trace::Trace t;
  for (int n = 0; n < 300; ++n) {
    const scenario::Scenario s = random_scenario(r);
    simulator.run(s, t);
    INFO("scenario " << n);
    const auto conns = static_cast<std::uint32_t>(t.conns.size());
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
      const trace::Segment& x = t.segments[i];
      REQUIRE(x.id == i);
      REQUIRE(x.conn < conns);
      if (i > 0) REQUIRE(t.segments[i - 1].sent <= x.sent);
      REQUIRE(x.arrive >= x.sent);
      if (x.copy_of) REQUIRE(*x.copy_of < x.id);
      if (x.fate == trace::Fate::InFlight) REQUIRE(x.arrive > t.end);
      REQUIRE(x.sent <= t.end);
    }
    for (std::size_t i = 1; i < t.transitions.size(); ++i) {
      REQUIRE(t.transitions[i - 1].t <= t.transitions[i].t);
    }
    // A listener's own transitions carry the next number, which may be conns itself.
    for (const trace::Transition& x : t.transitions) REQUIRE(x.conn <= conns);
    for (const trace::Timer& x : t.timers) {
      REQUIRE(x.conn <= conns);
      if (x.end != trace::TimerEnd::Pending) REQUIRE(x.end_t >= x.armed);
    }
    for (std::size_t i = 1; i < t.app_events.size(); ++i) {
      REQUIRE(t.app_events[i - 1].t <= t.app_events[i].t);
    }
    for (const trace::Decision& d : t.decisions) {
      if (d.segment) REQUIRE(*d.segment < t.segments.size());
    }
    REQUIRE(t.end <= scenario::kRunCap);
  }
}
