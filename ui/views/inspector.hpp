// The inspector: the selected segment's header fields (ports, seq/ack absolute and relative,
// flags, window, options, length, checksum), its bytes as a hex dump, what happened to it on
// the wire, and "why?": the RFC 9293 step its receiver's decision came from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ui/model/workspace.hpp"
#include "ui/views/ui_context.hpp"

namespace tcpviz::ui {

class InspectorView {
 public:
  void draw(const Workspace& w, Language lang);

 private:
  // What costs a pass over the trace, made once per selection and re-run.
  std::uint64_t cached_revision_ = ~std::uint64_t{0};
  std::uint32_t cached_segment_ = ~std::uint32_t{0};
  std::string match_text_;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace tcpviz::ui
