// What web/main.cpp lends the other web/*.cpp entry-point files of its one app: the app
// itself, the wake-up that makes the main loop draw the next frames after a page call, and
// the string return buffer (NUL-terminated, owned by main.cpp, valid until the next tcpviz_*
// call; the page copies it at once with UTF8ToString).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ui/app.hpp"

namespace tcpviz::webapp {
ui::App& app();
void wake();
const char* give(std::string text);
// The length of what give() last returned, for binary results (an exported pcap).
std::size_t given_size();

// A (pointer, length) string from the page; empty for a null pointer or a length <= 0.
inline std::string_view text_of(const char* ptr, int len) {
    if (ptr == nullptr || len <= 0) {
        return {};
    }
    return {ptr, static_cast<std::size_t>(len)};
}
}  // namespace tcpviz::webapp
