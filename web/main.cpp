// The browser app: SDL2 (built for wasm, see scripts/deps.sh) with a WebGL2 context on
// <canvas id="canvas">, running the shared ui::App from the browser's animation frames.
// public/tcpviz-page.js loads this module and builds window.tcpviz on the entry points below
// (the scripting interface pinned in SCENARIO_FORMAT.md).
//
// Strings go in as (pointer, length) of UTF-8 the page allocated with _malloc; strings come
// back as a pointer to a NUL-terminated UTF-8 buffer owned by this file, valid until the next
// call of any tcpviz_* entry point (the page copies it at once with UTF8ToString).
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <array>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/scenario/link.hpp"
#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/tcp/state.hpp"
#include "core/trace/trace_json.hpp"
#include "core/version.hpp"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "ui/app.hpp"
#include "ui/model/states_at.hpp"

namespace {

// Frames drawn after anything happens (an event, a call from the page) before the loop goes
// idle: ImGui needs a frame or two to settle hover and layout after an input.
constexpr int kSettleFrames = 4;
// Even when idle, draw now and then so a missed change never stays on screen for long.
constexpr int kIdleRedrawEvery = 30;

struct WebApp {
    SDL_Window* window = nullptr;
    SDL_GLContext gl_context = nullptr;
    tcpviz::ui::App app{/*can_quit=*/false};
    int css_width = 0;
    int css_height = 0;
    int frames_to_draw = kSettleFrames;
    int idle_frames = 0;
    // The page's prefers-reduced-motion (or the user's toggle), put into the app's UiContext
    // before every frame so nothing else that sets the context can lose it.
    bool reduced_motion = false;
    std::string out;         // what the last entry point returned to the page
    std::string last_error;  // the last failed load, for tcpviz_last_error
};

// The one app of this page. A function-local static: built on first use, by main().
WebApp& web() {
    static WebApp instance;
    return instance;
}

const char* give(std::string text) {
    WebApp& w = web();
    w.out = std::move(text);
    return w.out.c_str();
}

std::string_view view_of(const char* ptr, int len) {
    if (ptr == nullptr || len <= 0) {
        return {};
    }
    return {ptr, static_cast<std::size_t>(len)};
}

// A change came from the page: draw the next frames even if nothing moves.
void wake() { web().frames_to_draw = kSettleFrames; }

void json_escape_into(std::string& out, std::string_view s) {
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
}

// Startup failures go to the page (public/tcpviz-page.js shows them), not only to the console.
void report_fatal(const char* what) {
    std::fprintf(stderr, "tcpviz: %s: %s\n", what, SDL_GetError());
    // clang-format off
    EM_ASM({ if (Module["onFatal"]) Module["onFatal"](UTF8ToString($0) + ": " + UTF8ToString($1)); },
           what, SDL_GetError());
    // clang-format on
}

// Keep the SDL window (and so the canvas' drawing buffer) the size of the canvas' CSS box.
// SDL follows the browser window's resize events itself; this also catches layout changes
// of an embedding page that resize the canvas without resizing the window.
void follow_canvas_size(WebApp& w) {
    double css_w = 0;
    double css_h = 0;
    if (emscripten_get_element_css_size("#canvas", &css_w, &css_h) != EMSCRIPTEN_RESULT_SUCCESS) {
        return;
    }
    const int width = static_cast<int>(css_w);
    const int height = static_cast<int>(css_h);
    if (width > 0 && height > 0 && (width != w.css_width || height != w.css_height)) {
        w.css_width = width;
        w.css_height = height;
        SDL_SetWindowSize(w.window, width, height);
        w.frames_to_draw = kSettleFrames;
    }
}

void main_loop_step(void* arg) {
    WebApp& w = *static_cast<WebApp*>(arg);
    follow_canvas_size(w);

    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        // Touch: SDL also turns the first finger into mouse events (tap = click); the ladder's
        // pan and pinch come from the fingers themselves (ui/input/touch_gestures.hpp).
        if (event.type == SDL_FINGERDOWN || event.type == SDL_FINGERMOTION || event.type == SDL_FINGERUP) {
            using tcpviz::ui::input::FingerPhase;
            const FingerPhase phase = event.type == SDL_FINGERDOWN ? FingerPhase::Down
                                      : event.type == SDL_FINGERUP ? FingerPhase::Up
                                                                   : FingerPhase::Motion;
            w.app.finger(phase, static_cast<std::int64_t>(event.tfinger.fingerId), event.tfinger.x,
                       event.tfinger.y);
        }
        w.frames_to_draw = kSettleFrames;
    }
    // Redraw continuously only while something moves (DESIGN.md); otherwise a few frames
    // after each change and an occasional refresh.
    if (!w.app.moving() && w.frames_to_draw <= 0 && ++w.idle_frames < kIdleRedrawEvery) {
        return;
    }
    w.idle_frames = 0;
    if (w.frames_to_draw > 0) {
        --w.frames_to_draw;
    }

