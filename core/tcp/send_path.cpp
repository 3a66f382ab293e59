// Building and sending segments: segmentation to the MSS within the peer's window, PSH on the
// last segment of a send, FIN after the queued data, zero-window probes, the resets of
// RFC 9293 3.10.7.
#include <algorithm>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

using wire::SeqNum;
using wire::TcpFlags;
using wire::TcpSegment;

// Every segment of the connection but the resets leaves through here. It is built in place at
// the end of out.segments (saves copying a 120-byte TcpSegment) and returned so the caller can
// complete it (a SYN's options) before anything else is appended.
TcpSegment& Connection::emit(Time now, std::uint16_t flags, SeqNum seq, std::uint32_t payload_len,
                             Effects& out) {
  // With room for the segment and for a delayed-ACK record nothing below can reallocate: the
  // compiler drops the growth calls and saves no registers (~15 instructions per segment).
  if (out.segments.size() == out.segments.capacity() ||
      out.timers.size() == out.timers.capacity()) {
    return emit_making_room(now, flags, seq, payload_len, out);
  }
  // A copy of a blank segment compiles to a few 16-byte moves where building one in place
  // compiles to `rep stos` (saves ~7 instructions per segment).
  static constexpr TcpSegment kBlank{};
  TcpSegment& seg = out.segments.emplace_back(kBlank);
  seg.src_port = config_.local_port;
  seg.dst_port = config_.remote_port;
  seg.seq = seq;
  seg.flags.bits = flags;
  if ((flags & TcpFlags::kAck) != 0) seg.ack = tcb_.rcv_nxt;
  seg.window = window_to_offer((flags & TcpFlags::kSyn) != 0);
  seg.payload_len = payload_len;
  // RFC 7323 3.2: once negotiated, "the TSopt MUST be sent in every non-<RST> segment".
  if (tcb_.timestamps_ok && (flags & TcpFlags::kRst) == 0) {
    const auto ms = static_cast<std::uint32_t>(now.count() / 1000);
    seg.options.timestamps = wire::Timestamps{ms + config_.ts_offset, tcb_.ts_recent};
  }
  // An ACK sent is the delayed ACK done.
  if ((flags & TcpFlags::kAck) != 0) {
    last_ack_sent_ = seg.ack;
    cancel_timer(TimerKind::DelayedAck, out);
    if (unacked_rcv_bytes_ > 0 && quickacks_left_ > 0) --quickacks_left_;  // tcp_dec_quickack_mode
    unacked_rcv_bytes_ = 0;
  }
  return seg;
}

// Linux tcp_select_window() (net/ipv4/tcp_output.c). cur_win = rcv_wup + rcv_wnd - rcv_nxt is
// what is left of the window offered last; __tcp_select_window() offers the free space,
// ALIGNed up to the scale ("Advertise enough space so that it won't get scaled away"), and
// "if (new_win < cur_win) ... new_win = ALIGN(cur_win, 1 << tp->rx_opt.rcv_wscale)": never
// shrink. Examples: a client's 64240 -> ALIGN(64240, 128) = 64256 = 502 << 7; a listener's
// 65160 -> 65280 = 510 << 7. The free space here is RCV.WND, since the application reads at
// once. Not modelled: the kernel counts an unread segment's buffer (truesize) against the
// free space, so an ACK sent before the application reads can offer a little less (a real
// 6.18 offered 509 just after 100 bytes: ALIGN(65160 - 100, 128) = 65152 = 509 << 7), and
// tcp_grow_window() raises rcv_ssthresh as data arrives, so the window then grows.
std::uint16_t Connection::linux_select_window() {
  const std::uint32_t unit = 1u << tcb_.rcv_wscale;
  auto align_up = [unit](std::uint32_t w) { return (w + unit - 1) & ~(unit - 1); };
  const std::uint32_t used = wire::seq_distance(rcv_wup_, tcb_.rcv_nxt);
  const std::uint32_t cur_win = offered_wnd_ > used ? offered_wnd_ - used : 0;
  const std::uint32_t new_win = std::max(align_up(tcb_.rcv_wnd), align_up(cur_win));
  offered_wnd_ = new_win;
  rcv_wup_ = tcb_.rcv_nxt;
  const std::uint32_t w = new_win >> tcb_.rcv_wscale;
  return static_cast<std::uint16_t>(w < 65535u ? w : 65535u);
}

// emit() when out.segments or out.timers is full: grow them, then emit.
TcpSegment& Connection::emit_making_room(Time now, std::uint16_t flags, SeqNum seq,
                                         std::uint32_t payload_len, Effects& out) {
  out.segments.reserve(2 * out.segments.size() + 8);
  out.timers.reserve(2 * out.timers.size() + 8);
  return emit(now, flags, seq, payload_len, out);
}

