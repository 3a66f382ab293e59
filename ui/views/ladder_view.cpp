#include "ui/views/ladder_view.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "ui/layout/labels.hpp"
#include "ui/layout/motion.hpp"
#include "ui/model/fault_match.hpp"
#include "ui/views/draw_util.hpp"

namespace tcpviz::ui {

namespace {

using layout::ArrowStyle;

constexpr std::uint8_t kFutureAlpha = 55;  // arrows and bands after the playhead are ghosts
constexpr float kBandHalfWidth = 5;
constexpr float kStateLabelGap = 22;  // between a band and its name (timer brackets at 16)

Colour arrow_colour(const Palette& p, const layout::Arrow& a) {
  switch (a.style) {
    case ArrowStyle::Retransmission: return p.retransmission;
    case ArrowStyle::Dropped: return p.dropped;
    case ArrowStyle::Duplicate: return p.duplicate;
    case ArrowStyle::Injected: return p.injected;
    case ArrowStyle::InFlight: return p.in_flight;
    case ArrowStyle::Normal: break;
  }
  return a.delayed ? p.delayed : p.arrow;
}

ImVec2 at(ImVec2 origin, float x, float y) { return ImVec2(origin.x + x, origin.y + y); }

const trace::Segment* segment_by_id(const trace::Trace& t, std::uint32_t id) {
  return id < t.segments.size() ? &t.segments[id] : nullptr;
}

void format_duration(char* buf, std::size_t n, Duration d) {
  const double ms = to_ms(d);
  if (ms >= 1000) {
    std::snprintf(buf, n, "~ %.1f s ~", ms / 1000);
  } else {
    std::snprintf(buf, n, "~ %.0f ms ~", ms);
  }
}

// "c1 " before a label when the trace has several connections (numbered from 0 as in the
// trace JSON, the inspector and fault match strings).
std::string conn_prefix(std::uint32_t connections, std::uint32_t conn) {
  return connections > 1 ? "c" + std::to_string(conn) + " " : std::string();
}

// Word-wraps `text` into lines no wider than `max_w` (a label on a phone-width ladder would
// otherwise run over the state names beside the lifelines). A word wider than max_w keeps
// its own line.
std::vector<std::string> wrap_words(const std::string& text, float max_w) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    const std::string joined = line.empty() ? word : line + " " + word;
    if (!line.empty() && ImGui::CalcTextSize(joined.c_str()).x > max_w) {
      lines.push_back(line);
      line = word;
    } else {
      line = joined;
    }
    i = j + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// The widest state name (plus connection prefix) the ladder may show, for lifeline_x.
float widest_state_label(bool linux_names, std::uint32_t connections) {
  float w = 0;
  for (std::size_t i = 0; i < tcp::kStateCount; ++i) {
    const std::string_view name = layout::state_label(static_cast<tcp::State>(i), linux_names);
    w = std::max(w, ImGui::CalcTextSize(name.data(), name.data() + name.size()).x);
  }
  if (connections > 1) w += ImGui::CalcTextSize("c0 ").x;
  return w;
}

}  // namespace

void LadderView::refresh_trace_facts(const Workspace& w) {
  if (facts_revision_ == w.revision()) return;
  facts_revision_ = w.revision();
  max_timer_ = layout::max_timer_span(w.trace());
  connections_ = layout::connection_count(w.trace());
}

void LadderView::draw(const Workspace& w, const Palette& p, const UiContext& ctx, Language lang,
                      Commands& out, float height) {
  refresh_trace_facts(w);
  ImVec2 size = ImGui::GetContentRegionAvail();
  if (height > 0) size.y = height;
  size.x = std::max(size.x, 200.0f);
  size.y = std::max(size.y, 120.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  origin_ = origin;
  size_ = size;
  drawn_frame_ = ImGui::GetFrameCount();
  ImGui::InvisibleButton("##ladder_canvas", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);

  const ViewState& v = w.view();
  double top = v.top_display_ms, ppm = v.px_per_display_ms;
  if (v.fit_pending) {
    const layout::Viewport fit = layout::fit(w.compression(), size.y - layout::kHeaderPx);
    top = fit.top_display_ms;
    ppm = fit.px_per_display_ms;
    out.push_back(SetViewport{top, ppm});
    following_ = false;
  }
  axis_ = {&w.compression(), top, ppm, layout::kHeaderPx};

  layout::LadderInput in;
  in.trace = &w.trace();
  in.connections = connections_;
  in.options = v.options;
  in.axis = axis_;
  in.width = size.x;
  in.height = size.y;
  // Reduced motion: the ladder shows the playhead at the last event, so playback steps.
  shown_playhead_ = layout::shown_playhead(w.steps(), v.playhead, ctx.reduced_motion);
  in.playhead = shown_playhead_;
  in.max_flight = w.max_flight();
  in.max_timer = max_timer_;
  const float lanes = static_cast<float>(std::min(connections_, layout::kConnLanes) - 1);
  in.label_room = widest_state_label(v.options.linux_state_names, connections_) + kStateLabelGap +
                  kBandHalfWidth + lanes * layout::kConnLanePx + 4;
  layout_ = layout::layout_ladder(in);
  snapshot_ = layout::snapshot_of(layout_);

  ImDrawList& dl = *ImGui::GetWindowDrawList();
  dl.PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  dl.AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), p.canvas);
  draw_shapes(w, p, dl, origin);
  draw_in_flight(w, p, dl, origin, ctx.reduced_motion);
  dl.PopClipRect();

