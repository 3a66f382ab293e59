// The lesson picker: every built-in preset with its title and the question it answers.
#pragma once

#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

void draw_preset_picker(const Workspace& w, Language lang, Commands& out);

}  // namespace tcpviz::ui
