#include "ui/views/settings_panel.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "imgui.h"

namespace tcpviz::ui {

namespace {

constexpr std::array<const char*, 3> kProfiles{"linux", "linux-classic", "rfc"};
constexpr std::array<scenario::Call, 7> kCalls{scenario::Call::Listen, scenario::Call::Connect,
                                               scenario::Call::Send,   scenario::Call::Close,
                                               scenario::Call::Shutdown, scenario::Call::Abort,
                                               scenario::Call::Reboot};

std::string action_text(const scenario::Action& a) {
  std::string s;
  char buf[64];
  if (a.on) {
    std::snprintf(buf, sizeof buf, "on %s:%s +%.0f ms", std::string(trace::side_name(a.on->first)).c_str(),
                  std::string(scenario::trigger_event_name(a.on->second)).c_str(), to_ms(a.after));
  } else {
    std::snprintf(buf, sizeof buf, "at %.0f ms", to_ms(a.at.value_or(Duration{})));
  }
  s = buf;
  s += " " + std::string(trace::side_name(a.who)) + " " + std::string(scenario::call_name(a.call));
  if (a.call == scenario::Call::Send) s += " " + std::to_string(a.bytes);
  return s;
}

std::string fault_text(const scenario::Fault& f) {
  if (f.inject) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "inject %s from %s at %.0f ms",
                  wire::flags_to_string(wire::TcpFlags{f.inject->flags}).c_str(),
                  std::string(trace::side_name(f.inject->from)).c_str(), to_ms(f.inject->arrive));
    return buf;
  }
  std::string s = f.match ? f.match->text : std::string("?");
  if (f.drop) s += "  drop";
  if (f.delay > Duration{}) s += "  delay=" + std::to_string(static_cast<long long>(to_ms(f.delay))) + "ms";
  if (f.duplicate > 0) s += "  duplicate=" + std::to_string(f.duplicate);
  return s;
}

}  // namespace

