// The desktop app: an SDL2 window with an OpenGL 3 context running the shared ui::App.
//   tcpviz               open the window
//   tcpviz --frames N    render N frames, then exit 0 (smoke tests)
//   tcpviz --version     print the version
//   tcpviz FILE.pcap     open a capture (pcap or pcapng) and show its first connection
#include <SDL.h>
#include <SDL_opengl.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/version.hpp"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "ui/app.hpp"

namespace {

struct Options {
    long frames = -1;  // < 0: run until the window is closed
    bool version = false;
    bool help = false;
    std::string capture;  // captures: a file to open at start
};

void print_usage(std::FILE* out) {
    std::fprintf(out,
                 "usage: tcpviz [--frames N] [--version] [--help] [capture.pcap]\n"
                 "  --frames N   render N frames, then exit (for smoke tests)\n"
                 "  --version    print the version and exit\n"
                 "  capture.pcap open a pcap or pcapng capture (File > Open capture... in the window)\n");
}

bool parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--version") {
            options.version = true;
        } else if (arg == "--help" || arg == "-h") {
            options.help = true;
        } else if (arg == "--frames" && i + 1 < argc) {
            const std::string_view value = argv[++i];
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), options.frames);
            if (error != std::errc{} || end != value.data() + value.size() || options.frames < 0) {
                std::fprintf(stderr, "tcpviz: --frames wants a non-negative number, got '%s'\n", argv[i]);
                return false;
            }
        } else if (!arg.empty() && arg[0] != '-' && options.capture.empty()) {
            options.capture = std::string(arg);  // captures
        } else {
            std::fprintf(stderr, "tcpviz: unknown argument '%s'\n", argv[i]);
            return false;
        }
    }
    return true;
}

// --- captures: the file system behind File > Open capture / Save as pcap / Save scenario
// (ui/views/file_dialog.hpp lists, reads and writes only through these).
tcpviz::ui::FileAccess desktop_file_access() {
    namespace fs = std::filesystem;
    using tcpviz::Error;
    using tcpviz::Result;
    tcpviz::ui::FileAccess a;
    std::error_code cwd_error;
    a.start_dir = fs::current_path(cwd_error).string();
    a.list_dir = [](const std::string& dir) -> Result<std::vector<tcpviz::ui::DirEntry>> {
        std::error_code ec;
        fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            return Error{dir + ": " + ec.message()};
        }
        std::vector<tcpviz::ui::DirEntry> out;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) {
                break;
            }
            tcpviz::ui::DirEntry d;
            d.name = it->path().filename().string();
            if (d.name.empty() || d.name[0] == '.') {
                continue;  // hidden, as file managers show folders by default
            }
            std::error_code entry_error;
            d.directory = it->is_directory(entry_error);
            const auto size = d.directory ? std::uintmax_t{0} : it->file_size(entry_error);
            d.size = entry_error ? 0 : static_cast<std::uint64_t>(size);
            out.push_back(std::move(d));
        }
        return out;
    };
    a.read_file = [](const std::string& path) -> Result<std::vector<std::uint8_t>> {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            return Error{"is a folder, not a capture file"};
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            return Error{"cannot be opened for reading"};
        }
        std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) {
            return Error{"could not be read to the end"};
        }
        return bytes;
    };
    a.write_file = [](const std::string& path, std::span<const std::uint8_t> bytes) -> std::string {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out) {
            return "cannot be opened for writing";
        }
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        out.close();
        return out ? "" : "could not be written completely";
    };
    return a;
}
// --- end captures

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        print_usage(stderr);
        return 2;
    }
    const std::string version(tcpviz::kVersion);
    if (options.version) {
        std::printf("tcpviz %s\n", version.c_str());
        return 0;
    }
    if (options.help) {
        print_usage(stdout);
        return 0;
    }

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "tcpviz: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }

    // OpenGL 3.0 core-compatible context with GLSL 130, as ImGui's SDL2 + OpenGL3 example.
    const char* glsl_version = "#version 130";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);

    const std::string title = "tcpviz " + version;
    const auto window_flags =
        static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Window* window = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280,
                                          720, window_flags);
    if (window == nullptr) {
        std::fprintf(stderr, "tcpviz: SDL_CreateWindow failed: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    SDL_GLContext gl_context = SDL_GL_CreateContext(window);
    if (gl_context == nullptr) {
        std::fprintf(stderr, "tcpviz: SDL_GL_CreateContext failed: %s\n", SDL_GetError());
        SDL_DestroyWindow(window);
        SDL_Quit();
        return 1;
    }
    SDL_GL_MakeCurrent(window, gl_context);
    const bool vsync = SDL_GL_SetSwapInterval(1) == 0;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::StyleColorsDark();
    // The default font, then the compiled-in Chinese subset merged into it, so narration in
    // Chinese shows the same on the desktop as in the browser.
    ImGui::GetIO().Fonts->AddFontDefault();
    tcpviz::ui::App::merge_cjk_font(1.0f);
    ImGui_ImplSDL2_InitForOpenGL(window, gl_context);
    ImGui_ImplOpenGL3_Init(glsl_version);

    tcpviz::ui::App app;
    // --- captures
    app.files().set_access(desktop_file_access());
    if (!options.capture.empty() && !app.files().open_capture_path(app.workspace(), options.capture)) {
        std::fprintf(stderr, "tcpviz: %s\n", app.files().message().c_str());  // also shown in the window
    }
    // --- end captures
    bool done = false;
    long frame = 0;
    while (!done && (options.frames < 0 || frame < options.frames)) {
        const Uint64 frame_start = SDL_GetTicks64();
        SDL_Event event;
        while (SDL_PollEvent(&event)) {
            ImGui_ImplSDL2_ProcessEvent(&event);
            if (event.type == SDL_QUIT) {
                done = true;
            }
            if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
                event.window.windowID == SDL_GetWindowID(window)) {
                done = true;
            }
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();

        const ImGuiIO& io = ImGui::GetIO();
        glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
                   static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
        glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        SDL_GL_SwapWindow(window);

        done = done || app.quit_requested();
        ++frame;
        // Without vsync (e.g. under Xvfb) cap at about 60 frames per second.
        if (!vsync) {
            const Uint64 elapsed = SDL_GetTicks64() - frame_start;
            if (elapsed < 16) {
                SDL_Delay(static_cast<Uint32>(16 - elapsed));
            }
        }
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl_context);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
