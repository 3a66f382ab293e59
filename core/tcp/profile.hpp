// Timer and policy profiles (SCENARIO_FORMAT.md, "profile"). Each constant cites where it
// comes from; a scenario's "overrides" replace single fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/util/time.hpp"

namespace tcpviz::tcp {

// What a side offers in its SYN or SYN-ACK (RFC 7323, RFC 2018, RFC 9293 3.7.1).
struct OptionOffer {
  std::optional<std::uint16_t> mss;          // nullopt: send no MSS option
  std::optional<std::uint8_t> window_scale;  // nullopt: do not offer window scaling
  bool sack_permitted = false;
  bool timestamps = false;
};

struct Profile {
  std::string_view name;  // "rfc", "linux", "linux-classic"

  // Retransmission timer, RFC 6298 section 2.
  Duration rto_initial{};
  Duration rto_min{};
  Duration rto_max{};
  // RFC 6298 section 5.7: after a retransmitted SYN, the RTO once data starts is 3 s when the
  // handshake gave no RTT sample.
  Duration rto_after_syn_retransmit{};
  // Linux's estimator instead of RFC 6298 2.2-2.4: tcp_rtt_estimator() (net/ipv4/tcp_input.c)
  // floors the variance term rttvar_us at rto_min (TCP_RTO_MIN) and lets it decay only once
  // per RTT; __tcp_set_rto() (include/net/tcp.h) returns SRTT + rttvar_us, which is never
  // below SRTT + rto_min. `rfc`: RTO = SRTT + 4*RTTVAR clamped to [rto_min, rto_max].
  bool linux_rtt_estimator = false;
  // With timestamps, an ACK of a retransmitted segment (SYN and SYN,ACK included) still gives
  // an RTT sample, from the echoed TSval's send time: Linux tcp_ack_update_rtt() uses
  // tcp_rtt_tsopt_us() when the retransmission hides the send time (Karn), and the server's
  // tcp_synack_rtt_meas() does the same. So the 3 s fallback above applies only when no
  // sample came at all (tcp_init_metrics: "else if (tp->srtt_us == 0)").
  bool rtt_from_timestamps = false;

  int syn_retries = 0;           // retransmissions of a SYN before giving up
  int syn_linear_timeouts = 0;   // Linux tcp_syn_linear_timeouts: first N retries 1 RTO apart
  int synack_retries = 0;        // retransmissions of a SYN-ACK before giving up
  // RFC 9293 3.8.3: "R2 for a SYN segment MUST be set large enough to provide retransmission
  // of the segment for at least 3 minutes". When set, a SYN (or SYN-ACK) is given up once
  // this much time has passed since it was first sent, whatever the retry counts say.
  std::optional<Duration> syn_give_up_after;
  int data_retries = 15;         // Linux tcp_retries2; RFC 9293 3.8.3 R2 (at least 100 s)
  // Linux, once close() has orphaned the socket (SOCK_DEAD): tcp_write_timeout() replaces
  // tcp_retries2 by tcp_orphan_retries(), which turns the default sysctl 0 into 8 ("8
  // corresponds to >100 seconds with minimal RTO of 200msec", net/ipv4/tcp_timer.c), and
  // retransmits_timed_out() gives up once tcp_model_timeout(8, TCP_RTO_MIN) = 511 x rto_min
  // has passed since the first retransmission of the unacknowledged segment. nullopt (`rfc`):
  // RFC 9293 3.8.3 R2 knows no orphans, data_retries applies after CLOSE too.
  std::optional<int> orphan_retries;

  Duration msl{};                // maximum segment lifetime
  Duration time_wait{};          // 2*MSL for `rfc`; a fixed 60 s on Linux (TCP_TIMEWAIT_LEN)
  std::optional<Duration> fin_wait2_timeout;  // none in RFC 9293; Linux tcp_fin_timeout 60 s

  // Delayed ACK: RFC 9293 3.8.6.3 (less than 0.5 s, at least every second full segment);
  // Linux: TCP_ATO_MIN 40 ms growing to TCP_DELACK_MAX 200 ms, with quick-ack mode first.
  Duration delayed_ack_min{};
  Duration delayed_ack_max{};
  bool quickack_at_start = false;  // Linux starts connections in quick-ack mode
  // When unacknowledged data makes the ACK go at once. false: RFC 9293 3.8.6.3, "An ACK
  // SHOULD be generated for at least every second full-sized segment or 2*RMSS bytes of new
  // data" (at least 2*RMSS unacknowledged). true: Linux __tcp_ack_snd_check(), "More than one
  // full frame received" (more than RMSS, rcv_nxt - rcv_wup > icsk_ack.rcv_mss).
  bool ack_after_one_full_segment = false;
  // Linux: icsk_ack.ato is 0 until the first data segment arrives (tcp_event_data_recv() sets
  // TCP_ATO_MIN), so a delayed ACK scheduled before any data was received (the ACK of a bare
  // FIN, tcp_fin -> inet_csk_schedule_ack) leaves at the next timer tick
  // (tcp_send_delayed_ack: timeout = jiffies + ato). nullopt: delayed_ack_min always.
  std::optional<Duration> delayed_ack_before_data;

