#pragma once

namespace tcpviz::ui {

// The app shell shared by the desktop and web builds. The platform main owns the window,
// the GL context and the ImGui backends; it calls frame() once per frame between
// ImGui::NewFrame() and ImGui::Render(). Nothing in ui/ knows which platform it runs on.
class App {
public:
    // can_quit: whether File > Quit is offered (not in a browser tab).
    explicit App(bool can_quit = true) : can_quit_(can_quit) {}

    void frame();

    // True once the user asked to quit (File > Quit); the desktop main honours it.
    [[nodiscard]] bool quit_requested() const { return quit_requested_; }

private:
    void draw_menu_bar();
    void draw_ladder();
    void draw_about();

    bool can_quit_;
    bool quit_requested_ = false;
    bool show_about_ = false;
    bool show_imgui_demo_ = false;
};

}  // namespace tcpviz::ui