void Connection::send_syn(Time now, bool with_ack, Effects& out) {
  const std::uint16_t flags = TcpFlags::kSyn | (with_ack ? TcpFlags::kAck : 0);
  TcpSegment& seg = emit(now, flags, tcb_.iss, 0, out);
  // The SYN's options are the offer's (fill_syn_options); the only one emit() may have set
  // is the timestamps (resetting just it saves zeroing all 96 bytes of options again).
  seg.options.timestamps.reset();
  fill_syn_options(now, with_ack, seg.options);
}

void Connection::send_ack(Time now, Effects& out) {
  emit(now, TcpFlags::kAck, tcb_.snd_nxt, 0, out);
}

// Linux answers invalid segments through tcp_send_dupack() / tcp_send_challenge_ack(), both
// behind a per-socket limit (net/ipv4/tcp_input.c): __tcp_oow_rate_limited() refuses when the
// last such ACK left less than sysctl_tcp_invalid_ratelimit ago, else records the time and
// lets it go. tcp_oow_rate_limited() first exempts segments with data and no SYN ("Data
// packets without SYNs are not likely part of an ACK loop"): only a zero-length segment or a
// SYN can bounce between two ends forever.
bool Connection::may_answer_invalid(Time now, const TcpSegment& seg, bool data_exempt,
                                    Effects& out) {
  const std::optional<Duration>& limit = config_.profile.invalid_ack_ratelimit;
  if (!limit) return true;
  if (data_exempt && seg.seg_len() > 0 && !seg.flags.syn()) return true;
  if (last_invalid_ack_ && now - *last_invalid_ack_ < *limit) {
    decide(out, "ACK rate limit", "Linux tcp_oow_rate_limited",
           "the last answer to an invalid segment left {0} ms ago, less than "
           "tcp_invalid_ratelimit ({1} ms): nothing is sent this time, so two confused ends "
           "cannot keep answering each other (RFC 9293 would answer every time)",
           {(now - *last_invalid_ack_).count() / 1000, limit->count() / 1000});
    return false;
  }
  last_invalid_ack_ = now;
  return true;
}

bool Connection::send_invalid_ack(Time now, const TcpSegment& seg, bool data_exempt,
                                  Effects& out) {
  if (!may_answer_invalid(now, seg, data_exempt, out)) return false;
  send_ack(now, out);
  return true;
}

// RFC 9293 3.10.7.1: "If the ACK bit is off, sequence number zero is used,
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>."
// The same rule answers an unacceptable ACK in LISTEN, SYN-SENT and SYN-RECEIVED.
void Connection::send_reset_for(const TcpSegment& seg, Effects& out) {
  TcpSegment rst;
  rst.src_port = seg.dst_port;
  rst.dst_port = seg.src_port;
  if (seg.flags.ack()) {
    rst.seq = seg.ack;
    rst.flags.bits = TcpFlags::kRst;
  } else {
    rst.seq = SeqNum(0);
    rst.ack = seg.seq + seg.seg_len();
    rst.flags.bits = TcpFlags::kRst | TcpFlags::kAck;
  }
  out.segments.push_back(rst);
}

// RFC 9293 3.10.5 ABORT: "<SEQ=SND.NXT><CTL=RST>".
void Connection::send_rst(SeqNum seq, Effects& out) {
  TcpSegment rst;
  rst.src_port = config_.local_port;
  rst.dst_port = config_.remote_port;
  rst.seq = seq;
  rst.flags.bits = TcpFlags::kRst;
  out.segments.push_back(rst);
}

// Linux tcp_send_active_reset() (net/ipv4/tcp_output.c), used by close() with SO_LINGER 0 and
// by tcp_disconnect(): "tcp_init_nondata_skb(skb, tcp_acceptable_seq(sk), TCPHDR_ACK |
// TCPHDR_RST)", sent through tcp_transmit_skb like any segment, so it carries ACK=RCV.NXT, the
// window and the timestamps. tcp_acceptable_seq() is SND.NXT unless the peer's window ends
// before it (then the window's end).
void Connection::send_abort_rst_ack(Time now, Effects& out) {
  const SeqNum wnd_end = tcb_.snd_una + tcb_.snd_wnd;
  const SeqNum seq = wnd_end < tcb_.snd_nxt ? wnd_end : tcb_.snd_nxt;
  TcpSegment& seg = emit(now, TcpFlags::kRst | TcpFlags::kAck, seq, 0, out);
  if (tcb_.timestamps_ok) {
    const auto ms = static_cast<std::uint32_t>(now.count() / 1000);
    seg.options.timestamps = wire::Timestamps{ms + config_.ts_offset, tcb_.ts_recent};
  }
  decide_reset(out, "ABORT", "Linux tcp_send_active_reset",
               "the application aborts a synchronized connection: Linux sends RST,ACK with "
               "SEQ={0} (SND.NXT, or the end of the peer's window if that comes first) and "
               "ACK=RCV.NXT={1}, with the window and timestamps like any segment (RFC 9293 "
               "3.10.5 sends a bare RST), and forgets the connection",
               {seg.seq.raw(), seg.ack.raw()});
}

