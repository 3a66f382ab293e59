// Scenario links (SCENARIO_FORMAT.md, "Links and embedding"): the page's URL hash is
// `#<base64url of a scenario JSON>`, RFC 4648 section 5 (alphabet A-Z a-z 0-9 - _), written
// without padding; '=' padding is accepted when reading.
#pragma once

#include <string>
#include <string_view>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"

namespace tcpviz::scenario {

// A hash longer than this is refused before decoding (about 750 KB of JSON).
inline constexpr std::size_t kMaxLinkChars = 1'000'000;

std::string base64url_encode(std::string_view bytes);
Result<std::string> base64url_decode(std::string_view text);

// The hash text (without '#') for a scenario: base64url of scenario_to_json(s).
std::string scenario_to_link(const Scenario& s);
// A hash (a leading '#' is allowed) back to a validated scenario; errors say whether the
// base64url or the scenario inside was wrong.
Result<Scenario> scenario_from_link(std::string_view hash);

}  // namespace tcpviz::scenario
