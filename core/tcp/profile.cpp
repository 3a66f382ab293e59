// The three built-in profiles of SCENARIO_FORMAT.md. Every constant says where it comes from.
#include "core/tcp/profile.hpp"

namespace tcpviz::tcp {
namespace {

Profile rfc_profile() {
  Profile p;
  p.name = "rfc";
  p.rto_initial = from_ms(1000);  // RFC 6298 2.1: "set RTO <- 1 second"
  p.rto_min = from_ms(1000);      // RFC 6298 2.4: "rounded up to 1 second"
  // RFC 6298 2.5: "A maximum value MAY be placed on RTO provided it is at least 60 seconds."
  p.rto_max = from_ms(60'000);
  p.rto_after_syn_retransmit = from_ms(3000);  // RFC 6298 5.7
  // RFC 9293 3.8.3: "R2 for a SYN segment MUST be set large enough to provide retransmission
  // of the segment for at least 3 minutes." The time rule decides; the counts only bound it.
  p.syn_retries = 1000;
  p.syn_linear_timeouts = 0;
  p.synack_retries = 1000;
  p.syn_give_up_after = from_ms(180'000);
  // RFC 9293 3.8.3: R2 "SHOULD correspond to at least 100 seconds"; 15 doublings from 1 s
  // (capped at 60 s) is far more than that.
  p.data_retries = 15;
  p.msl = from_ms(120'000);  // RFC 9293 4 (glossary), MSL: "Arbitrarily defined to be 2 minutes"
  p.time_wait = from_ms(240'000);  // RFC 9293 3.10.7.4: "2 MSL"
  p.fin_wait2_timeout = std::nullopt;  // RFC 9293 has none: FIN-WAIT-2 may last forever
  // RFC 9293 3.8.6.3: "the delay MUST be less than 0.5 seconds"; ACK at least every second
  // full-sized segment. 200 ms is the classic BSD value.
  p.delayed_ack_min = from_ms(200);
  p.delayed_ack_max = from_ms(200);
  p.quickack_at_start = false;
  p.rfc1337 = false;  // RFC 9293 3.10.7.4 second step: TIME-WAIT + RST -> CLOSED
  // RFC 9293 3.10.7.4 first check: a repeated SYN is below RCV.NXT, answered by a bare ACK.
  p.resend_synack_on_repeated_syn = false;
  // RFC 9293 3.10.7.4 second (with RFC 5961 3.2) and fourth checks for a listener's
  // half-open connection: a challenge ACK for an inexact RST, LISTEN again for a new SYN.
  p.half_open_is_request_sock = false;
  // RFC 9293 3.10.5 ABORT's reset, <SEQ=SND.NXT><CTL=RST>, for data after CLOSE (3.6.1).
  p.reset_after_close_from_segment = false;
  p.receive_window = 64240;
  p.offer.mss = 1460;  // RFC 9293 3.7.1: MSS is the one option RFC 9293 itself defines
  return p;
}

Profile linux_profile() {
  Profile p;
  p.name = "linux";
  p.rto_initial = from_ms(1000);  // TCP_TIMEOUT_INIT (include/net/tcp.h)
  p.rto_min = from_ms(200);       // TCP_RTO_MIN
  p.rto_max = from_ms(120'000);   // TCP_RTO_MAX
  p.rto_after_syn_retransmit = from_ms(3000);  // TCP_TIMEOUT_FALLBACK
  p.linux_rtt_estimator = true;   // tcp_rtt_estimator, __tcp_set_rto
  p.rtt_from_timestamps = true;   // tcp_ack_update_rtt, tcp_synack_rtt_meas
  // Documentation/networking/ip-sysctl.rst: tcp_syn_retries 6 with tcp_syn_linear_timeouts 4
  // "corresponds to 67seconds ... till the last retransmission ... the final timeout for an
  // active TCP connection attempt will happen after 131seconds" (tcp_write_timeout adds the
  // linear timeouts to the retry budget).
  p.syn_retries = 6;
  p.syn_linear_timeouts = 4;
  // ip-sysctl.rst tcp_synack_retries: "Default value is 5, which corresponds to 31seconds
  // till the last retransmission ... final timeout for a passive TCP connection will happen
  // after 63seconds."
  p.synack_retries = 5;
  p.data_retries = 15;              // tcp_retries2
  // tcp_orphan_retries(): sysctl_tcp_orphan_retries defaults to 0, which means 8 while the
  // RTO is below TCP_RTO_MAX ("if socket sent something recently").
  p.orphan_retries = 8;
  p.msl = from_ms(30'000);          // Linux has no MSL; TIME-WAIT is fixed (below)
  p.time_wait = from_ms(60'000);    // TCP_TIMEWAIT_LEN
  p.fin_wait2_timeout = from_ms(60'000);  // tcp_fin_timeout (TCP_FIN_TIMEOUT)
  p.delayed_ack_min = from_ms(40);   // TCP_ATO_MIN
  p.delayed_ack_max = from_ms(200);  // TCP_DELACK_MAX
  // The first data segment starts quick-ack mode: tcp_event_data_recv() -> tcp_incr_quickack()
  // ("the _first_ data packet received" also sets icsk_ack.ato = TCP_ATO_MIN).
  p.quickack_at_start = true;
  p.ack_after_one_full_segment = true;  // __tcp_ack_snd_check: "More than one full frame"
  // Before that, ato is 0: the delayed ACK goes at the next jiffy. One jiffy at CONFIG_HZ=250
  // (the reviewer's 6.18 kernel; Debian's default) is 4 ms; the timer fires at the next tick
  // boundary, measured 1.4-3 ms after the FIN. (CONFIG_HZ=1000 would make it 1 ms.)
  p.delayed_ack_before_data = from_ms(4);
  p.rfc1337 = false;                 // tcp_rfc1337 = 0
  p.linux_time_wait = true;          // tcp_timewait_state_process
  // net.ipv4.tcp_invalid_ratelimit (ip-sysctl.rst: "Default: 500 ms"), applied per socket by
  // tcp_oow_rate_limited() and tcp_send_challenge_ack() in net/ipv4/tcp_input.c.
  p.invalid_ack_ratelimit = from_ms(500);
  p.silent_on_ack_of_unsent_data = true;  // tcp_ack(): "ack includes data we haven't sent"
  p.resend_synack_on_repeated_syn = true;  // tcp_check_req -> inet_rtx_syn_ack
  p.half_open_is_request_sock = true;   // tcp_check_req -> embryonic_reset
  p.reset_after_close_from_segment = true;  // tcp_v4_send_reset(rsk, skb): SEQ = SEG.ACK
  p.abort_sends_rst_ack = true;            // tcp_send_active_reset
  p.linux_sequence_check = true;           // tcp_sequence, tcp_replace_ts_recent
  p.receive_window = 64240;          // 44 * 1460, Linux's initial rcv_wnd for a 1500 MTU
  p.receive_space = 65536;           // tcp_full_space(131072), tcp_rmem[1] default
  p.window_rounded_up = true;        // tcp_select_window
  p.tail_loss_probe = true;          // tcp_early_retrans 3: tcp_schedule_loss_probe
  // tcp_rcv_synsent_state_process: TCP_TIMEOUT_MIN (2 jiffies) at CONFIG_HZ=250.
  p.resyn_after_unacceptable_ack = from_ms(8);
  p.time_simultaneous_open_synack = true;  // tcp_send_synack, tcp_clean_rtx_queue
  p.offer.mss = 1460;
  p.offer.window_scale = 7;
  p.offer.sack_permitted = true;
  p.offer.timestamps = true;
  return p;
}

}  // namespace

std::optional<Profile> profile_by_name(std::string_view name) {
  if (name == "rfc") return rfc_profile();
  if (name == "linux") return linux_profile();
  if (name == "linux-classic") {
    // Kernels before 6.5 (no tcp_syn_linear_timeouts): SYN at 0, 1, 3, 7, 15, 31, 63 s and
    // failure at 127 s (ip-sysctl.rst of those kernels: "127seconds").
    Profile p = linux_profile();
    p.name = "linux-classic";
    p.syn_linear_timeouts = 0;
    return p;
  }
  return std::nullopt;
}

}  // namespace tcpviz::tcp
