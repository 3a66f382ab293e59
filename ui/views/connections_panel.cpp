#include "ui/views/connections_panel.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "imgui.h"

namespace tcpviz::ui {

namespace {

struct ColumnSpec {
  ConnectionColumn column;
  const char* zh;
  ImGuiTableColumnFlags flags;
};

constexpr ImGuiTableColumnFlags kNumber = ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending;

constexpr std::array<ColumnSpec, kConnectionColumnCount> kColumns{{
    {ConnectionColumn::Id, "#", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort},
    // Fixed, not stretched: in a table that scrolls sideways a stretched column gets what is
    // left over, which is nothing once the numbers are shown.
    {ConnectionColumn::Tuple, "连接", ImGuiTableColumnFlags_WidthFixed},
    {ConnectionColumn::Status, "状态", ImGuiTableColumnFlags_WidthFixed},
    {ConnectionColumn::Segments, "报文数", kNumber},
    {ConnectionColumn::BytesToServer, "字节 ->", kNumber},
    {ConnectionColumn::BytesToClient, "字节 <-", kNumber},
    {ConnectionColumn::Retransmissions, "重传", kNumber},
    {ConnectionColumn::Ended, "结束方式", ImGuiTableColumnFlags_WidthFixed},
    {ConnectionColumn::Start, "开始 (ms)", kNumber},
    {ConnectionColumn::Duration, "时长 (ms)", kNumber},
}};

const char* status_text(ConnectionStatus s, Language lang) {
  switch (s) {
    case ConnectionStatus::New: return tr(lang, "new", "新建");
    case ConnectionStatus::Active: return tr(lang, "active", "活动");
    case ConnectionStatus::Closing: return tr(lang, "closing", "关闭中");
    case ConnectionStatus::Closed: return tr(lang, "closed", "已关闭");
    case ConnectionStatus::Reset: return tr(lang, "reset", "被重置");
    case ConnectionStatus::HandshakeIncomplete: return tr(lang, "handshake incomplete", "握手未完成");
  }
  return "";
}

const char* ended_text(pcap::CloseKind k, Language lang) {
  switch (k) {
    case pcap::CloseKind::StillOpen: return tr(lang, "still open", "未关闭");
    case pcap::CloseKind::FourSegment: return tr(lang, "FINs (4 segments)", "四次挥手");
    case pcap::CloseKind::ThreeSegment: return tr(lang, "FINs (3 segments)", "三次挥手");
    case pcap::CloseKind::Simultaneous: return tr(lang, "simultaneous FINs", "同时关闭");
    case pcap::CloseKind::Reset: return tr(lang, "RST", "RST 重置");
  }
  return "";
}

void cell_u64(std::uint64_t v) {
  ImGui::TableNextColumn();
  ImGui::Text("%llu", static_cast<unsigned long long>(v));
}

void cell_ms(Duration d) {
  ImGui::TableNextColumn();
  ImGui::Text("%.3f", to_ms(d));
}

}  // namespace

std::optional<std::uint32_t> ConnectionsPanel::draw_table(ConnectionList& list, Language lang, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_SizingFixedFit;
  std::optional<std::uint32_t> picked;
  const float rows_h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min<std::size_t>(list.size() + 1, 12) + 1);
  if (!ImGui::BeginTable("##connections", static_cast<int>(kColumns.size()), kFlags,
                         ImVec2(0, height > 0 ? height : rows_h))) {
    return picked;
  }
  ImGui::TableSetupScrollFreeze(1, 1);  // the header row and the id column stay in view
  for (const ColumnSpec& c : kColumns) {
    const std::string en(column_name(c.column));
    // The 4-tuple starts wide enough for two IPv4 endpoints; the others fit their contents.
    const float width = c.column == ConnectionColumn::Tuple
                            ? ImGui::CalcTextSize("255.255.255.255:65535 -> 255.255.255.255:65535").x
                            : 0.0f;
    ImGui::TableSetupColumn(lang == Language::Zh ? c.zh : en.c_str(), c.flags, width,
                            static_cast<ImGuiID>(c.column));
  }
  ImGui::TableHeadersRow();

  // A click on a header changes the specs; sort the model once, not every frame.
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs != nullptr && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
      list.sort_by(static_cast<ConnectionColumn>(s.ColumnUserID),
                   s.SortDirection != ImGuiSortDirection_Descending);
    }
    specs->SpecsDirty = false;
  }

  const std::span<const ConnectionEntry> rows = list.rows();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const ConnectionEntry& e = rows[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(e.id));
      const std::string id_text = std::to_string(e.id);
      if (ImGui::Selectable(id_text.c_str(), list.selected() == e.id,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        picked = e.id;
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      const std::string tuple = e.tuple_text();
      ImGui::TextUnformatted(tuple.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(status_text(e.status, lang));
      cell_u64(e.segments);
      cell_u64(e.bytes[0]);
      cell_u64(e.bytes[1]);
      cell_u64(e.retransmissions);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(ended_text(e.ended, lang));
      cell_ms(e.start);
      cell_ms(e.duration);
    }
  }
  ImGui::EndTable();
  if (picked) list.select(picked);
  return picked;
}

void ConnectionsPanel::draw(const Workspace& w, Language lang, Commands& out) {
  const FixedTrace* fixed = w.fixed();
  if (fixed == nullptr || !fixed->capture) {
    ImGui::TextDisabled("%s", tr(lang, "No capture is open. File > Open capture... (or drop a .pcap on the page).",
                                 "没有打开抓包文件。文件 > 打开抓包…（或把 .pcap 拖到页面上）。"));
    return;
  }
  if (listed_ != fixed->capture) {
    // A new capture: its rows, keeping the user's sort.
    const ConnectionColumn column = list_.sort_column();
    const bool ascending = list_.sort_ascending();
    listed_ = fixed->capture;
    list_ = listed_->connections();
    list_.sort_by(column, ascending);
  }
  list_.select(w.shown_connection());
  ImGui::Text("%s: %zu %s", listed_->name().c_str(), list_.size(), tr(lang, "connections", "个连接"));
  if (const auto picked = draw_table(list_, lang)) {
    if (picked != w.shown_connection()) out.push_back(ShowConnection{*picked});
  }
}

void ConnectionsPanel::draw_trace_info(const Workspace& w, Language lang, Commands& out) {
  const FixedTrace* fixed = w.fixed();
  if (fixed == nullptr) return;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(fixed->title.c_str());
  if (fixed->capture) {
    for (const std::string& line : fixed->capture->describe()) ImGui::TextDisabled("%s", line.c_str());
  }
  for (const std::string& note : w.trace().notes) ImGui::TextDisabled("%s", note.c_str());
  ImGui::Spacing();
  // The status line: why the scenario controls are gone.
  ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s",
                     lang == Language::Zh ? "编辑已关闭：这是抓包记录的报文，修改链路或丢包规则无法改变它。返回模拟即可编辑。"
                                          : w.editing_off_reason().c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button(tr(lang, "Back to the simulation", "返回模拟"))) out.push_back(BackToSimulation{});
}

}  // namespace tcpviz::ui
