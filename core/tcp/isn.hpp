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

// The ISS of a connection made by a SYN that reopened TIME-WAIT (RFC 9293 3.10.7.4 fourth
// step note, RFC 6191), given the clock-driven ISN and the old incarnation's SND.NXT.
// RFC 9293 3.6.1 MAY-2 allows the reopen only if the new connection's ISN is "larger than the
// largest sequence number it used on the previous connection incarnation" (SND.NXT - 1).
struct ReopenIss {
  enum class Rule : std::uint8_t {
    ClockIsAfter,  // rfc: the RFC 6528 ISN already meets MAY-2 (1), kept
    RaisedToOld,   // rfc: it does not; the smallest value that does, the old SND.NXT
    LinuxTwIsn,    // linux: tcp_timewait_state_process's tcp_tw_isn
  };
  wire::SeqNum iss;
  Rule rule = Rule::ClockIsAfter;
};
// `linux_tw_isn`: Linux ignores the clock here: tcp_timewait_state_process() sets
// isn = tw_snd_nxt + 65535 + 2 (0 becomes 1) and tcp_conn_request() uses it as the ISS.
ReopenIss iss_reopening_time_wait(wire::SeqNum clock_isn, wire::SeqNum old_snd_nxt,
                                  bool linux_tw_isn);

// RFC 7323 section 5.4 suggests a random per-connection offset for TSval; Linux derives it
// from a keyed hash of the two addresses (secure_tcp_ts_off). Same construction here.
std::uint32_t timestamp_offset(std::uint32_t local_ip, std::uint32_t remote_ip,
                               const SipKey& secret);

}  // namespace tcpviz::tcp
