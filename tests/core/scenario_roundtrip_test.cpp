// scenario_to_json: defaults filled in, and parse_scenario(scenario_to_json(s)) == s.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/scenario/parse.hpp"

using namespace tcpviz;
using namespace tcpviz::scenario;

namespace {

void check_round_trip(const std::string& json) {
  auto a = parse_scenario(json);
  INFO(json);
  REQUIRE(a.ok());
  std::string out = scenario_to_json(*a);
  INFO(out);
  auto b = parse_scenario(out);
  REQUIRE(b.ok());
  CHECK(*a == *b);
  // And the JSON is a fixed point.
  CHECK(scenario_to_json(*b) == out);
}

}  // namespace

TEST_CASE("scenario_to_json fills in every default", "[scenario][json]") {
  auto s = parse_scenario(R"({"actions": [{"at_ms": 0, "who": "server", "do": "listen"}]})");
  REQUIRE(s.ok());
  auto j = nlohmann::json::parse(scenario_to_json(*s), nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["profile"] == "linux");
  CHECK(j["link"]["delay_ms"] == 50);
  CHECK(j["link"]["jitter_ms"] == 0);
  CHECK(j["link"]["seed"] == 1);
  CHECK(j["client"]["port"] == 40000);
  CHECK(j["client"]["name"] == "client");
  CHECK(j["client"]["ip"] == "192.0.2.1");
  CHECK(j["server"]["port"] == 80);
  CHECK(j["server"]["ip"] == "192.0.2.2");
  CHECK(j["actions"][0]["at_ms"] == 0);
  CHECK(j["actions"][0]["who"] == "server");
  CHECK(j["actions"][0]["do"] == "listen");
  CHECK(j["faults"].is_array());
}

TEST_CASE("parse(to_json(s)) == s for every kind of field", "[scenario][json]") {
  check_round_trip(R"({"actions": []})");
  check_round_trip(R"({"title": "all of it \u4e09\u6b21\u63e1\u624b", "profile": "rfc",
    "overrides": {"rto_initial_ms": 500, "rto_min_ms": 100, "rto_max_ms": 60000, "rto_after_syn_retransmit_ms": 3000,
      "syn_retries": 2, "syn_linear_timeouts": 1, "synack_retries": 3, "data_retries": 4, "msl_ms": 1000.5,
      "time_wait_ms": 0, "fin_wait2_timeout_ms": null, "delayed_ack_ms": 0, "rfc1337": true, "receive_window": 1000},
    "link": {"c2s": {"delay_ms": 10.125, "jitter_ms": 2, "loss_pct": 12.5, "duplicate_pct": 1}, "s2c": {"delay_ms": 90}, "seed": 18446744073709551615},
    "client": {"name": "browser", "ip": "10.1.2.3", "port": 1, "isn": [1, 2], "options": {"mss": false, "wscale": 0, "sack": true, "timestamps": false}},
    "server": {"port": 65535, "isn": 4294967295, "options": {"mss": 536, "wscale": false}},
    "actions": [
      {"at_ms": 0, "who": "server", "do": "listen"},
      {"at_ms": 0.001, "who": "client", "do": "connect"},
      {"on": "client:established", "who": "client", "do": "send", "bytes": 100000000},
      {"on": "server:eof", "after_ms": 250, "who": "server", "do": "shutdown"},
      {"on": "client:reset", "who": "client", "do": "reboot"},
      {"on": "server:closed", "after_ms": 1, "who": "server", "do": "abort"},
      {"at_ms": 3600000, "who": "client", "do": "close"}],
    "faults": [
      {"match": "server SYN|ACK #1", "drop": true},
      {"match": "client  fin   #2 seq=1 ack=1 len=0 conn=3", "delay_ms": 300.5},
      {"match": "client data * len=100", "duplicate": 2, "gap_ms": 0},
      {"match": "server =FIN|ACK *", "delay_ms": 1, "duplicate": 1},
      {"inject": {"from": "client", "flags": "RST", "seq": "snd.nxt"}, "arrive_ms": 700},
      {"inject": {"from": "server", "flags": "SYN|ACK|PSH", "seq": "iss-1000", "ack": 7, "len": 5, "conn": 0}, "arrive_ms": 1.5}],
    "until_ms": 100000})");
  check_round_trip(R"({"link": {"c2s": {"delay_ms": 5}}, "overrides": {"fin_wait2_timeout_ms": 100},
                       "client": {"options": {"mss": true}}, "actions": []})");
}

TEST_CASE("match text is stored in canonical form", "[scenario][json]") {
  auto s = parse_scenario(R"({"actions": [], "faults": [{"match": "  client   syn|ack  #1  conn=0 ", "drop": true}]})");
  REQUIRE(s.ok());
  CHECK(s->faults[0].match->text == "client SYN|ACK #1 conn=0");
}
