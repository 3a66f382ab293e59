#include "core/wire/address.hpp"

#include <cstddef>

namespace tcpviz::wire {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_hex16(std::string& out, std::uint16_t v) {
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned nibble = (v >> shift) & 0xFu;
    if (nibble == 0 && !started && shift != 0) continue;
    started = true;
    out += kHexDigits[nibble];
  }
}

}  // namespace

std::string to_string(Ipv4Address a) {
  std::string out;
  const auto o = a.octets();
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (i != 0) out += '.';
    out += std::to_string(o[i]);
  }
  return out;
}

std::optional<Ipv4Address> parse_ipv4_address(std::string_view text) {
  std::uint32_t value = 0;
  int octets = 0;
  std::size_t i = 0;
  while (octets < 4) {
    const std::size_t start = i;
    unsigned octet = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      octet = octet * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || octet > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    value = (value << 8) | octet;
    ++octets;
    if (octets < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return Ipv4Address{value};
}

std::string to_string(const Ipv6Address& a) {
  std::array<std::uint16_t, 8> groups{};
  for (std::size_t g = 0; g < 8; ++g) {
    groups[g] = static_cast<std::uint16_t>((a.bytes[2 * g] << 8) | a.bytes[2 * g + 1]);
  }
  // RFC 5952 section 4.2: compress the longest run of two or more zero groups.
  int best_start = -1;
  int best_len = 0;
  for (int g = 0; g < 8;) {
    if (groups[static_cast<std::size_t>(g)] != 0) {
      ++g;
      continue;
    }
    int end = g;
    while (end < 8 && groups[static_cast<std::size_t>(end)] == 0) ++end;
    if (end - g > best_len && end - g >= 2) {
      best_start = g;
      best_len = end - g;
    }
    g = end;
  }
  std::string out;
  for (int g = 0; g < 8; ++g) {
    if (g == best_start) {
      out += "::";
      g += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    append_hex16(out, groups[static_cast<std::size_t>(g)]);
  }
  return out;
}

std::string to_string(const MacAddress& m) {
  std::string out;
  for (std::size_t i = 0; i < m.bytes.size(); ++i) {
    if (i != 0) out += ':';
    out += kHexDigits[m.bytes[i] >> 4];
    out += kHexDigits[m.bytes[i] & 0xF];
  }
  return out;
}

std::optional<MacAddress> parse_mac_address(std::string_view text) {
  // "xx:xx:xx:xx:xx:xx" is 17 characters.
  if (text.size() != 17) return std::nullopt;
  const char sep = text[2];
  if (sep != ':' && sep != '-') return std::nullopt;
  MacAddress m;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t at = i * 3;
    const int hi = hex_value(text[at]);
    const int lo = hex_value(text[at + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    if (i < 5 && text[at + 2] != sep) return std::nullopt;
    m.bytes[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return m;
}

}  // namespace tcpviz::wire
