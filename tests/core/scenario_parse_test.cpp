// parse_scenario against SCENARIO_FORMAT.md: defaults, every field, and every error path.
// Error messages must start with the JSON pointer of the offending field.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/parse.hpp"

using namespace tcpviz;
using namespace tcpviz::scenario;

namespace {

// Parses and expects an error whose message starts with `pointer` + ": ".
std::string error_of(const std::string& json) {
  auto r = parse_scenario(json);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

#define REQUIRE_POINTER(json, pointer)                 \
  do {                                                 \
    std::string msg_ = error_of(json);                 \
    INFO(msg_);                                        \
    REQUIRE(starts_with(msg_, std::string(pointer) + ": ")); \
  } while (0)

constexpr const char* kMinimal = R"({"actions": []})";

}  // namespace

TEST_CASE("a scenario with only actions gets the documented defaults", "[scenario][parse]") {
  auto r = parse_scenario(kMinimal);
  REQUIRE(r.ok());
  const Scenario& s = *r;
  // SCENARIO_FORMAT.md: profile linux, link delay 50 ms each way, seed 1 (our documented
  // default), client port 40000, server port 80, names client/server.
  CHECK(s.profile_name == "linux");
  CHECK(s.link[0].delay == from_ms(50));
  CHECK(s.link[1].delay == from_ms(50));
  CHECK(s.link[0].loss_pct == 0);
  CHECK(s.seed == 1);
  CHECK(s.sides[0].port == 40000);
  CHECK(s.sides[1].port == 80);
  CHECK(s.sides[0].name == "client");
  CHECK(s.sides[1].name == "server");
  CHECK(s.sides[0].ip == 0xC0000201);
  CHECK(s.sides[1].ip == 0xC0000202);
  CHECK(s.sides[0].isn.empty());
  CHECK_FALSE(s.until.has_value());
  CHECK(s.faults.empty());
}

TEST_CASE("the example scenario of SCENARIO_FORMAT.md parses field by field", "[scenario][parse]") {
  auto r = parse_scenario(R"({
    "title": "SYN-ACK lost once",
    "profile": "linux",
    "overrides": { "time_wait_ms": 2000 },
    "link": { "delay_ms": 50, "jitter_ms": 0, "loss_pct": 0, "duplicate_pct": 0, "seed": 7 },
    "client": { "port": 40000, "isn": 1000 },
    "server": { "port": 80, "isn": 5000 },
    "actions": [
      { "at_ms": 0,   "who": "server", "do": "listen" },
      { "at_ms": 0,   "who": "client", "do": "connect" },
      { "at_ms": 300, "who": "client", "do": "send", "bytes": 100 },
      { "on": "client:established", "after_ms": 500, "who": "client", "do": "close" },
      { "on": "server:eof",         "after_ms": 250, "who": "server", "do": "close" }
    ],
    "faults": [
      { "match": "server SYN|ACK #1", "drop": true },
      { "match": "client FIN #1", "delay_ms": 300 },
      { "match": "client data #1", "duplicate": 1, "gap_ms": 1 },
      { "match": "client ACK *", "drop": true },
      { "inject": { "from": "client", "flags": "RST", "seq": "snd.nxt" }, "arrive_ms": 700 }
    ]
  })");
  REQUIRE(r.ok());
  const Scenario& s = *r;
  CHECK(s.title == "SYN-ACK lost once");
  CHECK(s.overrides.time_wait == from_ms(2000));
  CHECK(s.seed == 7);
  REQUIRE(s.sides[0].isn.size() == 1);
  CHECK(s.sides[0].isn[0] == 1000);
  CHECK(s.sides[1].isn[0] == 5000);
  REQUIRE(s.actions.size() == 5);
  CHECK(s.actions[0].call == Call::Listen);
  CHECK(s.actions[0].who == Side::Server);
  CHECK(s.actions[0].at == from_ms(0));
  CHECK(s.actions[2].call == Call::Send);
  CHECK(s.actions[2].bytes == 100);
  REQUIRE(s.actions[3].on.has_value());
  CHECK(s.actions[3].on->first == Side::Client);
  CHECK(s.actions[3].on->second == TriggerEvent::Established);
  CHECK(s.actions[3].after == from_ms(500));
  CHECK_FALSE(s.actions[3].at.has_value());
  CHECK(s.actions[4].on->second == TriggerEvent::Eof);
  REQUIRE(s.faults.size() == 5);
  CHECK(s.faults[0].match->kind == MatchKind::SynAck);
  CHECK(s.faults[0].match->side == Side::Server);
  CHECK(s.faults[0].match->nth == 1u);
  CHECK(s.faults[0].drop);
  CHECK(s.faults[1].delay == from_ms(300));
  CHECK(s.faults[2].duplicate == 1);
  CHECK(s.faults[2].gap == from_ms(1));
  CHECK_FALSE(s.faults[3].match->nth.has_value());
  REQUIRE(s.faults[4].inject.has_value());
  CHECK(s.faults[4].inject->from == Side::Client);
  CHECK(s.faults[4].inject->flags == wire::TcpFlags::kRst);
  CHECK(s.faults[4].inject->seq->var == SeqExpr::Var::SndNxt);
  CHECK(s.faults[4].inject->arrive == from_ms(700));
}

