// Lessons in the page: the entry points behind window.tcpviz.lessons (the "Common mistakes"
// list and its "Show me") and window.tcpviz.predict (predict mode: start, the current
// question, answers, continue, stop). public/tcpviz-lessons.js calls them.
// They act on the same LessonsPanel the ImGui panels draw, so a question answered from the
// page shows as answered on the canvas and the other way round.
//
// Strings follow web/main.cpp: in as (pointer, length), out as a NUL-terminated buffer owned
// by web/main.cpp (web/web_app.hpp), valid until the next tcpviz_* call.
#include <emscripten.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/tcp/state.hpp"
#include "ui/lessons/mistakes.hpp"
#include "ui/lessons/predict.hpp"
#include "ui/views/lessons_panel.hpp"
#include "web/web_app.hpp"

namespace {

using tcpviz::webapp::app;
using tcpviz::webapp::give;
using tcpviz::webapp::text_of;
using tcpviz::webapp::wake;

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Commands a page call produced, applied at once (outside a frame, nothing else is drawing),
// then the predict gate, so question() right after start() or next() is already current.
void apply(tcpviz::ui::Commands& cmds) {
    auto& ws = app().workspace();
    for (const auto& c : cmds) {
        ws.apply(c);
    }
    cmds.clear();
    app().lessons().update(ws, cmds);
    for (const auto& c : cmds) {
        ws.apply(c);
    }
    wake();
}

nlohmann::json both(std::string_view en, std::string_view zh) {
    return {{"en", std::string(en)}, {"zh", std::string(zh)}};
}

}  // namespace

extern "C" {

// [{ id, claim: {en, zh}, truth: {en, zh}, rfc, preset, where: {en, zh} }, ...]
EMSCRIPTEN_KEEPALIVE const char* tcpviz_lessons_json() {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : tcpviz::ui::lessons::mistakes()) {
        list.push_back({{"id", std::string(m.id)},
                        {"claim", both(m.claim_en, m.claim_zh)},
                        {"truth", both(m.truth_en, m.truth_zh)},
                        {"rfc", std::string(m.rfc)},
                        {"preset", std::string(m.preset)},
                        {"where", both(m.where_en, m.where_zh)}});
    }
    return give(dump(list));
}

// "Show me": loads the mistake's lesson, seeks to the moment and selects the segment.
// { ok, preset, segment, at_ms, evidence: {en, zh} }; ok false for an unknown id or a trace
// that shows nothing.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_lessons_show(const char* ptr, int len) {
    const auto* m = tcpviz::ui::lessons::find_mistake(text_of(ptr, len));
    if (m == nullptr) {
        return give(R"({"ok":false,"error":"unknown mistake"})");
    }
    auto& ws = app().workspace();
    app().lessons().predict().stop();
    ws.apply(tcpviz::ui::LoadPreset{std::string(m->preset)});
    const auto e = m->find(ws.trace());
    if (!e) {
        wake();
        return give(R"({"ok":false,"error":"the lesson shows no such moment"})");
    }
    for (const auto& c : tcpviz::ui::show_evidence_commands(*m, ws.trace())) {
        ws.apply(c);
    }
    wake();
    return give(dump({{"ok", true},
                      {"preset", std::string(m->preset)},
                      {"segment", e->segment},
                      {"at_ms", tcpviz::to_ms(e->at)},
                      {"evidence",
                       both(tcpviz::ui::lessons::evidence_text(ws.trace(), *e, tcpviz::ui::Language::En),
                            tcpviz::ui::lessons::evidence_text(ws.trace(), *e, tcpviz::ui::Language::Zh))}}));
}

// Predict mode on the lesson on screen, from its start (playback starts).
EMSCRIPTEN_KEEPALIVE const char* tcpviz_predict_start() {
    tcpviz::ui::Commands cmds;
    app().lessons().predict().start(app().workspace(), cmds);
    app().lessons().request_predict();  // its panel scrolls into view on the next frame
    apply(cmds);
    return give(tcpviz::ui::lessons::predict_json(app().lessons().predict().session(), app().workspace().trace()));
}

EMSCRIPTEN_KEEPALIVE void tcpviz_predict_stop() {
    app().lessons().predict().stop();
    wake();
}

// The session (lessons::predict_json): phase, score and the current question.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_predict_question_json() {
    tcpviz::ui::Commands cmds;
    apply(cmds);  // runs the gate: a question reached since the last frame is current now
    return give(tcpviz::ui::lessons::predict_json(app().lessons().predict().session(), app().workspace().trace()));
}

// A state answer, by RFC 9293 name ("SYN-RECEIVED"): the mark (lessons::mark_json).
EMSCRIPTEN_KEEPALIVE const char* tcpviz_predict_answer_state(const char* ptr, int len) {
    auto& session = app().lessons().predict().session();
    const auto state = tcpviz::tcp::state_from_rfc_name(text_of(ptr, len));
    std::optional<tcpviz::ui::lessons::Mark> mark;
    if (state) {
        mark = session.answer_state(*state);
    }
    wake();
    return give(tcpviz::ui::lessons::mark_json(mark, session));
}

// An ack number answer (relative or absolute).
EMSCRIPTEN_KEEPALIVE const char* tcpviz_predict_answer_number(double n) {
    auto& session = app().lessons().predict().session();
    std::optional<tcpviz::ui::lessons::Mark> mark;
    if (std::isfinite(n)) {
        mark = session.answer_number(static_cast<std::int64_t>(std::llround(n)));
    }
    wake();
    return give(tcpviz::ui::lessons::mark_json(mark, session));
}

// "Continue": plays on to the next question.
EMSCRIPTEN_KEEPALIVE const char* tcpviz_predict_next() {
    tcpviz::ui::Commands cmds;
    app().lessons().predict().next(cmds);
    apply(cmds);
    return give(tcpviz::ui::lessons::predict_json(app().lessons().predict().session(), app().workspace().trace()));
}

}  // extern "C"
