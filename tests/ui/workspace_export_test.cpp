// File > Save as pcap and Save scenario: the bytes the page downloads and the desktop writes.
// A saved pcap is read back with the project's own reader (tshark reads the same files in the
// browser test), and a captured connection survives the round trip unchanged: the same
// segments, the same bytes each way (tshark: http-ipv4.pcap carries 87 bytes to the server
// and 186 + 23 back).
#include <catch2/catch.hpp>

#include "core/pcap/capture.hpp"
#include "core/pcap/conversations.hpp"
#include "core/scenario/parse.hpp"
#include "tests/core/pcap_test_util.hpp"
#include "ui/model/capture_session.hpp"
#include "ui/model/file_export.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

namespace {

Workspace preset(std::string_view id) {
  auto w = Workspace::from_preset(id);
  REQUIRE(w.ok());
  return std::move(w).value();
}

}  // namespace

TEST_CASE("save as pcap: a simulated lesson is one packet per segment, read back by the capture reader",
          "[workspace][export]") {
  const Workspace w = preset("syn-lost");
  auto f = export_pcap(w);
  REQUIRE(f.ok());
  CHECK(f->name == "syn-lost.pcap");
  CHECK(f->mime == "application/vnd.tcpdump.pcap");
  auto back = pcap::read_capture(f->bytes);
  REQUIRE(back.ok());
  CHECK(back->warnings.empty());
  // Dropped segments are written too: a capture at the sender sees what it sent (pcap_writer.hpp).
  CHECK(back->packets.size() == w.trace().segments.size());
  REQUIRE(pcap::summarize(*back).size() == 1);
}

TEST_CASE("save as pcap: a captured connection round-trips with its bytes", "[workspace][export]") {
  Workspace w = preset("normal");
  auto session = CaptureSession::open("http-ipv4.pcap", pcap::testing::load_fixture("http-ipv4.pcap"));
  REQUIRE(session.ok());
  w.apply(OpenCapture{*session, 0});
  auto f = export_pcap(w);
  REQUIRE(f.ok());
  CHECK(f->name == "http-ipv4-conn0.pcap");
  auto back = pcap::read_capture(f->bytes);
  REQUIRE(back.ok());
  const auto summaries = pcap::summarize(*back);
  REQUIRE(summaries.size() == 1);
  CHECK(summaries[0].packet_count == 12);
  CHECK(summaries[0].data_bytes == std::array<std::uint64_t, 2>{87, 186 + 23});
  CHECK(summaries[0].handshake_complete);
  CHECK(pcap::to_string(summaries[0].client) == "127.0.0.1:51178");
}

TEST_CASE("save scenario: the lesson's JSON parses back to the same scenario; a capture has none",
          "[workspace][export]") {
  Workspace w = preset("syn-lost");
  auto f = export_scenario(w);
  REQUIRE(f.ok());
  CHECK(f->name == "syn-lost.json");
  const std::string text(f->bytes.begin(), f->bytes.end());
  auto parsed = scenario::parse_scenario(text);
  REQUIRE(parsed.ok());
  CHECK(*parsed == w.scenario());

  auto session = CaptureSession::open("refused.pcapng", pcap::testing::load_fixture("refused.pcapng"));
  REQUIRE(session.ok());
  w.apply(OpenCapture{*session, 1});
  auto none = export_scenario(w);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("no scenario") != std::string::npos);
}
