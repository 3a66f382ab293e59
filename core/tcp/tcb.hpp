// The Transmission Control Block of RFC 9293 section 3.3.1, with the RFC's own names.
// Fields past the RFC's (retransmission state, negotiated options) follow RFC 6298/7323.
#pragma once

#include <cstdint>
#include <optional>

#include "core/util/time.hpp"
#include "core/wire/seq.hpp"

namespace tcpviz::tcp {

struct Tcb {
  // Send sequence variables (RFC 9293 3.3.1)
  wire::SeqNum iss;      // ISS: initial send sequence number
  wire::SeqNum snd_una;  // SND.UNA: oldest unacknowledged sequence number
  wire::SeqNum snd_nxt;  // SND.NXT: next sequence number to send
  std::uint32_t snd_wnd = 0;  // SND.WND: peer's window, scaled
  wire::SeqNum snd_wl1;  // SND.WL1: SEG.SEQ of the last window update
  wire::SeqNum snd_wl2;  // SND.WL2: SEG.ACK of the last window update
  // Receive sequence variables
  wire::SeqNum irs;      // IRS: initial receive sequence number
  wire::SeqNum rcv_nxt;  // RCV.NXT: next sequence number expected
  std::uint32_t rcv_wnd = 0;  // RCV.WND

  // Negotiated in the handshake (RFC 7323, RFC 2018, RFC 9293 3.7.1)
  std::uint16_t snd_mss = 536;  // RFC 9293 3.7.1: 536 when the peer sent no MSS option
  std::uint8_t snd_wscale = 0;  // shift applied to the peer's advertised window
  std::uint8_t rcv_wscale = 0;  // shift applied to the window we advertise
  bool wscale_ok = false;       // both SYNs carried a Window Scale option (RFC 7323 2.2)
  bool sack_ok = false;
  bool timestamps_ok = false;
  std::uint32_t ts_recent = 0;  // RFC 7323 4.3: TS.Recent

  // Retransmission timer (RFC 6298 section 2)
  std::optional<Duration> srtt;  // SRTT; none until the first sample
  Duration rttvar{};             // RTTVAR
  Duration rto{};                // RTO currently in force (before backoff)
  int backoff = 0;               // expiries since the last new ACK (RFC 6298 5.5)
  // Linux's estimator (tcp_rtt_estimator), in its own fixed point, when the profile uses it:
  // srtt_us8 = 8*SRTT, mdev_us = 4*mean deviation, rttvar_us the variance term of the RTO,
  // mdev_max_us the largest mdev_us of this RTT, rtt_seq the SND.NXT that ends this RTT.
  std::int64_t srtt_us8 = 0;
  std::int64_t mdev_us = 0;
  std::int64_t mdev_max_us = 0;
  std::int64_t rttvar_us = 0;
  wire::SeqNum rtt_seq;

  // Application side
  std::uint32_t send_queued = 0;  // bytes the application gave that are not yet sent
  bool fin_queued = false;        // the application closed; FIN follows the queued data
  bool fin_sent = false;
  bool fin_received = false;
};

}  // namespace tcpviz::tcp