TEST_CASE("times take fractions of a millisecond", "[scenario][parse]") {
  auto r = parse_scenario(R"({"link": {"delay_ms": 0.25}, "actions": [{"at_ms": 1.5, "who": "client", "do": "connect"}]})");
  REQUIRE(r.ok());
  CHECK(r->link[0].delay == Duration(250));
  CHECK(r->actions[0].at == Duration(1500));
}

TEST_CASE("per-direction links", "[scenario][parse]") {
  auto r = parse_scenario(R"({"link": {"c2s": {"delay_ms": 10, "loss_pct": 5}, "s2c": {"delay_ms": 90}, "seed": 3},
                              "actions": []})");
  REQUIRE(r.ok());
  CHECK(r->link[0].delay == from_ms(10));
  CHECK(r->link[0].loss_pct == 5);
  CHECK(r->link[1].delay == from_ms(90));
  CHECK(r->link[1].loss_pct == 0);
  CHECK(r->seed == 3);
  REQUIRE_POINTER(R"({"link": {"c2s": {"delay_ms": 10}, "delay_ms": 5}, "actions": []})", "/link/delay_ms");
  REQUIRE_POINTER(R"({"link": {"c2s": {"loss_pct": 150}}, "actions": []})", "/link/c2s/loss_pct");
  CHECK(error_of(R"({"link": {"c2s": {"loss_pct": 150}}, "actions": []})") ==
        "/link/c2s/loss_pct: 150 is out of range [0, 100]");
}

TEST_CASE("isn takes a number or a list, options take values or false", "[scenario][parse]") {
  auto r = parse_scenario(R"({"client": {"isn": [1, 2, 4294967295], "ip": "10.0.0.7", "name": "browser",
                                          "options": {"mss": 536, "wscale": false, "sack": false, "timestamps": true}},
                              "server": {"options": {"mss": false, "wscale": 14}}, "actions": []})");
  REQUIRE(r.ok());
  CHECK(r->sides[0].isn == std::vector<std::uint32_t>{1, 2, 4294967295u});
  CHECK(r->sides[0].ip == 0x0A000007);
  CHECK(r->sides[0].name == "browser");
  CHECK(r->sides[0].options.mss == std::optional<std::optional<std::uint16_t>>(std::uint16_t{536}));
  REQUIRE(r->sides[0].options.window_scale.has_value());
  CHECK_FALSE(r->sides[0].options.window_scale->has_value());
  CHECK(r->sides[0].options.sack == false);
  CHECK(r->sides[0].options.timestamps == true);
  REQUIRE(r->sides[1].options.mss.has_value());
  CHECK_FALSE(r->sides[1].options.mss->has_value());
  CHECK(r->sides[1].options.window_scale == std::optional<std::optional<std::uint8_t>>(std::uint8_t{14}));
}

