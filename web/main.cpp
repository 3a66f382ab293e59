// The browser app: SDL2 (built for wasm, see scripts/deps.sh) with a WebGL2 context on
// <canvas id="canvas">, running the shared ui::App from the browser's animation frames.
// public/tcpviz-page.js loads this module and reads the exported entry points below.
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <string>

#include "core/version.hpp"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "ui/app.hpp"

namespace {

struct WebApp {
    SDL_Window* window = nullptr;
    SDL_GLContext gl_context = nullptr;
    tcpviz::ui::App app{/*can_quit=*/false};
    int css_width = 0;
    int css_height = 0;
};

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
void follow_canvas_size(WebApp& web) {
    double css_w = 0;
    double css_h = 0;
    if (emscripten_get_element_css_size("#canvas", &css_w, &css_h) != EMSCRIPTEN_RESULT_SUCCESS) {
        return;
    }
    const int width = static_cast<int>(css_w);
    const int height = static_cast<int>(css_h);
    if (width > 0 && height > 0 && (width != web.css_width || height != web.css_height)) {
        web.css_width = width;
        web.css_height = height;
        SDL_SetWindowSize(web.window, width, height);
    }
}

void main_loop_step(void* arg) {
    WebApp& web = *static_cast<WebApp*>(arg);
    follow_canvas_size(web);

    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    web.app.frame();
    ImGui::Render();

    int fb_width = 0;
    int fb_height = 0;
    SDL_GL_GetDrawableSize(web.window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(web.window);
}

}  // namespace

extern "C" {

// The core's version, for window.tcpviz.version.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_version() {
    static const std::string version(tcpviz::kVersion);
    return version.c_str();
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

    static WebApp web;
    const auto window_flags =
        static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    web.window = SDL_CreateWindow("tcpviz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 720, window_flags);
    if (web.window == nullptr) {
        report_fatal("SDL_CreateWindow failed");
        return 1;
    }
    web.gl_context = SDL_GL_CreateContext(web.window);
    if (web.gl_context == nullptr) {
        report_fatal("could not create a WebGL2 context");
        return 1;
    }
    SDL_GL_MakeCurrent(web.window, web.gl_context);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no filesystem in the browser build
    ImGui::StyleColorsDark();
    ImGui_ImplSDL2_InitForOpenGL(web.window, web.gl_context);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    // Let the browser drive frames (requestAnimationFrame); main() returns into the page.
    emscripten_set_main_loop_arg(main_loop_step, &web, 0, /*simulate_infinite_loop=*/false);
    return 0;
}
