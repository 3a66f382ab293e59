// Golden traces: every built-in lesson under every profile, compared line by line with
// tests/golden/<id>.<profile>.txt (the stable text form of trace_text.hpp). The same test runs
// natively and as wasm under node, which proves both builds produce identical traces.
// TCPVIZ_UPDATE_GOLDEN=1 rewrites the files; read the diff before committing it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "core/trace/trace_text.hpp"

#ifndef TCPVIZ_SOURCE_DIR
#define TCPVIZ_SOURCE_DIR "."
#endif

using namespace tcpviz;

namespace {

std::string golden_path(std::string_view id, std::string_view profile) {
  return std::string(TCPVIZ_SOURCE_DIR) + "/tests/golden/" + std::string(id) + "." +
         std::string(profile) + ".txt";
}

bool read_text(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// The first line where the two texts differ, for a readable failure.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ea = !std::getline(a, la);
    bool eb = !std::getline(b, lb);
    if (ea && eb) return "identical";
    if (ea || eb || la != lb) {
      return "line " + std::to_string(line) + "\n  golden: " + (ea ? "<end>" : la) +
             "\n  now:    " + (eb ? "<end>" : lb);
    }
  }
}

}  // namespace

TEST_CASE("golden traces of every preset under every profile", "[golden]") {
  const char* update_env = std::getenv("TCPVIZ_UPDATE_GOLDEN");
  const bool update = update_env != nullptr && std::string_view(update_env) == "1";
  for (const scenario::Preset& p : scenario::presets()) {
    for (std::string_view profile : {"rfc", "linux", "linux-classic"}) {
      auto s = scenario::parse_scenario(p.json);
      REQUIRE(s.ok());
      s->profile_name = std::string(profile);
      std::string got = trace::trace_to_text(sim::run(*s));
      std::string path = golden_path(p.id, profile);
      INFO(path);
      if (update) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        REQUIRE(out.good());
        out << got;
        continue;
      }
      std::string want;
      REQUIRE(read_text(path, want));
      INFO(first_difference(want, got));
      CHECK(want == got);
    }
  }
}
