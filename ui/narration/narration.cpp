// Picks what to narrate: every event at the last event time at or before the playhead, in the
// order a reader follows them (state changes, then what was sent, lost, and why).
#include "ui/narration/narration.hpp"

#include <algorithm>

namespace tcpviz::ui::narration {

namespace {

constexpr std::size_t kMaxLines = 5;

Time last_event_at_or_before(const trace::Trace& t, Time playhead) {
  Time at{};
  const auto consider = [&](Time x) {
    if (x <= playhead && x > at) at = x;
  };
  for (const trace::Segment& s : t.segments) {
    if (s.sent > playhead) break;  // sorted by sent; arrivals come after sends
    consider(s.sent);
    if (s.fate != trace::Fate::InFlight) consider(s.arrive);
  }
  for (const trace::Transition& x : t.transitions) consider(x.t);
  for (const trace::AppEvent& e : t.app_events) consider(e.t);
  return at;
}

}  // namespace

Narration narrate(const trace::Trace& t, Time playhead, Language lang, bool linux_names) {
  Narration n;
  n.at = last_event_at_or_before(t, playhead);
  const auto add = [&](Line l) {
    if (n.lines.size() < kMaxLines) n.lines.push_back(std::move(l));
  };
  for (const trace::Transition& x : t.transitions) {
    if (x.t == n.at) add(transition_line(x.who, x.from, x.to, lang, linux_names));
  }
  for (const trace::Segment& s : t.segments) {
    if (s.sent > n.at) break;
    if (s.sent == n.at) add(segment_line(t, s, false, lang));
    if (s.fate == trace::Fate::Dropped && s.arrive == n.at) add(segment_line(t, s, true, lang));
  }
  for (const trace::Decision& d : t.decisions) {
    if (d.t != n.at || d.what.text.empty()) continue;
    std::string text = lang == Language::Zh ? "原因：" : "Why: ";
    text += tcp::render_decision_text(d.what);
    add({std::move(text), std::string(d.what.rfc)});
  }
  return n;
}

}  // namespace tcpviz::ui::narration
