#include "ui/layout/ladder_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/layout/labels.hpp"

namespace tcpviz::ui::layout {

namespace {

constexpr float kCullMarginPx = 24;
constexpr float kDropFraction = 0.55f;  // a dropped arrow ends a little past the middle
constexpr float kTimerOffsetPx = 16;    // timer brackets sit beside the lifeline, outside

ArrowStyle style_of(const trace::Segment& s) {
  if (s.fate == trace::Fate::Dropped) return ArrowStyle::Dropped;
  if (s.injected) return ArrowStyle::Injected;
  if (s.copy_of) return ArrowStyle::Duplicate;
  if (s.fate == trace::Fate::InFlight) return ArrowStyle::InFlight;
  if (s.retransmission) return ArrowStyle::Retransmission;
  return ArrowStyle::Normal;
}

int index_of(trace::Side s) { return s == trace::Side::Client ? 0 : 1; }

}  // namespace

Duration max_flight(const trace::Trace& t) {
  Duration m{};
  for (const trace::Segment& s : t.segments) m = std::max(m, s.arrive - s.sent);
  return m;
}

Duration max_timer_span(const trace::Trace& t) {
  Duration m{};
  for (const trace::Timer& tm : t.timers) {
    const Time end = tm.end == trace::TimerEnd::Pending ? tm.deadline : tm.end_t;
    m = std::max(m, end - tm.armed);
  }
  return m;
}

std::uint32_t connection_count(const trace::Trace& t) {
  std::uint32_t n = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(t.conns.size()));
  for (const trace::Segment& s : t.segments) n = std::max(n, s.conn + 1);
  for (const trace::Transition& x : t.transitions) n = std::max(n, x.conn + 1);
  return n;
}

std::array<float, 2> lifeline_x(float width, float label_room) {
  // Room outside each lifeline for the state names; the arrows get the middle. A phone-width
  // canvas gives the names the room they need (up to a third of the width each side) rather
  // than letting them run off the edge.
  float margin = std::clamp(width * 0.22f, 60.0f, 220.0f);
  if (label_room > margin) margin = std::max(margin, std::min(label_room, width * 0.32f));
  return {margin, std::max(width - margin, margin + 40.0f)};
}

float band_x(trace::Side who, std::uint32_t conn, float lifeline) {
  const float lane = static_cast<float>(conn % kConnLanes) * kConnLanePx;
  return who == trace::Side::Client ? lifeline - lane : lifeline + lane;
}

