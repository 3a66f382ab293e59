// The pieces of parse_scenario (internal to core/scenario): each reads one part of the
// scenario JSON into `out`, or returns an error naming the field by its JSON pointer.
#pragma once

#include "core/scenario/json_read.hpp"
#include "core/scenario/scenario.hpp"

namespace tcpviz::scenario::detail {

// Limits against hostile input (a link can come from anyone).
inline constexpr std::size_t kMaxActions = 1000;
inline constexpr std::size_t kMaxFaults = 1000;
inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxName = 32;
inline constexpr std::size_t kMaxIsns = 100;
inline constexpr std::uint64_t kMaxTotalBytes = 100'000'000;  // every "send" together
inline constexpr std::size_t kMaxDepth = 16;                  // JSON nesting
inline constexpr std::size_t kMaxScenarioBytes = 1'000'000;   // the JSON text itself
inline constexpr Duration kMaxTime = kRunCap;                 // any time or delay: 1 h

Result<bool> parse_overrides(const Json& v, std::string_view ptr, Overrides& out);
Result<bool> parse_link(const Json& v, std::string_view ptr, Scenario& out);
Result<bool> parse_side(const Json& v, std::string_view ptr, SideConfig& out);
Result<bool> parse_actions(const Json& v, std::string_view ptr, std::vector<Action>& out);
Result<bool> parse_faults(const Json& v, std::string_view ptr, std::vector<Fault>& out);

// "192.0.2.1" <-> host-order address.
std::optional<std::uint32_t> ipv4_from_text(std::string_view text);
std::string ipv4_to_text(std::uint32_t ip);

}  // namespace tcpviz::scenario::detail
