// Names of timer kinds and application events (SCENARIO_FORMAT.md, "Trace"), the rendering
// of a Decision's template, and relabelling an input's records.
#include "core/tcp/effects.hpp"

namespace tcpviz::tcp {

std::string_view timer_kind_name(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmit: return "retransmit";
    case TimerKind::TimeWait: return "time-wait";
    case TimerKind::FinWait2: return "fin-wait-2";
    case TimerKind::DelayedAck: return "delayed-ack";
  }
  return "unknown";
}

std::string_view app_event_name(AppEventKind k) {
  switch (k) {
    case AppEventKind::Listening: return "listening";
    case AppEventKind::Connecting: return "connecting";
    case AppEventKind::Accepted: return "accepted";
    case AppEventKind::Established: return "established";
    case AppEventKind::Data: return "data";
    case AppEventKind::Eof: return "eof";
    case AppEventKind::Refused: return "refused";
    case AppEventKind::Reset: return "reset";
    case AppEventKind::Timeout: return "timeout";
    case AppEventKind::Closed: return "closed";
  }
  return "unknown";
}

// "{0}".."{3}" become values[0..3]; a placeholder past value_count, or any other brace, is
// copied as it is, so a malformed template shows up instead of reading out of bounds.
std::string render_decision_text(const Decision& d) {
  std::string out;
  out.reserve(d.text.size() + 32);
  for (std::size_t i = 0; i < d.text.size(); ++i) {
    const char c = d.text[i];
    if (c == '{' && i + 2 < d.text.size() && d.text[i + 2] == '}' && d.text[i + 1] >= '0' &&
        d.text[i + 1] <= '3') {
      const auto index = static_cast<std::size_t>(d.text[i + 1] - '0');
      if (index < d.value_count) {
        out += std::to_string(d.values[index]);
        i += 2;
        continue;
      }
    }
    out += c;
  }
  return out;
}

void append_growing(std::vector<Transition>& records, const Transition& record) {
  records.push_back(record);
}

void Effects::relabel_conn(std::uint32_t conn) {
  label.conn = conn;
  for (std::size_t i = transitions_begin_; i < transitions.size(); ++i) transitions[i].conn = conn;
  for (std::size_t i = decisions_begin_; i < decisions.size(); ++i) decisions[i].conn = conn;
  for (std::size_t i = app_events_begin_; i < app_events.size(); ++i) app_events[i].conn = conn;
}

}  // namespace tcpviz::tcp
