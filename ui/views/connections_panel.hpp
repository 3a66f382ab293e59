// The connections of the capture on screen as a sortable table (DESIGN.md, ui/: a view over a
// model, emitting commands). Picking a row shows that connection in the ladder with every
// usual panel; its captured bytes are in the trace, so the inspector shows them. The table
// is virtualised with ImGuiListClipper: only the visible rows are submitted, so a capture
// with a hundred thousand connections scrolls as smoothly as one with three.
//
// draw_table() takes any ConnectionList, so live mode can show the connections it sees
// through the same table.
#pragma once

#include <memory>
#include <optional>

#include "ui/model/capture_session.hpp"
#include "ui/model/connection_list.hpp"
#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class ConnectionsPanel {
 public:
  // The capture's connections (nothing when no capture is on screen); a pick is ShowConnection.
  void draw(const Workspace& w, Language lang, Commands& out);

  // In place of the settings while a fixed trace is shown: where it came from, what the
  // reader and the observer noted, why editing is off, and the way back to the simulation.
  static void draw_trace_info(const Workspace& w, Language lang, Commands& out);

  // The table itself over `list` (sorted in place when the user clicks a header); returns
  // the id of the row picked this frame. `height`: the table's height in pixels (0: fill).
  static std::optional<std::uint32_t> draw_table(ConnectionList& list, Language lang, float height = 0);

 private:
  std::shared_ptr<const CaptureSession> listed_;  // which capture list_ is a copy of
  ConnectionList list_;                           // its rows, in the user's sort order
};

}  // namespace tcpviz::ui
