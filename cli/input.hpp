// Where a scenario comes from on the command line: a file, "-" (stdin) or a preset id.
// File reading lives here, never in core/ (DESIGN.md: the core sees bytes, not paths).
#pragma once

#include <string>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"

namespace tcpviz::cli {

struct LoadedScenario {
  scenario::Scenario scenario;
  std::string label;  // for messages: the file name, "<stdin>" or "preset <id>"
};

// Errors read "<label>: /pointer: reason" (what `error: ` is prefixed to).
Result<LoadedScenario> load_scenario(const std::string& source);

}  // namespace tcpviz::cli
