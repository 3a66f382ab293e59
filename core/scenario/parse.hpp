// Scenario JSON -> Scenario (SCENARIO_FORMAT.md). Every field is validated; an unknown or
// out-of-range field is an error whose message starts with the field's JSON pointer
// ("/faults/2/match: unknown kind 'SYNACK' (expected SYN, SYN|ACK, FIN, RST, ACK, data or =FLAGS)").
#pragma once

#include <string>
#include <string_view>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"

namespace tcpviz::scenario {

//
// Details the format leaves open, as this parser settles them:
// - A side may also give "ip" ("192.0.2.1"; defaults 192.0.2.1 client, 192.0.2.2 server,
//   RFC 5737 documentation addresses) and "name" (at most 32 bytes).
// - "link" is one object for both directions or { "c2s": {...}, "s2c": {...} }; "seed" sits
//   in "link" in both forms (default 1).
// - In "options", `true` means the profile's default, `false` not offered.
// - "overrides": rto_initial_ms, rto_min_ms, rto_max_ms, rto_after_syn_retransmit_ms (>= 1 ms),
//   syn_retries, syn_linear_timeouts, synack_retries, data_retries (0..50), msl_ms,
//   time_wait_ms, delayed_ack_ms (0 turns delayed ACKs off), fin_wait2_timeout_ms (null: none),
//   rfc1337, receive_window. `syn_retries` also lifts the `rfc` profile's 3-minute limit for a
//   SYN: the count alone decides.
// - A fault rule must do something: "drop": true (alone), a delay_ms above 0, and/or a
//   "duplicate" count (1..100, "gap_ms" only with it). An inject needs "arrive_ms".
// - An inject without "seq" uses the side's snd.nxt; without "ack" it uses rcv.nxt when its
//   flags have ACK (else the ack field is 0); "len" defaults to 0 and "conn" to the side's
//   current connection (else its last one; with none ever, every variable is 0). Its window
//   is the one that connection would advertise (65535 with none).
// - Limits: 1 MB of JSON, nesting 16 deep, 1000 actions, 1000 faults, 100 MB of "send" bytes,
//   every time within [0, 1 h], title 200 bytes; duplicate keys are errors.
// - A JSON syntax error reads "JSON syntax error at byte N: ...".
Result<Scenario> parse_scenario(std::string_view json_text);
// The scenario as JSON with every default filled in (what a trace's "scenario" holds), and
// what the page puts in its URL hash. parse_scenario(scenario_to_json(s)) == s.
std::string scenario_to_json(const Scenario& s);

// One fault-match string, "server SYN|ACK #1 conn=0" (shared with --fault and live mode).
Result<SegmentMatch> parse_segment_match(std::string_view text);
// "<match> drop" / "<match> delay=<ms>" / "<match> duplicate=<n>": the CLI's --fault form.
Result<Fault> parse_fault_flag(std::string_view text);

}  // namespace tcpviz::scenario
