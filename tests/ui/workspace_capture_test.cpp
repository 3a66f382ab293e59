// The workspace's two modes: a simulated lesson, and a fixed trace read from a capture (or
// recorded live) that is shown as it is. Scenario edits are refused while a capture is on
// screen (they could not change what was recorded), and undo walks across mode changes and
// preset loads, restoring everything that was on screen, the preset's id included.
#include <catch2/catch.hpp>

#include "core/scenario/presets.hpp"
#include "tests/core/pcap_test_util.hpp"
#include "ui/model/capture_session.hpp"
#include "ui/model/fault_match.hpp"
#include "ui/model/workspace.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

namespace {

Workspace preset(std::string_view id) {
  auto w = Workspace::from_preset(id);
  REQUIRE(w.ok());
  return std::move(w).value();
}

std::shared_ptr<const CaptureSession> open_fixture(const char* name) {
  auto c = CaptureSession::open(name, pcap::testing::load_fixture(name));
  REQUIRE(c.ok());
  return *c;
}

std::size_t count_flags(const trace::Trace& t, trace::Side from, std::uint8_t flags) {
  std::size_t n = 0;
  for (const trace::Segment& s : t.segments) {
    if (s.from == from && s.tcp.flags.bits == flags) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("workspace: undoing a preset load brings back the previous preset's id", "[workspace][undo]") {
  Workspace w = preset("normal");
  const std::size_t normal_segments = w.trace().segments.size();
  w.apply(LoadPreset{"syn-lost"});
  REQUIRE(w.preset_id() == "syn-lost");
  w.apply(Undo{});
  CHECK(w.preset_id() == "normal");
  CHECK(w.trace().segments.size() == normal_segments);
  w.apply(Redo{});
  CHECK(w.preset_id() == "syn-lost");
  // Reset goes back to the lesson as loaded, and stays right after an undo across a load.
  w.apply(Undo{});
  w.apply(Reset{});
  CHECK(w.preset_id() == "normal");
  CHECK(w.trace().segments.size() == normal_segments);
}

TEST_CASE("workspace: a capture's connection is shown as captured, with its real bytes", "[workspace][capture]") {
  Workspace w = preset("normal");
  const auto capture = open_fixture("reuse-and-reset.pcap");
  w.apply(OpenCapture{capture, 1});
  REQUIRE(w.last_error().empty());
  CHECK(w.source() == TraceSource::Capture);
  CHECK_FALSE(w.is_simulation());
  CHECK(w.capture() == capture.get());
  CHECK(w.shown_connection() == std::uint32_t{1});
  // tshark: the second incarnation on port 50000 is frames 12-17, ending in the client's
  // RST|ACK (SO_LINGER {1, 0} closes with an RST, RFC 9293 3.10.4 ABORT).
  CHECK(w.trace().segments.size() == 6);
  CHECK(w.trace().inferred);
  CHECK(count_flags(w.trace(), trace::Side::Client, wire::TcpFlags::kRst | wire::TcpFlags::kAck) == 1);
  CHECK(w.trace().segments[0].raw_len > 0);  // the inspector's hex dump shows the captured bytes
  CHECK(w.view().playhead == Time{});
  CHECK(w.view().fit_pending);
  CHECK(w.fixed()->title.find("connection #1") != std::string::npos);
  CHECK(w.preset_id().empty());  // the narration must not pose the lesson's question of a capture

  w.apply(ShowConnection{0});
  CHECK(w.shown_connection() == std::uint32_t{0});
  CHECK(w.trace().segments.size() == 11);
  w.apply(ShowConnection{7});
  CHECK_FALSE(w.last_error().empty());
  CHECK(w.shown_connection() == std::uint32_t{0});
}

TEST_CASE("workspace: scenario edits are refused while a capture is shown, and a click only selects",
          "[workspace][capture]") {
  Workspace w = preset("normal");
  w.apply(OpenCapture{open_fixture("http-ipv4.pcap"), 0});
  const std::size_t segments = w.trace().segments.size();
  REQUIRE(segments == 12);  // tshark: 12 frames
  CHECK_FALSE(w.editing_off_reason().empty());

  // What the ladder emits for a click: select it, and a drop rule for it.
  w.apply(Select{3});
  if (auto c = toggle_drop_command(w.scenario(), w.trace(), 3)) w.apply(*c);
  CHECK(w.view().selected == std::uint32_t{3});
  CHECK(w.trace().segments.size() == segments);
  CHECK(w.trace().segments[3].fate != trace::Fate::Dropped);
  CHECK(w.scenario().faults.empty());

  w.apply(SetSeed{42});
  CHECK(w.last_error() == w.editing_off_reason());
  w.apply(Reset{});
  CHECK_FALSE(w.last_error().empty());
  CHECK(w.source() == TraceSource::Capture);
}

TEST_CASE("workspace: back to the simulation, and undo walks across the mode changes", "[workspace][capture]") {
  Workspace w = preset("syn-lost");
  const std::size_t lesson_segments = w.trace().segments.size();
  const auto capture = open_fixture("two-sections.pcapng");
  w.apply(OpenCapture{capture, 0});
  w.apply(ShowConnection{2});
  w.apply(BackToSimulation{});
  CHECK(w.is_simulation());
  CHECK(w.preset_id() == "syn-lost");
  CHECK(w.trace().segments.size() == lesson_segments);
  CHECK(w.editing_off_reason().empty());
  w.apply(SetSeed{7});  // editing works again
  CHECK(w.last_error().empty());

  w.apply(Undo{});  // the seed
  w.apply(Undo{});  // back to the capture, connection #2
  CHECK(w.source() == TraceSource::Capture);
  CHECK(w.shown_connection() == std::uint32_t{2});
  CHECK(w.trace().segments.size() == 2);  // tshark: SYN and RST|ACK
  w.apply(Undo{});
  CHECK(w.shown_connection() == std::uint32_t{0});
  w.apply(Undo{});
  CHECK(w.is_simulation());
  CHECK(w.preset_id() == "syn-lost");
  CHECK(w.trace().segments.size() == lesson_segments);
  w.apply(Redo{});
  CHECK(w.shown_connection() == std::uint32_t{0});
  CHECK(w.trace().segments.size() == 12);
}

TEST_CASE("workspace: loading a lesson leaves the capture; live traces update without an undo step",
          "[workspace][capture]") {
  Workspace w = preset("normal");
  w.apply(OpenCapture{open_fixture("http-ipv4.pcap"), 0});
  w.apply(LoadPreset{"refused"});
  CHECK(w.is_simulation());
  CHECK(w.preset_id() == "refused");
  CHECK(w.capture() == nullptr);

  auto first = std::make_shared<trace::Trace>();
  first->segments.resize(1);
  first->end = from_ms(10);
  w.apply(ShowFixedTrace{first, "tap0"});
  CHECK(w.source() == TraceSource::Live);
  CHECK(w.editing_off_reason().find("live") != std::string::npos);
  w.apply(SetPlayhead{from_ms(5)});
  auto grown = std::make_shared<trace::Trace>(*first);
  grown->segments.resize(3);
  grown->end = from_ms(20);
  w.apply(UpdateFixedTrace{grown});
  CHECK(w.trace().segments.size() == 3);
  CHECK(&w.trace() == grown.get());  // shown where it is, not copied on every live update
  CHECK(w.view().playhead == from_ms(5));
  w.apply(Undo{});  // one step: back to the lesson, not to the one-segment live trace
  CHECK(w.preset_id() == "refused");
  CHECK(w.is_simulation());
}

TEST_CASE("capture session: a broken file's error names the offset; a capture without TCP is refused",
          "[workspace][capture]") {
  const std::vector<std::uint8_t> html = {'<', 'h', 't', 'm', 'l', '>', '\n'};
  auto bad = CaptureSession::open("page.pcap", html);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("page.pcap") == 0);
  CHECK(bad.error().message.find("offset 0") != std::string::npos);

  const auto empty = pcap::testing::make_pcap(pcap::kLinkEthernet, {});
  auto none = CaptureSession::open("empty.pcap", empty);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("no TCP connection") != std::string::npos);

  // A capture cut in the middle of a record keeps the packets before it, with a warning.
  auto cut = pcap::testing::load_fixture("http-ipv4.pcap");
  cut.resize(cut.size() - 10);
  auto partial = CaptureSession::open("cut.pcap", cut);
  REQUIRE(partial.ok());
  const auto lines = (*partial)->describe();
  REQUIRE(lines.size() >= 2);
  CHECK(lines.back().find("offset") != std::string::npos);
}