bool Connection::may_send_data() const {
  // Data may leave once our SYN is acknowledged and until our FIN has gone; CLOSE changes the
  // state at once (FIN-WAIT-1, LAST-ACK) while queued data still drains before the FIN.
  switch (state_) {
    case State::Established:
    case State::CloseWait:
    case State::FinWait1:
    case State::LastAck:
      return !tcb_.fin_sent;
    default:
      return false;
  }
}

// Segmentize the queue: each segment min(SND.MSS, usable window, what is left), PSH on the
// one that empties the queue (as Linux marks the last skb of a write, tcp_push), the FIN on
// the last data segment when the application has already closed. There is no Nagle delay and
// no zero-window probe: the simulated application always reads at once, so the peer's window
// never closes in a lesson.
void Connection::send_queued_data(Time now, Effects& out) {
  if (!may_send_data()) return;
  bool sent = false;
  auto transmit = [&](std::uint16_t flags, std::uint32_t len) {
    const TcpSegment& seg = emit(now, flags, tcb_.snd_nxt, len, out);
    tcb_.snd_nxt += seg.seg_len();
    note_sent(now, flags);
    sent = true;
    if (!rtt_timing_) {  // RFC 6298 3: time one segment at a time
      rtt_timing_ = true;
      rtt_seq_ = tcb_.snd_nxt;
      rtt_started_ = now;
    }
  };
  while (tcb_.send_queued > 0) {
    const std::uint32_t in_flight = wire::seq_distance(tcb_.snd_una, tcb_.snd_nxt);
    const std::uint32_t usable = tcb_.snd_wnd > in_flight ? tcb_.snd_wnd - in_flight : 0;
    if (usable == 0) {
      decide(out, "send: window full", "RFC 9293 3.8.6",
             "{0} bytes wait: {1} bytes are in flight and the peer's window SND.WND={2} is full",
             {tcb_.send_queued, in_flight, tcb_.snd_wnd});
      if (sent) {
        arm_after_sending(now, out);
      } else if (in_flight == 0 && !timer_armed(TimerKind::Retransmit)) {
        // RFC 9293 3.8.6.1: "The sending TCP must regularly transmit at least one octet of
        // new data (if available) ... even if the send window is zero". The retransmission
        // timer doubles as the persist timer (as Linux's probe timer backs off like it).
        probe_armed_ = false;
        arm_timer(TimerKind::Retransmit, now + current_rto(), out);
      }
      return;
    }
    const std::uint32_t len =
        std::min({static_cast<std::uint32_t>(tcb_.snd_mss), usable, tcb_.send_queued});
    const bool last = len == tcb_.send_queued;
    std::uint16_t flags = TcpFlags::kAck;
    if (last) flags |= TcpFlags::kPsh;
    if (last && tcb_.fin_queued) flags |= TcpFlags::kFin;
    tcb_.send_queued -= len;
    if ((flags & TcpFlags::kFin) != 0) tcb_.fin_sent = true;
    transmit(flags, len);
  }
  if (tcb_.fin_queued && !tcb_.fin_sent) {
    tcb_.fin_sent = true;
    transmit(TcpFlags::kFin | TcpFlags::kAck, 0);
  }
  if (sent) arm_after_sending(now, out);
}

// RFC 6298 5.1: "Every time a packet containing data is sent (including a retransmission), if
// the timer is not running, start it running". Linux with the tail loss probe sets the probe
// timer after new data instead (tcp_write_xmit -> tcp_schedule_loss_probe), even over a
// running RTO.
void Connection::arm_after_sending(Time now, Effects& out) {
  if (schedule_loss_probe(now, /*advancing_rto=*/false, out)) return;
  if (!timer_armed(TimerKind::Retransmit)) {
    probe_armed_ = false;
    arm_timer(TimerKind::Retransmit, now + current_rto(), out);
  }
}

// RFC 9293 3.8.6.1 zero-window probe: one octet of new data beyond the closed window.
void Connection::send_window_probe(Time now, Effects& out) {
  emit(now, TcpFlags::kAck, tcb_.snd_nxt, 1, out);
  tcb_.send_queued -= 1;
  tcb_.snd_nxt += 1;
  note_sent(now, TcpFlags::kAck);
  rtt_timing_ = false;  // a probe's answer says nothing about the RTT
}

}  // namespace tcpviz::tcp
