#include "ui/app.hpp"

#include <string>
#include <utility>

#include "core/scenario/presets.hpp"
#include "core/version.hpp"
#include "imgui.h"
#include "ui/views/playback_bar.hpp"

#if defined(TCPVIZ_HAVE_CJK_FONT) && TCPVIZ_HAVE_CJK_FONT && __has_include("cjk_font.hpp")
#include "cjk_font.hpp"
#define TCPVIZ_APP_CJK 1
#else
#define TCPVIZ_APP_CJK 0
#endif

namespace tcpviz::ui {

namespace {

Workspace initial_workspace() {
    auto w = Workspace::from_preset("normal");
    if (!w) {
        return Workspace{};
    }
    return std::move(*w);
}

}  // namespace

App::App(bool can_quit) : workspace_(initial_workspace()), can_quit_(can_quit) {}

bool App::merge_cjk_font(float scale) {
#if TCPVIZ_APP_CJK
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.FontDataOwnedByAtlas = false;  // the bytes are a constant array in the binary
    ImFont* font = ImGui::GetIO().Fonts->AddFontFromMemoryTTF(
        const_cast<unsigned char*>(fonts::kCjkFont), fonts::kCjkFontSize, 13.0f * scale, &cfg,
        fonts::kCjkGlyphRanges);
    return font != nullptr;
#else
    (void)scale;
    return false;
#endif
}

void App::finger(input::FingerPhase phase, std::int64_t id, float x, float y) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    view_.finger(phase, id, x * size.x, y * size.y);
}

void App::frame() {
    ctx_.dt_seconds = static_cast<double>(ImGui::GetIO().DeltaTime);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags kMainFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus;
    const ImGuiWindowFlags flags = ctx_.embed ? kMainFlags : (kMainFlags | ImGuiWindowFlags_MenuBar);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::Begin("tcpviz##main", nullptr, flags);
    ImGui::PopStyleVar();
    if (!ctx_.embed) {
        draw_menu_bar();
    }
    moving_ = view_.draw(workspace_, ctx_);
    ImGui::End();

    draw_about();
    files_.draw(workspace_, ctx_.language.value_or(workspace_.view().options.language));  // captures
}

void App::draw_menu_bar() {
    if (!ImGui::BeginMenuBar()) {
        return;
    }
    const ViewOptions current = workspace_.view().options;
    const Language lang = ctx_.language.value_or(current.language);
    auto set_options = [this](ViewOptions o) { workspace_.apply(SetViewOptions{o}); };

    if (ImGui::BeginMenu(tr(lang, "File", "文件"))) {
        files_.draw_menu_items(workspace_, lang);  // captures
        if (can_quit_) {
            ImGui::Separator();
            if (ImGui::MenuItem(tr(lang, "Quit", "退出"))) {
                quit_requested_ = true;
            }
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(lang, "View", "视图"))) {
        if (ImGui::BeginMenu(tr(lang, "Theme", "主题"))) {
            const std::pair<Theme, const char*> themes[] = {
                {Theme::Dark, tr(lang, "Dark", "深色")},
                {Theme::Light, tr(lang, "Light", "浅色")},
                {Theme::HighContrast, tr(lang, "High contrast", "高对比度")},
            };
            for (const auto& [theme, label] : themes) {
                if (ImGui::MenuItem(label, nullptr, current.theme == theme) && current.theme != theme) {
                    ViewOptions o = current;
                    o.theme = theme;
                    set_options(o);
                }
            }
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu(tr(lang, "Language", "语言"))) {
            if (ImGui::MenuItem("English", nullptr, lang == Language::En)) {
                ViewOptions o = current;
                o.language = Language::En;
                ctx_.language.reset();  // the user's choice wins over the page's ?lang=
                set_options(o);
            }
            if (ImGui::MenuItem("中文", nullptr, lang == Language::Zh)) {
                ViewOptions o = current;
                o.language = Language::Zh;
                ctx_.language.reset();
                set_options(o);
            }
            ImGui::EndMenu();
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(lang, "Lessons", "课程"))) {
        for (const auto& preset : scenario::presets()) {
            const std::string label(lang == Language::Zh ? preset.title_zh : preset.title_en);
            const std::string id(preset.id);
            const bool selected = workspace_.preset_id() == preset.id;
            if (ImGui::MenuItem((label + "##" + id).c_str(), nullptr, selected)) {
                workspace_.apply(LoadPreset{id});
            }
        }
        // --- lessons: common mistakes and predict mode (ui/views/lessons_panel.hpp)
        ImGui::Separator();
        if (ImGui::MenuItem(tr(lang, "Common mistakes", "常见错误"))) {
            view_.lessons().request_mistakes();
        }
        const bool predicting = view_.lessons().predict().session().active();
        if (ImGui::MenuItem(tr(lang, "Predict mode", "预测模式"), nullptr, predicting)) {
            if (predicting) {
                view_.lessons().predict().stop();
            } else {
                Commands cmds;
                view_.lessons().predict().start(workspace_, cmds);
                for (const Command& c : cmds) {
                    workspace_.apply(c);
                }
                view_.lessons().request_predict();
            }
        }
        // --- end lessons
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(lang, "Help", "帮助"))) {
        if (ImGui::BeginMenu(tr(lang, "Keyboard shortcuts", "键盘快捷键"))) {
            draw_key_help(lang);
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem(tr(lang, "About tcpviz", "关于 tcpviz"))) {
            show_about_ = true;
        }
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void App::draw_about() {
    if (!show_about_) {
        return;
    }
    const Language lang = ctx_.language.value_or(workspace_.view().options.language);
    ImGui::SetNextWindowSize(ImVec2(320.0f * ctx_.dpi_scale, 0.0f), ImGuiCond_Appearing);
    if (ImGui::Begin(tr(lang, "About tcpviz###about", "关于 tcpviz###about"), &show_about_,
                     ImGuiWindowFlags_NoSavedSettings)) {
        const std::string version(tcpviz::kVersion);
        ImGui::Text("tcpviz %s", version.c_str());
        ImGui::TextWrapped("%s", tr(lang, "A TCP connection-lifecycle visualizer (RFC 9293).",
                                    "TCP 连接生命周期可视化工具（RFC 9293）。"));
    }
    ImGui::End();
}

}  // namespace tcpviz::ui