  apply_touch(origin, out);
  handle_input(w, origin, out);
  draw_context_menu(w, lang, out);

  // Keep a playing playhead in view (a jump with reduced motion, a glide otherwise).
  if (v.playing && !v.fit_pending && !ImGui::IsItemActive() && touch_.fingers() == 0) {
    const layout::Follow f = layout::follow_playhead(layout_.playhead_y, layout::kHeaderPx,
                                                     size.y, following_, ctx.reduced_motion);
    following_ = f.following;
    if (f.pan != 0) out.push_back(Pan{f.pan});
  } else {
    following_ = false;
  }
}

void LadderView::draw_shapes(const Workspace& w, const Palette& p, ImDrawList& dl,
                             ImVec2 origin) {
  const trace::Trace& t = w.trace();
  const float ph = layout_.playhead_y;
  const float text_h = ImGui::GetTextLineHeight();

  // Break marks first, under everything: a zigzag pair across the canvas and the real time cut.
  for (const layout::BreakMark& b : layout_.breaks) {
    const float mid = (b.y1 + b.y2) * 0.5f;
    draw::zigzag(dl, origin.x, origin.x + layout_.width, origin.y + mid - 3, p.break_mark);
    draw::zigzag(dl, origin.x, origin.x + layout_.width, origin.y + mid + 3, p.break_mark);
    char buf[32];
    format_duration(buf, sizeof buf, b.cut);
    draw::label(dl, at(origin, layout_.width * 0.5f, mid), buf, p.text_dim, p.canvas);
  }

  // Lifelines and the endpoint boxes.
  for (const layout::Lifeline& l : layout_.lifelines) {
    dl.AddLine(at(origin, l.x, l.y1), at(origin, l.x, l.y2), p.lifeline, 1.5f);
    const std::string& name = t.endpoints[static_cast<std::size_t>(l.who)].name;
    const std::string shown = name.empty() ? std::string(trace::side_name(l.who)) : name;
    const ImVec2 ts = ImGui::CalcTextSize(shown.c_str());
    const ImVec2 bmin = at(origin, l.x - ts.x * 0.5f - 10, 6);
    const ImVec2 bmax = at(origin, l.x + ts.x * 0.5f + 10, 6 + ts.y + 12);
    dl.AddRectFilled(bmin, bmax, p.header_fill, 4.0f);
    dl.AddRect(bmin, bmax, p.header_border, 4.0f);
    dl.AddText(ImVec2(bmin.x + 10, bmin.y + 6), p.text, shown.c_str());
  }

  draw_bands(w, p, dl, origin);

  // Timers: a thin bracket beside the lifeline from armed to its end; a dot if it fired.
  for (const layout::TimerBracket& tm : layout_.timers) {
    const Colour c = tm.end == trace::TimerEnd::Fired ? p.timer_fired : with_alpha(p.timer, 140);
    dl.AddLine(at(origin, tm.x, tm.y1), at(origin, tm.x, tm.y2), c, 1.0f);
    dl.AddLine(at(origin, tm.x - 3, tm.y1), at(origin, tm.x + 3, tm.y1), c, 1.0f);
    if (tm.end == trace::TimerEnd::Fired) dl.AddCircleFilled(at(origin, tm.x, tm.y2), 3, c);
  }

  draw_arrows(w, p, dl, origin);
  if (layout_.connections > 1) draw_legend(w, p, dl, origin);

  // The playhead.
  dl.AddLine(at(origin, 0, ph), at(origin, layout_.width, ph), p.playhead, 1.5f);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", to_ms(shown_playhead_));
  dl.AddText(at(origin, 4, ph - text_h - 1), p.playhead, buf);
}

