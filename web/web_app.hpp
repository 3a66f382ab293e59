// What web/main.cpp lends the other web/*.cpp entry-point files of its one app: the app
// itself, the wake-up that makes the main loop draw the next frames after a page call, and
// the string return buffer (NUL-terminated, owned by main.cpp, valid until the next tcpviz_*
// call; the page copies it at once with UTF8ToString).
#pragma once

#include <string>

#include "ui/app.hpp"

namespace tcpviz::webapp {
ui::App& app();
void wake();
const char* give(std::string text);
}  // namespace tcpviz::webapp
