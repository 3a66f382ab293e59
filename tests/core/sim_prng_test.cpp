// The simulator's own generator and event agenda (DESIGN.md core/sim: never std::
// distributions; at one instant arrivals, then timers, then actions).
#include <catch2/catch.hpp>

#include <cstdint>

#include "core/sim/event_queue.hpp"
#include "core/sim/prng.hpp"

using namespace tcpviz;
using namespace tcpviz::sim;

TEST_CASE("SplitMix64 gives the reference sequence for seed 0", "[sim][prng]") {
  // Vigna's splitmix64.c, state 0: first outputs.
  SplitMix64 sm(0);
  CHECK(sm.next() == 0xe220a8397b1dcdafull);
  CHECK(sm.next() == 0x6e789e6aa1b965f4ull);
  CHECK(sm.next() == 0x06c45d188009454full);
}

TEST_CASE("xoshiro256** streams are repeatable and differ by seed", "[sim][prng]") {
  SplitMix64 s1(7), s2(7), s3(8);
  Xoshiro256 a(s1), b(s2), c(s3);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.next();
    CHECK(x == b.next());
    differs = differs || x != c.next();
  }
  CHECK(differs);
}

TEST_CASE("below(n) stays in range and reaches both ends", "[sim][prng]") {
  SplitMix64 s(1);
  Xoshiro256 r(s);
  bool saw_zero = false, saw_top = false;
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t v = r.below(11);
    REQUIRE(v <= 10);
    saw_zero = saw_zero || v == 0;
    saw_top = saw_top || v == 10;
  }
  CHECK(saw_zero);
  CHECK(saw_top);
  CHECK(r.below(1) == 0);
}

TEST_CASE("chance_ppm: 0 never, 1e6 always, 25% about a quarter", "[sim][prng]") {
  SplitMix64 s(3);
  Xoshiro256 r(s);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) {
    REQUIRE_FALSE(r.chance_ppm(0));
    REQUIRE(r.chance_ppm(kMillion));
    if (r.chance_ppm(percent_to_ppm(25.0))) ++hits;
  }
  CHECK(hits > 24000);
  CHECK(hits < 26000);
}

TEST_CASE("percent_to_ppm rounds to parts per million and clamps", "[sim][prng]") {
  CHECK(percent_to_ppm(0) == 0);
  CHECK(percent_to_ppm(-5) == 0);
  CHECK(percent_to_ppm(100) == kMillion);
  CHECK(percent_to_ppm(250) == kMillion);
  CHECK(percent_to_ppm(12.5) == 125000);
  CHECK(percent_to_ppm(0.0001) == 1);
}

TEST_CASE("Same instant: arrivals, then timer expiries, then actions, each in scheduling order",
          "[sim][queue]") {
  EventQueue q;
  const Time t = from_ms(100);
  q.push(t, EventKind::Action, 1);
  q.push(t, EventKind::Timer, 2);
  q.push(t, EventKind::Arrival, 3);
  q.push(from_ms(50), EventKind::Action, 4);
  q.push(t, EventKind::Inject, 5);
  q.push(t, EventKind::Arrival, 6);
  q.push(t, EventKind::Timer, 7);
  q.push(t, EventKind::Action, 8);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().index);
  // 4 is earlier; then at 100 ms: arrivals (3, the injection 5, 6 in scheduling order),
  // timers (2, 7), actions (1, 8).
  CHECK(order == std::vector<std::uint32_t>{4, 3, 5, 6, 2, 7, 1, 8});
}