void LadderView::draw_bands(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin) {
  // State bands: solid up to the playhead, ghosted after it; names beside the lifeline, on
  // the outside. With several connections each one's band has its own lane, an outline in
  // its tint and a "cN " prefix; names that would overprint the previous one on that side
  // move down below it.
  const bool several = layout_.connections > 1;
  const bool linux_names = w.view().options.linux_state_names;
  const float ph = layout_.playhead_y;
  const float text_h = ImGui::GetTextLineHeight();
  float next_free_y[2] = {-1e9f, -1e9f};
  for (const layout::Band& b : layout_.bands) {
    const Colour fill = p.state[static_cast<std::size_t>(b.state)];
    const float solid_end = std::min(b.y2, std::max(b.y1, ph));
    const ImVec2 bmin = at(origin, b.x - kBandHalfWidth, b.y1);
    const ImVec2 bmax = at(origin, b.x + kBandHalfWidth, b.y2);
    if (solid_end > b.y1) {
      dl.AddRectFilled(bmin, at(origin, b.x + kBandHalfWidth, solid_end), fill);
    }
    if (b.y2 > solid_end) {
      dl.AddRectFilled(at(origin, b.x - kBandHalfWidth, solid_end), bmax,
                       with_alpha(fill, kFutureAlpha));
    }
    if (several) dl.AddRect(bmin, bmax, with_alpha(conn_tint(p, b.conn), 200));
    if (b.y2 - b.y1 < text_h || b.y1 > ph) continue;
    const std::string_view state = layout::state_label(b.state, linux_names);
    const std::string name = conn_prefix(layout_.connections, b.conn) + std::string(state);
    const float tw = ImGui::CalcTextSize(name.c_str()).x;
    const int side = b.who == trace::Side::Client ? 0 : 1;
    const float lifeline = layout_.lifelines[static_cast<std::size_t>(side)].x;
    const float lanes = static_cast<float>(std::min(layout_.connections, layout::kConnLanes) - 1) *
                        layout::kConnLanePx;
    const float x = side == 0 ? lifeline - lanes - kBandHalfWidth - kStateLabelGap - tw
                              : lifeline + lanes + kBandHalfWidth + kStateLabelGap;
    const float y = std::max({b.y1 + 2, layout::kHeaderPx, next_free_y[side]});
    if (y + text_h > b.y2 + text_h * 2) continue;  // pushed far past its band: leave it out
    next_free_y[side] = y + text_h;
    dl.AddText(at(origin, std::max(x, 2.0f), y), several ? conn_tint(p, b.conn) : p.text,
               name.c_str());
  }
}

