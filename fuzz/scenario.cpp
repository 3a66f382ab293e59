// Fuzz target: parse_scenario on arbitrary bytes must never crash; whatever it accepts must
// survive scenario_to_json and parse back to an equal scenario (parse.hpp's round trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/scenario/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = tcpviz::scenario::parse_scenario(text);
  if (!s) return 0;
  auto again = tcpviz::scenario::parse_scenario(tcpviz::scenario::scenario_to_json(*s));
  if (!again || !(*again == *s)) std::abort();
  return 0;
}