TEST_CASE("overrides replace single profile constants", "[scenario][parse]") {
  auto r = parse_scenario(R"({"profile": "rfc", "overrides": {"rto_initial_ms": 500, "rto_min_ms": 100, "rto_max_ms": 60000,
      "syn_retries": 2, "synack_retries": 3, "syn_linear_timeouts": 0, "data_retries": 4, "msl_ms": 1000,
      "fin_wait2_timeout_ms": null, "delayed_ack_ms": 0, "rfc1337": true, "receive_window": 1000}, "actions": []})");
  REQUIRE(r.ok());
  const Overrides& o = r->overrides;
  CHECK(o.rto_initial == from_ms(500));
  CHECK(o.syn_retries == 2);
  CHECK(o.msl == from_ms(1000));
  REQUIRE(o.fin_wait2_timeout.has_value());
  CHECK_FALSE(o.fin_wait2_timeout->has_value());
  CHECK(o.delayed_ack == Duration{});
  CHECK(o.rfc1337 == true);
  CHECK(o.receive_window == 1000u);
  // RFC 9293 3.10.8: TIME-WAIT is 2*MSL; the rfc profile follows a changed MSL.
  tcp::Profile p = effective_profile(*r);
  CHECK(p.time_wait == from_ms(2000));
  CHECK(p.rto_initial == from_ms(500));
  CHECK(p.syn_retries == 2);
  CHECK_FALSE(p.fin_wait2_timeout.has_value());
  CHECK(p.rfc1337);
}

TEST_CASE("effective_offer applies a side's options over the profile's", "[scenario][parse]") {
  auto r = parse_scenario(R"({"client": {"options": {"timestamps": false, "wscale": false}}, "actions": []})");
  REQUIRE(r.ok());
  tcp::OptionOffer base = effective_profile(*r).offer;
  tcp::OptionOffer c = effective_offer(*r, Side::Client);
  tcp::OptionOffer s = effective_offer(*r, Side::Server);
  CHECK_FALSE(c.timestamps);
  CHECK_FALSE(c.window_scale.has_value());
  CHECK(c.mss == base.mss);
  CHECK(s.timestamps == base.timestamps);
  CHECK(s.window_scale == base.window_scale);
}

TEST_CASE("JSON syntax errors give the byte offset", "[scenario][parse][errors]") {
  std::string msg = error_of(R"({"actions": [}])");
  INFO(msg);
  CHECK(starts_with(msg, "JSON syntax error at byte 13"));
  CHECK(starts_with(error_of(""), "JSON syntax error at byte 0"));
  CHECK(starts_with(error_of("{\"actions\": []} x"), "JSON syntax error at byte 16"));
}

TEST_CASE("structural limits: nesting, duplicate keys, size", "[scenario][parse][errors]") {
  std::string deep(100, '[');
  CHECK(error_of(deep).find("nested too deeply") != std::string::npos);
  REQUIRE_POINTER(R"({"actions": [], "title": "a", "title": "b"})", "/title");
  CHECK(error_of(R"({"actions": [], "title": "a", "title": "b"})").find("duplicate key") != std::string::npos);
  REQUIRE_POINTER(R"({"actions": [], "link": {"delay_ms": 1, "delay_ms": 2}})", "/link/delay_ms");
  CHECK(error_of(std::string(2'000'000, ' ')).find("at most") != std::string::npos);
}

TEST_CASE("top-level errors name the field", "[scenario][parse][errors]") {
  REQUIRE_POINTER("[]", "/");
  REQUIRE_POINTER("{}", "/actions");
  REQUIRE_POINTER(R"({"actions": {}})", "/actions");
  REQUIRE_POINTER(R"({"actions": [], "colour": 1})", "/colour");
  REQUIRE_POINTER(R"({"actions": [], "title": 5})", "/title");
  REQUIRE_POINTER(R"({"actions": [], "title": ")" + std::string(201, 'x') + R"("})", "/title");
  REQUIRE_POINTER(R"({"actions": [], "profile": "bsd"})", "/profile");
  REQUIRE_POINTER(R"({"actions": [], "until_ms": 3600001})", "/until_ms");
  REQUIRE_POINTER(R"({"actions": [], "until_ms": -1})", "/until_ms");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"time_wait": 5}})", "/overrides/time_wait");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"rto_min_ms": 0}})", "/overrides/rto_min_ms");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"syn_retries": 1.5}})", "/overrides/syn_retries");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"syn_retries": 51}})", "/overrides/syn_retries");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"rfc1337": 1}})", "/overrides/rfc1337");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"rto_min_ms": 500, "rto_max_ms": 100}})", "/overrides/rto_max_ms");
  REQUIRE_POINTER(R"({"actions": [], "overrides": {"fin_wait2_timeout_ms": "x"}})", "/overrides/fin_wait2_timeout_ms");
  REQUIRE_POINTER(R"({"actions": [], "link": []})", "/link");
  REQUIRE_POINTER(R"({"actions": [], "link": {"delay_ms": "50"}})", "/link/delay_ms");
  REQUIRE_POINTER(R"({"actions": [], "link": {"jitter_ms": 3600001}})", "/link/jitter_ms");
  REQUIRE_POINTER(R"({"actions": [], "link": {"seed": -1}})", "/link/seed");
  REQUIRE_POINTER(R"({"actions": [], "link": {"s2c": {"delay": 1}}})", "/link/s2c/delay");
}