LadderLayout layout_ladder(const LadderInput& in) {
  LadderLayout out;
  out.width = in.width;
  out.height = in.height;
  const trace::Trace& t = *in.trace;
  const TimeAxis& axis = in.axis;
  const std::array<float, 2> xs = lifeline_x(in.width, in.label_room);
  out.connections = std::max<std::uint32_t>(in.connections, 1);
  for (int i = 0; i < 2; ++i) {
    out.lifelines[static_cast<std::size_t>(i)] = {static_cast<trace::Side>(i), xs[i],
                                                  axis.origin_y, in.height};
  }
  out.playhead_y = axis.y_of(in.playhead);

  // The visible time range, a little beyond the edges so arrows entering the view show.
  const Time t0 = axis.time_at(axis.origin_y - kCullMarginPx);
  const Time t1 = axis.time_at(in.height + kCullMarginPx);

  // Culling by binary search on `sent` (segments are sorted by it): anything sent after t1 is
  // below the view; anything sent before t0 - max_flight has arrived above it.
  const auto by_sent = [](const trace::Segment& s, Time v) { return s.sent < v; };
  const auto first = std::lower_bound(t.segments.begin(), t.segments.end(),
                                      t0 - in.max_flight, by_sent);
  const auto last = std::upper_bound(t.segments.begin(), t.segments.end(), t1,
                                     [](Time v, const trace::Segment& s) { return v < s.sent; });
  out.culled = t.segments.size() - static_cast<std::size_t>(std::max<long>(last - first, 0));

  // The last arrow laid out from each side, for folding.
  std::array<std::optional<std::size_t>, 2> last_from{};
  for (auto it = first; it < last; ++it) {
    const trace::Segment& s = *it;
    if (s.arrive < t0) {
      ++out.culled;
      continue;
    }
    const int from = index_of(s.from);
    Arrow a;
    a.segment = s.id;
    a.conn = s.conn;
    a.from = s.from;
    a.style = style_of(s);
    a.delayed = s.fault >= 0 && s.fate == trace::Fate::Delivered;
    a.x1 = xs[from];
    a.y1 = axis.y_of(s.sent);
    a.x2 = xs[1 - from];
    a.y2 = axis.y_of(s.arrive);
    if (a.style == ArrowStyle::Dropped) {
      a.x2 = a.x1 + (a.x2 - a.x1) * kDropFraction;
      a.y2 = a.y1 + (a.y2 - a.y1) * kDropFraction;
    }
    if (const auto& prev = last_from[from]) {
      Arrow& p = out.arrows[*prev];
      if (std::fabs(p.y1 - a.y1) < kFoldPx && std::fabs(p.y2 - a.y2) < kFoldPx) {
        ++p.folded;
        continue;
      }
    }
    a.label = segment_label(s, in.options.absolute_seq);
    last_from[from] = out.arrows.size();
    out.arrows.push_back(std::move(a));
  }

  // State bands: each side's states between its transitions, per connection (RFC 9293 3.3.2:
  // every connection has its own state; an old duplicate SYN or a reused 4-tuple must not
  // mix two connections' states on one band). One pass over the transitions. Connection 0
  // starts CLOSED at time 0; a later connection's bands start at its first transition, and
  // with several connections one that ends CLOSED stops there (it no longer exists).
  struct Lane {
    tcp::State state = tcp::State::Closed;
    Time since{};
    bool started = false;
  };
  const bool several = out.connections > 1;
  std::vector<std::array<Lane, 2>> lanes(out.connections);
  lanes[0][0].started = lanes[0][1].started = true;
  auto emit = [&](int side, std::uint32_t conn, const Lane& lane, Time until) {
    if (!lane.started || until < t0 || lane.since > t1 || until <= lane.since) return;
    const trace::Side who = static_cast<trace::Side>(side);
    out.bands.push_back({who, conn, lane.state, several ? band_x(who, conn, xs[side]) : xs[side],
                         axis.y_of(lane.since), axis.y_of(until), lane.since, until});
  };
  for (const trace::Transition& x : t.transitions) {
    if (x.conn >= lanes.size()) lanes.resize(x.conn + 1);
    const int side = index_of(x.who);
    Lane& lane = lanes[x.conn][static_cast<std::size_t>(side)];
    emit(side, x.conn, lane, x.t);
    lane = {x.to, x.t, true};
  }
  for (std::uint32_t conn = 0; conn < lanes.size(); ++conn) {
    for (int side = 0; side < 2; ++side) {
      const Lane& lane = lanes[conn][static_cast<std::size_t>(side)];
      if (several && lane.state == tcp::State::Closed && lane.since > Time{}) continue;
      emit(side, conn, lane, std::max(t.end, lane.since));
    }
  }

  if (in.options.show_timers) {
    // Timers are sorted by `armed`: with max_timer known, only those armed within it of the
    // view are looked at (a million-segment transfer arms a million retransmission timers).
    auto tfirst = t.timers.begin(), tlast = t.timers.end();
    if (in.max_timer > Duration{}) {
      tfirst = std::lower_bound(t.timers.begin(), t.timers.end(), t0 - in.max_timer,
                                [](const trace::Timer& x, Time v) { return x.armed < v; });
      tlast = std::upper_bound(tfirst, t.timers.end(), t1,
                               [](Time v, const trace::Timer& x) { return v < x.armed; });
    }
    // A bracket starting within kFoldPx of the end of the side's previous one, of the same
    // kind and ending the same way, extends it: zoomed out on a bulk transfer, thousands of
    // retransmission timers per pixel would otherwise be thousands of lines (and overflow
    // ImGui's 16-bit vertex index).
    std::array<std::optional<std::size_t>, 2> last_timer{};
    for (auto it = tfirst; it < tlast; ++it) {
      const trace::Timer& tm = *it;
      const Time end = tm.end == trace::TimerEnd::Pending ? tm.deadline : tm.end_t;
      if (end < t0 || tm.armed > t1) continue;
      const int side = index_of(tm.who);
      const float x = xs[side] + (side == 0 ? -kTimerOffsetPx : kTimerOffsetPx);
      const float y1 = axis.y_of(tm.armed), y2 = axis.y_of(end);
      if (const auto& prev = last_timer[static_cast<std::size_t>(side)]) {
        TimerBracket& p = out.timers[*prev];
        if (p.kind == tm.kind && p.end == tm.end && y1 <= p.y2 + kFoldPx) {
          p.y2 = std::max(p.y2, y2);
          continue;
        }
      }
      last_timer[static_cast<std::size_t>(side)] = out.timers.size();
      out.timers.push_back({tm.who, tm.kind, tm.end, x, y1, y2});
    }
  }

  if (axis.compression != nullptr) {
    for (const Break& b : axis.compression->breaks()) {
      if (b.end < t0 || b.start > t1) continue;
      out.breaks.push_back({axis.y_of(b.start), axis.y_of(b.end), b.end - b.start});
    }
  }
  return out;
}

