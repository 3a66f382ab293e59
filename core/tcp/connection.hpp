// One TCP connection as a pure state machine ("sans-IO"), RFC 9293 section 3.10.
//
// Inputs: an application call, an arriving segment or the passing of time, each with the
// current time. Output: everything that input caused, appended to the caller's Effects.
// The connection owns no clock, no randomness, no I/O and no callbacks: the ISN and the
// profile come in from outside and `next_deadline()` says when to call back. Payload bytes
// are not stored here either: a connection tracks sequence space; whoever owns it keeps the
// bytes (the simulator synthesizes them, the live host buffers them).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tcp/effects.hpp"
#include "core/tcp/in_flight.hpp"
#include "core/tcp/profile.hpp"
#include "core/tcp/state.hpp"
#include "core/tcp/tcb.hpp"
#include "core/util/time.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::tcp {

struct ConnectionConfig {
  Profile profile;
  OptionOffer offer;             // what this side puts in its SYN / SYN-ACK
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::uint32_t ts_offset = 0;   // RFC 7323 5.4: per-connection random TSval offset
};

class Connection {
 public:
  explicit Connection(const ConnectionConfig& config);

  // --- Application calls (RFC 9293 3.10.1 - 3.10.6) ---
  // OPEN, active: CLOSED -> SYN-SENT, sends <SEQ=ISS><CTL=SYN>.
  void open_active(Time now, wire::SeqNum iss, Effects& out);
  // OPEN, passive: CLOSED -> LISTEN.
  void open_passive(Time now, Effects& out);
  // A listening TCB about to take a SYN: the copy the owner makes of a listener gets the ISS
  // the owner chose for this 4-tuple (RFC 6528) before the SYN is delivered to it.
  void set_iss_for_accept(wire::SeqNum iss);
  // SEND: queue `bytes` bytes of data.
  void send(Time now, std::uint32_t bytes, Effects& out);
  // CLOSE: FIN after the queued data; the application releases the connection.
  void close(Time now, Effects& out);
  // Half-close: FIN after the queued data; the application keeps receiving.
  void shutdown(Time now, Effects& out);
  // ABORT: RST to the peer (when synchronized), then CLOSED.
  void abort(Time now, Effects& out);

