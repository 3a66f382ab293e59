// The desktop app's live traffic panel (README "Live traffic in the desktop app"): what a
// live session (live/session.hpp) has seen, as a window next to the workspace. The session's
// connections in the shared connections table (new, active, closed, reset, with counts), the
// caps and what they evicted, pause/resume of the view, the fault rules in force with quick
// "drop the next SYN,ACK" buttons and a rule field, the engine's counters and its log.
//
// The panel never touches the session: it reads the snapshots the platform main hands it and
// returns what the user asked for (LivePanelActions), so it compiles in the web build too,
// where there is no live mode and nothing ever calls it. A picked connection is shown in the
// ladder as a fixed trace (ShowFixedTrace), refreshed as it grows (UpdateFixedTrace).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "live/session_snapshot.hpp"
#include "ui/model/connection_list.hpp"
#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

struct LivePanelActions {
  std::optional<std::vector<scenario::Fault>> faults;  // put these rules in force
};

// A session connection as a row of the shared connections table.
ConnectionEntry live_connection_entry(const live::SessionConnection& c);
// Quick rules: "the next SYN,ACK" and friends are `#1` rules, as a replacement restarts
// every rule's count (live/session.hpp replace_faults).
std::vector<scenario::Fault> with_rule(const std::vector<scenario::Fault>& rules, const char* flag);
// "server SYN|ACK #1": the next segment like the one selected in the ladder, when a live
// connection is on screen; "" otherwise.
std::string next_like_selected(const Workspace& w);

class LivePanel {
 public:
  // How to cut one connection out of the session's trace: live::connection_trace, passed in by
  // the desktop main so this file never needs the live library (the web build has none).
  using TraceOfConnection = trace::Trace (*)(const trace::Trace&, std::uint32_t conn, Time now);
  explicit LivePanel(TraceOfConnection trace_of) : trace_of_(trace_of) {}

  // A new snapshot: the list follows it, and the connection on screen (if one of the
  // session's) is refreshed in `w` with UpdateFixedTrace commands appended to `out`.
  void update(live::SessionSnapshot s, const Workspace& w, Commands& out);
  // The "Live traffic" window. Returns the session actions; workspace commands go to `out`.
  LivePanelActions draw(const Workspace& w, Language lang, float dpi_scale, Commands& out);

  // While paused the platform main stops taking snapshots; the session keeps capturing.
  bool paused() const { return paused_; }
  const live::SessionSnapshot& snapshot() const { return snap_; }
  std::optional<std::uint32_t> shown() const { return shown_; }

 private:
  void show(std::uint32_t conn, const Workspace& w, Commands& out, bool first);
  void draw_faults(const Workspace& w, Language lang, LivePanelActions& act);

  TraceOfConnection trace_of_;
  live::SessionSnapshot snap_;
  ConnectionList list_;
  std::optional<std::uint32_t> shown_;             // the session connection on screen
  std::shared_ptr<const trace::Trace> shown_trace_;  // what UpdateFixedTrace last gave
  bool paused_ = false;
  bool follow_newest_ = true;  // a new connection shows in the ladder as it starts
  std::array<char, 160> rule_text_{};
  std::string rule_error_;
};

}  // namespace tcpviz::ui