void LadderView::draw_arrows(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin) {
  // Arrows; a label only where its box does not overlap one already drawn (from either side:
  // crossing arrows put their labels at the same height). A label wider than the space
  // between the lifelines wraps onto more lines (phones).
  const ViewState& v = w.view();
  const float ph = layout_.playhead_y;
  const float text_h = ImGui::GetTextLineHeight();
  const float span = layout_.lifelines[1].x - layout_.lifelines[0].x - 8;
  const bool several = layout_.connections > 1;
  struct Box {
    float x1, y1, x2, y2;
  };
  std::vector<Box> drawn;  // label boxes so far (a few dozen on screen)
  const auto overlaps = [&](const Box& b) {
    for (const Box& d : drawn) {
      if (b.x1 < d.x2 && d.x1 < b.x2 && b.y1 < d.y2 && d.y1 < b.y2) return true;
    }
    return false;
  };
  for (const layout::Arrow& a : layout_.arrows) {
    const bool future = a.y1 > ph + 0.5f;
    const bool selected = v.selected && *v.selected == a.segment;
    const bool hovered = hovered_ && *hovered_ == a.segment;
    Colour c = arrow_colour(p, a);
    if (future) c = with_alpha(c, kFutureAlpha);
    const float thick = selected ? 3.0f : (hovered ? 2.5f : 1.6f);
    const ImVec2 a1 = at(origin, a.x1, a.y1), a2 = at(origin, a.x2, a.y2);
    if (selected || hovered) dl.AddLine(a1, a2, selected ? p.selection : p.hover, thick + 4);
    if (a.style == ArrowStyle::Retransmission || a.style == ArrowStyle::Duplicate ||
        a.style == ArrowStyle::InFlight) {
      draw::dashed_line(dl, a1, a2, c, thick);
      draw::arrow(dl, ImVec2(a2.x - (a2.x - a1.x) * 0.02f, a2.y - (a2.y - a1.y) * 0.02f), a2, c,
                  thick, true);
    } else {
      draw::arrow(dl, a1, a2, c, thick, a.style != ArrowStyle::Dropped);
    }
    if (a.style == ArrowStyle::Dropped) draw::cross(dl, a2, 6, c, 2.5f);

    const ImVec2 mid{(a1.x + a2.x) * 0.5f, (a1.y + a2.y) * 0.5f};
    // A fold shows "xN" before the first segment's label: N arrows too close to tell apart.
    std::string text = conn_prefix(layout_.connections, a.conn) + a.label;
    if (a.folded > 1) text = "x" + std::to_string(a.folded) + "  " + text;
    std::vector<std::string> lines;
    if (ImGui::CalcTextSize(text.c_str()).x > span) {
      lines = wrap_words(text, span);
    } else {
      lines.push_back(std::move(text));
    }
    const float block_h = text_h * static_cast<float>(lines.size());
    const float top = mid.y - block_h - 2;
    float block_w = 0;
    for (const std::string& l : lines) block_w = std::max(block_w, ImGui::CalcTextSize(l.c_str()).x);
    const Box box{mid.x - block_w * 0.5f - 8, top - 1, mid.x + block_w * 0.5f + 4, top + block_h + 1};
    if (overlaps(box) && !selected) continue;
    drawn.push_back(box);
    const Colour fg = future ? p.text_dim : p.text;
    const Colour bg = a.folded > 1 ? p.header_fill : with_alpha(p.canvas, 210);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const float cy = top + text_h * (static_cast<float>(i) + 0.5f);
      draw::label(dl, ImVec2(mid.x, cy), lines[i].c_str(), fg, bg);
      if (several && i == 0) {
        // A tint tab left of the label says which connection, beside the "cN" text.
        const float lw = ImGui::CalcTextSize(lines[i].c_str()).x;
        const ImVec2 tmin{mid.x - lw * 0.5f - 7, cy - text_h * 0.5f};
        dl.AddRectFilled(tmin, ImVec2(tmin.x + 4, tmin.y + text_h), conn_tint(p, a.conn));
      }
    }
  }
}

void LadderView::draw_legend(const Workspace& w, const Palette& p, ImDrawList& dl, ImVec2 origin) {
  // "■ c0  ■ c1 ..." centred between the endpoint boxes: which tint is which connection.
  const float text_h = ImGui::GetTextLineHeight();
  const std::uint32_t shown = std::min<std::uint32_t>(layout_.connections, layout::kConnLanes);
  std::string more = layout_.connections > shown
                         ? "+" + std::to_string(layout_.connections - shown)
                         : std::string();
  float total = 0;
  const float square = text_h - 4;
  for (std::uint32_t c = 0; c < shown; ++c) {
    total += square + 3 + ImGui::CalcTextSize(("c" + std::to_string(c)).c_str()).x + 6;
  }
  total += ImGui::CalcTextSize(more.c_str()).x;
  // Between the endpoint boxes when it fits there, else left of the client's box (a phone),
  // else not at all (every label still says "cN").
  const auto box_half = [&](std::size_t side) {
    const std::string& name = w.trace().endpoints[side].name;
    const std::string label =
        name.empty() ? std::string(trace::side_name(static_cast<trace::Side>(side))) : name;
    return ImGui::CalcTextSize(label.c_str()).x * 0.5f + 10;
  };
  const float inner_left = layout_.lifelines[0].x + box_half(0) + 6;
  const float inner_right = layout_.lifelines[1].x - box_half(1) - 6;
  const float outer_left = layout_.lifelines[0].x - box_half(0) - 6;
  float x = 0;
  if (inner_right - inner_left >= total) {
    x = (inner_left + inner_right) * 0.5f - total * 0.5f;
  } else if (outer_left - 4 >= total) {
    x = 4;
  } else if (layout_.width - 4 - (layout_.lifelines[1].x + box_half(1) + 6) >= total) {
    x = layout_.width - 4 - total;
  } else {
    return;
  }
  const float y = (layout::kHeaderPx - text_h) * 0.5f;
  for (std::uint32_t c = 0; c < shown; ++c) {
    const Colour tint = conn_tint(p, c);
    dl.AddRectFilled(at(origin, x, y + 2), at(origin, x + square, y + text_h - 2), tint);
    x += square + 3;
    const std::string name = "c" + std::to_string(c);
    dl.AddText(at(origin, x, y), tint, name.c_str());
    x += ImGui::CalcTextSize(name.c_str()).x + 6;
  }
  if (!more.empty()) dl.AddText(at(origin, x, y), p.text_dim, more.c_str());
}

