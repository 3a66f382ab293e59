#include "ui/model/file_export.hpp"

#include <nlohmann/json.hpp>

#include "core/pcap/pcap_writer.hpp"
#include "core/scenario/parse.hpp"
#include "ui/model/capture_session.hpp"

namespace tcpviz::ui {

namespace {

// "captures/http.pcapng" -> "http": the name without folders and its last extension.
std::string stem(const std::string& name) {
  const std::size_t slash = name.find_last_of("/\\");
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  const std::size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base.empty() ? std::string("capture") : base;
}

std::string simulation_name(const Workspace& w) {
  return w.preset_id().empty() ? std::string("scenario") : std::string(w.preset_id());
}

}  // namespace

Result<ExportFile> export_pcap(const Workspace& w) {
  if (w.trace().segments.empty()) return Error{"there are no segments on screen to save"};
  const pcap::PcapExport out = pcap::write_pcap(w.trace());
  if (out.written == 0) return Error{"none of the segments on screen could be written as packets"};
  ExportFile f;
  if (const FixedTrace* fixed = w.fixed(); fixed != nullptr && fixed->capture) {
    f.name = stem(fixed->capture->name()) + "-conn" + std::to_string(fixed->connection.value_or(0)) + ".pcap";
  } else if (fixed != nullptr) {
    f.name = "live.pcap";
  } else {
    f.name = simulation_name(w) + ".pcap";
  }
  f.mime = "application/vnd.tcpdump.pcap";
  f.bytes = out.file;
  if (out.skipped != 0) {
    f.note = std::to_string(out.skipped) + " segment(s) could not be built and were left out";
  }
  return f;
}

Result<ExportFile> export_scenario(const Workspace& w) {
  if (!w.is_simulation()) {
    return Error{"a captured trace has no scenario to save: save it as pcap, or go back to the simulation"};
  }
  const std::string compact = scenario::scenario_to_json(w.scenario());
  // Re-indented for people to read and edit; the compact form is kept if that ever fails.
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(compact, nullptr, /*allow_exceptions=*/false);
  const std::string text =
      j.is_discarded() ? compact : j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  ExportFile f;
  f.name = simulation_name(w) + ".json";
  f.mime = "application/json";
  f.bytes.assign(text.begin(), text.end());
  return f;
}

}  // namespace tcpviz::ui
