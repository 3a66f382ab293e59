// The eleven connection states of RFC 9293 section 3.3.2, with both spellings a student
// meets: the RFC's ("SYN-RECEIVED") and Linux's ("SYN_RECV", as `ss` and netstat print).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tcpviz::tcp {

enum class State : std::uint8_t {
  Closed,
  Listen,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};

inline constexpr int kStateCount = 11;

std::string_view rfc_name(State s);    // "SYN-RECEIVED"
std::string_view linux_name(State s);  // "SYN_RECV"
std::optional<State> state_from_rfc_name(std::string_view name);

// RFC 9293 section 3.3.2: "synchronized" states are ESTABLISHED and everything after it.
constexpr bool is_synchronized(State s) {
  return s != State::Closed && s != State::Listen && s != State::SynSent &&
         s != State::SynReceived;
}

}  // namespace tcpviz::tcp
