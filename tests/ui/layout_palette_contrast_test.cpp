// Every theme's colours against its own canvas, by the WCAG 2.1 contrast ratio
// ((L1 + 0.05) / (L2 + 0.05), relative luminance from linearised sRGB, Understanding SC 1.4.3):
//   text (labels, state names, the playhead time, legends) >= 4.5:1 (SC 1.4.3, AA) in Dark and
//   Light, arrows and other graphics >= 3:1 (SC 1.4.11); everything >= 7:1 in HighContrast
//   (SC 1.4.6, AAA), which is what a student who picks "High contrast" is asking for.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "ui/palette.hpp"

using namespace tcpviz::ui;

namespace {

struct Named {
  std::string name;
  Colour colour;
};

std::vector<Named> text_colours(const Palette& p) {
  std::vector<Named> v{{"text", p.text},         {"text_dim", p.text_dim},
                       {"playhead", p.playhead}, {"client", p.client},
                       {"server", p.server}};
  for (std::size_t i = 0; i < p.conn.size(); ++i) v.push_back({"conn " + std::to_string(i), p.conn[i]});
  return v;
}

std::vector<Named> graphic_colours(const Palette& p) {
  return {{"arrow", p.arrow},         {"retransmission", p.retransmission},
          {"dropped", p.dropped},     {"duplicate", p.duplicate},
          {"injected", p.injected},   {"in_flight", p.in_flight},
          {"delayed", p.delayed},     {"timer", p.timer},
          {"timer_fired", p.timer_fired}, {"lifeline", p.lifeline}};
}

void require_contrast(const std::vector<Named>& colours, Colour background, double minimum) {
  for (const Named& c : colours) {
    INFO(c.name << ": " << contrast_ratio(c.colour, background) << ":1, wanted " << minimum << ":1");
    CHECK(contrast_ratio(c.colour, background) >= minimum);
  }
}

}  // namespace

TEST_CASE("WCAG contrast ratio matches the definition's fixed points", "[ui][palette]") {
  // Black on white is the largest possible ratio, 21:1; a colour against itself is 1:1.
  CHECK(contrast_ratio(rgba(0, 0, 0), rgba(255, 255, 255)) == Approx(21.0));
  CHECK(contrast_ratio(rgba(255, 255, 255), rgba(0, 0, 0)) == Approx(21.0));
  CHECK(contrast_ratio(rgba(119, 119, 119), rgba(119, 119, 119)) == Approx(1.0));
  // #767676 on white is the well-known lightest grey passing AA (4.54:1).
  CHECK(contrast_ratio(rgba(0x76, 0x76, 0x76), rgba(255, 255, 255)) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("high contrast theme reaches 7:1 for text, arrows and state names", "[ui][palette]") {
  const Palette& p = palette(Theme::HighContrast);
  require_contrast(text_colours(p), p.canvas, 7.0);
  require_contrast(graphic_colours(p), p.canvas, 7.0);
  // Endpoint names sit on the header fill; state names in the diagram on a tinted node.
  CHECK(contrast_ratio(p.text, p.header_fill) >= 7.0);
  for (Colour band : p.state) {
    const Colour node = blend_over(with_alpha(band, 90), p.diagram_node);
    CHECK(contrast_ratio(p.text, node) >= 7.0);
  }
}

TEST_CASE("dark and light themes keep text at 4.5:1 and arrows at 3:1", "[ui][palette]") {
  for (Theme t : {Theme::Dark, Theme::Light}) {
    INFO("theme " << static_cast<int>(t));
    const Palette& p = palette(t);
    require_contrast(text_colours(p), p.canvas, 4.5);
    require_contrast(graphic_colours(p), p.canvas, 3.0);
    CHECK(contrast_ratio(p.text, p.header_fill) >= 4.5);
    for (Colour band : p.state) {
      const Colour node = blend_over(with_alpha(band, 90), p.diagram_node);
      CHECK(contrast_ratio(p.text, node) >= 4.5);
    }
  }
}