void SettingsPanel::draw(const Workspace& w, Language lang, Commands& out) {
  if (seen_revision_ != w.revision()) {
    const scenario::LinkDirection& l = w.scenario().link[0];
    delay_ms_ = static_cast<float>(to_ms(l.delay));
    jitter_ms_ = static_cast<float>(to_ms(l.jitter));
    loss_pct_ = static_cast<float>(l.loss_pct);
    duplicate_pct_ = static_cast<float>(l.duplicate_pct);
    seed_ = w.scenario().seed;
    seen_revision_ = w.revision();
  }
  if (ImGui::CollapsingHeader(tr(lang, "View", "显示"), ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_view_options(w, lang, out);
  }
  if (ImGui::CollapsingHeader(tr(lang, "Network", "网络"), ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_network(w, lang, out);
  }
  if (ImGui::CollapsingHeader(tr(lang, "Fault rules", "故障规则"), ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_faults(w, lang, out);
  }
  if (ImGui::CollapsingHeader(tr(lang, "Actions", "应用操作"))) draw_actions(w, lang, out);
  if (ImGui::Button(tr(lang, "Reset scenario", "重置场景"))) out.push_back(Reset{});
  if (!w.last_error().empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", w.last_error().c_str());
}

void SettingsPanel::draw_view_options(const Workspace& w, Language lang, Commands& out) {
  ViewOptions o = w.view().options;
  bool changed = false;
  changed |= ImGui::Checkbox(tr(lang, "Absolute sequence numbers", "显示绝对序列号"), &o.absolute_seq);
  changed |= ImGui::Checkbox(tr(lang, "Linux state names (SYN_RECV)", "Linux 状态名（SYN_RECV）"), &o.linux_state_names);
  changed |= ImGui::Checkbox(tr(lang, "Show timers", "显示计时器"), &o.show_timers);
  changed |= ImGui::Checkbox(tr(lang, "Compress idle gaps", "压缩空闲时段"), &o.compress_gaps);
  int theme = static_cast<int>(o.theme);
  const char* themes = lang == Language::Zh ? "深色\0浅色\0高对比度\0" : "Dark\0Light\0High contrast\0";
  ImGui::SetNextItemWidth(140);
  if (ImGui::Combo(tr(lang, "Theme", "主题"), &theme, themes)) {
    o.theme = static_cast<Theme>(theme);
    changed = true;
  }
  int language = static_cast<int>(o.language);
  ImGui::SetNextItemWidth(140);
  if (ImGui::Combo(tr(lang, "Language", "语言"), &language, "English\0中文\0")) {
    o.language = static_cast<Language>(language);
    changed = true;
  }
  if (changed) out.push_back(SetViewOptions{o});
}

void SettingsPanel::draw_network(const Workspace& w, Language lang, Commands& out) {
  const std::string& current = w.scenario().profile_name;
  ImGui::SetNextItemWidth(160);
  if (ImGui::BeginCombo(tr(lang, "Profile", "配置"), current.c_str())) {
    for (const char* p : kProfiles) {
      if (ImGui::Selectable(p, current == p)) out.push_back(SetProfile{p});
    }
    ImGui::EndCombo();
  }
  bool commit = false;
  ImGui::SetNextItemWidth(160);
  ImGui::DragFloat(tr(lang, "delay (ms)", "单向时延（毫秒）"), &delay_ms_, 1.0f, 0.0f, 10000.0f, "%.0f");
  commit |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SetNextItemWidth(160);
  ImGui::DragFloat(tr(lang, "jitter (ms)", "抖动（毫秒）"), &jitter_ms_, 1.0f, 0.0f, 10000.0f, "%.0f");
  commit |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SetNextItemWidth(160);
  ImGui::DragFloat(tr(lang, "loss (%)", "丢包率（%）"), &loss_pct_, 0.5f, 0.0f, 100.0f, "%.1f");
  commit |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SetNextItemWidth(160);
  ImGui::DragFloat(tr(lang, "duplicate (%)", "重复率（%）"), &duplicate_pct_, 0.5f, 0.0f, 100.0f, "%.1f");
  commit |= ImGui::IsItemDeactivatedAfterEdit();
  if (commit) {
    scenario::LinkDirection l;
    l.delay = from_ms_fraction(delay_ms_);
    l.jitter = from_ms_fraction(jitter_ms_);
    l.loss_pct = loss_pct_;
    l.duplicate_pct = duplicate_pct_;
    out.push_back(SetLink{std::nullopt, l});
  }
  ImGui::SetNextItemWidth(160);
  ImGui::InputScalar(tr(lang, "seed", "随机种子"), ImGuiDataType_U64, &seed_);
  if (ImGui::IsItemDeactivatedAfterEdit()) out.push_back(SetSeed{seed_});
}

void SettingsPanel::draw_faults(const Workspace& w, Language lang, Commands& out) {
  const auto& faults = w.scenario().faults;
  if (faults.empty()) {
    ImGui::TextDisabled("%s", tr(lang, "None. Click a segment to drop it.", "无。点击报文即可丢弃它。"));
  }
  for (std::size_t i = 0; i < faults.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton("x")) out.push_back(RemoveFault{i});
    ImGui::SameLine();
    ImGui::TextUnformatted(fault_text(faults[i]).c_str());
    ImGui::PopID();
  }
}

void SettingsPanel::draw_actions(const Workspace& w, Language lang, Commands& out) {
  const auto& actions = w.scenario().actions;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    ImGui::PushID(static_cast<int>(i) + 1000);
    if (ImGui::SmallButton("x")) {
      std::vector<scenario::Action> next = actions;
      next.erase(next.begin() + static_cast<long>(i));
      out.push_back(SetActions{std::move(next)});
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(action_text(actions[i]).c_str());
    ImGui::PopID();
  }
  ImGui::SetNextItemWidth(80);
  ImGui::Combo("##who", &new_who_, "client\0server\0");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  ImGui::Combo("##call", &new_call_, "listen\0connect\0send\0close\0shutdown\0abort\0reboot\0");
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt(tr(lang, "at ms", "时刻（毫秒）"), &new_at_ms_, 0);
  if (new_call_ == 2) {
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt(tr(lang, "bytes", "字节"), &new_bytes_, 0);
  }
  if (ImGui::Button(tr(lang, "Add action", "添加操作"))) {
    scenario::Action a;
    a.at = from_ms(std::max(new_at_ms_, 0));
    a.who = new_who_ == 0 ? trace::Side::Client : trace::Side::Server;
    a.call = kCalls[static_cast<std::size_t>(std::clamp(new_call_, 0, 6))];
    a.bytes = static_cast<std::uint32_t>(std::max(new_bytes_, 0));
    std::vector<scenario::Action> next = actions;
    next.push_back(a);
    out.push_back(SetActions{std::move(next)});
  }
}

}  // namespace tcpviz::ui
