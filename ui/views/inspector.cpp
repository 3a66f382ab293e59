#include "ui/views/inspector.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/trace/bytes.hpp"
#include "imgui.h"
#include "ui/layout/labels.hpp"
#include "ui/model/fault_match.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui {

namespace {

void row(const char* name, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("%s", name);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(value.c_str());
}

std::string options_text(const wire::TcpOptions& o) {
  std::string s;
  const auto add = [&](const std::string& part) { s += (s.empty() ? "" : ", ") + part; };
  if (o.mss) add("MSS " + std::to_string(*o.mss));
  if (o.window_scale) add("WS " + std::to_string(*o.window_scale));
  if (o.sack_permitted) add("SACK-permitted");
  if (o.timestamps) {
    add("TS val " + std::to_string(o.timestamps->value) + " ecr " +
        std::to_string(o.timestamps->echo_reply));
  }
  for (std::uint8_t i = 0; i < o.sack_count; ++i) {
    add("SACK " + std::to_string(o.sack[i].left.raw()) + "-" + std::to_string(o.sack[i].right.raw()));
  }
  if (o.unknown_len > 0) add(std::to_string(o.unknown_len) + " bytes unknown");
  return s.empty() ? "-" : s;
}

void hex_dump(const std::vector<std::uint8_t>& bytes) {
  char line[96];
  for (std::size_t off = 0; off < bytes.size(); off += 16) {
    int n = std::snprintf(line, sizeof line, "%04zx ", off);
    for (std::size_t i = 0; i < 16; ++i) {
      n += off + i < bytes.size() ? std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " %02x", bytes[off + i])
                                  : std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "   ");
    }
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  ");
    for (std::size_t i = 0; i < 16 && off + i < bytes.size(); ++i) {
      const std::uint8_t b = bytes[off + i];
      line[n++] = (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
    }
    line[n] = '\0';
    ImGui::TextUnformatted(line);
  }
}

}  // namespace

