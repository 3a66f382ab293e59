// What File > Save as pcap and Save scenario write (the same in the page, where the bytes
// become a download, and on the desktop, where they become a file): the bytes and a name to
// suggest. No file access here; the platform writes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.hpp"
#include "ui/model/workspace.hpp"

namespace tcpviz::ui {

struct ExportFile {
  std::string name;  // suggested file name, e.g. "syn-lost.pcap", "http-conn0.pcap"
  std::string mime;  // for the page's download
  std::vector<std::uint8_t> bytes;
  std::string note;  // what the writer left out, if anything ("" when nothing)
};

// The trace on screen (simulated or captured) as a classic pcap (core/pcap/pcap_writer.hpp:
// Ethernet frames, captured bytes as captured). An Error when there is nothing to write.
Result<ExportFile> export_pcap(const Workspace& w);

// The scenario on screen as its JSON (SCENARIO_FORMAT.md), indented for people. An Error
// while a fixed trace is shown: a capture has no scenario.
Result<ExportFile> export_scenario(const Workspace& w);

}  // namespace tcpviz::ui
