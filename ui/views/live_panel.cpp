#include "ui/views/live_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/scenario/parse.hpp"
#include "core/wire/address.hpp"
#include "imgui.h"
#include "ui/model/fault_match.hpp"
#include "ui/views/connections_panel.hpp"

namespace tcpviz::ui {

namespace {

std::string endpoint_text(std::uint32_t ip, std::uint16_t port) {
  return wire::to_string(wire::Ipv4Address{ip}) + ":" + std::to_string(port);
}

pcap::CloseKind close_kind_of(const live::SessionConnection& c) {
  if (c.status == live::ConnectionStatus::Reset) return pcap::CloseKind::Reset;
  if (c.status != live::ConnectionStatus::Closed) return pcap::CloseKind::StillOpen;
  if (c.close_kind == "three-segment") return pcap::CloseKind::ThreeSegment;
  if (c.close_kind == "simultaneous") return pcap::CloseKind::Simultaneous;
  return pcap::CloseKind::FourSegment;
}

// The quick rules, in the --fault syntax of SCENARIO_FORMAT.md ("<match> drop|delay=MS").
struct QuickRule {
  const char* flag;
  const char* en;
  const char* zh;
};
constexpr QuickRule kQuickRules[] = {
    {"server SYN|ACK #1 drop", "Drop the next SYN,ACK", "丢弃下一个 SYN,ACK"},
    {"client SYN #1 drop", "Drop the next SYN", "丢弃下一个 SYN"},
    {"server FIN #1 drop", "Drop the server's next FIN", "丢弃服务器的下一个 FIN"},
    {"client FIN #1 drop", "Drop the client's next FIN", "丢弃客户端的下一个 FIN"},
    {"server data #1 drop", "Drop the server's next data", "丢弃服务器的下一个数据报文"},
    {"client data #1 delay=300", "Delay the client's next data 300 ms", "客户端下一个数据报文延迟 300 ms"},
};

std::string status_line(const live::SessionSnapshot& s, Language lang) {
  char buf[160];
  std::snprintf(buf, sizeof buf, s.running ? tr(lang, "running; last change at %.1f s", "运行中；最近变化于 %.1f 秒")
                                           : tr(lang, "stopped at %.1f s", "已停止于 %.1f 秒"),
                to_ms(s.now) / 1000.0);
  return buf;
}

}  // namespace

ConnectionEntry live_connection_entry(const live::SessionConnection& c) {
  ConnectionEntry e;
  e.id = c.conn;
  e.client = endpoint_text(c.ip[0], c.port[0]);
  e.server = endpoint_text(c.ip[1], c.port[1]);
  switch (c.status) {
    case live::ConnectionStatus::New: e.status = ConnectionStatus::New; break;
    case live::ConnectionStatus::Active:
    case live::ConnectionStatus::Closing: e.status = ConnectionStatus::Active; break;
    case live::ConnectionStatus::Closed: e.status = ConnectionStatus::Closed; break;
    case live::ConnectionStatus::Reset: e.status = ConnectionStatus::Reset; break;
  }
  e.segments = static_cast<std::uint32_t>(c.segments);
  e.bytes = c.bytes;
  e.retransmissions = static_cast<std::uint32_t>(c.retransmissions);
  e.ended = close_kind_of(c);
  e.start = c.first_seen;
  e.duration = c.last_seen - c.first_seen;
  return e;
}

std::string next_like_selected(const Workspace& w) {
  const auto& sel = w.view().selected;
  if (w.source() != TraceSource::Live || !sel || *sel >= w.trace().segments.size()) return {};
  const trace::Segment& seg = w.trace().segments[*sel];
  const auto kind = kind_of(seg);
  if (!kind || seg.copy_of || seg.injected) return {};
  return std::string(trace::side_name(seg.from)) + " " + std::string(kind_word(*kind)) + " #1";
}

std::vector<scenario::Fault> with_rule(const std::vector<scenario::Fault>& rules, const char* flag) {
  std::vector<scenario::Fault> out = rules;
  if (auto f = scenario::parse_fault_flag(flag)) out.push_back(*f);
  return out;
}

void LivePanel::update(live::SessionSnapshot s, const Workspace& w, Commands& out) {
  snap_ = std::move(s);
  // Rows the caps evicted leave the table; the rest are added or refreshed in place.
  ConnectionList next;
  next.sort_by(list_.sort_column(), list_.sort_ascending());
  for (const auto& c : snap_.connections) next.update(live_connection_entry(c));
  next.select(list_.selected());
  list_ = std::move(next);

  // The user went back to the simulation or opened a capture: nothing of ours is on screen,
  // and following would pull them back at every change, so it stops.
  if (w.source() != TraceSource::Live && shown_) {
    shown_.reset();
    follow_newest_ = false;
  }
  if (follow_newest_ && !snap_.connections.empty()) {
    const std::uint32_t newest = snap_.connections.back().conn;
    if (shown_ != newest) {
      show(newest, w, out, /*first=*/true);
      return;
    }
  }
  if (shown_) show(*shown_, w, out, /*first=*/false);
}

void LivePanel::show(std::uint32_t conn, const Workspace& w, Commands& out, bool first) {
  if (!snap_.trace) return;
  auto t = std::make_shared<const trace::Trace>(trace_of_(*snap_.trace, conn, snap_.now));
  const bool ours_on_screen = w.source() == TraceSource::Live && shown_;
  if (first || !ours_on_screen) {
    std::string title = "live " + snap_.description + ", connection #" + std::to_string(conn);
    if (const auto* e = list_.find(conn)) title += ": " + e->tuple_text();
    out.push_back(ShowFixedTrace{t, std::move(title)});
  } else {
    out.push_back(UpdateFixedTrace{t});
  }
  shown_ = conn;
  shown_trace_ = std::move(t);
  list_.select(conn);
}

LivePanelActions LivePanel::draw(const Workspace& w, Language lang, float dpi_scale, Commands& out) {
  LivePanelActions act;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 size(620.0f * dpi_scale, 340.0f * dpi_scale);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 12.0f * dpi_scale, vp->WorkPos.y + vp->WorkSize.y - size.y - 60.0f * dpi_scale),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin(tr(lang, "Live traffic###live", "实时流量###live"), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return act;
  }
  ImGui::TextUnformatted(snap_.description.c_str());
  ImGui::SameLine();
  const std::string status = status_line(snap_, lang);
  if (snap_.running) ImGui::TextUnformatted(status.c_str()); else ImGui::TextDisabled("%s", status.c_str());
  if (!snap_.error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", snap_.error.c_str());

  if (ImGui::Button(paused_ ? tr(lang, "Resume view", "恢复视图") : tr(lang, "Pause view", "暂停视图"))) {
    paused_ = !paused_;
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s", tr(lang, "Capture goes on while the view is paused.", "视图暂停时抓取仍在继续。"));
  }
  ImGui::SameLine();
  ImGui::Checkbox(tr(lang, "Follow the newest connection", "跟随最新连接"), &follow_newest_);
  if (paused_) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(lang, "(paused)", "（已暂停）"));
  }
  const std::size_t kept_segments = snap_.trace ? snap_.trace->segments.size() : 0;
  ImGui::Text(tr(lang, "Kept: %zu/%zu connections, %zu/%zu segments. Evicted (oldest first): %llu connections, %llu segments.",
                 "保留：%zu/%zu 个连接，%zu/%zu 个报文。已淘汰（最旧的先）：%llu 个连接，%llu 个报文。"),
              snap_.connections.size(), snap_.max_connections, kept_segments, snap_.max_segments,
              static_cast<unsigned long long>(snap_.evicted_connections),
              static_cast<unsigned long long>(snap_.evicted_segments));

  if (auto picked = ConnectionsPanel::draw_table(list_, lang, 140.0f * dpi_scale)) {
    follow_newest_ = false;  // the user chose one: stay on it
    show(*picked, w, out, /*first=*/true);
  }
  if (shown_ && w.source() == TraceSource::Live) {
    if (ImGui::SmallButton(tr(lang, "Back to the lessons", "回到课程"))) {
      out.push_back(BackToSimulation{});
      shown_.reset();
      follow_newest_ = false;
    }
  }
  draw_faults(w, lang, act);
  if (ImGui::CollapsingHeader(tr(lang, "Counters", "计数器"))) {
    if (ImGui::BeginTable("##live_counters", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& c : snap_.counters) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(c.value));
      }
      ImGui::EndTable();
    }
  }
  if (ImGui::CollapsingHeader(tr(lang, "Log", "日志"))) {
    ImGui::BeginChild("##live_log", ImVec2(0, 120.0f * dpi_scale), true);
    for (const auto& line : snap_.log) ImGui::TextUnformatted(line.c_str());
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
  }
  ImGui::End();
  return act;
}