void InspectorView::draw(const Workspace& w, Language lang) {
  const trace::Trace& t = w.trace();
  const auto& sel = w.view().selected;
  if (!sel || *sel >= t.segments.size()) {
    ImGui::TextWrapped("%s", tr(lang, "Click a segment on the ladder to see its header, its bytes and why its receiver did what it did. A click also drops it.",
                                "点击梯形图上的报文，可以查看它的首部、字节以及接收方为何这样处理。点击同时会丢弃该报文。"));
    return;
  }
  const trace::Segment& s = t.segments[*sel];
  if (cached_revision_ != w.revision() || cached_segment_ != s.id) {
    const auto m = match_for(t, s.id);
    match_text_ = m ? m->text : std::string();
    bytes_ = trace::segment_bytes(t, s);
    cached_revision_ = w.revision();
    cached_segment_ = s.id;
  }
  const std::string label = layout::segment_label(s, false);
  ImGui::TextUnformatted(label.c_str());
  if (!match_text_.empty()) ImGui::TextDisabled("%s", match_text_.c_str());

  if (ImGui::BeginTable("##header", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    row(tr(lang, "from", "发送方"), narration::side_words(t, s.from, lang) + tr(lang, " (conn ", "（连接 ") + std::to_string(s.conn) + tr(lang, ")", "）"));
    row(tr(lang, "ports", "端口"), std::to_string(s.tcp.src_port) + " -> " + std::to_string(s.tcp.dst_port));
    row(tr(lang, "seq", "序列号"), std::to_string(s.tcp.seq.raw()) + tr(lang, "  (relative ", "  （相对 ") + std::to_string(s.rel_seq) + ")");
    row(tr(lang, "ack", "确认号"), s.tcp.flags.ack() ? std::to_string(s.tcp.ack.raw()) + tr(lang, "  (relative ", "  （相对 ") +
                                       std::to_string(s.rel_ack.value_or(0)) + ")"
                                 : std::string(tr(lang, "- (ACK flag clear)", "-（ACK 位未置）")));
    row(tr(lang, "flags", "标志位"), wire::flags_to_string(s.tcp.flags));
    row(tr(lang, "window", "窗口"), std::to_string(s.tcp.window));
    row(tr(lang, "options", "选项"), options_text(s.tcp.options));
    row(tr(lang, "payload", "数据长度"), std::to_string(s.tcp.payload_len) + tr(lang, " bytes (SEG.LEN ", " 字节（SEG.LEN ") + std::to_string(s.tcp.seg_len()) + ")");
    // A simulated segment's value carries no checksum (emitting computes it): read it from the
    // bytes shown below, IPv4 header length (IHL) * 4 + 16 (RFC 9293 3.1).
    std::uint16_t checksum = s.tcp.checksum;
    if (checksum == 0 && bytes_.size() >= 20) {
      const std::size_t at = static_cast<std::size_t>(bytes_[0] & 0x0f) * 4 + 16;
      if (at + 1 < bytes_.size()) checksum = static_cast<std::uint16_t>(bytes_[at] << 8 | bytes_[at + 1]);
    }
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%04x", checksum);
    row(tr(lang, "checksum", "校验和"), hex);
    char times[64];
    std::snprintf(times, sizeof times, "%.3f -> %.3f ms", to_ms(s.sent), to_ms(s.arrive));
    row(tr(lang, "sent -> arrives", "发送 -> 到达"), times);
    std::string fate = lang != Language::Zh                 ? std::string(trace::fate_name(s.fate))
                       : s.fate == trace::Fate::Delivered ? std::string("已送达")
                       : s.fate == trace::Fate::Dropped   ? std::string("丢失")
                                                          : std::string("仍在途中");
    if (s.fault >= 0) fate += tr(lang, " (fault rule #", "（故障规则 #") + std::to_string(s.fault) + ")";
    if (s.fault == trace::kRandomFault) fate += tr(lang, " (random loss)", "（随机丢失）");
    if (s.retransmission) fate += tr(lang, ", retransmission", "，重传");
    if (s.copy_of) fate += tr(lang, ", copy of #", "，复制自 #") + std::to_string(*s.copy_of);
    if (s.injected) fate += tr(lang, ", injected", "，注入");
    row(tr(lang, "fate", "结果"), fate);
    ImGui::EndTable();
  }

  ImGui::Separator();
  ImGui::TextUnformatted(tr(lang, "Why? (what its receiver decided)", "为什么？（接收方的处理）"));
  bool any = false;
  // Its receiver decided when it arrived: only decisions at that moment can be about it.
  const auto first = std::partition_point(t.decisions.begin(), t.decisions.end(),
                                          [&](const trace::Decision& d) { return d.t < s.arrive; });
  for (auto it = first; it != t.decisions.end() && it->t == s.arrive; ++it) {
    const trace::Decision& d = *it;
    if (!d.segment || *d.segment != s.id) continue;
    any = true;
    ImGui::Bullet();
    // In Chinese both the step and the text come from the table keyed by the core's template.
    const std::string why = narration::decision_step(d.what.step, lang) + (lang == Language::Zh ? "：" : ": ") +
                            narration::decision_text(d.what, lang);
    ImGui::TextWrapped("%s", why.c_str());
    if (!d.what.rfc.empty()) {
      ImGui::TextDisabled("    %.*s", static_cast<int>(d.what.rfc.size()), d.what.rfc.data());
    }
  }
  if (!any) {
    ImGui::TextDisabled("%s", s.fate == trace::Fate::Dropped ? tr(lang, "It never arrived.", "它没有到达。")
                                                             : tr(lang, "No decision recorded.", "没有记录。"));
  }

  ImGui::Separator();
  if (ImGui::CollapsingHeader(tr(lang, "Bytes (IPv4 + TCP)", "字节（IPv4 + TCP）"), ImGuiTreeNodeFlags_DefaultOpen)) {
    const std::vector<std::uint8_t>& bytes = bytes_;
    if (bytes.empty()) {
      ImGui::TextDisabled("%s", tr(lang, "(not available)", "（不可用）"));
    } else {
      hex_dump(bytes);
      if (s.tcp.payload_len > 0 && s.raw_len == 0) {
        ImGui::TextDisabled("%s", tr(lang, "The simulator carries byte counts: the payload shown is synthetic.",
                                     "模拟器只传递字节数：显示的数据内容是合成的。"));
      }
    }
  }
}

}  // namespace tcpviz::ui
