// Initial sequence numbers the way RFC 6528 section 3 says:
//   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
// where M is a 4-microsecond timer and F a keyed pseudo-random function of the 4-tuple, so
// ISNs of one 4-tuple keep increasing with time (old duplicates of an earlier incarnation fall
// behind the new one, RFC 9293 3.4.1) while an off-path attacker cannot guess them from another
// connection's ISN. F here is SipHash-2-4 (Aumasson, Bernstein 2012), which is also what Linux
// uses for secure_tcp_seq. The key comes from outside (the simulator derives it from the
// scenario's seed), so the ISNs of a simulated run are repeatable.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/util/time.hpp"
#include "core/wire/seq.hpp"

namespace tcpviz::tcp {

struct SipKey {
  std::uint64_t k0 = 0;
  std::uint64_t k1 = 0;
};

// SipHash-2-4 of `len` bytes.
std::uint64_t siphash24(const SipKey& key, const std::uint8_t* data, std::size_t len);

struct FourTuple {
  std::uint32_t local_ip = 0;  // host order
  std::uint16_t local_port = 0;
  std::uint32_t remote_ip = 0;
  std::uint16_t remote_port = 0;
};

// F of RFC 6528: the keyed hash of the 4-tuple, 32 bits of it.
std::uint32_t isn_offset(const FourTuple& tuple, const SipKey& secret);

// M + F: M counts 4-microsecond ticks of `now` (RFC 6528 section 3, as RFC 793 described the
// ISN clock), modulo 2^32.
wire::SeqNum rfc6528_isn(Time now, const FourTuple& tuple, const SipKey& secret);

// RFC 7323 section 5.4 suggests a random per-connection offset for TSval; Linux derives it
// from a keyed hash of the two addresses (secure_tcp_ts_off). Same construction here.
std::uint32_t timestamp_offset(std::uint32_t local_ip, std::uint32_t remote_ip,
                               const SipKey& secret);

}  // namespace tcpviz::tcp
