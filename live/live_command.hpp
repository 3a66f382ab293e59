// `tcpviz-cli live ...`: host mode and relay mode on Linux TAP devices (native only).
// cli/ calls live_command() with the arguments after "live".
#pragma once


// Returns the process exit status: 0 on a clean stop (SIGINT, SIGTERM or --duration),
// 2 for bad arguments, 1 when the TAP cannot be used or an output cannot be written.
int live_command(int argc, char** argv);