  bool rfc1337 = false;  // true: TIME-WAIT ignores RST (RFC 1337); Linux tcp_rfc1337 = 0
  // TIME-WAIT as Linux's tcp_timewait_state_process() (net/ipv4/tcp_minisocks.c): only a bare
  // segment or an RST exactly at RCV.NXT is "in window" (a bare one restarts the TIME-WAIT
  // timer, an RST kills it unless tcp_rfc1337); any other segment but a new SYN is ACKed at
  // once (TCP_TW_ACK_OOW, behind the tcp_invalid_ratelimit limit) and, if it has ACK set,
  // restarts the timer (inet_twsk_reschedule); an RST anywhere else is dropped silently.
  // false (`rfc`): RFC 9293 3.10.7.4's checks, so an in-window RST not at RCV.NXT gets a
  // challenge ACK (second check, RFC 5961 3.2) and acceptable data is ignored (seventh).
  // Also: the ISS of a connection whose SYN reopened TIME-WAIT is Linux's tcp_tw_isn (old
  // SND.NXT + 65537) instead of RFC 9293 3.6.1 MAY-2's "larger than" check on the clock ISN.
  bool linux_time_wait = false;

  // Duplicate ACKs answering invalid segments (out of the window, a SYN or an inexact RST on
  // a synchronized connection, an ACK too old or of data never sent): RFC 9293 3.10.7.4 sends
  // one every time; Linux sends at most one per this interval per connection
  // (net.ipv4.tcp_invalid_ratelimit, default 500 ms; tcp_oow_rate_limited() in
  // net/ipv4/tcp_input.c), which is what stops two confused ends ACKing each other forever.
  // nullopt: no limit.
  std::optional<Duration> invalid_ack_ratelimit;
  // An ACK of data never sent (SEG.ACK > SND.NXT) in ESTABLISHED: RFC 9293 3.10.7.4 sends an
  // ACK and drops the segment; Linux drops it without a word (tcp_ack() returns
  // -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA and tcp_rcv_established() discards the segment).
  bool silent_on_ack_of_unsent_data = false;
  // The peer's SYN again (SEG.SEQ = IRS) in SYN-RECEIVED. false: RFC 9293 3.10.7.4's first
  // check finds it unacceptable (RCV.NXT = IRS+1 is past it): send <SEQ=SND.NXT><ACK=RCV.NXT>
  // <CTL=ACK> and drop it; the SYN,ACK goes again only when our retransmission timer expires.
  // true: Linux resends the SYN,ACK at once (tcp_check_req -> inet_rtx_syn_ack).
  bool resend_synack_on_repeated_syn = false;
  // What a listener's half-open connection (SYN-RECEIVED from LISTEN) is. true: Linux's
  // request sock in the listener's queue, not a socket of the application's (accept() returns
  // one only once the handshake completes), so the application's close() acts on the
  // listener and the request dies with it (core/sim, inet_csk_listen_stop). false: RFC
  // 9293's one TCB per passive OPEN, which CLOSE in SYN-RECEIVED acts on (3.10.4).
  // It also decides what the half-open connection does when it gets, inside the window, an
  // RST not exactly at RCV.NXT or a SYN other than the peer's first. false: RFC 9293 3.10.7.4
  // second check with RFC 5961 3.2 (a challenge ACK for the inexact RST) and fourth check
  // (back to LISTEN, nothing sent, for the SYN). true: Linux keeps a request sock, not a full
  // socket, and tcp_check_req() (net/ipv4/tcp_minisocks.c) sends both to embryonic_reset:
  // a SYN is answered from the segment by send_reset (tcp_v4_send_reset, <SEQ=0>
  // <ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>), an RST gets no answer (there is no RFC 5961 exact
  // test for request socks), and inet_csk_reqsk_queue_drop() forgets the request. A
  // SYN-RECEIVED reached by a simultaneous open is a full socket and keeps the RFC rules.
  bool half_open_is_request_sock = false;
  // New data after CLOSE in FIN-WAIT-1/2 is answered with a RST (RFC 9293 3.6.1, SHLD-3).
  // false: <SEQ=SND.NXT><CTL=RST>, the form RFC 9293 3.10.5 gives the reset of a synchronized
  // connection. true: Linux builds the RST from the arriving segment, <SEQ=SEG.ACK>
  // (tcp_rcv_state_process returns 1, then tcp_v4_send_reset answers the skb).
  bool reset_after_close_from_segment = false;
  // ABORT of a synchronized connection: RFC 9293 3.10.5 sends <SEQ=SND.NXT><CTL=RST>; Linux
  // tcp_send_active_reset() sends RST|ACK with SEQ=tcp_acceptable_seq() (SND.NXT), ACK=RCV.NXT,
  // the window and timestamps (it leaves through tcp_transmit_skb like any segment).
  bool abort_sends_rst_ack = false;
  // A retransmission of the peer's last segment that ends at RCV.NXT fails RFC 9293's window
  // test, but passes Linux's tcp_sequence() (end_seq >= rcv_wup). A repeated FIN then updates
  // TS.Recent (tcp_replace_ts_recent), so later segments echo its TSval; a repeated SYN,ACK
  // is answered by the SYN check's challenge ACK (tcp_validate_incoming). `rfc`: RFC 7323 5.3
  // R2 rejects it before TS.Recent is updated (R3), and the first check answers it.
  bool linux_sequence_check = false;