TEST_CASE("side errors name the field", "[scenario][parse][errors]") {
  REQUIRE_POINTER(R"({"actions": [], "client": {"port": 0}})", "/client/port");
  REQUIRE_POINTER(R"({"actions": [], "client": {"port": 65536}})", "/client/port");
  REQUIRE_POINTER(R"({"actions": [], "server": {"isn": -5}})", "/server/isn");
  REQUIRE_POINTER(R"({"actions": [], "server": {"isn": [1, "x"]}})", "/server/isn/1");
  REQUIRE_POINTER(R"({"actions": [], "server": {"isn": 4294967296}})", "/server/isn");
  REQUIRE_POINTER(R"({"actions": [], "client": {"ip": "1.2.3"}})", "/client/ip");
  REQUIRE_POINTER(R"({"actions": [], "client": {"ip": "1.2.3.256"}})", "/client/ip");
  REQUIRE_POINTER(R"({"actions": [], "client": {"name": ""}})", "/client/name");
  REQUIRE_POINTER(R"({"actions": [], "client": {"options": {"mss": 20}}})", "/client/options/mss");
  REQUIRE_POINTER(R"({"actions": [], "client": {"options": {"wscale": 15}}})", "/client/options/wscale");
  REQUIRE_POINTER(R"({"actions": [], "client": {"options": {"sack": "yes"}}})", "/client/options/sack");
  REQUIRE_POINTER(R"({"actions": [], "client": {"options": {"ecn": true}}})", "/client/options/ecn");
  std::string isns = "[0";
  for (int i = 0; i < 100; ++i) isns += ",1";
  REQUIRE_POINTER(R"({"actions": [], "client": {"isn": )" + isns + "]}}", "/client/isn");
  REQUIRE_POINTER(R"({"actions": [], "client": {"port": 80, "ip": "192.0.2.2"}})", "/server/port");
}

TEST_CASE("action errors name the field", "[scenario][parse][errors]") {
  CHECK(error_of(R"({"actions": [{"at_ms": 0, "who": "client", "do": "connet"}]})") ==
        "/actions/0/do: unknown call 'connet' (expected listen, connect, send, close, shutdown, "
        "abort, reboot)");
  REQUIRE_POINTER(R"({"actions": [5]})", "/actions/0");
  REQUIRE_POINTER(R"({"actions": [{"who": "client", "do": "connect"}]})", "/actions/0");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "on": "client:established", "who": "client", "do": "close"}]})", "/actions/0");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "after_ms": 5, "who": "client", "do": "close"}]})", "/actions/0/after_ms");
  REQUIRE_POINTER(R"({"actions": [{"on": "client:open", "who": "client", "do": "close"}]})", "/actions/0/on");
  REQUIRE_POINTER(R"({"actions": [{"on": "established", "who": "client", "do": "close"}]})", "/actions/0/on");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "router", "do": "close"}]})", "/actions/0/who");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "do": "close"}]})", "/actions/0/who");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "client"}]})", "/actions/0/do");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "client", "do": "send"}]})", "/actions/0/bytes");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "client", "do": "send", "bytes": 0}]})", "/actions/0/bytes");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "client", "do": "close", "bytes": 5}]})", "/actions/0/bytes");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "client", "do": "send", "bytes": 60000000},
                                  {"at_ms": 0, "who": "client", "do": "send", "bytes": 60000000}]})", "/actions/1/bytes");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 3600000.5, "who": "client", "do": "close"}]})", "/actions/0/at_ms");
  REQUIRE_POINTER(R"({"actions": [{"at_ms": 0, "who": "client", "do": "close", "when": 1}]})", "/actions/0/when");
  std::string many = R"({"actions": [)";
  for (int i = 0; i < 1001; ++i) many += std::string(i ? "," : "") + R"({"at_ms": 0, "who": "client", "do": "close"})";
  many += "]}";
  REQUIRE_POINTER(many, "/actions");
}

