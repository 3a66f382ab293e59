// What the UI tests share: a lesson (a preset) run under a profile, and what the narration
// says at a moment. One copy here instead of one per test file.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui::testing {

inline constexpr const char* kProfiles[] = {"rfc", "linux", "linux-classic"};

// The preset `id` as the page loads it, with its profile replaced by `profile`.
inline trace::Trace run_lesson(std::string_view id, std::string_view profile = "linux") {
  const scenario::Preset* p = scenario::find_preset(id);
  REQUIRE(p != nullptr);
  auto s = scenario::parse_scenario(p->json);
  REQUIRE(s.ok());
  s->profile_name = std::string(profile);
  return sim::run(*s);
}

// Every line the narration shows at `at`, one per line.
inline std::string said(const trace::Trace& t, Time at, Language lang) {
  const auto n = narration::narrate(t, at, lang, false);
  std::string all;
  for (const auto& l : n.lines) all += l.text + "\n";
  return all;
}

inline bool has(const std::string& text, std::string_view words) {
  return text.find(words) != std::string::npos;
}

}  // namespace tcpviz::ui::testing
