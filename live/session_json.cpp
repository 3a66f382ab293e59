// A session snapshot as JSON, for the desktop app's --dump-state (what the live desktop test
// reads to check that the app saw a connection) and for anyone scripting the app.
#include <nlohmann/json.hpp>

#include "core/wire/address.hpp"
#include "live/session.hpp"

namespace tcpviz::live {

std::string session_state_json(const SessionSnapshot& s) {
  using OJson = nlohmann::ordered_json;
  OJson j = OJson::object();
  j["mode"] = s.mode == SessionMode::Relay ? "relay" : "host";
  j["description"] = s.description;
  j["running"] = s.running;
  j["error"] = s.error;
  j["now_ms"] = to_ms(s.now);
  j["generation"] = s.generation;
  j["segments"] = s.trace ? s.trace->segments.size() : 0;
  j["evicted_segments"] = s.evicted_segments;
  j["evicted_connections"] = s.evicted_connections;
  j["max_connections"] = s.max_connections;
  j["max_segments"] = s.max_segments;
  OJson conns = OJson::array();
  for (const auto& c : s.connections) {
    OJson e = OJson::object();
    e["conn"] = c.conn;
    e["client"] = wire::to_string(wire::Ipv4Address{c.ip[0]}) + ":" + std::to_string(c.port[0]);
    e["server"] = wire::to_string(wire::Ipv4Address{c.ip[1]}) + ":" + std::to_string(c.port[1]);
    e["status"] = std::string(connection_status_name(c.status));
    e["close_kind"] = std::string(c.close_kind);
    e["segments"] = c.segments;
    e["retransmissions"] = c.retransmissions;
    e["dropped"] = c.dropped;
    e["bytes"] = {{"to_server", c.bytes[0]}, {"to_client", c.bytes[1]}};
    OJson states = OJson::object();
    for (std::size_t side = 0; side < 2; ++side) {
      const char* name = side == 0 ? "client" : "server";
      if (c.state[side]) states[name] = std::string(tcp::rfc_name(*c.state[side])); else states[name] = nullptr;
    }
    e["states"] = std::move(states);
    conns.push_back(std::move(e));
  }
  j["connections"] = std::move(conns);
  OJson counters = OJson::object();
  for (const auto& c : s.counters) counters[c.name] = c.value;
  j["counters"] = std::move(counters);
  OJson faults = OJson::array();
  for (const auto& f : s.faults) {
    if (f.match) faults.push_back(scenario::match_to_string(*f.match));
  }
  j["faults"] = std::move(faults);
  j["faults_editable"] = s.faults_editable;
  return j.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";
}

}  // namespace tcpviz::live
