#include "core/scenario/link.hpp"

#include <array>
#include <cstdint>

#include "core/scenario/parse.hpp"

namespace tcpviz::scenario {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr std::array<std::int8_t, 256> kDecode = make_decode_table();

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    std::uint32_t v = byte(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

Result<std::string> base64url_decode(std::string_view text) {
  if (text.size() > kMaxLinkChars) {
    return Error{"link is " + std::to_string(text.size()) + " characters long (at most " +
                 std::to_string(kMaxLinkChars) + ")"};
  }
  // Padding is optional (RFC 4648 section 3.2 allows leaving it out when the length is known).
  std::size_t len = text.size();
  std::size_t pads = 0;
  while (len > 0 && text[len - 1] == '=' && pads < 2) {
    --len;
    ++pads;
  }
  if (pads > 0 && text.size() % 4 != 0) {
    return Error{"base64url: padding '=' does not end a group of four characters"};
  }
  if (len % 4 == 1) {
    return Error{"base64url: " + std::to_string(len) + " characters cannot encode whole bytes"};
  }
  std::string out;
  out.reserve(len / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < len; ++i) {
    std::int8_t v = kDecode[static_cast<unsigned char>(text[i])];
    if (v < 0) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      std::string shown = (c >= 0x21 && c < 0x7f) ? std::string(1, static_cast<char>(c))
                                                  : "byte " + std::to_string(c);
      return Error{"base64url: '" + shown + "' at offset " + std::to_string(i) +
                   " is not in the alphabet A-Z a-z 0-9 - _"};
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // RFC 4648 3.5: the pad bits of the last character must be zero (canonical encoding).
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    return Error{"base64url: the last character has non-zero pad bits"};
  }
  return out;
}

std::string scenario_to_link(const Scenario& s) { return base64url_encode(scenario_to_json(s)); }

Result<Scenario> scenario_from_link(std::string_view hash) {
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  if (hash.empty()) return Error{"link: the hash is empty"};
  auto json = base64url_decode(hash);
  if (!json) return Error{"link: " + json.error().message};
  auto s = parse_scenario(*json);
  if (!s) return Error{"link: scenario: " + s.error().message};
  return s;
}

}  // namespace tcpviz::scenario
