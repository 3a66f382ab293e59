// Initial sequence numbers for the live host, as RFC 6528 section 3 says:
//   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
// M is a timer ticking every 4 microseconds (RFC 9293 3.4.1's clock) and F a keyed hash;
// here F is SipHash-2-4 (Aumasson and Bernstein), the PRF Linux uses for the same purpose
// (secure_tcp_seq() in net/core/secure_seq.c). Live mode talks to real stacks, so the key
// is real randomness (getrandom), unlike the simulator's seeded, repeatable ISNs.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/util/time.hpp"
#include "core/wire/address.hpp"
#include "core/wire/seq.hpp"

namespace tcpviz::live {

using SipKey = std::array<std::uint8_t, 16>;

std::uint64_t siphash24(const SipKey& key, std::span<const std::uint8_t> data);

// 16 random bytes from getrandom(2); falls back to a mix of the clock and addresses of
// locals only if the kernel call fails (it does not on any Linux since 3.17).
SipKey random_sip_key();

class IsnGenerator {
 public:
  explicit IsnGenerator(const SipKey& key) : key_(key) {}
  wire::SeqNum isn(Time now, wire::Ipv4Address local_ip, std::uint16_t local_port,
                   wire::Ipv4Address remote_ip, std::uint16_t remote_port) const;

 private:
  SipKey key_;
};

}  // namespace tcpviz::live
