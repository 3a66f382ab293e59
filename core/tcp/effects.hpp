// Everything one input to a connection caused. The connection appends to an Effects the
// caller owns, so a busy simulator reuses the same buffers and allocates nothing once warmed
// up. Text is never built here: causes, RFC references and decision templates are static
// strings, and numbers are kept as numbers until a view or a trace writer renders them.
//
// Transitions, decisions and application events are the trace's own record types
// (core/trace/trace.hpp names them trace::Transition, trace::Decision, trace::AppEvent): the
// connection stamps each with the caller's Label, so an owner that keeps a whole run in one
// Effects (the simulator) has the trace's records without copying them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/tcp/state.hpp"
#include "core/util/side.hpp"
#include "core/util/time.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::tcp {

// What the owner calls this input: when it happened, which connection and side this TCB is
// to its owner, and the arriving segment that caused it. The connection copies it into each
// record and never reads it otherwise (it stays a pure state machine: no clock, no callbacks).
struct Label {
  Time t{};
  std::uint32_t conn = 0;
  Side who = Side::Client;
  std::optional<std::uint32_t> segment;  // the trace id of the arriving segment, if any
};

// A state change, in the field order of the trace's records (t, conn, who first).
struct Transition {
  Time t{};
  std::uint32_t conn = 0;
  Side who = Side::Client;
  State from = State::Closed;
  State to = State::Closed;
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
  // The step answers with a reset segment (RST or RST,ACK) in this same input: what ties an
  // RST on the wire to the decision behind it, when one arrival caused several decisions.
  bool sends_reset = false;
};
std::string render_decision_text(const Decision& d);  // fills the template

// A Decision with its label: when, which connection and side, and the arriving segment.
struct DecisionRecord {
  Time t{};
  std::uint32_t conn = 0;
  Side who = Side::Client;
  std::optional<std::uint32_t> segment;  // the arriving segment that caused it, if any
  Decision what;
};

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
  Time t{};
  std::uint32_t conn = 0;
  Side who = Side::Client;
  AppEventKind kind = AppEventKind::Closed;
  std::uint32_t bytes = 0;  // for Data
};

// push_back for a full vector, out of line (effects.cpp), for append() below.
void append_growing(std::vector<Transition>& records, const Transition& record);

// push_back that tests for room inline (the usual case once the buffers are warm) and grows
// out of line: the vector's growth path, inlined, made set_state() save six registers on
// every call (saves ~12 instructions per transition). A template, as the plain inline
// function measured 245 instructions per lifecycle worse: GCC weighs the two differently
// when it decides what to inline into set_state's callers.
template <class Record>
void append(std::vector<Record>& records, const Record& record) {
  if (records.size() != records.capacity()) {
    records.push_back(record);
  } else {
    append_growing(records, record);
  }
}

struct Effects {
  std::vector<wire::TcpSegment> segments;  // to put on the wire, in order
  std::vector<Transition> transitions;
  std::vector<TimerChange> timers;
  std::vector<DecisionRecord> decisions;
  std::vector<AppEvent> app_events;
  // Set when a SYN reached this TCB in TIME-WAIT and may open a new incarnation of the
  // 4-tuple (RFC 9293 3.10.7.4 note / RFC 6191; Linux tcp_timewait_state_process returns
  // TCP_TW_SYN): the owner ends this TCB and hands the SYN to the listener.
  bool syn_reopens_time_wait = false;
  // Stamped on every transition, decision and application event of the current input.
  Label label;

  // Empties everything: for an owner that looks at one input at a time (tests, the live host).
  void clear() {
    segments.clear();
    transitions.clear();
    timers.clear();
    decisions.clear();
    app_events.clear();
    syn_reopens_time_wait = false;
    label = Label{};
    transitions_begin_ = 0;
    decisions_begin_ = 0;
    app_events_begin_ = 0;
  }

  // The start of one input for an owner that keeps every transition, decision and application
  // event of a run here (the simulator: these vectors are its trace's during a run). Segments,
  // timer changes and syn_reopens_time_wait are this input's alone; the records stay.
  void begin_input(const Label& l) {
    segments.clear();
    timers.clear();
    syn_reopens_time_wait = false;
    // Field by field: where this inlines, the caller's values are stored straight into place
    // instead of through a temporary Label (saves ~5 instructions per input).
    label.t = l.t;
    label.conn = l.conn;
    label.who = l.who;
    label.segment = l.segment;
    transitions_begin_ = transitions.size();
    decisions_begin_ = decisions.size();
    app_events_begin_ = app_events.size();
  }

  // What the current input (since clear() or begin_input()) recorded.
  std::span<const Transition> this_input_transitions() const {
    return std::span<const Transition>(transitions).subspan(transitions_begin_);
  }
  std::span<const DecisionRecord> this_input_decisions() const {
    return std::span<const DecisionRecord>(decisions).subspan(decisions_begin_);
  }
  std::span<const AppEvent> this_input_app_events() const {
    return std::span<const AppEvent>(app_events).subspan(app_events_begin_);
  }

  // The owner learnt the connection's number only after the input (a listener's copy that
  // became a new connection): this input's records get it.
  void relabel_conn(std::uint32_t conn);

 private:
  std::size_t transitions_begin_ = 0;
  std::size_t decisions_begin_ = 0;
  std::size_t app_events_begin_ = 0;
};

}  // namespace tcpviz::tcp