  // --- The network (RFC 9293 3.10.7) ---
  void segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out);

  // --- Time ---
  // The earliest armed timer's deadline, nullopt when nothing is armed. Inline: the simulator
  // asks after every input.
  std::optional<Time> next_deadline() const {
    if (earliest_deadline_ == kNotArmed) return std::nullopt;
    return earliest_deadline_;
  }
  // Fires every timer whose deadline is <= now (RFC 9293 3.10.8).
  void deadline_reached(Time now, Effects& out);

  State state() const { return state_; }
  // A listener's copy made for one SYN (set_iss_for_accept) that fell back to LISTEN (an RST or
  // a different SYN in SYN-RECEIVED, RFC 9293 3.10.7.4): the listener itself never stopped
  // listening, so the owner discards the copy.
  bool returned_to_listener() const { return fell_back_to_listener_ && state_ == State::Listen; }
  const Tcb& tcb() const { return tcb_; }
  const ConnectionConfig& config() const { return config_; }
  // True once the application has released the connection (close or abort), which is what
  // Linux's FIN-WAIT-2 timeout depends on.
  bool released_by_application() const { return released_; }

 private:
  // The state machine engineer owns everything below; the public API above is a contract.
  // Every state change goes through here: it records the Transition (stamped with the
  // owner's label), emits the app events that belong to entering `to` and cancels every timer
  // on entering CLOSED. Inline: every call site names a constant `to`, so where the compiler
  // inlines it the switch folds away (saves ~30 instructions per state change).
  void set_state(Time now, State to, std::string_view cause, std::string_view rfc,
                 Effects& out) {
    (void)now;  // the record's time is the label's (the input's), like every other record
    const State from = state_;
    if (from == to) return;
    state_ = to;
    const Label& l = out.label;
    append(out.transitions, Transition{l.t, l.conn, l.who, from, to, cause, rfc});
    switch (to) {
      case State::Listen:
        // Only a user's OPEN announces listening; falling back from SYN-RECEIVED does not
        // ("The user need not be informed", RFC 9293 3.10.7.4).
        if (from == State::Closed) announce(out, AppEventKind::Listening);
        break;
      case State::SynSent:
        announce(out, AppEventKind::Connecting);
        break;
      case State::Established:
        // A listener's copy becomes visible to the application now: Linux's accept() returns
        // a socket only once the handshake has completed (inet_csk_accept).
        if (accept_clone_) announce(out, AppEventKind::Accepted);
        announce(out, AppEventKind::Established);
        break;
      case State::Closed:
        // RFC 9293 3.10.7.x "enter the CLOSED state and delete the TCB": no timer survives.
        cancel_all_timers(out);
        announce(out, AppEventKind::Closed);
        break;
      default:
        break;
    }
  }
  void start_new_incarnation();
  // Records the step of RFC 9293 3.10 that decided, with the numbers it compared, stamped with
  // the owner's label. Inline: each call site folds its constant strings and values into the
  // stores of one push_back (saves the call and the copying through the initializer_list, ~50
  // instructions per Decision).
  void decide(Effects& out, std::string_view step, std::string_view rfc, std::string_view text,
              std::initializer_list<std::int64_t> values = {}) const {
    // Extra values past the template's four places are dropped.
    std::array<std::int64_t, 4> numbers{};
    const std::size_t n = values.size() < numbers.size() ? values.size() : numbers.size();
    for (std::size_t i = 0; i < n; ++i) numbers[i] = values.begin()[i];
    const Label& l = out.label;
    out.decisions.push_back(DecisionRecord{
        l.t, l.conn, l.who, l.segment,
        Decision{step, rfc, text, numbers, static_cast<std::uint8_t>(n)}});
  }
  // decide() for a step whose answer is a reset segment, sent right after it (the narration
  // ties that RST to this Decision by its `sends_reset`).
  void decide_reset(Effects& out, std::string_view step, std::string_view rfc,
                    std::string_view text, std::initializer_list<std::int64_t> values = {}) const {
    decide(out, step, rfc, text, values);
    out.decisions.back().what.sends_reset = true;
  }
  // Tells the application what happened (an AppEvent stamped with the owner's label).
  // With room (the usual case once the buffers are warm) the event is stored field by field
  // straight into its slot; the full vector's path is out of line and takes no record by
  // reference, so none is built on the stack first (saves ~7 instructions per app event).
  static void announce(Effects& out, AppEventKind kind, std::uint32_t bytes = 0) {
    std::vector<AppEvent>& events = out.app_events;
    if (events.size() == events.capacity()) {
      announce_making_room(out, kind, bytes);
      return;
    }
    const Label& l = out.label;
    events.push_back(AppEvent{l.t, l.conn, l.who, kind, bytes});
  }
  static void announce_making_room(Effects& out, AppEventKind kind, std::uint32_t bytes);

  // segment_arrives, split by RFC 9293 3.10.7 subsection.
  void closed_segment_arrives(const wire::TcpSegment& seg, Effects& out);       // 3.10.7.1
  void listen_segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out);  // 3.10.7.2
  void syn_sent_segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out);  // 3.10.7.3
  void other_segment_arrives(Time now, const wire::TcpSegment& seg, Effects& out);  // 3.10.7.4
  bool time_wait_special_cases(Time now, const wire::TcpSegment& seg, Effects& out);
  void reject_unacceptable(Time now, const wire::TcpSegment& seg, Effects& out);
  bool check_rst(Time now, const wire::TcpSegment& seg, Effects& out);
  bool check_syn(Time now, const wire::TcpSegment& seg, Effects& out);
  bool check_ack(Time now, const wire::TcpSegment& seg, Effects& out);
  void process_segment_text(Time now, const wire::TcpSegment& seg, Effects& out);
  void hold_out_of_order(wire::SeqNum left, wire::SeqNum right);
  std::uint32_t take_held_data();
  void process_fin(Time now, const wire::TcpSegment& seg, Effects& out);
  bool fin_in_order(const wire::TcpSegment& seg) const;
  // "If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <-
  // SEG.WND, set SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK." (RFC 7323 2.3: scaled.)
  // Inline: every acceptable ACK asks (saves a call).
  void update_send_window(const wire::TcpSegment& seg) {
    if (tcb_.snd_wl1 < seg.seq || (tcb_.snd_wl1 == seg.seq && tcb_.snd_wl2 <= seg.ack)) {
      tcb_.snd_wnd = static_cast<std::uint32_t>(seg.window) << tcb_.snd_wscale;
      tcb_.snd_wl1 = seg.seq;
      tcb_.snd_wl2 = seg.ack;
      if (tcb_.snd_wnd > max_snd_wnd_) max_snd_wnd_ = tcb_.snd_wnd;
    }
  }
  void handshake_completed(Time now, std::string_view cause, std::string_view rfc, Effects& out);
  void peer_reset(Time now, std::string_view rfc, Effects& out);
  void return_to_listen(Time now, std::string_view cause, Effects& out);
  void fall_back_to_listener(Time now, std::string_view cause, Effects& out);

  // Segments out (send_path.cpp).
  // Appends <SEQ=seq><ACK=RCV.NXT if flags has ACK><CTL=flags> with payload_len bytes to
  // out.segments and returns it; valid until the next segment is appended.
  wire::TcpSegment& emit(Time now, std::uint16_t flags, wire::SeqNum seq,
                         std::uint32_t payload_len, Effects& out);
  wire::TcpSegment& emit_making_room(Time now, std::uint16_t flags, wire::SeqNum seq,
                                     std::uint32_t payload_len, Effects& out);
  void send_syn(Time now, bool with_ack, Effects& out);
  void send_ack(Time now, Effects& out);
  // The ACK that answers an invalid segment (RFC 9293 3.10.7.4 "send an acknowledgment",
  // RFC 5961's challenge ACK), unless the profile's invalid_ack_ratelimit holds it back (Linux
  // tcp_oow_rate_limited / tcp_send_challenge_ack). `data_exempt`: Linux never limits the
  // duplicate ACK for an out-of-window segment that carries data or FIN (only zero-length
  // segments and SYNs can loop). Returns whether the ACK was sent.
  bool send_invalid_ack(Time now, const wire::TcpSegment& seg, bool data_exempt, Effects& out);
  // The limit itself: false (with a Decision saying so) when the answer must be held back.
  bool may_answer_invalid(Time now, const wire::TcpSegment& seg, bool data_exempt,
                          Effects& out);
  void send_reset_for(const wire::TcpSegment& seg, Effects& out);  // 3.10.7.1 rules
  void send_rst(wire::SeqNum seq, Effects& out);
  void send_abort_rst_ack(Time now, Effects& out);  // Linux tcp_send_active_reset
  // Sends what the queue and the peer's window allow. Most calls (one per arriving segment)
  // find nothing queued: that test is inline (saves a call), the work is send_queued_data.
  void try_send(Time now, Effects& out) {
    if (tcb_.send_queued == 0 && (!tcb_.fin_queued || tcb_.fin_sent)) return;
    send_queued_data(now, out);
  }
  void send_queued_data(Time now, Effects& out);
  void send_window_probe(Time now, Effects& out);
  void queue_fin(Time now, bool release, Effects& out);
  bool may_send_data() const;

  // Options (options.cpp).
  void fill_syn_options(Time now, bool syn_ack, wire::TcpOptions& opt) const;
  void absorb_syn_options(const wire::TcpSegment& seg);
  void listener_initial_window();  // Linux tcp_openreq_init_rwin
  static std::uint32_t tsecr_of(const wire::TcpSegment& seg) {
    return seg.options.timestamps ? seg.options.timestamps->echo_reply : 0u;
  }
  // RFC 7323 4.3 (2): "If SEG.TSval >= TS.Recent and SEG.SEQ =< Last.ACK.sent then SEG.TSval
  // is copied to TS.Recent". No PAWS rejection (RFC 7323 5) is done: this model never lives
  // long enough for TSval to wrap, and lessons never need it. Inline: every segment asks.
  void update_ts_recent(const wire::TcpSegment& seg) {
    if (!tcb_.timestamps_ok || !seg.options.timestamps) return;
    const std::uint32_t tsval = seg.options.timestamps->value;
    if (static_cast<std::int32_t>(tsval - tcb_.ts_recent) >= 0 && seg.seq <= last_ack_sent_) {
      tcb_.ts_recent = tsval;
    }
  }
  // RFC 7323 2.2: "The window field in a segment where the SYN bit is set ... MUST NOT be
  // scaled." Otherwise RCV.WND >> Rcv.Wind.Shift (2.3). Inline: every segment sent asks.
  std::uint16_t advertised_window(bool syn) const {
    const std::uint32_t w = syn ? tcb_.rcv_wnd : (tcb_.rcv_wnd >> tcb_.rcv_wscale);
    return static_cast<std::uint16_t>(w < 65535u ? w : 65535u);
  }
  // The receive window the acceptance tests use, from RCV.NXT on. `rfc`: RCV.WND, which stays
  // at its size because the application reads at once. `linux` (window_rounded_up): what is
  // left of the window offered last, Linux's tcp_receive_window() = rcv_wup + rcv_wnd -
  // rcv_nxt, where tcp_select_window() stored the window as offered (rounded up to the scale),
  // so the receiver accepts exactly what it advertised.
  std::uint32_t receive_window() const {
    if (!config_.profile.window_rounded_up || offered_wnd_ == 0) return tcb_.rcv_wnd;
    const std::uint32_t used = wire::seq_distance(rcv_wup_, tcb_.rcv_nxt);
    return offered_wnd_ > used ? offered_wnd_ - used : 0;
  }
  // The window field of a segment about to leave; remembers what was offered (RCV.WUP and the
  // window) for Linux's rule that an offered window never shrinks (window_rounded_up).
  std::uint16_t window_to_offer(bool syn) {
    if (syn) {
      offered_wnd_ = tcb_.rcv_wnd;
      rcv_wup_ = tcb_.rcv_nxt;
      return advertised_window(true);
    }
    if (!config_.profile.window_rounded_up) return advertised_window(false);
    return linux_select_window();
  }
  std::uint16_t linux_select_window();

  // Retransmission (retransmission.cpp, RFC 6298).
  void on_retransmit_timeout(Time now, Effects& out);
  void retransmit_earliest(Time now, Effects& out);
  // `tsecr`: the acknowledging segment's TSecr, 0 if none (Linux's RTT sample from it).
  void on_new_ack(Time now, wire::SeqNum ack, std::uint32_t tsecr, Effects& out);
  void take_sample(Time now, Duration r, Effects& out);
  // The RTO in force. Inline: every data segment and SYN sent and every new ACK asks, and
  // almost always nothing is backed off (saves a call); the backoff is backed_off_rto().
  Duration current_rto() const {
    if (tcb_.backoff == 0) {
      return tcb_.rto < config_.profile.rto_max ? tcb_.rto : config_.profile.rto_max;
    }
    return backed_off_rto();
  }
  Duration backed_off_rto() const;
  bool retries_exhausted(Time now) const;
  bool orphan_timed_out(Time now) const;  // Linux tcp_orphan_retries after close()
  Duration linux_model_timeout(int boundary, Duration rto_base) const;
  void restart_retransmit_timer(Time now, Effects& out);
  // Linux's tail loss probe (tail_loss_probe.cpp; Profile::tail_loss_probe).
  bool schedule_loss_probe(Time now, bool advancing_rto, Effects& out);
  void on_loss_probe_timeout(Time now, Effects& out);
  void end_tlp_episode(const wire::TcpSegment& seg, bool snd_una_advanced);
  void note_sent(Time now, std::uint16_t flags);  // a new segment ends at SND.NXT
  void drop_acked_in_flight();
  void arm_after_sending(Time now, Effects& out);  // send_path.cpp

  // Receive-side acknowledgment policy (delayed ACK, RFC 9293 3.8.6.3 / Linux).
  void schedule_ack(Time now, bool immediate, Effects& out);

  // Timers (timers.cpp, RFC 9293 3.10.8). Arming and cancelling are inline: most calls find
  // the delayed-ACK timer stopped (every ACK sent cancels it), a compare and no call.
  // The usual arming, of a stopped timer with room left in out.timers, cannot reallocate: the
  // compiler drops push_back's growth call and saves no registers (~15 instructions per call).
  // A restart or a full vector takes arm_timer_general.
  void arm_timer(TimerKind kind, Time deadline, Effects& out) {
    Time& slot = timers_[static_cast<std::size_t>(kind)];
    if (slot != kNotArmed || out.timers.size() == out.timers.capacity()) {
      arm_timer_general(kind, deadline, out);
      return;
    }
    slot = deadline;
    out.timers.push_back({kind, TimerAction::Armed, deadline});
    if (deadline <= earliest_deadline_) earliest_deadline_ = deadline;
  }
  void arm_timer_general(TimerKind kind, Time deadline, Effects& out);
  // Likewise: with room left in out.timers the record cannot reallocate (saves the registers).
  void cancel_timer(TimerKind kind, Effects& out) {
    if (kind == TimerKind::Retransmit) probe_armed_ = false;  // folds: `kind` is a constant
    Time& slot = timers_[static_cast<std::size_t>(kind)];
    const Time before = slot;
    if (before == kNotArmed) return;
    if (out.timers.size() == out.timers.capacity()) {
      cancel_timer_making_room(kind, out);
      return;
    }
    out.timers.push_back({kind, TimerAction::Cancelled, before});
    slot = kNotArmed;
    if (before == earliest_deadline_) earliest_deadline_ = earliest_of_timers();
  }
  void cancel_timer_making_room(TimerKind kind, Effects& out);
  Time earliest_of_timers() const {
    // Pairwise over the four slots: a few compares, no loop.
    static_assert(std::tuple_size_v<decltype(timers_)> == 4);
    const Time a = timers_[0] < timers_[1] ? timers_[0] : timers_[1];
    const Time b = timers_[2] < timers_[3] ? timers_[2] : timers_[3];
    return a < b ? a : b;
  }
  void cancel_all_timers(Effects& out);
  bool timer_armed(TimerKind kind) const {
    return timers_[static_cast<std::size_t>(kind)] != kNotArmed;
  }
  void start_time_wait(Time now, Effects& out);

  friend std::optional<std::string> check_invariants(const Connection& c);

  ConnectionConfig config_;
  // Nothing has happened to this connection since its constructor: opening it needs no reset
  // (start_new_incarnation). Every public call but the two OPENs clears it on entry.
  bool pristine_ = true;
  State state_ = State::Closed;
  Tcb tcb_;
  bool released_ = false;

  // Each timer's deadline, indexed by TimerKind; kNotArmed while it is stopped. A plain Time
  // rather than std::optional<Time>: finding the earliest is four compares, no engaged checks.
  static constexpr Time kNotArmed = Time::max();
  std::array<Time, 4> timers_{kNotArmed, kNotArmed, kNotArmed, kNotArmed};
  // The smallest of timers_, kept up to date by arm_timer, cancel_timer and deadline_reached:
  // next_deadline() is asked after every input, arming and cancelling happen less often.
  Time earliest_deadline_ = kNotArmed;
  bool passive_open_ = false;   // SYN-RECEIVED came from LISTEN (RFC 9293 3.10.7.4 RST rules)
  bool accept_clone_ = false;   // a listener's copy made for one SYN (set_iss_for_accept)
  bool fell_back_to_listener_ = false;  // that copy went SYN-RECEIVED -> LISTEN
  bool syn_was_retransmitted_ = false;  // RFC 6298 5.7 and Karn's rule for the handshake
  Time first_syn_sent_{};       // `rfc` profile: RFC 9293 3.8.3 R2 for a SYN is a time
  // When the oldest unacknowledged segment was first retransmitted (Linux tp->retrans_stamp);
  // the orphan limit is a time from it.
  Time retrans_stamp_{};
  std::uint32_t max_snd_wnd_ = 0;  // RFC 5961 5.2 MAX.SND.WND
  wire::SeqNum last_ack_sent_;  // RFC 7323 4.3 Last.ACK.sent
  // When the last ACK answering an invalid segment went out (Linux tp->last_oow_ack_time).
  std::optional<Time> last_invalid_ack_;
  // RTT measurement of one segment at a time (RFC 6298 3 with Karn's rule).
  bool rtt_timing_ = false;
  // A retransmission made the timed measurement ambiguous (Karn); Linux can still measure
  // from the echoed timestamp (rtt_from_timestamps).
  bool karn_skipped_ = false;
  wire::SeqNum rtt_seq_;        // the measurement completes when SND.UNA passes this
  Time rtt_started_{};
  // Delayed ACK state.
  std::uint32_t unacked_rcv_bytes_ = 0;  // received in order since our last ACK
  int quickacks_left_ = 0;               // Linux TCP_MAX_QUICKACKS at the start
  bool pingpong_ = false;                // Linux inet_csk_enter_pingpong_mode (after a FIN)
  bool data_received_ = false;           // Linux icsk_ack.ato != 0 (tcp_event_data_recv)
  // The last window offered and RCV.NXT when it was offered (Linux tp->rcv_wnd, tp->rcv_wup).
  std::uint32_t offered_wnd_ = 0;
  wire::SeqNum rcv_wup_;
  // Out-of-order data held for later (RFC 9293 3.10.7.4 seventh step: "segments with higher
  // beginning sequence numbers SHOULD be held for later processing"): sequence ranges only,
  // sorted, disjoint, all beyond RCV.NXT; and a FIN seen beyond a gap.
  struct HeldRange {
    wire::SeqNum left;
    wire::SeqNum right;
  };
  std::vector<HeldRange> held_;
  std::optional<wire::SeqNum> held_fin_;
  // After a retransmission timeout, every partial ACK below this point retransmits the next
  // segment at once (Linux's TCP_CA_Loss state; the partial ACK of RFC 6582).
  bool in_rto_recovery_ = false;
  wire::SeqNum recovery_point_;
  // Tail loss probe (Profile::tail_loss_probe). The segments in flight (in_flight.hpp), kept
  // only when the profile probes.
  InFlightQueue in_flight_;
  bool probe_armed_ = false;  // the Retransmit timer is the probe timer (ICSK_TIME_LOSS_PROBE)
  Duration probe_timeout_{};  // what it was set to, for the decision when it expires
  // SND.NXT when the last probe left, until an ACK ends the episode (tp->tlp_high_seq): at
  // most one probe is outstanding.
  std::optional<wire::SeqNum> tlp_high_seq_;
};

}  // namespace tcpviz::tcp