namespace {

float distance_to_segment(float px, float py, const Arrow& a) {
  const float dx = a.x2 - a.x1, dy = a.y2 - a.y1;
  const float len2 = dx * dx + dy * dy;
  float u = len2 > 0 ? ((px - a.x1) * dx + (py - a.y1) * dy) / len2 : 0;
  u = std::clamp(u, 0.0f, 1.0f);
  const float cx = a.x1 + u * dx - px, cy = a.y1 + u * dy - py;
  return std::sqrt(cx * cx + cy * cy);
}

constexpr float kHitPx = 6;
constexpr float kHandlePx = 9;

}  // namespace

Hit hit_test(const LadderLayout& l, float x, float y) {
  Hit best;
  float best_d = kHitPx;
  for (const Arrow& a : l.arrows) {
    const float hx = a.x2 - x, hy = a.y2 - y;
    const bool can_drag = a.style != ArrowStyle::Dropped && a.style != ArrowStyle::Injected &&
                          a.style != ArrowStyle::Duplicate;
    if (can_drag && std::sqrt(hx * hx + hy * hy) <= kHandlePx) {
      return {HitPart::ArrivalHandle, a.segment};
    }
    const float d = distance_to_segment(x, y, a);
    if (d <= best_d) {
      best_d = d;
      best = {HitPart::Arrow, a.segment};
    }
  }
  return best;
}

LayoutSnapshot snapshot_of(const LadderLayout& l) {
  LayoutSnapshot s;
  s.width = l.width;
  s.height = l.height;
  for (const Arrow& a : l.arrows) {
    s.segments.push_back({a.segment, a.x1, a.y1, a.x2, a.y2, a.style == ArrowStyle::Dropped});
  }
  for (const Band& b : l.bands) s.bands.push_back({b.who, b.state, b.x, b.y1, b.y2});
  return s;
}

namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(v) ? v : 0.0);
  out += buf;
}

}  // namespace

std::string snapshot_json(const LayoutSnapshot& s) {
  // Hand-written: every string here is a fixed side or state name, nothing to escape.
  std::string out = "{\"canvas\":{\"width\":";
  append_number(out, s.width);
  out += ",\"height\":";
  append_number(out, s.height);
  out += "},\"segments\":[";
  for (std::size_t i = 0; i < s.segments.size(); ++i) {
    const auto& g = s.segments[i];
    if (i) out += ',';
    out += "{\"id\":" + std::to_string(g.id) + ",\"x1\":";
    append_number(out, g.x1);
    out += ",\"y1\":";
    append_number(out, g.y1);
    out += ",\"x2\":";
    append_number(out, g.x2);
    out += ",\"y2\":";
    append_number(out, g.y2);
    out += g.dropped ? ",\"dropped\":true}" : ",\"dropped\":false}";
  }
  out += "],\"bands\":[";
  for (std::size_t i = 0; i < s.bands.size(); ++i) {
    const auto& b = s.bands[i];
    if (i) out += ',';
    out += "{\"who\":\"" + std::string(trace::side_name(b.who)) + "\",\"state\":\"" +
           std::string(tcp::rfc_name(b.state)) + "\",\"x\":";
    append_number(out, b.x);
    out += ",\"y1\":";
    append_number(out, b.y1);
    out += ",\"y2\":";
    append_number(out, b.y2);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace tcpviz::ui::layout
