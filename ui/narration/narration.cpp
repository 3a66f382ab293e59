// Picks what to narrate: every event at the last event time at or before the playhead, in the
// order a reader follows them (state changes, then what was sent, lost, and why).
#include "ui/narration/narration.hpp"

#include <algorithm>

namespace tcpviz::ui::narration {

namespace {

constexpr std::size_t kMaxLines = 5;

// Everything here is sorted by time, so the step is found by binary search: narration is
// re-made on every frame while playing, for traces of tens of thousands of segments.
template <class V, class Key>
auto first_after(const V& v, Time t, Key key) {
  return std::partition_point(v.begin(), v.end(), [&](const auto& x) { return key(x) <= t; });
}

Time last_event_at_or_before(const trace::Trace& t, Time playhead, Duration max_flight) {
  Time at{};
  const auto consider = [&](Time x) {
    if (x <= playhead && x > at) at = x;
  };
  const auto sent_end = first_after(t.segments, playhead, [](const trace::Segment& s) { return s.sent; });
  if (sent_end != t.segments.begin()) consider((sent_end - 1)->sent);
  // An arrival later than the last send must come from a segment sent within max_flight of it.
  const Time latest_sent = at;
  for (auto it = sent_end; it != t.segments.begin();) {
    --it;
    if (it->sent < latest_sent - max_flight) break;
    if (it->fate != trace::Fate::InFlight) consider(it->arrive);
  }
  const auto tr_end = first_after(t.transitions, playhead, [](const trace::Transition& x) { return x.t; });
  if (tr_end != t.transitions.begin()) consider((tr_end - 1)->t);
  const auto ev_end = first_after(t.app_events, playhead, [](const trace::AppEvent& e) { return e.t; });
  if (ev_end != t.app_events.begin()) consider((ev_end - 1)->t);
  return at;
}

Duration longest_flight(const trace::Trace& t) {
  Duration m{};
  for (const trace::Segment& s : t.segments) m = std::max(m, s.arrive - s.sent);
  return m;
}

}  // namespace

Narration narrate(const trace::Trace& t, Time playhead, Language lang, bool linux_names,
                  std::optional<Duration> max_flight) {
  const Duration flight = max_flight ? *max_flight : longest_flight(t);
  Narration n;
  n.at = last_event_at_or_before(t, playhead, flight);
  const auto add = [&](Line l) {
    if (n.lines.size() < kMaxLines) n.lines.push_back(std::move(l));
  };
  const auto by_t = [](const auto& x) { return x.t; };
  const auto tr_first = std::partition_point(t.transitions.begin(), t.transitions.end(),
                                             [&](const trace::Transition& x) { return x.t < n.at; });
  for (auto it = tr_first; it != t.transitions.end() && it->t == n.at; ++it) {
    add(transition_line(t, *it, lang, linux_names));
  }
  // Segments sent at n.at, then those lost at n.at (sent up to max_flight earlier).
  const auto seg_first = std::partition_point(
      t.segments.begin(), t.segments.end(),
      [&](const trace::Segment& s) { return s.sent < n.at - flight; });
  for (auto it = seg_first; it != t.segments.end() && it->sent <= n.at; ++it) {
    if (it->sent == n.at) add(segment_line(t, *it, false, lang));
  }
  for (auto it = seg_first; it != t.segments.end() && it->sent <= n.at; ++it) {
    if (it->fate == trace::Fate::Dropped && it->arrive == n.at) add(segment_line(t, *it, true, lang));
  }
  if (auto tie = timer_tie_line(t, n.at, lang)) add(std::move(*tie));
  const auto d_first = first_after(t.decisions, n.at - Duration(1), by_t);
  for (auto it = d_first; it != t.decisions.end() && it->t == n.at; ++it) {
    const trace::Decision& d = *it;
    if (d.what.text.empty()) continue;
    std::string text = lang == Language::Zh ? "原因：" : "Why: ";
    text += decision_text(d.what, lang);
    add({std::move(text), std::string(d.what.rfc)});
  }
  // Nothing happened at n.at but arrivals with no state change, nothing sent and no decision:
  // say what they did (arrival_line looks at data delivered and timers armed), never stay
  // silent.
  if (n.lines.empty()) {
    for (auto it = seg_first; it != t.segments.end() && it->sent <= n.at; ++it) {
      if (it->fate == trace::Fate::Delivered && it->arrive == n.at) add(arrival_line(t, *it, lang));
    }
  }
  return n;
}

}  // namespace tcpviz::ui::narration
