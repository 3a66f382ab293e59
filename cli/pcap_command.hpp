// `tcpviz-cli pcap ...`: captures in and out.
//
//   tcpviz-cli pcap import <file> [--json] [--conn N]
//       Lists the TCP connections in a pcap/pcapng file (how each ended, bytes each way,
//       retransmissions), or with --conn N prints connection N as an inferred trace
//       (trace JSON with --json, the stable text form without). The file is mapped, not
//       copied; the list comes from one pass over it (pcap::summarize_file), and only --conn
//       rebuilds the packets (pcap::read_capture).
//   tcpviz-cli pcap export <scenario.json|preset-id> -o out.pcap
//       Runs the scenario (or built-in preset) and writes its trace as a classic pcap.
#pragma once

// `argv` may start at the program name, at "pcap" or at the subcommand: everything up to
// the first "import" or "export" among the first three arguments is skipped. Returns the
// process exit status: 0 success, 1 failure (message on stderr), 2 usage error.
int pcap_command(int argc, char** argv);
