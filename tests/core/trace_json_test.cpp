// The trace JSON against SCENARIO_FORMAT.md ("Trace (JSON), what a run produces"): parsed back
// with nlohmann and checked field by field on a run whose behaviour the RFCs fix.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/scenario/parse.hpp"
#include "core/sim/simulator.hpp"
#include "core/trace/trace_json.hpp"
#include "core/trace/trace_text.hpp"

using namespace tcpviz;
using Json = nlohmann::json;

namespace {

constexpr const char* kScenario = R"({
  "title": "SYN-ACK lost once",
  "client": { "port": 40000, "isn": 1000 },
  "server": { "port": 80, "isn": 5000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [ { "match": "server SYN|ACK #1", "drop": true } ]
})";

Json run_json(scenario::Scenario& s) {
  trace::Trace t = sim::run(s);
  Json j = Json::parse(trace::trace_to_json(t, &s), nullptr, false);
  REQUIRE(j.is_object());
  return j;
}

}  // namespace

TEST_CASE("trace JSON: version, scenario as run and endpoints", "[trace][json]") {
  auto s = scenario::parse_scenario(kScenario);
  REQUIRE(s.ok());
  Json j = run_json(*s);
  CHECK(j["version"] == 1);
  CHECK(j["scenario"]["title"] == "SYN-ACK lost once");
  CHECK(j["scenario"]["profile"] == "linux");        // default filled in
  CHECK(j["scenario"]["link"]["delay_ms"] == 50);    // default filled in
  CHECK(j["endpoints"]["client"]["iss"] == 1000);
  CHECK(j["endpoints"]["client"]["port"] == 40000);
  CHECK(j["endpoints"]["server"]["iss"] == 5000);
  CHECK(j["endpoints"]["server"]["port"] == 80);
  // The scenario inside a trace is itself a valid scenario.
  CHECK(scenario::parse_scenario(j["scenario"].dump()).ok());
}

TEST_CASE("trace JSON: segments carry every documented field", "[trace][json]") {
  auto s = scenario::parse_scenario(kScenario);
  REQUIRE(s.ok());
  Json j = run_json(*s);
  const Json& segs = j["segments"];
  REQUIRE(segs.is_array());
  REQUIRE(segs.size() >= 3);
  const Json& syn = segs[0];
  CHECK(syn["id"] == 0);
  CHECK(syn["conn"] == 0);
  CHECK(syn["from"] == "client");
  CHECK(syn["to"] == "server");
  CHECK(syn["flags"] == "SYN");
  CHECK(syn["seq"] == 1000);
  CHECK(syn["ack"].is_null());       // ACK clear
  CHECK(syn["rel_seq"] == 0);
  CHECK(syn["rel_ack"].is_null());
  CHECK(syn["len"] == 0);
  CHECK(syn["window"].is_number());
  CHECK(syn["options"]["mss"] == 1460);
  CHECK(syn["sent_ms"] == 0);
  CHECK(syn["arrive_ms"] == 50);
  CHECK(syn["fate"] == "delivered");
  CHECK(syn["fault"].is_null());
  CHECK(syn["retransmission"] == false);
  CHECK_FALSE(syn.contains("copy_of"));
  CHECK_FALSE(syn.contains("injected"));
  // IPv4 header (20 bytes) + TCP header: the TCP ports follow the IPv4 header.
  std::string hex = syn["bytes_hex"];
  REQUIRE(hex.size() >= 2 * 40);
  CHECK(hex.substr(0, 2) == "45");
  CHECK(hex.substr(40, 8) == "9c400050");  // 40000 -> 80
  // Linux options on a SYN: timestamps present as {val, ecr}.
  CHECK(syn["options"]["timestamps"]["ecr"] == 0);
  CHECK(syn["options"]["sack_perm"] == true);

  const Json& synack = segs[1];
  CHECK(synack["flags"] == "SYN|ACK");
  CHECK(synack["seq"] == 5000);
  CHECK(synack["ack"] == 1001);
  CHECK(synack["rel_ack"] == 1);
  CHECK(synack["fate"] == "dropped");
  CHECK(synack["fault"] == 0);  // index into faults
  bool retransmitted_synack = false;
  for (const Json& seg : segs) {
    retransmitted_synack = retransmitted_synack || (seg["flags"] == "SYN|ACK" && seg["retransmission"] == true);
  }
  CHECK(retransmitted_synack);
}

