// One direction of the simulated link (SCENARIO_FORMAT.md "link"): its one-way delay, jitter,
// random loss and random duplication, each drawn from that direction's own PRNG stream so
// the other direction's traffic never shifts its draws.
#pragma once

#include <cstdint>

#include "core/scenario/scenario.hpp"
#include "core/sim/prng.hpp"
#include "core/util/time.hpp"

namespace tcpviz::sim {

// What the link does to one segment, before scripted rules are considered.
struct LinkDraw {
  Duration delay{};      // one-way delay plus this segment's jitter
  bool lost = false;     // random loss
  bool duplicated = false;  // random duplication: one extra copy
};

// Random duplicates arrive this long after the original (the format's default `gap_ms`).
inline constexpr Duration kRandomDuplicateGap = std::chrono::milliseconds(1);

class Link {
 public:
  // `stream` is this direction's PRNG freshly seeded for the run; a link without randomness
  // never draws from it, so it is copied only when there is randomness.
  void reset(const scenario::LinkDirection& config, const Xoshiro256& stream);
  // Draws the fate of the next segment on this direction. The three draws are made for every
  // segment (whenever any randomness is configured) whether or not a scripted rule then
  // overrides them, so adding a rule for one segment does not reshuffle the fates of the
  // others: a student's "what if this one were lost" changes only that one.
  // Inline for the common case of a link without randomness (the lessons): then only the
  // delay applies and no stream is drawn from.
  LinkDraw draw() {
    if (!random_) return LinkDraw{delay_, false, false};
    return draw_random();
  }

 private:
  LinkDraw draw_random();
  // The config the percentages were last converted from (reset() with the same config, the
  // usual re-run, skips the double arithmetic).
  scenario::LinkDirection config_{};
  bool converted_ = false;
  Duration delay_{};
  std::uint64_t jitter_us_ = 0;
  std::uint32_t loss_ppm_ = 0;
  std::uint32_t duplicate_ppm_ = 0;
  bool random_ = false;
  Xoshiro256 rng_;
};

}  // namespace tcpviz::sim
