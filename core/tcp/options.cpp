// SYN options and their negotiation: MSS (RFC 9293 3.7.1), window scale and timestamps
// (RFC 7323), SACK-permitted (RFC 2018).
#include <algorithm>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

namespace {
constexpr std::uint16_t kDefaultMss = 536;     // RFC 9293 3.7.1, no MSS option received
constexpr std::uint8_t kMaxWindowShift = 14;   // RFC 7323 2.3
constexpr std::uint16_t kTimestampsOptionLen = 12;  // 10 bytes + 2 NOPs, as Linux pads it
}  // namespace

// A SYN carries everything offered. A SYN-ACK carries window scale, SACK-permitted and
// timestamps only when the SYN did (RFC 7323 2.2: "only if ... received ... in the initial
// <SYN>"; 3.2 likewise; RFC 2018 2); MSS is always allowed (RFC 9293 3.7.1).
void Connection::fill_syn_options(Time now, bool syn_ack, wire::TcpOptions& opt) const {
  const OptionOffer& offer = config_.offer;
  opt.mss = offer.mss;
  const bool ws = syn_ack ? tcb_.wscale_ok : offer.window_scale.has_value();
  if (ws && offer.window_scale) opt.window_scale = std::min(*offer.window_scale, kMaxWindowShift);
  opt.sack_permitted = syn_ack ? tcb_.sack_ok : offer.sack_permitted;
  const bool ts = syn_ack ? tcb_.timestamps_ok : offer.timestamps;
  if (ts) {
    const auto ms = static_cast<std::uint32_t>(now.count() / 1000);
    // RFC 7323 3.2: TSecr is zero in an initial SYN; a SYN-ACK echoes the SYN's TSval.
    opt.timestamps = wire::Timestamps{ms + config_.ts_offset, syn_ack ? tcb_.ts_recent : 0u};
  }
}

// The peer's SYN (or SYN-ACK): what both sides offered is what is used.
void Connection::absorb_syn_options(const wire::TcpSegment& seg) {
  const OptionOffer& offer = config_.offer;
  const wire::TcpOptions& opt = seg.options;
  // RFC 9293 3.7.1: send no more than the peer's MSS (536 without the option); Linux also
  // caps it by its own advertised MSS (tcp_sync_mss uses the smaller).
  std::uint16_t mss = opt.mss.value_or(kDefaultMss);
  if (offer.mss) mss = std::min(mss, *offer.mss);
  tcb_.wscale_ok = offer.window_scale.has_value() && opt.window_scale.has_value();
  if (tcb_.wscale_ok) {
    // RFC 7323 2.3: a shift above 14 "MUST use 14 instead".
    tcb_.snd_wscale = std::min(*opt.window_scale, kMaxWindowShift);
    tcb_.rcv_wscale = std::min(*offer.window_scale, kMaxWindowShift);
  } else {
    tcb_.snd_wscale = 0;
    tcb_.rcv_wscale = 0;
  }
  tcb_.sack_ok = offer.sack_permitted && opt.sack_permitted;
  tcb_.timestamps_ok = offer.timestamps && opt.timestamps.has_value();
  if (tcb_.timestamps_ok) {
    tcb_.ts_recent = opt.timestamps->value;  // RFC 7323 4.3: TS.Recent from the SYN
    // RFC 9293 3.7.1 (Eff.snd.MSS subtracts TCP options): 12 bytes of timestamps in every
    // segment leave 1448 of 1460, as Linux's mss_cache shows.
    if (mss > kTimestampsOptionLen) mss = static_cast<std::uint16_t>(mss - kTimestampsOptionLen);
  }
  tcb_.snd_mss = mss;
}

// A listener's SYN,ACK window (Linux tcp_openreq_init_rwin, net/ipv4/tcp_minisocks.c): the
// receive space rounded down to a multiple of "mss - (ireq->tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED
// : 0)" by tcp_select_initial_window(): rounddown(65536, 1460 - 12) = 45 * 1448 = 65160 with
// timestamps. connect() rounds with the whole 1460 (tcp_connect_init, where ts_recent_stamp
// is 0): 44 * 1460 = 64240, the profile's receive_window. Only when receive_window is still
// that derived value: a scenario that sets its own window keeps it.
void Connection::listener_initial_window() {
  const Profile& p = config_.profile;
  if (p.receive_space == 0 || !tcb_.timestamps_ok || !config_.offer.mss) return;
  const std::uint32_t mss = *config_.offer.mss;
  if (mss <= kTimestampsOptionLen || p.receive_window != p.receive_space / mss * mss) return;
  const std::uint32_t mss_less_ts = mss - kTimestampsOptionLen;
  tcb_.rcv_wnd = p.receive_space / mss_less_ts * mss_less_ts;
}

}  // namespace tcpviz::tcp
