#include "live/isn.hpp"

#include <sys/random.h>

#include <chrono>

#include "core/wire/byte_order.hpp"

namespace tcpviz::live {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

struct SipState {
  std::uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  }
};

}  // namespace

std::uint64_t siphash24(const SipKey& key, std::span<const std::uint8_t> data) {
  const std::uint64_t k0 = load_le64(key.data());
  const std::uint64_t k1 = load_le64(key.data() + 8);
  SipState s{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
             k1 ^ 0x7465646279746573ULL};
  const std::size_t full = data.size() / 8 * 8;
  for (std::size_t i = 0; i < full; i += 8) {
    std::uint64_t m = load_le64(data.data() + i);
    s.v3 ^= m;
    s.round();
    s.round();
    s.v0 ^= m;
  }
  std::uint64_t last = static_cast<std::uint64_t>(data.size() & 0xFF) << 56;
  for (std::size_t i = full; i < data.size(); ++i) {
    last |= static_cast<std::uint64_t>(data[i]) << (8 * (i - full));
  }
  s.v3 ^= last;
  s.round();
  s.round();
  s.v0 ^= last;
  s.v2 ^= 0xFF;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

SipKey random_sip_key() {
  SipKey key{};
  if (::getrandom(key.data(), key.size(), 0) == static_cast<ssize_t>(key.size())) return key;
  auto t = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  auto a = reinterpret_cast<std::uintptr_t>(&key);
  for (std::size_t i = 0; i < 8; ++i) {
    key[i] = static_cast<std::uint8_t>(t >> (8 * i));
    key[8 + i] = static_cast<std::uint8_t>(a >> (8 * i));
  }
  return key;
}

wire::SeqNum IsnGenerator::isn(Time now, wire::Ipv4Address local_ip, std::uint16_t local_port,
                               wire::Ipv4Address remote_ip, std::uint16_t remote_port) const {
  std::array<std::uint8_t, 12> tuple{};
  wire::store_be32(tuple, 0, local_ip.value);
  wire::store_be32(tuple, 4, remote_ip.value);
  wire::store_be16(tuple, 8, local_port);
  wire::store_be16(tuple, 10, remote_port);
  auto f = static_cast<std::uint32_t>(siphash24(key_, tuple));
  // M: the RFC 9293 3.4.1 clock, one tick per 4 microseconds.
  auto m = static_cast<std::uint32_t>(now.count() / 4);
  return wire::SeqNum(m + f);
}

}  // namespace tcpviz::live
