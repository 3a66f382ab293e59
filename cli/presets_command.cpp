// `tcpviz-cli presets [--json] [--lang en|zh]`: the built-in lessons.
#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/scenario/presets.hpp"

namespace tcpviz::cli {

int presets_command(int argc, char** argv) {
  bool json = false;
  bool zh = false;
  bool questions = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--zh") {
      zh = true;
    } else if (a == "--questions") {
      questions = true;
    } else {
      std::fprintf(stderr, "error: presets: unknown argument '%s' (expected --json, --zh or --questions)\n", argv[i]);
      return 2;
    }
  }
  if (json) {
    // SCENARIO_FORMAT.md: an array of { id, title: { en, zh } }, as window.tcpviz.presets().
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const scenario::Preset& p : scenario::presets()) {
      nlohmann::ordered_json e;
      e["id"] = p.id;
      e["title"] = {{"en", p.title_en}, {"zh", p.title_zh}};
      out.push_back(std::move(e));
    }
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    return 0;
  }
  std::size_t width = 0;
  for (const scenario::Preset& p : scenario::presets()) width = std::max(width, p.id.size());
  for (const scenario::Preset& p : scenario::presets()) {
    std::string_view title = zh ? p.title_zh : p.title_en;
    std::printf("%-*.*s  %.*s\n", static_cast<int>(width), static_cast<int>(p.id.size()), p.id.data(),
                static_cast<int>(title.size()), title.data());
    if (questions) {
      std::string_view q = zh ? p.question_zh : p.question_en;
      std::printf("%*s  %.*s\n", static_cast<int>(width), "", static_cast<int>(q.size()), q.data());
    }
  }
  return 0;
}

}  // namespace tcpviz::cli
