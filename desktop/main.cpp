// The desktop app: an SDL2 window with an OpenGL 3 context running the shared ui::App.
//   tcpviz               open the window
//   tcpviz --frames N    render N frames, then exit 0 (smoke tests)
//   tcpviz --version     print the version
//   tcpviz FILE.pcap     open a capture (pcap or pcapng) and show its first connection
//   tcpviz --tap TAP ... / --relay TAP_A TAP_B ...   attach to live traffic (live/session.hpp)
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
// --- live
#include <memory>
#include <optional>

#include "live/live_options.hpp"
#include "live/live_output.hpp"
#include "live/session.hpp"
#include "ui/views/live_panel.hpp"
// --- end live

namespace {

struct Options {
    long frames = -1;  // < 0: run until the window is closed
    bool version = false;
    bool help = false;
    int width = 1280, height = 720;  // --size WxH: the window (a phone's 360x740 layout)
    std::string capture;  // captures: a file to open at start
    // --- live: `--tap/--relay` and their options (the CLI's live_options), --dump-state
    std::vector<std::string> live_args;
    std::optional<tcpviz::live::LiveOptions> live;
    std::string dump_state;
    // --- end live
};

void print_usage(std::FILE* out) {
    std::fprintf(out,
                 "usage: tcpviz [--frames N] [--version] [--help] [capture.pcap]\n"
                 "  --frames N   render N frames, then exit (for smoke tests)\n"
                 "  --size WxH   the window's size in pixels (default 1280x720; 360x740: a phone)\n"
                 "  --version    print the version and exit\n"
                 "  capture.pcap open a pcap or pcapng capture (File > Open capture... in the window)\n"
                 "live traffic (needs CAP_NET_ADMIN), with the options of `tcpviz-cli live`:\n"
                 "  tcpviz --tap TAP [--ip A.B.C.D/N] [--serve KIND:PORT]... [--connect IP:PORT]...\n"
                 "  tcpviz --relay TAP_A TAP_B          (a TAP may be NETNS:TAP)\n"
                 "  [--fault RULE]... [--duration S: close after S seconds] [--trace F.json] [--pcap F.pcap]\n"
                 "  [--dump-state F.json: the live panel's state at exit]\n");
}

bool parse_options(int argc, char** argv, Options& options) {
    // --- live: with --tap or --relay, every argument the desktop does not know is live's
    bool live = false;
    for (int i = 1; i < argc; ++i) {
        live = live || std::string_view(argv[i]) == "--tap" || std::string_view(argv[i]) == "--relay";
    }
    // --- end live
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--dump-state" && i + 1 < argc) {  // live
            options.dump_state = argv[++i];
        } else if (live && arg != "--version" && arg != "--help" && arg != "-h" && arg != "--frames") {  // live
            options.live_args.emplace_back(arg);
        } else if (arg == "--version") {
            options.version = true;
        } else if (arg == "--help" || arg == "-h") {
            options.help = true;
        } else if (arg == "--size" && i + 1 < argc) {
            if (std::sscanf(argv[++i], "%dx%d", &options.width, &options.height) != 2 || options.width < 200 ||
                options.height < 200) {
                std::fprintf(stderr, "tcpviz: --size wants WxH (at least 200x200), got '%s'\n", argv[i]);
                return false;
            }
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
    // --- live
    if (live) {
        std::vector<char*> args;
        for (auto& a : options.live_args) {
            args.push_back(a.data());
        }
        auto parsed = tcpviz::live::parse_live_options(static_cast<int>(args.size()), args.data());
        if (!parsed) {
            std::fprintf(stderr, "tcpviz: %s\n", parsed.error().message.c_str());
            return false;
        }
        options.live = std::move(*parsed);
    }
    // --- end live
    return true;
}

// --- live: one frame of the live panel. Snapshots are taken only while the view is not
// paused; the session keeps capturing either way.
void live_frame(tcpviz::live::LiveSession& session, tcpviz::ui::LivePanel& panel, tcpviz::ui::App& app,
                std::uint64_t& seen) {
    tcpviz::ui::Commands out;
    if (!panel.paused()) {
        if (auto snap = session.snapshot_if_changed(seen)) {
            seen = snap->generation;
            panel.update(std::move(*snap), app.workspace(), out);
        }
    }
    const auto lang = app.context().language.value_or(app.workspace().view().options.language);
    auto act = panel.draw(app.workspace(), lang, app.context().dpi_scale, out);
    if (act.faults) {
        session.replace_faults(std::move(*act.faults));
    }
    for (const auto& c : out) {
        app.workspace().apply(c);
    }
}
// --- end live

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

    // --- live: the TAPs are opened (and the reader thread started) before the window, so a
    // missing device or permission fails at once with the CLI's message.
    std::unique_ptr<tcpviz::live::LiveSession> live_session;
    std::int64_t live_epoch_us = 0;
    if (options.live) {
        auto io = tcpviz::live::open_tap_io(tcpviz::live::tap_specs_of(*options.live));
        if (!io) {
            std::fprintf(stderr, "tcpviz: %s\n", io.error().message.c_str());
            return 1;
        }
        live_epoch_us = tcpviz::live::wall_clock_epoch_us();
        auto started = tcpviz::live::LiveSession::start(tcpviz::live::session_config_from_options(*options.live),
                                                        std::move(*io));
        if (!started) {
            std::fprintf(stderr, "tcpviz: %s\n", started.error().message.c_str());
            return 1;
        }
        live_session = std::move(*started);
    }
    tcpviz::ui::LivePanel live_panel(&tcpviz::live::connection_trace);
    std::uint64_t live_seen = 0;
    // --- end live
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
    SDL_Window* window = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width,
                                          options.height, window_flags);
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
            // Touch: SDL also turns the first finger into mouse events (tap = click); the ladder's
            // pan and pinch come from the fingers themselves (ui/input/touch_gestures.hpp).
            if (event.type == SDL_FINGERDOWN || event.type == SDL_FINGERMOTION || event.type == SDL_FINGERUP) {
                using tcpviz::ui::input::FingerPhase;
                const FingerPhase phase = event.type == SDL_FINGERDOWN ? FingerPhase::Down
                                          : event.type == SDL_FINGERUP ? FingerPhase::Up
                                                                       : FingerPhase::Motion;
                app.finger(phase, static_cast<std::int64_t>(event.tfinger.fingerId), event.tfinger.x,
                           event.tfinger.y);
            }
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
        if (live_session) {  // live
            live_frame(*live_session, live_panel, app, live_seen);
            if (options.live->duration && SDL_GetTicks64() >= static_cast<Uint64>(tcpviz::to_ms(*options.live->duration))) {
                done = true;  // --duration closes the window, as it ends the CLI's run
            }
        }
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

    // --- live: join the reader thread and close the TAPs before the window goes; then what
    // the CLI would write (--trace, --pcap) and the panel's state (--dump-state).
    int live_rc = 0;
    if (live_session) {
        live_session->stop();
        if (auto last = live_session->snapshot_if_changed(0)) {
            if (!options.dump_state.empty()) {
                std::ofstream out(options.dump_state, std::ios::trunc);
                out << tcpviz::live::session_state_json(*last);
                if (!out) {
                    std::fprintf(stderr, "tcpviz: cannot write %s\n", options.dump_state.c_str());
                    live_rc = 1;
                }
            }
            if (last->trace && !tcpviz::live::write_outputs(*last->trace, *options.live, live_epoch_us)) {
                live_rc = 1;
            }
        }
        live_session.reset();
    }
    // --- end live
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl_context);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return live_rc;  // live: 0 unless an output file could not be written
}
