// Initial sequence numbers for the live host: RFC 6528 section 3, ISN = M + F(4-tuple, key),
// computed by core/tcp/isn.hpp (the simulator's own construction, SipHash-2-4 as Linux's
// secure_tcp_seq uses). The simulator derives its key from the scenario's seed; live mode
// talks to real stacks, so its key is real randomness from getrandom(2).
#pragma once

#include <cstdint>

#include "core/tcp/isn.hpp"
#include "core/util/time.hpp"
#include "core/wire/address.hpp"
#include "core/wire/seq.hpp"

namespace tcpviz::live {

using SipKey = tcp::SipKey;

// 128 random bits from getrandom(2); falls back to the clock only if the call fails (it does
// not on any Linux since 3.17).
SipKey random_sip_key();

class IsnGenerator {
 public:
  explicit IsnGenerator(const SipKey& key) : key_(key) {}
  wire::SeqNum isn(Time now, wire::Ipv4Address local_ip, std::uint16_t local_port,
                   wire::Ipv4Address remote_ip, std::uint16_t remote_port) const {
    return tcp::rfc6528_isn(now, tcp::FourTuple{local_ip.value, local_port, remote_ip.value, remote_port},
                            key_);
  }
  // RFC 7323 5.4: the per-connection TSval offset (Linux secure_tcp_ts_off).
  std::uint32_t timestamp_offset(wire::Ipv4Address local_ip, wire::Ipv4Address remote_ip) const {
    return tcp::timestamp_offset(local_ip.value, remote_ip.value, key_);
  }

 private:
  SipKey key_;
};

}  // namespace tcpviz::live
