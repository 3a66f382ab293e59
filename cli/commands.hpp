// The subcommands of tcpviz-cli (main.cpp dispatches). Each returns the exit status:
// 0 success, 1 failure (e.g. output not written), 2 bad arguments or a bad scenario.
#pragma once

namespace tcpviz::cli {

// `args` are the arguments after the subcommand's name.
int presets_command(int argc, char** argv);
int run_command(int argc, char** argv);
int scenario_command(int argc, char** argv);

}  // namespace tcpviz::cli
