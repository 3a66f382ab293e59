#pragma once

#include "ui/input/touch_gestures.hpp"
#include "ui/model/workspace.hpp"
#include "ui/views/file_dialog.hpp"
#include "ui/views/ui_context.hpp"
#include "ui/views/workspace_view.hpp"

namespace tcpviz::ui {

// The app shell shared by the desktop and web builds. The platform main owns the window,
// the GL context and the ImGui backends; it calls frame() once per frame between
// ImGui::NewFrame() and ImGui::Render(). Nothing in ui/ knows which platform it runs on:
// the platform main reads and drives the workspace through the accessors below.
class App {
public:
    // can_quit: whether File > Quit is offered (not in a browser tab).
    // Starts on the "normal" lesson (an empty ladder if it cannot be loaded).
    explicit App(bool can_quit = true);

    // The menu bar and the workspace, filling the main viewport.
    void frame();

    // A finger on the touch screen (SDL_FINGERDOWN / MOTION / UP): `x` and `y` as SDL gives
    // them, normalised to the window (0..1). Call while polling events, before the frame.
    void finger(input::FingerPhase phase, std::int64_t id, float x, float y);

    // True once the user asked to quit (File > Quit); the desktop main honours it.
    [[nodiscard]] bool quit_requested() const { return quit_requested_; }

    Workspace& workspace() { return workspace_; }
    const Workspace& workspace() const { return workspace_; }
    const WorkspaceView& view() const { return view_; }
    // The lessons panels (common mistakes, predict mode), for the page's window.tcpviz.lessons
    // and window.tcpviz.predict (web/api_lessons.cpp).
    LessonsPanel& lessons() { return view_.lessons(); }
    // What the last frame's WorkspaceView::draw returned: something moves (playing, dragging).
    [[nodiscard]] bool moving() const { return moving_; }

    // Embed mode, a language override and the DPI scale come from the platform (?embed=1,
    // ?lang=, the display). dt_seconds is taken from ImGui each frame.
    void set_context(const UiContext& ctx) { ctx_ = ctx; }
    const UiContext& context() const { return ctx_; }

    // --- captures: File > Open capture / Save as pcap / Save scenario (ui/views/file_dialog.hpp).
    // The platform sets its FileAccess here and hands over capture bytes it was given.
    FileMenu& files() { return files_; }
    // --- end captures

    // Merges the Chinese glyph subset into the font atlas, when the build has one
    // (TCPVIZ_HAVE_CJK_FONT). Call once after io.Fonts->AddFontDefault() and before the
    // first NewFrame(). Returns whether a font was merged.
    static bool merge_cjk_font(float scale);

private:
    void draw_menu_bar();
    void draw_about();

    Workspace workspace_;
    WorkspaceView view_;
    FileMenu files_;  // captures
    UiContext ctx_;
    bool moving_ = false;
    bool can_quit_;
    bool quit_requested_ = false;
    bool show_about_ = false;
};

}  // namespace tcpviz::ui
