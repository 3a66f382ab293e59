// Fuzz target: the page's URL hash (#<base64url of a scenario JSON>). Decoding never crashes;
// decoded bytes re-encode to the canonical form of the input; an accepted scenario's link
// opens the same scenario.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/scenario/link.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tcpviz::scenario;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bytes = base64url_decode(text);
  if (bytes) {
    std::string canon(text);
    while (!canon.empty() && canon.back() == '=') canon.pop_back();
    if (base64url_encode(*bytes) != canon) std::abort();
  }
  auto s = scenario_from_link(text);
  if (s) {
    auto back = scenario_from_link(scenario_to_link(*s));
    if (!back || !(*back == *s)) std::abort();
  }
  return 0;
}
