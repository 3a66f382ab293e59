#include "core/sim/link.hpp"

#include <cmath>

namespace tcpviz::sim {

std::uint32_t percent_to_ppm(double pct) {
  if (!(pct > 0)) return 0;  // also NaN
  if (pct >= 100) return kMillion;
  const long long ppm = std::llround(pct * static_cast<double>(kPpmPerPercent));
  if (ppm <= 0) return 0;
  if (ppm >= static_cast<long long>(kMillion)) return kMillion;
  return static_cast<std::uint32_t>(ppm);
}

void Link::reset(const scenario::LinkDirection& config, const Xoshiro256& stream) {
  if (!converted_ || !(config == config_)) {
    converted_ = true;
    config_ = config;
    delay_ = config.delay.count() > 0 ? config.delay : Duration{};
    jitter_us_ =
        config.jitter.count() > 0 ? static_cast<std::uint64_t>(config.jitter.count()) : 0;
    loss_ppm_ = percent_to_ppm(config.loss_pct);
    duplicate_ppm_ = percent_to_ppm(config.duplicate_pct);
    random_ = jitter_us_ != 0 || loss_ppm_ != 0 || duplicate_ppm_ != 0;
  }
  if (random_) rng_ = stream;
}

LinkDraw Link::draw_random() {
  LinkDraw d;
  d.delay = delay_;
  // Fixed draw order: loss, duplication, jitter.
  d.lost = rng_.chance_ppm(loss_ppm_);
  d.duplicated = rng_.chance_ppm(duplicate_ppm_);
  // Uniform whole microseconds in [0, jitter].
  d.delay += Duration(static_cast<std::int64_t>(rng_.below(jitter_us_ + 1)));
  return d;
}

}  // namespace tcpviz::sim
