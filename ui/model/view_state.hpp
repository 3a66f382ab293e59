// What the views show and how, apart from the scenario itself (DESIGN.md, ui/): the visible
// time range, the playhead, the selection and the display toggles. Views read it; only
// Workspace::apply changes it, so every change is a Command that tests can replay.
#pragma once

#include <cstdint>
#include <optional>

#include "core/util/time.hpp"

namespace tcpviz::ui {

enum class Theme : std::uint8_t { Dark, Light, HighContrast };
enum class Language : std::uint8_t { En, Zh };

struct ViewOptions {
  bool absolute_seq = false;     // Wireshark shows relative numbers by default; so do we
  bool linux_state_names = false;  // "SYN_RECV" as `ss` prints it, instead of "SYN-RECEIVED"
  bool show_timers = true;
  bool compress_gaps = true;     // fold long idle stretches (RTO waits, TIME-WAIT)
  Theme theme = Theme::Dark;
  Language language = Language::En;

  bool operator==(const ViewOptions&) const = default;
};

struct ViewState {
  // The vertical viewport, in "display milliseconds" of the compressed axis (layout/time_axis):
  // `top_display_ms` is at the canvas's top edge, `px_per_display_ms` is the zoom.
  double top_display_ms = 0;
  double px_per_display_ms = 1.0;
  bool fit_pending = true;       // fit the whole trace on the next layout (first frame, Fit)

  Time playhead{};
  bool playing = false;
  double speed = 1.0;            // 1.0: 250 display-ms per real second, see Workspace::advance
  std::optional<std::uint32_t> selected;  // a segment id
  ViewOptions options;
};

}  // namespace tcpviz::ui
