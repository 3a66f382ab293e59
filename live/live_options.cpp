#include "live/live_options.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include "core/scenario/parse.hpp"
#include "core/tcp/profile.hpp"

namespace tcpviz::live {

const char* const kLiveUsage =
    "usage: tcpviz-cli live --tap TAP [--ip A.B.C.D/N] [--mac MAC] [--serve KIND:PORT]...\n"
    "                       [--connect IP:PORT]... [--request TEXT]\n"
    "       tcpviz-cli live --relay TAP_A TAP_B [--no-tso]\n"
    "   both: [--fault \"<match> drop|delay=MS|duplicate=N\"]... [--profile linux|rfc|linux-classic]\n"
    "         [--duration SECONDS] [--trace OUT.json] [--pcap OUT.pcap]\n"
    "         [--max-conns N] [--backlog N] [--snaplen BYTES] [--keep-whole BYTES] [--quiet]\n"
    "Host mode: the project's own user-space TCP/IP host (ARP, IPv4, ICMP echo, TCP through the\n"
    "core's state machine) on TAP, answering as --ip (default 192.0.2.2/24). Services: echo\n"
    "(port 7), discard (9), http (80, answers any GET). Relay mode: frames pass between two TAPs,\n"
    "every TCP segment is recorded, both ends' states are inferred and the fault rules apply;\n"
    "without fault rules the kernels may pass 64 KiB TSO segments (recorded as MTU-sized ones;\n"
    "--no-tso: one frame per segment). Stops on SIGINT/SIGTERM or after\n"
    "--duration; then writes the trace JSON and the pcap.\n"
    "Snap length: the trace keeps every header, the first --keep-whole payload bytes (default\n"
    "65536) of each direction of each connection whole, and past them --snaplen payload bytes\n"
    "(default 128) per segment, marked truncated (the pcap gets the original length, as tcpdump\n"
    "-s writes it); --snaplen 0 keeps every byte.\n";

namespace {

template <class T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

Result<ConnectTarget> parse_target(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return Error{"--connect '" + std::string(text) + "': expected IP:PORT"};
  auto ip = wire::parse_ipv4_address(text.substr(0, colon));
  unsigned port = 0;
  if (!ip || !parse_number(text.substr(colon + 1), port) || port == 0 || port > 65535) {
    return Error{"--connect '" + std::string(text) + "': expected IP:PORT, e.g. 192.0.2.1:8080"};
  }
  return ConnectTarget{*ip, static_cast<std::uint16_t>(port)};
}

}  // namespace

Result<LiveOptions> parse_live_options(int argc, char** argv) {
  LiveOptions o;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view name) -> std::optional<std::string_view> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string_view(argv[++i]);
    };
    auto missing = [&](std::string_view name) { return Error{std::string(name) + " needs a value"}; };
    if (arg == "-h" || arg == "--help") {
      o.help = true;
    } else if (arg == "--quiet" || arg == "-q") {
      o.quiet = true;
    } else if (arg == "--no-tso") {
      o.relay_tso = false;
    } else if (arg == "--tap") {
      auto v = value(arg);
      if (!v) return missing(arg);
      o.tap = *v;
    } else if (arg == "--ip") {
      auto v = value(arg);
      if (!v) return missing(arg);
      const auto slash = v->find('/');
      auto ip = wire::parse_ipv4_address(v->substr(0, slash));
      unsigned prefix = 24;
      if (!ip || (slash != std::string_view::npos &&
                  (!parse_number(v->substr(slash + 1), prefix) || prefix > 32))) {
        return Error{"--ip '" + std::string(*v) + "': expected A.B.C.D/N, e.g. 192.0.2.2/24"};
      }
      o.ip = *ip;
      o.prefix_len = static_cast<std::uint8_t>(prefix);
    } else if (arg == "--mac") {
      auto v = value(arg);
      if (!v) return missing(arg);
      auto mac = wire::parse_mac_address(*v);
      if (!mac || (mac->bytes[0] & 1) != 0) {
        return Error{"--mac '" + std::string(*v) + "': expected a unicast MAC like 02:00:00:00:00:02"};
      }
      o.mac = *mac;
    } else if (arg == "--serve") {
      auto v = value(arg);
      if (!v) return missing(arg);
      auto spec = parse_service(*v);
      if (!spec) return spec.error();
      o.services.push_back(*spec);
    } else if (arg == "--connect") {
      auto v = value(arg);
      if (!v) return missing(arg);
      auto target = parse_target(*v);
      if (!target) return target.error();
      o.connects.push_back(*target);
    } else if (arg == "--request") {
      auto v = value(arg);
      if (!v) return missing(arg);
      o.request = *v;
    } else if (arg == "--relay") {
      if (i + 2 >= argc) return Error{"--relay needs two TAP names"};
      o.relay = std::make_pair(std::string(argv[i + 1]), std::string(argv[i + 2]));
      i += 2;
    } else if (arg == "--fault") {
      auto v = value(arg);
      if (!v) return missing(arg);
      auto fault = scenario::parse_fault_flag(*v);
      if (!fault) return Error{"--fault '" + std::string(*v) + "': " + fault.error().message};
      o.faults.push_back(*fault);
    } else if (arg == "--profile") {
      auto v = value(arg);
      if (!v) return missing(arg);
      if (!tcp::profile_by_name(*v)) return Error{"--profile '" + std::string(*v) + "': expected linux, rfc or linux-classic"};
      o.profile = *v;
    } else if (arg == "--duration") {
      auto v = value(arg);
      if (!v) return missing(arg);
      double seconds = 0;
      auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), seconds);
      if (ec != std::errc{} || end != v->data() + v->size() || !(seconds > 0) || seconds > 86400 * 7) {
        return Error{"--duration '" + std::string(*v) + "': expected seconds, > 0"};
      }
      o.duration = from_ms_fraction(seconds * 1000.0);
    } else if (arg == "--trace") {
      auto v = value(arg);
      if (!v) return missing(arg);
      o.trace_path = *v;
    } else if (arg == "--pcap") {
      auto v = value(arg);
      if (!v) return missing(arg);
      o.pcap_path = *v;
    } else if (arg == "--max-conns" || arg == "--backlog") {
      auto v = value(arg);
      std::size_t n = 0;
      if (!v || !parse_number(*v, n) || n == 0 || n > 1000000) {
        return Error{std::string(arg) + " needs a number 1..1000000"};
      }
      (arg == "--max-conns" ? o.max_connections : o.syn_backlog) = n;
    } else if (arg == "--snaplen" || arg == "--keep-whole") {
      auto v = value(arg);
      std::size_t n = 0;
      // --snaplen: a TCP/IPv4 payload fits in 16 bits (RFC 791 Total Length). --keep-whole:
      // stream offsets are compared within 2^31 (RFC 9293 3.4), so at most 1 GiB.
      const std::size_t most = arg == "--snaplen" ? 65535 : std::size_t{1} << 30;
      if (!v || !parse_number(*v, n) || n > most) {
        return Error{std::string(arg) + " needs a byte count 0.." + std::to_string(most)};
      }
      (arg == "--snaplen" ? o.snaplen : o.keep_whole) = n;
    } else {
      return Error{"unknown argument '" + std::string(arg) + "'"};
    }
  }
  if (o.help) return o;
  if (o.relay && !o.tap.empty()) return Error{"give either --tap (host mode) or --relay (relay mode), not both"};
  if (!o.relay && o.tap.empty()) return Error{"--tap TAP (host mode) or --relay TAP_A TAP_B is required"};
  if (!o.relay && o.services.empty() && o.connects.empty()) {
    o.services.push_back(ServiceSpec{ServiceKind::Echo, 7});  // something to talk to
  }
  return o;
}

TraceCaps with_snap_options(TraceCaps caps, const LiveOptions& o) {
  if (o.snaplen) caps.snaplen = *o.snaplen;
  if (o.keep_whole) caps.keep_whole = *o.keep_whole;
  return caps;
}

}  // namespace tcpviz::live
