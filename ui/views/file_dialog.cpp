#include "ui/views/file_dialog.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "imgui.h"
#include "ui/model/capture_session.hpp"
#include "ui/model/file_export.hpp"

namespace tcpviz::ui {

namespace {

// Paths are joined and split on '/': the desktop build is for Linux (live mode needs TAP
// devices), and the page has no paths at all.
std::string join(const std::string& dir, const std::string& name) {
  if (name.empty()) return dir;
  if (name.front() == '/') return name;
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string parent_of(const std::string& dir) {
  if (dir.empty() || dir == "/") return dir;
  std::string d = dir;
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  const std::size_t slash = d.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? std::string("/") : d.substr(0, slash);
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void copy_into(std::array<char, 1024>& field, const std::string& text) {
  const std::size_t n = std::min(text.size(), field.size() - 1);
  std::memcpy(field.data(), text.data(), n);
  field[n] = '\0';
}

bool looks_like_capture(const std::string& name) {
  for (const char* ext : {".pcap", ".pcapng", ".cap"}) {
    const std::size_t n = std::strlen(ext);
    if (name.size() > n && name.compare(name.size() - n, n, ext) == 0) return true;
  }
  return false;
}

}  // namespace

void FileDialog::open(Mode mode, std::string dir, std::string file_name) {
  open_ = true;
  focus_field_ = true;
  mode_ = mode;
  dir_ = dir.empty() ? std::string(".") : std::move(dir);
  listed_dir_.clear();
  copy_into(field_, file_name);
}

void FileDialog::set_dir(const FileAccess& fs, std::string dir) {
  dir_ = std::move(dir);
  listed_dir_ = dir_;
  entries_.clear();
  list_error_.clear();
  if (!fs.list_dir) {
    list_error_ = "this build cannot list folders";
    return;
  }
  Result<std::vector<DirEntry>> listed = fs.list_dir(dir_);
  if (!listed) {
    list_error_ = listed.error().message;
    return;
  }
  entries_ = std::move(listed).value();
  // Folders first, then by name, as file managers list them.
  std::sort(entries_.begin(), entries_.end(), [](const DirEntry& a, const DirEntry& b) {
    if (a.directory != b.directory) return a.directory;
    return a.name < b.name;
  });
}

std::optional<std::string> FileDialog::draw(const FileAccess& fs, Language lang) {
  if (!open_) return std::nullopt;
  if (listed_dir_ != dir_) set_dir(fs, dir_);
  std::optional<std::string> chosen;
  const bool save = mode_ == Mode::Save;
  const char* title = save ? tr(lang, "Save as###file_dialog", "另存为###file_dialog")
                           : tr(lang, "Open capture###file_dialog", "打开抓包文件###file_dialog");
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560.0f, vp->WorkSize.x * 0.95f), std::min(420.0f, vp->WorkSize.y * 0.9f)),
                           ImGuiCond_Appearing);
  if (!ImGui::Begin(title, &open_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return std::nullopt;
  }
  ImGui::TextDisabled("%s", dir_.c_str());
  if (focus_field_) {
    ImGui::SetKeyboardFocusHere();
    focus_field_ = false;
  }
  ImGui::SetNextItemWidth(-90.0f);
  const bool entered = ImGui::InputText("##path", field_.data(), field_.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool accepted = ImGui::Button(save ? tr(lang, "Save", "保存") : tr(lang, "Open", "打开"), ImVec2(-1, 0));

  const float list_h = std::max(ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing(), 60.0f);
  ImGui::BeginChild("##listing", ImVec2(0, list_h), true);
  std::optional<std::string> enter_dir;
  if (ImGui::Selectable("../")) enter_dir = parent_of(dir_);
  if (!list_error_.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", list_error_.c_str());
  ImGuiListClipper clipper;  // a folder of ten thousand captures stays smooth
  clipper.Begin(static_cast<int>(entries_.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const DirEntry& e = entries_[static_cast<std::size_t>(i)];
      const bool dim = !e.directory && !save && !looks_like_capture(e.name);
      std::string label = e.directory ? e.name + "/" : e.name;
      label += "##" + std::to_string(i);
      if (dim) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      const bool clicked = ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick);
      if (dim) ImGui::PopStyleColor();
      if (!e.directory) {
        ImGui::SameLine(ImGui::GetContentRegionAvail().x - 80.0f);
        ImGui::TextDisabled("%llu B", static_cast<unsigned long long>(e.size));
      }
      if (clicked) {
        if (e.directory) {
          enter_dir = join(dir_, e.name);
        } else {
          copy_into(field_, e.name);
          if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) chosen = join(dir_, e.name);
        }
      }
    }
  }
  ImGui::EndChild();
  if (save) {
    ImGui::TextDisabled("%s", tr(lang, "An existing file of that name is replaced.", "同名文件会被覆盖。"));
  }
  ImGui::End();

  if (enter_dir) {
    dir_ = *enter_dir;
    listed_dir_.clear();
  }
  const std::string typed(field_.data());
  if ((entered || accepted) && !typed.empty()) chosen = join(dir_, typed);
  if (chosen) open_ = false;
  return chosen;
}

void FileMenu::draw_menu_items(const Workspace& w, Language lang) {
  if (ImGui::MenuItem(tr(lang, "Open capture...", "打开抓包文件…"))) clicked_ = Pending::Open;
  if (ImGui::MenuItem(tr(lang, "Save as pcap...", "另存为 pcap…"), nullptr, false, !w.trace().segments.empty())) {
    clicked_ = Pending::SavePcap;
  }
  if (ImGui::MenuItem(tr(lang, "Save scenario...", "保存场景…"), nullptr, false, w.is_simulation())) {
    clicked_ = Pending::SaveScenario;
  }
  if (w.fixed() != nullptr && ImGui::MenuItem(tr(lang, "Back to the simulation", "返回模拟"))) {
    clicked_ = Pending::None;
    back_requested_ = true;
  }
}

void FileMenu::request(const Workspace& w, Pending what) {
  if (what == Pending::Open) {
    if (access_.pick_capture) {
      access_.pick_capture();
      return;
    }
    if (!access_.read_file) {
      report("this build cannot open files", true);
      return;
    }
    pending_ = what;
    dialog_.open(FileDialog::Mode::Open, access_.start_dir, "");
    return;
  }
  Result<ExportFile> file = what == Pending::SavePcap ? export_pcap(w) : export_scenario(w);
  if (!file) {
    report(file.error().message, true);
    return;
  }
  if (access_.download) {
    access_.download(file->name, file->mime, file->bytes);
    report("saved " + file->name + (file->note.empty() ? "" : " (" + file->note + ")"), false);
    return;
  }
  if (!access_.write_file) {
    report("this build cannot save files", true);
    return;
  }
  pending_ = what;
  dialog_.open(FileDialog::Mode::Save, access_.start_dir, file->name);
}

void FileMenu::save(Workspace& w, Pending what, const std::string& path) {
  Result<ExportFile> file = what == Pending::SavePcap ? export_pcap(w) : export_scenario(w);
  if (!file) {
    report(file.error().message, true);
    return;
  }
  const std::string problem = access_.write_file(path, file->bytes);
  if (!problem.empty()) {
    report(path + ": " + problem, true);
    return;
  }
  report("wrote " + std::to_string(file->bytes.size()) + " bytes to " + path +
             (file->note.empty() ? "" : " (" + file->note + ")"),
         false);
}

void FileMenu::report(std::string text, bool error) {
  message_ = std::move(text);
  message_is_error_ = error;
  show_message_ = true;
}

bool FileMenu::open_capture(Workspace& w, const std::string& name, std::span<const std::uint8_t> bytes) {
  Result<std::shared_ptr<const CaptureSession>> session = CaptureSession::open(name, bytes);
  if (!session) {
    report(session.error().message, true);
    return false;
  }
  w.apply(OpenCapture{*session, 0});
  if (!w.last_error().empty()) {
    report(w.last_error(), true);
    return false;
  }
  // A window only when the reader warned (a cut or damaged file): it names the offsets.
  std::string text;
  for (const std::string& line : (*session)->describe()) text += (text.empty() ? "" : "\n") + line;
  report(std::move(text), false);
  show_message_ = !(*session)->capture().warnings.empty();
  return true;
}

bool FileMenu::open_capture_path(Workspace& w, const std::string& path) {
  if (!access_.read_file) {
    report("this build cannot open files", true);
    return false;
  }
  Result<std::vector<std::uint8_t>> bytes = access_.read_file(path);
  if (!bytes) {
    report(path + ": " + bytes.error().message, true);
    return false;
  }
  return open_capture(w, base_name(path), *bytes);
}

void FileMenu::draw(Workspace& w, Language lang) {
  if (back_requested_) {
    back_requested_ = false;
    w.apply(BackToSimulation{});
  }
  if (clicked_ != Pending::None) {
    const Pending what = clicked_;
    clicked_ = Pending::None;
    request(w, what);
  }
  if (const auto path = dialog_.draw(access_, lang)) {
    if (pending_ == Pending::Open) {
      open_capture_path(w, *path);
    } else if (pending_ != Pending::None) {
      save(w, pending_, *path);
    }
    pending_ = Pending::None;
  }
  if (!show_message_ || message_.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y - 60.0f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(520.0f, vp->WorkSize.x * 0.95f), 0), ImGuiCond_Appearing);
  if (ImGui::Begin(message_is_error_ ? tr(lang, "Problem###file_message", "出错了###file_message")
                                     : tr(lang, "File###file_message", "文件###file_message"),
                   &show_message_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::PushTextWrapPos(0);
    if (message_is_error_) {
      ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", message_.c_str());
    } else {
      ImGui::TextUnformatted(message_.c_str());
    }
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr(lang, "OK", "好"))) show_message_ = false;
  }
  ImGui::End();
}

}  // namespace tcpviz::ui
