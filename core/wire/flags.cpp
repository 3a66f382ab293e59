// Text form of the TCP flags (SCENARIO_FORMAT.md): "SYN|ACK", fixed order
// SYN FIN RST PSH ACK URG ECE CWR AE, so the same segment always prints the same way.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/wire/tcp_segment.hpp"

namespace tcpviz::wire {
namespace {

struct FlagName {
  std::uint16_t bit;
  std::string_view name;
};

// SYN before FIN: the handshake's flag reads first, as in the scenario format's examples.
constexpr std::array<FlagName, 9> kFlagNames{{
    {TcpFlags::kSyn, "SYN"},
    {TcpFlags::kFin, "FIN"},
    {TcpFlags::kRst, "RST"},
    {TcpFlags::kPsh, "PSH"},
    {TcpFlags::kAck, "ACK"},
    {TcpFlags::kUrg, "URG"},
    {TcpFlags::kEce, "ECE"},
    {TcpFlags::kCwr, "CWR"},
    {TcpFlags::kAe, "AE"},
}};

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  }
  return true;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint16_t> flag_bit(std::string_view token) {
  for (const FlagName& f : kFlagNames) {
    if (equals_ignoring_case(token, f.name)) return f.bit;
  }
  // RFC 3540 called the AE bit NS; captures and older tools still print it that way.
  if (equals_ignoring_case(token, "NS")) return TcpFlags::kAe;
  return std::nullopt;
}

}  // namespace

std::string flags_to_string(TcpFlags flags) {
  std::string out;
  for (const FlagName& f : kFlagNames) {
    if ((flags.bits & f.bit) == 0) continue;
    if (!out.empty()) out += '|';
    out += f.name;
  }
  return out;
}

std::optional<TcpFlags> flags_from_string(std::string_view text, std::string* bad_token) {
  TcpFlags flags;
  text = trim_spaces(text);
  if (text.empty()) return flags;  // "" is the empty flag set, the inverse of flags_to_string
  while (true) {
    const std::size_t bar = text.find('|');
    const std::string_view token = trim_spaces(text.substr(0, bar));
    const std::optional<std::uint16_t> bit = flag_bit(token);
    if (!bit) {
      if (bad_token != nullptr) *bad_token = std::string(token);
      return std::nullopt;
    }
    flags.bits = static_cast<std::uint16_t>(flags.bits | *bit);
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return flags;
}

}  // namespace tcpviz::wire
