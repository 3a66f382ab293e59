// A scenario as a value: what SCENARIO_FORMAT.md describes, parsed and validated, with
// every default filled in. parse.hpp turns JSON into this; json.hpp turns it back.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tcp/profile.hpp"
#include "core/trace/trace.hpp"
#include "core/util/time.hpp"

namespace tcpviz::scenario {

using trace::Side;

// One direction of the link.
struct LinkDirection {
  Duration delay = from_ms(50);
  Duration jitter{};
  double loss_pct = 0;       // 0..100, drawn from the project's PRNG (never std:: distributions)
  double duplicate_pct = 0;  // 0..100

  bool operator==(const LinkDirection&) const = default;
};

// "overrides": each present field replaces the profile's constant.
struct Overrides {
  std::optional<Duration> rto_initial, rto_min, rto_max, rto_after_syn_retransmit;
  std::optional<int> syn_retries, syn_linear_timeouts, synack_retries, data_retries;
  std::optional<Duration> msl, time_wait;
  std::optional<std::optional<Duration>> fin_wait2_timeout;  // set to nullopt: no timeout
  std::optional<Duration> delayed_ack;  // 0 disables delayed ACKs
  std::optional<bool> rfc1337;
  std::optional<std::uint32_t> receive_window;

  bool operator==(const Overrides&) const = default;
};

// A side's "options"; an absent field means the profile's default.
struct OptionChoice {
  std::optional<std::optional<std::uint16_t>> mss;         // inner nullopt: `false`
  std::optional<std::optional<std::uint8_t>> window_scale;  // inner nullopt: `false`
  std::optional<bool> sack;
  std::optional<bool> timestamps;

  bool operator==(const OptionChoice&) const = default;
};

struct SideConfig {
  std::string name;                 // default "client" / "server"
  std::uint32_t ip = 0;             // host order; default 192.0.2.1 / 192.0.2.2
  std::uint16_t port = 0;           // default 40000 / 80
  std::vector<std::uint32_t> isn;   // n-th value for the n-th connection; past the end: RFC 6528
  OptionChoice options;

  bool operator==(const SideConfig&) const = default;
};

enum class Call : std::uint8_t { Listen, Connect, Send, Close, Shutdown, Abort, Reboot };
std::string_view call_name(Call c);

enum class TriggerEvent : std::uint8_t { Established, Eof, Closed, Reset };
std::string_view trigger_event_name(TriggerEvent e);

struct Action {
  // Trigger: `at` (absolute), or `on` an event of a side plus `after`.
  std::optional<Duration> at;
  std::optional<std::pair<Side, TriggerEvent>> on;
  Duration after{};
  Side who = Side::Client;
  Call call = Call::Listen;
  std::uint32_t bytes = 0;  // for Send

  bool operator==(const Action&) const = default;
};

// "<side> <kind> <which> [seq=N] [ack=N] [len=N] [conn=N]"
enum class MatchKind : std::uint8_t { Syn, SynAck, Fin, Rst, Ack, Data, Exact };
struct SegmentMatch {
  Side side = Side::Client;
  MatchKind kind = MatchKind::Syn;
  std::uint16_t exact_flags = 0;      // for Exact: a set of SYN, FIN, RST, ACK bits
  std::optional<std::uint32_t> nth;   // 1-based; nullopt: `*`, every one
  std::optional<std::uint32_t> rel_seq, rel_ack, len, conn;
  std::string text;                   // as written, for messages and the UI

  bool operator==(const SegmentMatch&) const = default;
};

// A seq/ack expression of an injected segment: a number, or a variable plus an offset.
struct SeqExpr {
  enum class Var : std::uint8_t { None, Iss, Irs, SndNxt, SndUna, RcvNxt };
  Var var = Var::None;
  std::int64_t offset = 0;  // the number itself when var is None
  std::string text;

  bool operator==(const SeqExpr&) const = default;
};

struct Inject {
  Side from = Side::Client;
  std::uint16_t flags = 0;
  std::optional<SeqExpr> seq;  // default snd.nxt
  std::optional<SeqExpr> ack;  // default rcv.nxt when ACK is set
  std::uint32_t len = 0;
  std::optional<std::uint32_t> conn;
  Duration arrive{};

  bool operator==(const Inject&) const = default;
};

struct Fault {
  // Either a rule on matching segments...
  std::optional<SegmentMatch> match;
  bool drop = false;
  Duration delay{};
  std::uint32_t duplicate = 0;
  Duration gap = from_ms(1);
  // ...or a crafted segment.
  std::optional<Inject> inject;

  bool operator==(const Fault&) const = default;
};

struct Scenario {
  std::string title;
  std::string profile_name = "linux";
  Overrides overrides;
  std::array<LinkDirection, 2> link;  // [client-to-server, server-to-client]
  std::uint64_t seed = 1;
  std::array<SideConfig, 2> sides;    // [client, server]
  std::vector<Action> actions;
  std::vector<Fault> faults;
  std::optional<Duration> until;

  bool operator==(const Scenario&) const = default;
};

// The hard cap that stops runaway scenarios (SCENARIO_FORMAT.md "until_ms").
inline constexpr Duration kRunCap = std::chrono::hours(1);

// The profile with the scenario's overrides applied.
tcp::Profile effective_profile(const Scenario& s);
// What `side` offers in its SYN or SYN-ACK: the effective profile's offer with the side's
// "options" applied. The simulator gives this to every connection of that side.
tcp::OptionOffer effective_offer(const Scenario& s, Side side);
// The same from an effective profile already at hand (the simulator resolves it once per run).
tcp::OptionOffer effective_offer(const Scenario& s, Side side, const tcp::Profile& effective);

// Names <-> enums, as written in scenario files.
std::optional<Call> call_from_name(std::string_view name);
std::optional<TriggerEvent> trigger_event_from_name(std::string_view name);
std::optional<Side> side_from_name(std::string_view name);  // "client", "server"
std::string_view seq_var_name(SeqExpr::Var v);              // "snd.nxt", ...; "" for None

// The canonical text of a match and of an expression (what `text` holds after parsing).
std::string match_to_string(const SegmentMatch& m);
std::string seq_expr_to_string(const SeqExpr& e);

// Defaults of SCENARIO_FORMAT.md (and the optional "ip" field of a side).
inline constexpr std::uint16_t kDefaultClientPort = 40000;
inline constexpr std::uint16_t kDefaultServerPort = 80;
inline constexpr std::uint32_t kDefaultClientIp = 0xC0000201;  // 192.0.2.1 (RFC 5737)
inline constexpr std::uint32_t kDefaultServerIp = 0xC0000202;  // 192.0.2.2
// A Scenario with the defaults a parsed scenario starts from (names, addresses, ports).
Scenario default_scenario();

}  // namespace tcpviz::scenario
