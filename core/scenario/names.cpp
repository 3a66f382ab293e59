// Names of the scenario's enums, as written in scenario files (SCENARIO_FORMAT.md).
#include <array>

#include "core/scenario/scenario.hpp"

namespace tcpviz::scenario {
namespace {

constexpr std::array<std::string_view, 7> kCallNames{"listen", "connect", "send",   "close",
                                                      "shutdown", "abort", "reboot"};
constexpr std::array<std::string_view, 4> kTriggerNames{"established", "eof", "closed", "reset"};

}  // namespace

std::string_view call_name(Call c) { return kCallNames[static_cast<std::size_t>(c)]; }

std::optional<Call> call_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kCallNames.size(); ++i) {
    if (kCallNames[i] == name) return static_cast<Call>(i);
  }
  return std::nullopt;
}

std::string_view trigger_event_name(TriggerEvent e) {
  return kTriggerNames[static_cast<std::size_t>(e)];
}

std::optional<TriggerEvent> trigger_event_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kTriggerNames.size(); ++i) {
    if (kTriggerNames[i] == name) return static_cast<TriggerEvent>(i);
  }
  return std::nullopt;
}

std::optional<Side> side_from_name(std::string_view name) {
  if (name == "client") return Side::Client;
  if (name == "server") return Side::Server;
  return std::nullopt;
}

std::string_view seq_var_name(SeqExpr::Var v) {
  switch (v) {
    case SeqExpr::Var::None: return "";
    case SeqExpr::Var::Iss: return "iss";
    case SeqExpr::Var::Irs: return "irs";
    case SeqExpr::Var::SndNxt: return "snd.nxt";
    case SeqExpr::Var::SndUna: return "snd.una";
    case SeqExpr::Var::RcvNxt: return "rcv.nxt";
  }
  return "";
}

Scenario default_scenario() {
  Scenario s;
  s.sides[0].name = "client";
  s.sides[0].ip = kDefaultClientIp;
  s.sides[0].port = kDefaultClientPort;
  s.sides[1].name = "server";
  s.sides[1].ip = kDefaultServerIp;
  s.sides[1].port = kDefaultServerPort;
  return s;
}

}  // namespace tcpviz::scenario
