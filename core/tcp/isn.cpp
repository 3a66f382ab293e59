#include "core/tcp/isn.hpp"

#include <array>

namespace tcpviz::tcp {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

struct SipState {
  std::uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  }
};

std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::uint64_t siphash24(const SipKey& key, const std::uint8_t* data, std::size_t len) {
  SipState s{0x736f6d6570736575ull ^ key.k0, 0x646f72616e646f6dull ^ key.k1,
             0x6c7967656e657261ull ^ key.k0, 0x7465646279746573ull ^ key.k1};
  const std::size_t whole = len - (len % 8);
  for (std::size_t i = 0; i < whole; i += 8) {
    const std::uint64_t m = load_le64(data + i);
    s.v3 ^= m;
    s.round();
    s.round();
    s.v0 ^= m;
  }
  // The last block: the remaining bytes, little-endian, with the length in the top byte.
  std::uint64_t b = static_cast<std::uint64_t>(len & 0xFF) << 56;
  for (std::size_t i = 0; i < len % 8; ++i) {
    b |= static_cast<std::uint64_t>(data[whole + i]) << (8 * i);
  }
  s.v3 ^= b;
  s.round();
  s.round();
  s.v0 ^= b;
  s.v2 ^= 0xFF;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::uint32_t isn_offset(const FourTuple& tuple, const SipKey& secret) {
  std::array<std::uint8_t, 12> bytes{};
  put_be32(bytes.data(), tuple.local_ip);
  put_be32(bytes.data() + 4, tuple.remote_ip);
  bytes[8] = static_cast<std::uint8_t>(tuple.local_port >> 8);
  bytes[9] = static_cast<std::uint8_t>(tuple.local_port);
  bytes[10] = static_cast<std::uint8_t>(tuple.remote_port >> 8);
  bytes[11] = static_cast<std::uint8_t>(tuple.remote_port);
  return static_cast<std::uint32_t>(siphash24(secret, bytes.data(), bytes.size()));
}

wire::SeqNum rfc6528_isn(Time now, const FourTuple& tuple, const SipKey& secret) {
  const std::int64_t us = now.count() < 0 ? 0 : now.count();
  const auto m = static_cast<std::uint32_t>(static_cast<std::uint64_t>(us) / 4);
  return wire::SeqNum(m + isn_offset(tuple, secret));
}

ReopenIss iss_reopening_time_wait(wire::SeqNum clock_isn, wire::SeqNum old_snd_nxt,
                                  bool linux_tw_isn) {
  if (linux_tw_isn) {
    // net/ipv4/tcp_minisocks.c: "u32 isn = tcptw->tw_snd_nxt + 65535 + 2; if (isn == 0)
    // isn++;" (0 means "no tw_isn" to tcp_conn_request).
    wire::SeqNum iss = old_snd_nxt + 65535u + 2u;
    if (iss.raw() == 0) iss = wire::SeqNum(1);
    return {iss, ReopenIss::Rule::LinuxTwIsn};
  }
  // "larger than the largest sequence number it used": the largest is SND.NXT - 1, so any ISN
  // at or after SND.NXT (in sequence-space order, RFC 9293 3.4) qualifies.
  const wire::SeqNum largest_used = old_snd_nxt - 1u;
  if (clock_isn > largest_used) return {clock_isn, ReopenIss::Rule::ClockIsAfter};
  return {old_snd_nxt, ReopenIss::Rule::RaisedToOld};
}

std::uint32_t timestamp_offset(std::uint32_t local_ip, std::uint32_t remote_ip,
                               const SipKey& secret) {
  std::array<std::uint8_t, 8> bytes{};
  put_be32(bytes.data(), local_ip);
  put_be32(bytes.data() + 4, remote_ip);
  return static_cast<std::uint32_t>(siphash24(secret, bytes.data(), bytes.size()));
}

}  // namespace tcpviz::tcp
