// The two ends of a connection as the project names them (SCENARIO_FORMAT.md "client",
// "server"). Here rather than in core/trace so the state machine's records (tcp::Effects) can
// carry the side too: those records are the trace's records (core/trace/trace.hpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace tcpviz {

enum class Side : std::uint8_t { Client = 0, Server = 1 };

constexpr Side peer_of(Side s) { return s == Side::Client ? Side::Server : Side::Client; }

// "client", "server", as the trace JSON spells them. Beside Side (not in core/trace) so that
// an unqualified side_name(x) finds it by argument-dependent lookup wherever Side is used.
constexpr std::string_view side_name(Side s) { return s == Side::Client ? "client" : "server"; }

}  // namespace tcpviz
