// Template filling for narration texts: "{who}", "{peer}", "{state}", "{n}" ... replaced by
// values. Small on purpose: no formatting library in the wasm build.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace tcpviz::ui::narration {

inline std::string fill(std::string_view tmpl,
                        std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      const std::size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view key = tmpl.substr(i + 1, close - i - 1);
        bool found = false;
        for (const auto& [k, v] : values) {
          if (k == key) {
            out += v;
            found = true;
            break;
          }
        }
        if (found) {
          i = close + 1;
          continue;
        }
      }
    }
    out += tmpl[i++];
  }
  return out;
}

}  // namespace tcpviz::ui::narration