  // Simultaneous open: our SYN's sequence number leaves twice, in the SYN and then in the
  // SYN,ACK. false: RFC 6298 3 (Karn), "RTT samples MUST NOT be made using segments that were
  // retransmitted": the ACK of it gives no sample. true: Linux times that ACK from the SYN,ACK:
  // tcp_send_synack() sends the SYN's own skb again (its send time renewed by
  // __tcp_transmit_skb, not marked TCPCB_RETRANS), and tcp_clean_rtx_queue() takes the sample
  // from it. A 6.18 kernel pair with 50 ms each way reported rtt 50.9 and 50.8 ms (rto 252);
  // one side whose peer's SYN,ACK came 1.2 ms after its own reported rtt 1.227 ms.
  bool time_simultaneous_open_synack = false;

  // SYN-SENT and an ACK that does not acknowledge our SYN: RFC 9293 3.10.7.3 answers it with
  // <SEQ=SEG.ACK><CTL=RST> and keeps waiting for its retransmission timer. Linux also brings
  // the SYN's retransmission forward, if the SYN has not been retransmitted yet:
  // tcp_rcv_synsent_state_process() (net/ipv4/tcp_input.c) resets the timer to
  // TCP_TIMEOUT_MIN, 2 jiffies (8 ms at CONFIG_HZ=250), before "goto reset_and_undo" ("Previous
  // FIN/ACK or RST/ACK might be ignored"): the RST clears the peer's old connection and the
  // new SYN follows at once. A 6.18 kernel that was answered by a challenge ACK after a
  // restart sent its RST at 506.1 ms and the SYN again at 517.0 ms. nullopt: wait for the RTO.
  std::optional<Duration> resyn_after_unacceptable_ack;

  // Linux's tail loss probe (RFC 8985 section 7, "TLP"; net.ipv4.tcp_early_retrans = 3 by
  // default, since Linux 3.10). When data or a FIN is in flight on a connection that
  // negotiated SACK and is not recovering from a timeout, the retransmission timer is first
  // set as a probe timer, PTO = 2*SRTT + 200 ms with one segment in flight (+ 2 ms with more;
  // 1 s with no RTT sample), or the RTO if that comes sooner (tcp_schedule_loss_probe). When
  // it expires, the last segment is sent again and the RTO restarts from now without being
  // doubled, and without counting as a retry (tcp_send_loss_probe); only the next expiry is a
  // retransmission timeout. So a FIN lost twice goes again after 1, 2 and 4 RTOs where RFC
  // 6298 alone gives 1, 3 and 7 (a 6.18 kernel: +314 ms, +320 ms, +640 ms with a 300 ms RTO).
  bool tail_loss_probe = false;

  std::uint32_t receive_window = 0;  // the window this side advertises in its SYN
  // Linux: the receive space the initial window is cut from (tcp_full_space() of tcp_rmem[1]
  // 131072 with tcp_adv_win_scale 1 = 65536); 0: not modelled. tcp_select_initial_window()
  // rounds it down to a multiple of the MSS: 1460 for connect() (tcp_connect_init,
  // 64240 = receive_window) but 1460 - 12 = 1448 for a listener's SYN,ACK when timestamps
  // are on (tcp_openreq_init_rwin: mss - TCPOLEN_TSTAMP_ALIGNED), so 65160.
  std::uint32_t receive_space = 0;
  // Linux tcp_select_window(): the window offered after the handshake is never smaller than
  // the one offered before ("new_win = ALIGN(cur_win, 1 << tp->rx_opt.rcv_wscale)"), so a
  // scaled window is rounded up, not truncated (64240 -> 502 << 7, not 501). `rfc`: RCV.WND
  // >> Rcv.Wind.Shift (RFC 7323 2.3).
  bool window_rounded_up = false;
  OptionOffer offer;                 // what this side offers by default
};

// The three built-in profiles; nullopt for an unknown name.
std::optional<Profile> profile_by_name(std::string_view name);

}  // namespace tcpviz::tcp