TEST_CASE("fault errors name the field", "[scenario][parse][errors]") {
  auto with_fault = [](const std::string& fault) {
    return R"({"actions": [], "faults": [)" + fault + "]}";
  };
  CHECK(error_of(with_fault(R"({"match": "server SYNACK #1", "drop": true})")) ==
        "/faults/0/match: unknown kind 'SYNACK' (expected SYN, SYN|ACK, FIN, RST, ACK, data or =FLAGS)");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1"})"), "/faults/0");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1", "drop": false})"), "/faults/0");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1", "drop": true, "delay_ms": 5})"), "/faults/0");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1", "delay_ms": 5, "gap_ms": 5})"), "/faults/0/gap_ms");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1", "duplicate": 101})"), "/faults/0/duplicate");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1", "drop": "yes"})"), "/faults/0/drop");
  REQUIRE_POINTER(with_fault(R"({"match": 5, "drop": true})"), "/faults/0/match");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #0", "drop": true})"), "/faults/0/match");
  REQUIRE_POINTER(with_fault(R"({"match": "server SYN #1", "inject": {}})"), "/faults/0");
  REQUIRE_POINTER(with_fault(R"({})"), "/faults/0");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST"}})"), "/faults/0/arrive_ms");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST"}, "arrive_ms": 1, "drop": true})"), "/faults/0/drop");
  REQUIRE_POINTER(with_fault(R"({"inject": {"flags": "RST"}, "arrive_ms": 1})"), "/faults/0/inject/from");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client"}, "arrive_ms": 1})"), "/faults/0/inject/flags");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST|BOGUS"}, "arrive_ms": 1})"), "/faults/0/inject/flags");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST", "seq": "snd.next"}, "arrive_ms": 1})"), "/faults/0/inject/seq");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST", "ack": "rcv.nxt+x"}, "arrive_ms": 1})"), "/faults/0/inject/ack");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST", "seq": -1}, "arrive_ms": 1})"), "/faults/0/inject/seq");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST", "len": 70000}, "arrive_ms": 1})"), "/faults/0/inject/len");
  REQUIRE_POINTER(with_fault(R"({"inject": {"from": "client", "flags": "RST", "window": 5}, "arrive_ms": 1})"), "/faults/0/inject/window");
  REQUIRE_POINTER(R"({"actions": [], "faults": [{"match": "client SYN #1", "drop": true}, 7]})", "/faults/1");
}

TEST_CASE("inject takes numbers and expressions for seq and ack", "[scenario][parse]") {
  auto r = parse_scenario(R"({"actions": [], "faults": [
      {"inject": {"from": "server", "flags": "SYN", "seq": "iss-1000", "ack": "rcv.nxt + 1000", "len": 10, "conn": 1}, "arrive_ms": 5},
      {"inject": {"from": "client", "flags": "FIN|ACK", "seq": 12345, "ack": "irs"}, "arrive_ms": 6}]})");
  REQUIRE(r.ok());
  const Inject& a = *r->faults[0].inject;
  CHECK(a.from == Side::Server);
  CHECK(a.flags == wire::TcpFlags::kSyn);
  CHECK(a.seq->var == SeqExpr::Var::Iss);
  CHECK(a.seq->offset == -1000);
  CHECK(a.ack->var == SeqExpr::Var::RcvNxt);
  CHECK(a.ack->offset == 1000);
  CHECK(a.ack->text == "rcv.nxt+1000");
  CHECK(a.len == 10);
  CHECK(a.conn == 1u);
  const Inject& b = *r->faults[1].inject;
  CHECK(b.flags == (wire::TcpFlags::kFin | wire::TcpFlags::kAck));
  CHECK(b.seq->var == SeqExpr::Var::None);
  CHECK(b.seq->offset == 12345);
  CHECK(b.ack->var == SeqExpr::Var::Irs);
}

TEST_CASE("a whole number at 2^64 or beyond is out of range, not converted", "[scenario][parse]") {
  // Found by fuzz/scenario: 2^64 - 1 (the largest seed) becomes 2^64 as a double, so the
  // number 18446744073709551616 passed the range check and reached an undefined conversion.
  const std::string msg =
      error_of(R"({"actions": [], "link": {"seed": 18446744073709551616}})");
  CHECK(msg.find("/link/seed") != std::string::npos);
  CHECK(msg.find("out of range") != std::string::npos);
  CHECK(error_of(R"({"actions": [], "link": {"seed": 1e30}})").find("/link/seed") !=
        std::string::npos);
}
