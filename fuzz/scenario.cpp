// Fuzz target: parse_scenario on arbitrary bytes must never crash; whatever it accepts must
// survive scenario_to_json and parse back to an equal scenario (parse.hpp's round trip), and
// must run in the simulator (cut to 20 s of simulated time so one input stays fast) to a trace
// whose lists are sorted by time (SCENARIO_FORMAT.md "Lists are sorted by time").
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/scenario/parse.hpp"
#include "core/sim/simulator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = tcpviz::scenario::parse_scenario(text);
  if (!s) return 0;
  auto again = tcpviz::scenario::parse_scenario(tcpviz::scenario::scenario_to_json(*s));
  if (!again || !(*again == *s)) std::abort();

  constexpr tcpviz::Duration kFuzzUntil = std::chrono::seconds(20);
  if (!s->until || *s->until > kFuzzUntil) s->until = kFuzzUntil;
  const tcpviz::trace::Trace t = tcpviz::sim::run(*s);
  if (t.end > kFuzzUntil) std::abort();
  for (std::size_t i = 1; i < t.segments.size(); ++i) {
    if (t.segments[i].sent < t.segments[i - 1].sent) std::abort();
  }
  for (std::size_t i = 1; i < t.transitions.size(); ++i) {
    if (t.transitions[i].t < t.transitions[i - 1].t) std::abort();
  }
  return 0;
}
