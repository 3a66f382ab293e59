// The built-in lessons. Each answers one question from the lecture material, in English
// and Chinese, and is an ordinary scenario (so it can be edited, saved and shared).
#pragma once

#include <span>
#include <string_view>

namespace tcpviz::scenario {

struct Preset {
  std::string_view id;           // short kebab-case: "normal", "syn-lost", ...
  std::string_view title_en;
  std::string_view title_zh;
  std::string_view question_en;  // the question it answers
  std::string_view question_zh;
  std::string_view json;         // the scenario
};

std::span<const Preset> presets();
const Preset* find_preset(std::string_view id);

}  // namespace tcpviz::scenario
