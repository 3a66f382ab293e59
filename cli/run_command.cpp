// `tcpviz-cli run <scenario.json | - | preset-id> [options]`: runs a scenario in the
// simulator and prints its trace. `tcpviz-cli scenario <...> [--link]`: prints the scenario
// with its defaults filled in (or its URL hash).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/input.hpp"
#include "core/scenario/link.hpp"
#include "core/scenario/parse.hpp"
#include "core/sim/simulator.hpp"
#include "core/tcp/profile.hpp"
#include "core/trace/trace_json.hpp"
#include "core/trace/trace_text.hpp"

namespace tcpviz::cli {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 2;
}

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    std::uint64_t next = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (next / 10 != v) return false;  // overflow
    v = next;
  }
  out = v;
  return true;
}

struct RunOptions {
  std::string source;
  enum class Format { Json, Pretty, Text } format = Format::Json;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> profile;
  std::vector<std::string> faults;
  std::optional<std::uint64_t> until_ms;
  bool link = false;  // scenario command only
};

// Parses the shared options; `error` set on failure.
std::optional<RunOptions> parse_options(int argc, char** argv, bool run, std::string& error) {
  RunOptions o;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        error = std::string(name) + " needs a value";
        return nullptr;
      }
      return argv[++i];
    };
    if (a == "--json") {
      o.format = RunOptions::Format::Json;
    } else if (a == "--pretty") {
      o.format = RunOptions::Format::Pretty;
    } else if (a == "--text" && run) {
      o.format = RunOptions::Format::Text;
    } else if (a == "--link" && !run) {
      o.link = true;
    } else if (a == "--seed") {
      const char* v = value("--seed");
      if (!v) return std::nullopt;
      std::uint64_t n = 0;
      if (!parse_u64(v, n)) {
        error = "--seed '" + std::string(v) + "': expected a number from 0 to 18446744073709551615";
        return std::nullopt;
      }
      o.seed = n;
    } else if (a == "--until") {
      const char* v = value("--until");
      if (!v) return std::nullopt;
      std::uint64_t n = 0;
      if (!parse_u64(v, n) || n > 3'600'000) {
        error = "--until '" + std::string(v) + "': expected milliseconds from 0 to 3600000";
        return std::nullopt;
      }
      o.until_ms = n;
    } else if (a == "--profile") {
      const char* v = value("--profile");
      if (!v) return std::nullopt;
      o.profile = v;
    } else if (a == "--fault") {
      const char* v = value("--fault");
      if (!v) return std::nullopt;
      o.faults.emplace_back(v);
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      error = "unknown option '" + std::string(a) + "' (see tcpviz-cli --help)";
      return std::nullopt;
    } else if (o.source.empty()) {
      o.source = std::string(a);
    } else {
      error = "more than one scenario given ('" + o.source + "' and '" + std::string(a) + "')";
      return std::nullopt;
    }
  }
  if (o.source.empty()) {
    error = "no scenario given (a file, - for stdin, or a preset id)";
    return std::nullopt;
  }
  return o;
}

// Loads the scenario and applies the command-line overrides.
std::optional<scenario::Scenario> prepare(const RunOptions& o, std::string& error) {
  auto loaded = load_scenario(o.source);
  if (!loaded) {
    error = loaded.error().message;
    return std::nullopt;
  }
  scenario::Scenario s = std::move(loaded->scenario);
  if (o.seed) s.seed = *o.seed;
  if (o.until_ms) s.until = from_ms(static_cast<std::int64_t>(*o.until_ms));
  if (o.profile) {
    if (!tcp::profile_by_name(*o.profile)) {
      error = "--profile '" + *o.profile + "': unknown profile (expected rfc, linux or linux-classic)";
      return std::nullopt;
    }
    s.profile_name = *o.profile;
  }
  for (const std::string& text : o.faults) {
    if (s.faults.size() >= 1000) {
      error = "--fault: too many fault rules (at most 1000)";
      return std::nullopt;
    }
    auto f = scenario::parse_fault_flag(text);
    if (!f) {
      error = "--fault '" + text + "': " + f.error().message;
      return std::nullopt;
    }
    s.faults.push_back(std::move(*f));
  }
  // Whatever the flags did, the scenario must still be one a file could hold.
  auto again = scenario::parse_scenario(scenario::scenario_to_json(s));
  if (!again) {
    error = "scenario after the command-line options: " + again.error().message;
    return std::nullopt;
  }
  return s;
}

}  // namespace

int run_command(int argc, char** argv) {
  std::string error;
  auto o = parse_options(argc, argv, /*run=*/true, error);
  if (!o) return fail("run: " + error);
  auto s = prepare(*o, error);
  if (!s) return fail(error);
  trace::Trace t = sim::run(*s);
  std::string out;
  switch (o->format) {
    case RunOptions::Format::Json: out = trace::trace_to_json(t, &*s); break;
    case RunOptions::Format::Pretty: out = trace::trace_to_json(t, &*s, 2); break;
    case RunOptions::Format::Text: out = trace::trace_to_text(t); break;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "error: run: cannot write the trace\n");
    return 1;
  }
  return 0;
}

int scenario_command(int argc, char** argv) {
  std::string error;
  auto o = parse_options(argc, argv, /*run=*/false, error);
  if (!o) return fail("scenario: " + error);
  auto s = prepare(*o, error);
  if (!s) return fail(error);
  std::string out;
  if (o->link) {
    out = "#" + scenario::scenario_to_link(*s);
  } else if (o->format == RunOptions::Format::Pretty) {
    out = nlohmann::ordered_json::parse(scenario::scenario_to_json(*s), nullptr, false)
              .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } else {
    out = scenario::scenario_to_json(*s);
  }
  std::printf("%s\n", out.c_str());
  return 0;
}

}  // namespace tcpviz::cli
