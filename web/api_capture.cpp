// Captures in the page: the entry points behind window.tcpviz.openCapture(), connections(),
// showConnection(), backToSimulation(), exportPcap() / savePcap() and saveScenario(), and the
// page's side of the File menu (its file picker and Blob downloads). public/tcpviz-captures.js
// calls these; the bytes of a dropped or picked file go through
// tcpviz_open_capture to the core readers, which never see a path (DESIGN.md, core/pcap).
//
// Strings follow web/main.cpp: in as (pointer, length), out as a NUL-terminated buffer owned
// by web/main.cpp, valid until the next tcpviz_* call. Binary results (an exported pcap) use
// the same buffer; tcpviz_result_size() gives their length.
#include <emscripten.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "ui/app.hpp"
#include "ui/model/capture_session.hpp"
#include "ui/model/file_export.hpp"
#include "web/web_app.hpp"

namespace {

using tcpviz::webapp::app;
using tcpviz::webapp::give;
using tcpviz::webapp::text_of;
using tcpviz::webapp::wake;

const char* source_name(tcpviz::ui::TraceSource s) {
    switch (s) {
        case tcpviz::ui::TraceSource::Simulation: return "simulation";
        case tcpviz::ui::TraceSource::Capture: return "capture";
        case tcpviz::ui::TraceSource::Live: return "live";
    }
    return "simulation";
}

std::string dump(const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

tcpviz::Result<tcpviz::ui::ExportFile> export_of(int what) {
    const auto& ws = app().workspace();
    return what == 1 ? tcpviz::ui::export_scenario(ws) : tcpviz::ui::export_pcap(ws);
}

}  // namespace

extern "C" {

// The page's half of File > Open capture... / Save as pcap... / Save scenario...: the page
// sets Module.tcpvizPickCapture (clicks its file input) and Module.tcpvizDownload(name, mime,
// bytes) (a Blob download) before calling this once.
EMSCRIPTEN_KEEPALIVE void tcpviz_capture_install() {
    tcpviz::ui::FileAccess access;
    access.pick_capture = [] {
        // clang-format off
        EM_ASM({ if (Module["tcpvizPickCapture"]) Module["tcpvizPickCapture"](); });
        // clang-format on
    };
    access.download = [](const std::string& name, const std::string& mime, std::span<const std::uint8_t> bytes) {
        // slice(): a copy, since the wasm memory may move when it grows.
        // clang-format off
        EM_ASM({
            if (Module["tcpvizDownload"]) {
                Module["tcpvizDownload"](UTF8ToString($0), UTF8ToString($1), HEAPU8.slice($2, $2 + $3));
            }
        }, name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
        // clang-format on
    };
    app().files().set_access(std::move(access));
}

// Opens a capture from `len` bytes at `bytes` (the page's _malloc), named `name` for messages.
// Returns "" when its first connection is on screen, otherwise the reader's message (naming
// the offset of what was wrong); the screen is then left as it was.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_open_capture(const std::uint8_t* bytes, int len, const char* name_ptr,
                                                     int name_len) {
    std::string name(text_of(name_ptr, name_len));
    if (name.empty()) {
        name = "capture";
    }
    const std::span<const std::uint8_t> file(bytes, bytes == nullptr || len <= 0 ? 0 : static_cast<std::size_t>(len));
    auto& files = app().files();
    const bool ok = files.open_capture(app().workspace(), name, file);
    wake();
    return give(ok ? std::string() : files.message());
}

// { source, title, capture: { name, info: [...] } | null, shown, editing_off, connections: [...] }.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_connections_json() {
    const auto& ws = app().workspace();
    nlohmann::ordered_json j;
    j["source"] = source_name(ws.source());
    const tcpviz::ui::FixedTrace* fixed = ws.fixed();
    j["title"] = fixed != nullptr ? fixed->title : std::string();
    if (const tcpviz::ui::CaptureSession* c = ws.capture()) {
        j["capture"] = {{"name", c->name()}, {"info", c->describe()}};
        tcpviz::ui::ConnectionList list = c->connections();
        list.select(ws.shown_connection());
        j["connections"] = nlohmann::ordered_json::parse(list.to_json(), nullptr, false);
    } else {
        j["capture"] = nullptr;
        j["connections"] = nlohmann::ordered_json::array();
    }
    if (const auto shown = ws.shown_connection()) {
        j["shown"] = *shown;
    } else {
        j["shown"] = nullptr;
    }
    j["editing_off"] = ws.editing_off_reason();
    return give(dump(j));
}

// Shows connection `id` of the open capture. "" or why not.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_show_connection(int id) {
    auto& ws = app().workspace();
    if (id < 0) {
        return give("no connection #" + std::to_string(id));
    }
    ws.apply(tcpviz::ui::ShowConnection{static_cast<std::uint32_t>(id)});
    wake();
    return give(ws.last_error());
}

EMSCRIPTEN_KEEPALIVE void tcpviz_back_to_simulation() {
    app().workspace().apply(tcpviz::ui::BackToSimulation{});
    wake();
}

// what: 0 the trace on screen as pcap, 1 the scenario as JSON. { ok, name, mime, size, note }
// or { ok: false, error }.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_export_info(int what) {
    const auto file = export_of(what);
    nlohmann::ordered_json j;
    j["ok"] = file.ok();
    if (file.ok()) {
        j["name"] = file->name;
        j["mime"] = file->mime;
        j["size"] = file->bytes.size();
        j["note"] = file->note;
    } else {
        j["error"] = file.error().message;
    }
    return give(dump(j));
}

// The bytes tcpviz_export_info(what) described (tcpviz_result_size() of them); empty on error.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_export_bytes(int what) {
    const auto file = export_of(what);
    if (!file.ok()) {
        return give(std::string());
    }
    return give(std::string(file->bytes.begin(), file->bytes.end()));
}

EMSCRIPTEN_KEEPALIVE int tcpviz_result_size() { return static_cast<int>(tcpviz::webapp::given_size()); }

}  // extern "C"
