// The TCP segment as a plain value: what the state machine reads and writes, what the
// simulator carries, what a capture decodes to. Parsing and emitting bytes live in
// tcp_codec.hpp; this header is only the value.
//
// All nine flags are kept (RFC 9293 section 3.1 plus AE of RFC 3540/AccECN), so odd captured
// or injected segments (SYN+FIN, RST with data) survive and show. The struct is trivially
// copyable and fixed-size on purpose: the simulator moves millions of these per second.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/wire/seq.hpp"

namespace tcpviz::wire {

struct TcpFlags {
  static constexpr std::uint16_t kFin = 1u << 0;
  static constexpr std::uint16_t kSyn = 1u << 1;
  static constexpr std::uint16_t kRst = 1u << 2;
  static constexpr std::uint16_t kPsh = 1u << 3;
  static constexpr std::uint16_t kAck = 1u << 4;
  static constexpr std::uint16_t kUrg = 1u << 5;
  static constexpr std::uint16_t kEce = 1u << 6;
  static constexpr std::uint16_t kCwr = 1u << 7;
  static constexpr std::uint16_t kAe = 1u << 8;  // formerly NS (RFC 3540), now AccECN's AE

  std::uint16_t bits = 0;

  constexpr bool fin() const { return (bits & kFin) != 0; }
  constexpr bool syn() const { return (bits & kSyn) != 0; }
  constexpr bool rst() const { return (bits & kRst) != 0; }
  constexpr bool psh() const { return (bits & kPsh) != 0; }
  constexpr bool ack() const { return (bits & kAck) != 0; }
  constexpr bool urg() const { return (bits & kUrg) != 0; }
  constexpr bool has(std::uint16_t mask) const { return (bits & mask) == mask; }

  friend constexpr bool operator==(TcpFlags a, TcpFlags b) { return a.bits == b.bits; }
};

// "SYN|ACK", "FIN|PSH|ACK", "RST": the notation of SCENARIO_FORMAT.md, in the fixed order
// SYN FIN RST PSH ACK URG ECE CWR AE; "" for no flags.
std::string flags_to_string(TcpFlags flags);
// The inverse; accepts any order and case-insensitive names; nullopt names the bad token
// through `bad_token` when given.
std::optional<TcpFlags> flags_from_string(std::string_view text, std::string* bad_token = nullptr);

struct SackBlock {
  SeqNum left;
  SeqNum right;
  friend constexpr bool operator==(const SackBlock& a, const SackBlock& b) {
    return a.left == b.left && a.right == b.right;
  }
};

struct Timestamps {  // RFC 7323 section 3
  std::uint32_t value = 0;        // TSval
  std::uint32_t echo_reply = 0;   // TSecr
  friend constexpr bool operator==(const Timestamps& a, const Timestamps& b) {
    return a.value == b.value && a.echo_reply == b.echo_reply;
  }
};

struct TcpOptions {
  std::optional<std::uint16_t> mss;          // kind 2, RFC 9293 3.7.1
  std::optional<std::uint8_t> window_scale;  // kind 3, RFC 7323 2
  bool sack_permitted = false;               // kind 4, RFC 2018
  std::optional<Timestamps> timestamps;      // kind 8, RFC 7323 3
  std::array<SackBlock, 4> sack{};           // kind 5, RFC 2018
  std::uint8_t sack_count = 0;
  // Options this code does not interpret, kept verbatim (kind, length, data...) in the order
  // seen, so a captured segment shows them and re-emits them unchanged.
  std::array<std::uint8_t, 40> unknown{};
  std::uint8_t unknown_len = 0;

  bool operator==(const TcpOptions&) const = default;
};

struct TcpSegment {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  SeqNum seq;
  SeqNum ack;                 // meaningful only when flags.ack()
  TcpFlags flags;
  std::uint16_t window = 0;   // as on the wire, before window scaling
  std::uint16_t checksum = 0; // as parsed; emitting computes it
  std::uint16_t urgent = 0;
  TcpOptions options;
  std::uint32_t payload_len = 0;  // data bytes; the bytes themselves travel beside the value

  // SEG.LEN of RFC 9293 section 3.4: the data plus one for SYN and one for FIN.
  constexpr std::uint32_t seg_len() const {
    return payload_len + (flags.syn() ? 1u : 0u) + (flags.fin() ? 1u : 0u);
  }

  bool operator==(const TcpSegment&) const = default;
};

}  // namespace tcpviz::wire