void LivePanel::draw_faults(const Workspace& w, Language lang, LivePanelActions& act) {
  if (!ImGui::CollapsingHeader(tr(lang, "Fault rules (live)", "故障规则（实时）"), ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  if (!snap_.faults_editable) {
    ImGui::TextWrapped("%s", tr(lang, "This build cannot change the rules of a running session: give them with --fault when starting.",
                                "此版本无法修改运行中会话的规则：请在启动时用 --fault 指定。"));
  }
  ImGui::BeginDisabled(!snap_.faults_editable);
  ImGui::TextDisabled("%s", tr(lang, "A change restarts every rule's count, so #1 is the next match.",
                               "每次修改都会重新计数，所以 #1 表示下一个匹配的报文。"));
  for (std::size_t i = 0; i < snap_.faults.size(); ++i) {
    const auto& f = snap_.faults[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton("x")) {
      auto rules = snap_.faults;
      rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(i));
      act.faults = std::move(rules);
    }
    ImGui::SameLine();
    const std::string match = f.match ? scenario::match_to_string(*f.match) : std::string("inject");
    if (f.drop) {
      ImGui::Text("%s  drop", match.c_str());
    } else if (f.duplicate > 0) {
      ImGui::Text("%s  duplicate=%u", match.c_str(), f.duplicate);
    } else {
      ImGui::Text("%s  delay=%.0f ms", match.c_str(), to_ms(f.delay));
    }
    ImGui::PopID();
  }
  // The segment selected in the ladder names a kind: offer its next one.
  if (const std::string like = next_like_selected(w); !like.empty()) {
    const std::string drop = like + " drop";
    const std::string delay = like + " delay=300";
    char label[96];
    std::snprintf(label, sizeof label, tr(lang, "Drop the next %s", "丢弃下一个 %s"), like.c_str());
    if (ImGui::Button(label)) act.faults = with_rule(snap_.faults, drop.c_str());
    ImGui::SameLine();
    std::snprintf(label, sizeof label, tr(lang, "Delay the next %s 300 ms", "下一个 %s 延迟 300 ms"), like.c_str());
    if (ImGui::Button(label)) act.faults = with_rule(snap_.faults, delay.c_str());
  }
  for (const auto& q : kQuickRules) {
    if (ImGui::Button(tr(lang, q.en, q.zh))) act.faults = with_rule(snap_.faults, q.flag);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", q.flag);
    if (&q != &kQuickRules[2] && &q != &kQuickRules[5]) ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(-80.0f);
  const bool entered = ImGui::InputTextWithHint("##rule", "client data #2 delay=200", rule_text_.data(), rule_text_.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button(tr(lang, "Add rule", "添加规则")) || entered) {
    auto f = scenario::parse_fault_flag(rule_text_.data());
    if (f) {
      auto rules = snap_.faults;
      rules.push_back(*f);
      act.faults = std::move(rules);
      rule_error_.clear();
      rule_text_.fill('\0');
    } else {
      rule_error_ = f.error().message;
    }
  }
  if (!rule_error_.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", rule_error_.c_str());
  ImGui::EndDisabled();
}

}  // namespace tcpviz::ui
