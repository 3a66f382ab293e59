// Files for the shell's File menu: Open capture..., Save as pcap..., Save scenario....
//
// The UI never touches a file system itself (DESIGN.md: no OS headers in ui/); the platform
// lends it a FileAccess. The desktop fills list_dir / read_file / write_file (with
// std::filesystem) and gets a small ImGui file dialog: a path field and the directory's
// listing. The page has no file system: it sets pick_capture (its own file picker) and
// download (a Blob download), and the bytes of a picked file come back through
// FileMenu::open_capture.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util/result.hpp"
#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

struct DirEntry {
  std::string name;  // without the folder
  bool directory = false;
  std::uint64_t size = 0;
};

struct FileAccess {
  // Desktop.
  std::function<Result<std::vector<DirEntry>>(const std::string& dir)> list_dir;
  std::function<Result<std::vector<std::uint8_t>>(const std::string& path)> read_file;
  // "" when written, otherwise why not.
  std::function<std::string(const std::string& path, std::span<const std::uint8_t> bytes)> write_file;
  std::string start_dir;  // where the dialog first opens (the working directory)
  // Web.
  std::function<void()> pick_capture;
  std::function<void(const std::string& name, const std::string& mime, std::span<const std::uint8_t> bytes)> download;
};

// A path field and a directory listing, in a window of its own. Click a folder to enter it,
// ".." to go up, a file to put its name in the field; Enter or the button accepts.
class FileDialog {
 public:
  enum class Mode : std::uint8_t { Open, Save };

  void open(Mode mode, std::string dir, std::string file_name);
  bool is_open() const { return open_; }
  // Draws it while open; returns the chosen path in the frame the user accepts.
  std::optional<std::string> draw(const FileAccess& fs, Language lang);

 private:
  void set_dir(const FileAccess& fs, std::string dir);

  bool open_ = false;
  bool focus_field_ = false;
  Mode mode_ = Mode::Open;
  std::string dir_;
  std::string listed_dir_;
  std::vector<DirEntry> entries_;
  std::string list_error_;
  std::array<char, 1024> field_{};  // the path being typed (absolute, or relative to dir_)
};

// The File menu's items, the dialog, and the message line they leave (an error names what
// failed; a success names what was written).
class FileMenu {
 public:
  void set_access(FileAccess access) { access_ = std::move(access); }
  const FileAccess& access() const { return access_; }

  // Inside the shell's File menu.
  void draw_menu_items(const Workspace& w, Language lang);
  // Once a frame, outside the main window: the dialog and the message.
  void draw(Workspace& w, Language lang);

  // A capture's bytes from the platform (the desktop's argument, a file dropped on the page):
  // shows its first connection, or keeps the screen as it is and reports the reader's error.
  bool open_capture(Workspace& w, const std::string& name, std::span<const std::uint8_t> bytes);
  // The desktop's `tcpviz file.pcap`.
  bool open_capture_path(Workspace& w, const std::string& path);

  const std::string& message() const { return message_; }
  bool message_is_error() const { return message_is_error_; }

 private:
  enum class Pending : std::uint8_t { None, Open, SavePcap, SaveScenario };
  void request(const Workspace& w, Pending what);
  void save(Workspace& w, Pending what, const std::string& path);
  void report(std::string text, bool error);

  FileAccess access_;
  FileDialog dialog_;
  Pending pending_ = Pending::None;  // what the dialog is for
  Pending clicked_ = Pending::None;  // a menu item clicked this frame (acted on in draw())
  std::string message_;
  bool message_is_error_ = false;
  bool show_message_ = false;
  bool back_requested_ = false;  // File > Back to the simulation, applied in draw()
};

}  // namespace tcpviz::ui
