// The settings side panel: display toggles, theme and language; the scenario's profile, link,
// seed, fault rules and actions. Numeric fields commit when editing ends (not on every
// keystroke or drag step), so one edit is one undo step and one re-run.
#pragma once

#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class SettingsPanel {
 public:
  void draw(const Workspace& w, Language lang, Commands& out);

 private:
  void draw_view_options(const Workspace& w, Language lang, Commands& out);
  void draw_network(const Workspace& w, Language lang, Commands& out);
  void draw_faults(const Workspace& w, Language lang, Commands& out);
  void draw_actions(const Workspace& w, Language lang, Commands& out);

  std::uint64_t seen_revision_ = ~std::uint64_t{0};
  // Edit buffers, refreshed from the scenario after every re-run.
  float delay_ms_ = 0, jitter_ms_ = 0, loss_pct_ = 0, duplicate_pct_ = 0;
  std::uint64_t seed_ = 1;
  int new_who_ = 0, new_call_ = 1, new_at_ms_ = 0, new_bytes_ = 100;
};

}  // namespace tcpviz::ui