TEST_CASE("trace JSON: transitions, timers, app events and decisions", "[trace][json]") {
  auto s = scenario::parse_scenario(kScenario);
  REQUIRE(s.ok());
  Json j = run_json(*s);
  const Json& tr = j["transitions"];
  REQUIRE(tr.size() >= 2);
  bool syn_sent = false;
  for (const Json& x : tr) {
    CHECK(x["t_ms"].is_number());
    CHECK(x["conn"].is_number());
    CHECK(x["cause"].is_string());
    CHECK(x["rfc"].is_string());
    if (x["who"] == "client" && x["from"] == "CLOSED" && x["to"] == "SYN-SENT") syn_sent = true;
  }
  CHECK(syn_sent);
  REQUIRE(!j["timers"].empty());
  for (const Json& x : j["timers"]) {
    CHECK(x["kind"].is_string());
    CHECK(x["armed_ms"].is_number());
    CHECK(x["deadline_ms"].is_number());
    CHECK((x["end"] == "fired" || x["end"] == "cancelled" || x["end"] == "pending"));
  }
  bool established = false;
  for (const Json& x : j["app_events"]) {
    established = established || (x["who"] == "client" && x["event"] == "established");
  }
  CHECK(established);
  REQUIRE(!j["decisions"].empty());
  for (const Json& x : j["decisions"]) {
    CHECK(x["step"].is_string());
    CHECK(x["text"].is_string());
    CHECK(x["text"].get<std::string>().find("{0}") == std::string::npos);  // rendered
  }
  CHECK(j["conns"].size() == 1);
  CHECK(j["notes"].is_array());
  // Lists are sorted by time.
  double last = -1;
  for (const Json& x : j["segments"]) {
    CHECK(x["sent_ms"].get<double>() >= last);
    last = x["sent_ms"].get<double>();
  }
}

TEST_CASE("trace JSON: copies, injected segments and fractional times", "[trace][json]") {
  auto s = scenario::parse_scenario(R"({
    "link": { "delay_ms": 0.5 },
    "actions": [ { "at_ms": 0, "who": "server", "do": "listen" }, { "at_ms": 0, "who": "client", "do": "connect" } ],
    "faults": [ { "match": "client SYN #1", "duplicate": 1, "gap_ms": 2 },
                { "inject": { "from": "client", "flags": "RST", "seq": "snd.nxt" }, "arrive_ms": 100 } ]
  })");
  REQUIRE(s.ok());
  Json j = run_json(*s);
  bool copy = false, injected = false;
  for (const Json& x : j["segments"]) {
    if (x.contains("copy_of")) {
      copy = true;
      CHECK(x["copy_of"] == 0);
    }
    if (x.contains("injected")) {
      injected = true;
      CHECK(x["injected"] == true);
      CHECK(x["flags"] == "RST");
    }
  }
  CHECK(copy);
  CHECK(injected);
  CHECK(j["segments"][0]["arrive_ms"] == 0.5);
}

TEST_CASE("trace text: times are exact and lines are in time order", "[trace][text]") {
  CHECK(trace::ms_text(Time(0)) == "0.000");
  CHECK(trace::ms_text(Time(1050000)) == "1050.000");
  CHECK(trace::ms_text(Time(1)) == "0.001");
  auto s = scenario::parse_scenario(kScenario);
  REQUIRE(s.ok());
  trace::Trace t = sim::run(*s);
  std::string text = trace::trace_to_text(t);
  CHECK(text.rfind("# tcpviz trace text v1\n", 0) == 0);
  CHECK(text.find("client  CLOSED -> SYN-SENT") != std::string::npos);
  CHECK(text.find("#0 SYN seq=0 ack=- len=0") != std::string::npos);
  CHECK(text.find("dropped (fault 0)") != std::string::npos);
  CHECK(trace::trace_to_text(sim::run(*s)) == text);  // deterministic
}
