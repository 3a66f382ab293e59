// The ladder diagram as a pure function (DESIGN.md, ui/): trace + view options + time axis +
// canvas size -> shapes in canvas pixels. The ImGui view only draws these; tests check them
// without ImGui, and window.tcpviz.layout() reports them to page tests.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/trace/trace.hpp"
#include "ui/layout/time_axis.hpp"
#include "ui/model/view_state.hpp"

namespace tcpviz::ui::layout {

enum class ArrowStyle : std::uint8_t {
  Normal,
  Retransmission,  // sent again after a timeout
  Dropped,         // stops midway with an X
  Duplicate,       // a copy the network made
  Injected,        // crafted by a fault rule
  InFlight,        // the run ended before it arrived
};

struct Arrow {
  std::uint32_t segment = 0;  // the first segment of a fold
  std::uint32_t conn = 0;     // the connection it belongs to (trace::Segment::conn)
  trace::Side from = trace::Side::Client;
  float x1 = 0, y1 = 0, x2 = 0, y2 = 0;  // sent end, arrival end (the X for a dropped one)
  ArrowStyle style = ArrowStyle::Normal;
  bool delayed = false;       // a fault rule added delay
  std::uint32_t folded = 1;   // arrows closer than kFoldPx drawn as one "xN" glyph
  std::string label;
};

struct Band {  // a side's state between two transitions, per connection
  trace::Side who = trace::Side::Client;
  std::uint32_t conn = 0;
  tcp::State state = tcp::State::Closed;
  float x = 0, y1 = 0, y2 = 0;
  Time from{}, to{};
};

struct TimerBracket {
  trace::Side who = trace::Side::Client;
  tcp::TimerKind kind = tcp::TimerKind::Retransmit;
  trace::TimerEnd end = trace::TimerEnd::Pending;
  float x = 0, y1 = 0, y2 = 0;
};

struct BreakMark {  // an idle stretch compressed by the time axis
  float y1 = 0, y2 = 0;
  Duration cut{};   // how much real time it stands for
};

struct Lifeline {
  trace::Side who = trace::Side::Client;
  float x = 0, y1 = 0, y2 = 0;
};

struct LadderLayout {
  float width = 0, height = 0;
  std::array<Lifeline, 2> lifelines{};
  std::vector<Arrow> arrows;       // by sent time
  std::vector<Band> bands;
  std::vector<TimerBracket> timers;
  std::vector<BreakMark> breaks;
  float playhead_y = 0;
  std::size_t culled = 0;          // segments not laid out (outside the view)
  // How many connections the trace has (at least 1). With more than one, each connection's
  // state bands get their own lane beside the lifeline and the view labels and tints them.
  std::uint32_t connections = 1;
};

inline constexpr float kHeaderPx = 44;  // endpoint name boxes above the time axis
inline constexpr float kFoldPx = 3;     // arrows closer than this fold into one glyph
inline constexpr float kConnLanePx = 12;  // each further connection's bands, further out
inline constexpr std::uint32_t kConnLanes = 4;  // lanes wrap after this many connections

struct LadderInput {
  const trace::Trace* trace = nullptr;
  std::uint32_t connections = 1;  // connection_count(*trace), cached by the caller
  ViewOptions options;
  TimeAxis axis;  // origin_y is normally kHeaderPx
  float width = 800, height = 600;
  Time playhead{};
  Duration max_flight{};  // longest sent->arrive in the trace (see max_flight())
  Duration max_timer{};   // longest armed->end of a timer (see max_timer_span())
  // Pixels the view needs outside each lifeline for the state names (measured text); on a
  // narrow canvas the lifelines move inwards to make that room, up to a third of the width.
  float label_room = 0;
};

// The longest time any segment spends on the wire; culling by `sent` looks this far back.
Duration max_flight(const trace::Trace& t);
// The longest a timer stays armed; culling timers by `armed` looks this far back. O(timers):
// compute it once per trace (the view caches it by Workspace::revision), never per frame.
Duration max_timer_span(const trace::Trace& t);
// How many connections a trace has: its `conns`, or more if a segment or transition names
// a higher one (a hand-built trace). O(n): once per trace, like max_timer_span.
std::uint32_t connection_count(const trace::Trace& t);

// Lifeline x positions for a canvas width: [client, server].
std::array<float, 2> lifeline_x(float width, float label_room = 0);
// Where connection `conn`'s state bands sit for a side whose lifeline is at `lifeline`.
float band_x(trace::Side who, std::uint32_t conn, float lifeline);

LadderLayout layout_ladder(const LadderInput& in);

// What the pointer is over: an arrow, or the arrival end of one (the handle dragged to delay).
enum class HitPart : std::uint8_t { None, Arrow, ArrivalHandle };
struct Hit {
  HitPart part = HitPart::None;
  std::uint32_t segment = 0;
};
Hit hit_test(const LadderLayout& l, float x, float y);

// For window.tcpviz.layout() (SCENARIO_FORMAT.md, scripting interfaces).
struct LayoutSnapshot {
  float width = 0, height = 0;
  struct Segment { std::uint32_t id; float x1, y1, x2, y2; bool dropped; };
  struct StateBand { trace::Side who; tcp::State state; float x, y1, y2; };
  std::vector<Segment> segments;
  std::vector<StateBand> bands;
};
LayoutSnapshot snapshot_of(const LadderLayout& l);
// { "canvas": {width,height}, "segments": [...], "bands": [{who,state,x,y1,y2}] }
std::string snapshot_json(const LayoutSnapshot& s);

}  // namespace tcpviz::ui::layout
