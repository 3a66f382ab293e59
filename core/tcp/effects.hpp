// Everything one input to a connection caused. The connection appends to an Effects the
// caller owns and clears, so a busy simulator reuses the same buffers and allocates nothing
// once warmed up. Text is never built here: causes, RFC references and decision templates are
// static strings, and numbers are kept as numbers until a view or a trace writer renders them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tcp/state.hpp"
#include "core/util/time.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::tcp {

struct Transition {
  State from;
  State to;
  std::string_view cause;  // "user connect", "rcv SYN", "rcv ACK of FIN", "2MSL timeout"
  std::string_view rfc;    // "RFC 9293 3.10.7.3"
};

enum class TimerKind : std::uint8_t { Retransmit, TimeWait, FinWait2, DelayedAck };
std::string_view timer_kind_name(TimerKind k);  // "retransmit", "time-wait", "fin-wait-2", "delayed-ack"

enum class TimerAction : std::uint8_t {
  Armed,      // started (or restarted: a restart is Cancelled then Armed at the same time)
  Cancelled,  // stopped before its deadline
  Fired,      // its deadline came
};

struct TimerChange {
  TimerKind kind;
  TimerAction action;
  Time deadline;  // for Armed: when it will fire; otherwise the deadline it had
};

// A step of RFC 9293 section 3.10 that decided what happened, with the numbers it compared.
// `text` is a template: "{0}", "{1}", ... are replaced by values[0], values[1], ...
// e.g. step "3.10.7.4 first: sequence number check", text "SEG.SEQ={0} is outside the
// receive window [RCV.NXT={1}, RCV.NXT+RCV.WND={2}); send an ACK and drop it".
struct Decision {
  std::string_view step;  // short name: "SYN-SENT: ACK check", "LISTEN: SYN"
  std::string_view rfc;   // "RFC 9293 3.10.7.3"
  std::string_view text;  // template, see above
  std::array<std::int64_t, 4> values{};
  std::uint8_t value_count = 0;
};
std::string render_decision_text(const Decision& d);  // fills the template

enum class AppEventKind : std::uint8_t {
  Listening,
  Connecting,
  Accepted,
  Established,
  Data,      // bytes delivered to the application (`bytes`)
  Eof,       // the peer's FIN arrived (in order)
  Refused,   // RST answering our SYN
  Reset,     // connection reset by the peer
  Timeout,   // retries exhausted
  Closed,    // the connection's TCB is gone (CLOSED reached)
};
std::string_view app_event_name(AppEventKind k);  // "listening", ..., "closed"

struct AppEvent {
  AppEventKind kind;
  std::uint32_t bytes = 0;  // for Data
};

struct Effects {
  std::vector<wire::TcpSegment> segments;  // to put on the wire, in order
  std::vector<Transition> transitions;
  std::vector<TimerChange> timers;
  std::vector<Decision> decisions;
  std::vector<AppEvent> app_events;
  // Set when a SYN reached this TCB in TIME-WAIT and may open a new incarnation of the
  // 4-tuple (RFC 9293 3.10.7.4 note / RFC 6191; Linux tcp_timewait_state_process returns
  // TCP_TW_SYN): the owner ends this TCB and hands the SYN to the listener.
  bool syn_reopens_time_wait = false;

  void clear() {
    segments.clear();
    transitions.clear();
    timers.clear();
    decisions.clear();
    app_events.clear();
    syn_reopens_time_wait = false;
  }
};

}  // namespace tcpviz::tcp
