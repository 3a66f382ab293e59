// The project's own pseudo-random generator (DESIGN.md, core/sim): the same bits on every
// platform and standard library, which std:: distributions do not promise (libstdc++ and
// libc++ turn the same engine output into different numbers). Every random decision of the
// simulator is made here with integer arithmetic only; floating point never decides.
#pragma once

#include <cstdint>

namespace tcpviz::sim {

// SplitMix64 (Steele, Lea, Flood 2014): spreads one 64-bit seed into well-mixed words, the
// seeding procedure the xoshiro authors recommend.
class SplitMix64 {
 public:
  constexpr explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  constexpr std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// xoshiro256** 1.0 (Blackman, Vigna): one independent stream per link direction and one for
// the ISN and timestamp secrets.
class Xoshiro256 {
 public:
  constexpr Xoshiro256() = default;
  constexpr explicit Xoshiro256(SplitMix64& seeder) { seed(seeder); }
  constexpr void seed(SplitMix64& seeder) {
    for (std::uint64_t& word : s_) word = seeder.next();
  }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, bound) for bound >= 1, by rejection of the biased low range (exact, and
  // no 128-bit arithmetic, which the wasm32 target handles slowly).
  constexpr std::uint64_t below(std::uint64_t bound) {
    if (bound <= 1) return 0;
    const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    while (true) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % bound;
    }
  }

  // True with probability ppm / 1,000,000 (parts per million, 0..1,000,000). The draw is an
  // integer in [0, 1e6) made by multiply-and-shift of the top 32 bits.
  constexpr bool chance_ppm(std::uint32_t ppm) {
    const std::uint64_t top = next() >> 32;
    const std::uint64_t draw = (top * 1000000ull) >> 32;  // in [0, 1e6)
    return draw < ppm;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4]{};
};

inline constexpr std::uint32_t kPpmPerPercent = 10000;
inline constexpr std::uint32_t kMillion = 1000000;

// A percentage from a scenario (0..100, fractions allowed) as parts per million. The one
// floating-point step happens here, once per run, and is exact-rounded IEEE arithmetic, so it
// gives the same integer everywhere; the decisions that use it are integer-only.
std::uint32_t percent_to_ppm(double pct);

}  // namespace tcpviz::sim
