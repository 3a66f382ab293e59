#include "cli/input.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"

namespace tcpviz::cli {
namespace {

// Larger than any scenario parse_scenario accepts, so its own size message is what a user
// sees for a big file, while a huge file is not read whole.
constexpr std::size_t kMaxRead = 4'000'000;

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<std::string> read_stream(std::istream& in, const std::string& label) {
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxRead) return Error{label + ": file too large"};
  }
  if (in.bad()) return Error{label + ": read error"};
  return text;
}

}  // namespace

Result<LoadedScenario> load_scenario(const std::string& source) {
  std::string label;
  std::string text;
  if (source == "-") {
    label = "<stdin>";
    auto t = read_stream(std::cin, label);
    if (!t) return t.error();
    text = std::move(*t);
  } else if (is_regular_file(source)) {
    label = source;
    std::ifstream in(source, std::ios::binary);
    if (!in) return Error{label + ": cannot open"};
    auto t = read_stream(in, label);
    if (!t) return t.error();
    text = std::move(*t);
  } else if (const scenario::Preset* p = scenario::find_preset(source)) {
    label = "preset " + std::string(p->id);
    text = std::string(p->json);
  } else {
    return Error{source + ": no such file or preset (see `tcpviz-cli presets`)"};
  }
  auto s = scenario::parse_scenario(text);
  if (!s) return Error{label + ": " + s.error().message};
  return LoadedScenario{std::move(*s), std::move(label)};
}

}  // namespace tcpviz::cli