    if (w.app.context().reduced_motion != w.reduced_motion) {
        tcpviz::ui::UiContext ctx = w.app.context();
        ctx.reduced_motion = w.reduced_motion;
        w.app.set_context(ctx);
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    w.app.frame();
    ImGui::Render();

    int fb_width = 0;
    int fb_height = 0;
    SDL_GL_GetDrawableSize(w.window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(w.window);
}

int load_scenario(tcpviz::Result<tcpviz::scenario::Scenario> parsed) {
    WebApp& w = web();
    if (!parsed) {
        w.last_error = parsed.error().message;
        return 1;
    }
    w.app.workspace().apply(tcpviz::ui::LoadScenario{std::move(*parsed), {}});
    w.last_error.clear();
    wake();
    return 0;
}

}  // namespace

// --- captures: what web/api_capture.cpp's entry points reach of this page's one app.
namespace tcpviz::webapp {
tcpviz::ui::App& app() { return ::web().app; }
void wake() { ::wake(); }
const char* give(std::string text) { return ::give(std::move(text)); }
std::size_t given_size() { return ::web().out.size(); }
}  // namespace tcpviz::webapp
// --- end captures

extern "C" {

// The core's version, for window.tcpviz.version.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_version() { return give(std::string(tcpviz::kVersion)); }

// [{ "id", "title": { "en", "zh" } }, ...]: window.tcpviz.presets().
EMSCRIPTEN_KEEPALIVE const char* tcpviz_presets_json() {
    std::string s = "[";
    bool first = true;
    for (const auto& p : tcpviz::scenario::presets()) {
        s += first ? "" : ",";
        first = false;
        s += "{\"id\":\"";
        json_escape_into(s, p.id);
        s += "\",\"title\":{\"en\":\"";
        json_escape_into(s, p.title_en);
        s += "\",\"zh\":\"";
        json_escape_into(s, p.title_zh);
        s += "\"}}";
    }
    s += "]";
    return give(std::move(s));
}

// 0: loaded; otherwise tcpviz_last_error() says why.
EMSCRIPTEN_KEEPALIVE int tcpviz_load_preset(const char* ptr, int len) {
    WebApp& w = web();
    const std::string id(view_of(ptr, len));
    if (tcpviz::scenario::find_preset(id) == nullptr) {
        w.last_error = "unknown preset '" + id + "'";
        return 1;
    }
    w.app.workspace().apply(tcpviz::ui::LoadPreset{id});
    w.last_error.clear();
    wake();
    return 0;
}

EMSCRIPTEN_KEEPALIVE int tcpviz_load_scenario_json(const char* ptr, int len) {
    return load_scenario(tcpviz::scenario::parse_scenario(view_of(ptr, len)));
}

// The URL hash (with or without '#'): base64url of a scenario JSON.
EMSCRIPTEN_KEEPALIVE int tcpviz_load_link(const char* ptr, int len) {
    return load_scenario(tcpviz::scenario::scenario_from_link(view_of(ptr, len)));
}

EMSCRIPTEN_KEEPALIVE const char* tcpviz_last_error() { return give(web().last_error); }

// The current trace with the scenario as run (SCENARIO_FORMAT.md trace JSON).
EMSCRIPTEN_KEEPALIVE const char* tcpviz_trace_json() {
    // A capture's or live trace has no scenario: the last lesson's must not be passed off as it.
    const auto& ws = web().app.workspace();
    return give(tcpviz::trace::trace_to_json(ws.trace(), ws.is_simulation() ? &ws.scenario() : nullptr));
}

// The ladder as last drawn, relative to the ladder canvas (ImGui pixels, which are the
// canvas element's CSS pixels here); tcpviz_ladder_origin_* say where that canvas is.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_layout_json() { return give(web().app.view().current_layout_json()); }
EMSCRIPTEN_KEEPALIVE double tcpviz_ladder_origin_x() { return web().app.view().ladder_origin().x; }
EMSCRIPTEN_KEEPALIVE double tcpviz_ladder_origin_y() { return web().app.view().ladder_origin().y; }

// The hash for the scenario on screen (base64url of scenario_to_json, no '#').
EMSCRIPTEN_KEEPALIVE const char* tcpviz_scenario_link() {
    return give(tcpviz::scenario::scenario_to_link(web().app.workspace().scenario()));
}

EMSCRIPTEN_KEEPALIVE void tcpviz_seek(double ms) {
    web().app.workspace().apply(tcpviz::ui::SetPlayhead{tcpviz::from_ms_fraction(ms < 0 ? 0 : ms)});
    wake();
}

EMSCRIPTEN_KEEPALIVE void tcpviz_play() {
    web().app.workspace().apply(tcpviz::ui::Play{});
    wake();
}

EMSCRIPTEN_KEEPALIVE void tcpviz_pause() {
    web().app.workspace().apply(tcpviz::ui::Pause{});
    wake();
}

EMSCRIPTEN_KEEPALIVE const char* tcpviz_narration_text() { return give(web().app.view().narration_text()); }

// { "t_ms", "playing", "client", "server", "end_ms", "segments", "reduced_motion", "theme" }
// with RFC 9293 state names. end_ms (where playback stops) lets the page tell "ended" from a
// pause; segments sizes an embedding iframe; reduced_motion and theme are what the app's
// frames use (dark, light or high-contrast).
EMSCRIPTEN_KEEPALIVE const char* tcpviz_state_json() {
    const WebApp& w = web();
    const auto& ws = w.app.workspace();
    const auto sides = tcpviz::ui::states_at(ws.trace(), ws.view().playhead);
    char t_ms[96];
    std::snprintf(t_ms, sizeof t_ms, "%.3f,\"end_ms\":%.3f", tcpviz::to_ms(ws.view().playhead),
                  tcpviz::to_ms(ws.trace().end));
    std::string s = "{\"t_ms\":";
    s += t_ms;
    s += ",\"playing\":";
    s += ws.view().playing ? "true" : "false";
    s += ",\"client\":\"";
    json_escape_into(s, tcpviz::tcp::rfc_name(sides[0].state));
    s += "\",\"server\":\"";
    json_escape_into(s, tcpviz::tcp::rfc_name(sides[1].state));
    s += "\",\"segments\":";
    s += std::to_string(ws.trace().segments.size());
    s += ",\"reduced_motion\":";
    s += w.app.context().reduced_motion ? "true" : "false";
    const tcpviz::ui::Theme theme = ws.view().options.theme;
    s += ",\"theme\":\"";
    s += theme == tcpviz::ui::Theme::Dark ? "dark" : theme == tcpviz::ui::Theme::Light ? "light" : "high-contrast";
    // The selected segment's id (what the inspector shows), or null.
    const auto& selected = ws.view().selected;
    s += "\",\"selected\":";
    s += selected ? std::to_string(*selected) : std::string("null");
    s += "}";
    return give(std::move(s));
}

// 1: the page asks for less motion (prefers-reduced-motion: reduce, ?motion=reduce or the
// user's toggle); 0: full motion. Applied to UiContext::reduced_motion from the next frame.
EMSCRIPTEN_KEEPALIVE void tcpviz_set_reduced_motion(int on) {
    web().reduced_motion = on != 0;
    wake();
}

// lang: 0 English, 1 Chinese; theme: 0 dark, 1 light, 2 high contrast; embed: 0/1;
// speed: a playback factor above 0. A negative value (speed: <= 0) leaves that one alone.
EMSCRIPTEN_KEEPALIVE void tcpviz_set_options(int lang, int theme, int embed, double speed) {
    using namespace tcpviz::ui;
    WebApp& w = web();
    ViewOptions o = w.app.workspace().view().options;
    if (lang == 0 || lang == 1) {
        o.language = lang == 1 ? Language::Zh : Language::En;
    }
    if (theme >= 0 && theme <= 2) {
        o.theme = theme == 0 ? Theme::Dark : theme == 1 ? Theme::Light : Theme::HighContrast;
    }
    if (!(o == w.app.workspace().view().options)) {
        w.app.workspace().apply(SetViewOptions{o});
    }
    if (embed == 0 || embed == 1) {
        UiContext ctx = w.app.context();
        ctx.embed = embed == 1;
        w.app.set_context(ctx);
    }
    if (speed > 0) {
        w.app.workspace().apply(SetSpeed{speed});
    }
    wake();
}

}  // extern "C"

int main() {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        report_fatal("SDL_Init failed");
        return 1;
    }
    // WebGL2 == OpenGL ES 3.0.
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);

    WebApp& w = web();
    const auto window_flags =
        static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    w.window = SDL_CreateWindow("tcpviz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 720, window_flags);
    if (w.window == nullptr) {
        report_fatal("SDL_CreateWindow failed");
        return 1;
    }
    w.gl_context = SDL_GL_CreateContext(w.window);
    if (w.gl_context == nullptr) {
        report_fatal("could not create a WebGL2 context");
        return 1;
    }
    SDL_GL_MakeCurrent(w.window, w.gl_context);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no filesystem in the browser build
    io.Fonts->AddFontDefault();
    tcpviz::ui::App::merge_cjk_font(1.0f);
    ImGui::StyleColorsDark();
    ImGui_ImplSDL2_InitForOpenGL(w.window, w.gl_context);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    // Let the browser drive frames (requestAnimationFrame); main() returns into the page.
    emscripten_set_main_loop_arg(main_loop_step, &w, 0, /*simulate_infinite_loop=*/false);
    return 0;
}
