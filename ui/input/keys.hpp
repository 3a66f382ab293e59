// The keyboard shortcuts, as data (DESIGN.md, ui/): playback_bar.cpp acts on them and the
// Help menu and the playback bar's "?" tooltip list them from this one table, so the list
// can never drift from what the keys do. tests/ui/input_keys_test.cpp checks that every
// playback control has one.
#pragma once

#include <array>
#include <string_view>

namespace tcpviz::ui::input {

enum class KeyAction {
  TogglePlay, StepForward, StepBack, JumpToStart, JumpToEnd, SpeedUp, SpeedDown,
  ZoomIn, ZoomOut, PanUp, PanDown, Fit, Undo, Redo,
};

struct KeyBinding {
  KeyAction action;
  std::string_view keys;  // as shown to the user
  std::string_view en, zh;
};

inline constexpr std::array<KeyBinding, 14> kKeyBindings{{
    {KeyAction::TogglePlay, "Space", "play / pause", "播放 / 暂停"},
    {KeyAction::StepForward, "Right", "step to the next event", "下一个事件"},
    {KeyAction::StepBack, "Left", "step to the previous event", "上一个事件"},
    {KeyAction::JumpToStart, "Home", "jump to the start", "跳到开头"},
    {KeyAction::JumpToEnd, "End", "jump to the end", "跳到结尾"},
    {KeyAction::SpeedUp, "]", "faster", "加速"},
    {KeyAction::SpeedDown, "[", "slower", "减速"},
    {KeyAction::ZoomIn, "+ / =", "zoom in (around the playhead)", "放大（以播放头为中心）"},
    {KeyAction::ZoomOut, "-", "zoom out", "缩小"},
    {KeyAction::PanUp, "Up / Page Up", "scroll up", "向上滚动"},
    {KeyAction::PanDown, "Down / Page Down", "scroll down", "向下滚动"},
    {KeyAction::Fit, "F", "fit the whole run", "适应整个过程"},
    {KeyAction::Undo, "Ctrl+Z", "undo", "撤销"},
    {KeyAction::Redo, "Ctrl+Y", "redo", "重做"},
}};

// The typed character (ImGui's input queue) for the actions bound to one; 0 for the others.
constexpr char key_char(KeyAction a) {
  switch (a) {
    case KeyAction::SpeedUp: return ']';
    case KeyAction::SpeedDown: return '[';
    case KeyAction::ZoomIn: return '+';
    case KeyAction::ZoomOut: return '-';
    case KeyAction::Fit: return 'f';
    default: return 0;
  }
}

// The next speed up or down the ladder of playback speeds (the playback bar's choices).
inline constexpr std::array<double, 7> kSpeeds{0.25, 0.5, 1, 2, 4, 8, 16};
constexpr double next_speed(double current, int direction) {
  if (direction > 0) {
    for (double s : kSpeeds) {
      if (s > current * 1.0001) return s;
    }
    return kSpeeds.back();
  }
  for (auto it = kSpeeds.rbegin(); it != kSpeeds.rend(); ++it) {
    if (*it < current * 0.9999) return *it;
  }
  return kSpeeds.front();
}

}  // namespace tcpviz::ui::input
