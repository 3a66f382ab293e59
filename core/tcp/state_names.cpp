// The two spellings of each RFC 9293 3.3.2 state: the RFC's and Linux's (include/net/tcp_states.h
// as printed by `ss` and netstat).
#include <array>

#include "core/tcp/state.hpp"

namespace tcpviz::tcp {
namespace {

struct StateNames {
  State state;
  std::string_view rfc;
  std::string_view linux;
};

constexpr std::array<StateNames, kStateCount> kNames{{
    {State::Closed, "CLOSED", "CLOSE"},
    {State::Listen, "LISTEN", "LISTEN"},
    {State::SynSent, "SYN-SENT", "SYN_SENT"},
    {State::SynReceived, "SYN-RECEIVED", "SYN_RECV"},
    {State::Established, "ESTABLISHED", "ESTABLISHED"},
    {State::FinWait1, "FIN-WAIT-1", "FIN_WAIT1"},
    {State::FinWait2, "FIN-WAIT-2", "FIN_WAIT2"},
    {State::CloseWait, "CLOSE-WAIT", "CLOSE_WAIT"},
    {State::Closing, "CLOSING", "CLOSING"},
    {State::LastAck, "LAST-ACK", "LAST_ACK"},
    {State::TimeWait, "TIME-WAIT", "TIME_WAIT"},
}};

}  // namespace

std::string_view rfc_name(State s) { return kNames[static_cast<std::size_t>(s)].rfc; }

std::string_view linux_name(State s) { return kNames[static_cast<std::size_t>(s)].linux; }

std::optional<State> state_from_rfc_name(std::string_view name) {
  for (const auto& n : kNames) {
    if (n.rfc == name) return n.state;
  }
  return std::nullopt;
}

}  // namespace tcpviz::tcp