void LadderView::draw_in_flight(const Workspace& w, const Palette& p, ImDrawList& dl,
                                ImVec2 origin, bool reduced_motion) {
  // A dot flying along every arrow whose segment is on the wire at the playhead; a lost one
  // stops at its X. Positions go through the same axis as everything else. With reduced
  // motion nothing flies: the arrow is solid once its send has passed and a dot sits at its
  // arrival end once the (stepping) playhead passes the arrival.
  const Time now = shown_playhead_;
  const float ph = layout_.playhead_y;
  for (const layout::Arrow& a : layout_.arrows) {
    const trace::Segment* s = segment_by_id(w.trace(), a.segment);
    if (s == nullptr) continue;
    if (reduced_motion) {
      if (s->fate == trace::Fate::Delivered && a.y2 <= ph + 0.5f && a.y2 >= ph - 0.5f) {
        dl.AddCircleFilled(at(origin, a.x2, a.y2), 5, arrow_colour(p, a));
      }
      continue;
    }
    if (now < s->sent || now >= s->arrive) continue;
    const float span = a.y2 - a.y1;
    if (span <= 0.5f) continue;
    const float u = (ph - a.y1) / span;
    if (u > 1.0f) continue;  // a dropped one has already hit its X
    const ImVec2 pos = at(origin, a.x1 + (a.x2 - a.x1) * u, a.y1 + span * u);
    dl.AddCircleFilled(pos, 6, arrow_colour(p, a));
    dl.AddCircle(pos, 7, p.text, 0, 1.0f);
  }
}

void LadderView::finger(input::FingerPhase phase, std::int64_t id, float x, float y) {
  using input::FingerPhase;
  const float cx = x - origin_.x, cy = y - origin_.y;
  switch (phase) {
    case FingerPhase::Down: {
      // Only fingers landing on the canvas as last drawn (not the tab bar, not a button),
      // and only while the ladder is on screen (a phone shows one tab at a time).
      const bool visible = ImGui::GetCurrentContext() != nullptr &&
                           ImGui::GetFrameCount() - drawn_frame_ <= 1;
      if (!visible || cx < 0 || cy < 0 || cx > size_.x || cy > size_.y) return;
      const layout::Hit hit = layout::hit_test(layout_, cx, cy);
      touch_.down(id, x, y, hit.part == layout::HitPart::ArrivalHandle);
      return;
    }
    case FingerPhase::Motion: touch_.move(id, x, y); return;
    case FingerPhase::Up: touch_.up(id, x, y); return;
    case FingerPhase::Cancel: touch_.cancel(); return;
  }
}

void LadderView::apply_touch(ImVec2 origin, Commands& out) {
  const input::TouchGesture g = touch_.take();
  touch_claimed_ = g.claimed || (touch_.fingers() > 0 && !touch_.delay_dragging());
  if (g.pan_dy != 0) out.push_back(Pan{g.pan_dy});
  if (g.zoom_factor != 1) {
    out.push_back(Zoom{g.zoom_factor, static_cast<double>(g.zoom_anchor_y - origin.y)});
  }
  // A tap needs nothing here: SDL turned it into a mouse click, which handle_input selects.
}

