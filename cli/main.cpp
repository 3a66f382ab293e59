// tcpviz-cli: runs scenarios headless, lists the lessons, converts captures, drives live mode.
// Native only; every subcommand lives in its own file.
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "core/version.hpp"

// The capture and live commands are built from their own files when present (cli/pcap_*.cpp,
// live/); weak so the tool still links while one of them is missing.
int pcap_command(int argc, char** argv) __attribute__((weak));
int live_command(int argc, char** argv) __attribute__((weak));

namespace {

constexpr const char* kHelp =
    "usage: tcpviz-cli <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  presets [--json] [--zh] [--questions]\n"
    "      List the built-in lessons (id and title). --json prints the array\n"
    "      [{\"id\", \"title\": {\"en\", \"zh\"}}] that the web page's tcpviz.presets() returns.\n"
    "  run <scenario.json | - | preset-id> [--json | --pretty | --text] [--seed N]\n"
    "      [--profile rfc|linux|linux-classic] [--until MS] [--fault \"<match> <action>\"]...\n"
    "      Run the scenario in the simulator and print its trace: the trace JSON of\n"
    "      SCENARIO_FORMAT.md on one line by default, --pretty indented, --text the stable\n"
    "      one-event-per-line form. A name that is not a file is looked up as a preset.\n"
    "      --fault is repeatable: \"<match> drop\", \"<match> delay=<ms>\",\n"
    "      \"<match> duplicate=<n>\" (with optional gap=<ms>), where <match> is\n"
    "      \"<side> <kind> <which> [seq=N] [ack=N] [len=N] [conn=N]\", e.g.\n"
    "      --fault \"server SYN|ACK #1 drop\". Rules from --fault go after the scenario's own.\n"
    "  scenario <scenario.json | - | preset-id> [--pretty | --link] [--seed N] [--profile P]\n"
    "      [--fault ...]\n"
    "      Print the scenario with every default filled in, or with --link the URL hash\n"
    "      (#<base64url>) that opens it in the web page.\n"
    "  pcap import|export ...   Captures in and out (tcpviz-cli pcap --help).\n"
    "  live ...                 Host and relay mode on a TAP device (Linux, root).\n"
    "  version                  Print the version.\n"
    "\n"
    "exit status: 0 success, 1 failure, 2 bad arguments or a bad scenario\n"
    "(the message reads \"error: <file>: /json/pointer: reason\").\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  const std::string_view cmd = argv[1];
  int rest_argc = argc - 2;
  char** rest_argv = argv + 2;
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (cmd == "version" || cmd == "--version" || cmd == "-V") {
    std::printf("tcpviz-cli %.*s\n", static_cast<int>(tcpviz::kVersion.size()), tcpviz::kVersion.data());
    return 0;
  }
  if (cmd == "presets") return tcpviz::cli::presets_command(rest_argc, rest_argv);
  if (cmd == "run") return tcpviz::cli::run_command(rest_argc, rest_argv);
  if (cmd == "scenario") return tcpviz::cli::scenario_command(rest_argc, rest_argv);
  if (cmd == "pcap") {
    if (pcap_command == nullptr) {
      std::fputs("error: pcap: not built into this tcpviz-cli\n", stderr);
      return 1;
    }
    return pcap_command(argc - 1, argv + 1);
  }
  if (cmd == "live") {
    if (live_command == nullptr) {
      std::fputs("error: live: not built into this tcpviz-cli (Linux only)\n", stderr);
      return 1;
    }
    return live_command(rest_argc, rest_argv);
  }
  std::fprintf(stderr, "error: unknown command '%s'\n\n%s", argv[1], kHelp);
  return 2;
}
