// The command line of `tcpviz-cli live` (see live_command.hpp for the usage text).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"
#include "core/util/time.hpp"
#include "core/wire/address.hpp"
#include "live/services.hpp"
#include "live/trace_recorder.hpp"

namespace tcpviz::live {

struct ConnectTarget {
  wire::Ipv4Address ip;
  std::uint16_t port = 0;
};

struct LiveOptions {
  std::string tap;                               // host mode: the TAP to attach to
  wire::Ipv4Address ip = wire::Ipv4Address::from_octets(192, 0, 2, 2);
  std::uint8_t prefix_len = 24;
  wire::MacAddress mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};
  std::vector<ServiceSpec> services;
  std::vector<ConnectTarget> connects;
  std::string request;                           // what --connect sends; default a GET
  std::optional<std::pair<std::string, std::string>> relay;  // relay mode: two TAPs
  std::vector<scenario::Fault> faults;
  std::string profile = "linux";
  std::optional<Duration> duration;
  std::string trace_path;
  std::string pcap_path;
  std::size_t max_connections = 1024;
  std::size_t syn_backlog = 128;
  bool quiet = false;
  bool relay_tso = true;                         // relay without fault rules: TapOptions::tso
  // --snaplen / --keep-whole: the trace's payload snap length (TraceCaps::snaplen, keep_whole);
  // none: the defaults of TraceCaps.
  std::optional<std::size_t> snaplen;
  std::optional<std::size_t> keep_whole;
  bool help = false;
};

Result<LiveOptions> parse_live_options(int argc, char** argv);

// `caps` with the snap length the options ask for (the rest as given): every place that
// makes a TraceRecorder from the command line (CLI relay and host, desktop session) uses it.
TraceCaps with_snap_options(TraceCaps caps, const LiveOptions& options);

extern const char* const kLiveUsage;

}  // namespace tcpviz::live