void LadderView::handle_input(const Workspace& w, ImVec2 origin, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  const float mx = io.MousePos.x - origin.x, my = io.MousePos.y - origin.y;
  const bool hovered = ImGui::IsItemHovered();
  hovered_.reset();
  const layout::Hit hit = hovered ? layout::hit_test(layout_, mx, my) : layout::Hit{};
  if (hit.part != layout::HitPart::None) hovered_ = hit.segment;
  if (hit.part == layout::HitPart::ArrivalHandle) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);

  if (hovered && io.MouseWheel != 0) {
    out.push_back(Zoom{io.MouseWheel > 0 ? 1.25 : 0.8, static_cast<double>(my)});
  }
  if (ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    dragging_.reset();
    panning_ = false;
    if (hit.part == layout::HitPart::ArrivalHandle) dragging_ = hit.segment;
  }
  // A touch pan or pinch owns the (SDL-emulated) mouse: it neither pans twice nor clicks.
  // A finger still within the slop owns the mouse's pan too, but may yet be a tap: its
  // release must stay a click (a tap selects, like a click).
  if (touch_claimed_ && !dragging_ && !touch_.undecided()) panning_ = true;
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) {
    if (!dragging_) {
      panning_ = true;
      if (!touch_claimed_) out.push_back(Pan{static_cast<double>(io.MouseDelta.y)});
    } else if (const trace::Segment* s = segment_by_id(w.trace(), *dragging_)) {
      // A ghost of the delayed arrow, following the pointer.
      const layout::Arrow* a = nullptr;
      for (const layout::Arrow& x : layout_.arrows) {
        if (x.segment == s->id) a = &x;
      }
      if (a != nullptr) {
        draw::dashed_line(*ImGui::GetWindowDrawList(), ImVec2(origin.x + a->x1, origin.y + a->y1),
                          ImVec2(origin.x + a->x2, io.MousePos.y), palette(w.view().options.theme).delayed,
                          2.0f);
      }
    }
  }
  if (ImGui::IsItemDeactivated()) {
    const bool dragged = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 4.0f).y != 0 ||
                         ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 4.0f).x != 0;
    if (dragging_ && dragged) {
      if (const trace::Segment* s = segment_by_id(w.trace(), *dragging_)) {
        Duration existing{};
        if (s->fault >= 0 && static_cast<std::size_t>(s->fault) < w.scenario().faults.size()) {
          existing = w.scenario().faults[static_cast<std::size_t>(s->fault)].delay;
        }
        const Duration extra = existing + (axis_.time_at(my) - s->arrive);
        const Duration rounded = from_ms(static_cast<std::int64_t>(to_ms(extra) + 0.5));
        if (auto c = delay_command(w.scenario(), w.trace(), s->id, std::max(rounded, Duration{}))) {
          out.push_back(std::move(*c));
        }
      }
    } else if (!dragged && !panning_) {
      if (hit.part != layout::HitPart::None) {
        out.push_back(Select{hit.segment});
        if (auto c = toggle_drop_command(w.scenario(), w.trace(), hit.segment)) {
          out.push_back(std::move(*c));
        }
      } else if (my >= layout::kHeaderPx) {
        out.push_back(SetPlayhead{std::max(axis_.time_at(my), Time{})});
      }
    }
    dragging_.reset();
    panning_ = false;
  }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right) &&
      hit.part != layout::HitPart::None) {
    menu_segment_ = hit.segment;
    out.push_back(Select{hit.segment});
    ImGui::OpenPopup("##ladder_menu");
  }
}

void LadderView::draw_context_menu(const Workspace& w, Language lang, Commands& out) {
  if (!ImGui::BeginPopup("##ladder_menu")) return;
  if (!menu_segment_ || segment_by_id(w.trace(), *menu_segment_) == nullptr) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  const std::uint32_t id = *menu_segment_;
  const trace::Segment& s = w.trace().segments[id];
  const std::string title = layout::segment_label(s, w.view().options.absolute_seq);
  ImGui::TextUnformatted(title.c_str());
  if (const auto m = match_for(w.trace(), id)) ImGui::TextDisabled("%s", m->text.c_str());
  ImGui::Separator();
  const bool dropped = s.fate == trace::Fate::Dropped;
  if (ImGui::MenuItem(dropped ? tr(lang, "Deliver it", "恢复投递") : tr(lang, "Drop it", "丢弃它"))) {
    if (auto c = toggle_drop_command(w.scenario(), w.trace(), id)) out.push_back(std::move(*c));
  }
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt(tr(lang, "ms##delay", "毫秒##delay"), &menu_delay_ms_, 50, 500);
  menu_delay_ms_ = std::clamp(menu_delay_ms_, 0, 600000);
  ImGui::SameLine();
  if (ImGui::Button(tr(lang, "Delay", "延迟"))) {
    if (auto c = delay_command(w.scenario(), w.trace(), id, from_ms(menu_delay_ms_))) {
      out.push_back(std::move(*c));
    }
    ImGui::CloseCurrentPopup();
  }
  if (ImGui::MenuItem(tr(lang, "Duplicate it", "复制一份"))) {
    if (auto c = duplicate_command(w.scenario(), w.trace(), id, 1)) out.push_back(std::move(*c));
  }
  if (ImGui::MenuItem(tr(lang, "Drop every one like this", "丢弃所有同类报文"))) {
    if (auto c = drop_every_command(w.scenario(), w.trace(), id)) out.push_back(std::move(*c));
  }
  ImGui::EndPopup();
}

}  // namespace tcpviz::ui
