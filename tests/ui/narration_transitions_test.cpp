// State-change narration that must follow the trace: the ACK of a FIN sent now or delayed,
// shutdown() or close(), the TIME-WAIT the run uses, a simultaneous open, a three-segment
// close. Each case runs the lesson the review named and checks the meaning in EN and ZH.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/narration/narration.hpp"
#include "tests/ui/lesson_fixtures.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

using namespace tcpviz::ui::testing;

namespace {


}  // namespace

TEST_CASE("the ACK of a FIN is narrated when it is sent, not before", "[ui][narration][close]") {
  // Linux delays it (tcp_fin sets pingpong): normal.linux arms the delayed-ACK timer at 650.
  const trace::Trace linux_run = run_lesson("normal", "linux");
  std::string en = said(linux_run, from_ms(650), Language::En);
  std::string zh = said(linux_run, from_ms(650), Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "It will acknowledge the FIN a little later"));
  CHECK_FALSE(has(en, "It acknowledges the FIN"));
  CHECK(has(zh, "它稍后才确认这个 FIN"));
  // RFC 9293 3.10.7.4 eighth step: the rfc profile acknowledges at once.
  const trace::Trace rfc_run = run_lesson("normal", "rfc");
  CHECK(has(said(rfc_run, from_ms(650), Language::En), "It acknowledges the FIN at once"));
  CHECK(has(said(rfc_run, from_ms(650), Language::Zh), "它立即确认这个 FIN"));
}

TEST_CASE("the three-way close makes no claim about a separate pure ACK", "[ui][narration][close]") {
  const trace::Trace t = run_lesson("three-way-close", "linux");
  const std::string en = said(t, from_ms(350), Language::En);
  const std::string zh = said(t, from_ms(350), Language::Zh);
  INFO(en << zh);
  CHECK_FALSE(has(zh, "只置 ACK 位"));
  CHECK_FALSE(has(zh, "四次挥手的第三次"));
  CHECK(has(zh, "只用三个报文"));
  CHECK(has(en, "this close takes three segments, not four"));
  // The rfc profile sends the ACK and the FIN apart: four segments after all.
  const trace::Trace rfc_run = run_lesson("three-way-close", "rfc");
  CHECK_FALSE(has(said(rfc_run, from_ms(350), Language::En), "three segments, not four"));
}

TEST_CASE("shutdown() is not called closing the connection", "[ui][narration][close]") {
  const trace::Trace t = run_lesson("half-close", "linux");
  const std::string en = said(t, from_ms(200), Language::En);
  const std::string zh = said(t, from_ms(200), Language::Zh);
  CHECK(has(en, "shut down its sending direction (shutdown())"));
  CHECK_FALSE(has(en, "application closed the connection"));
  CHECK(has(zh, "调用 shutdown() 只关闭了自己的发送方向"));
}

TEST_CASE("TIME-WAIT states the wait the run uses and flags a shortened one",
          "[ui][narration][close]") {
  const trace::Trace short_run = run_lesson("three-way-close", "linux");  // TIME-WAIT 2000 ms
  std::string en = said(short_run, from_ms(400), Language::En);
  CHECK(has(en, "shortens the wait to 2000 ms"));
  CHECK(has(said(short_run, from_ms(400), Language::Zh), "把等待缩短为 2000 毫秒"));
  en = said(short_run, from_ms(2400), Language::En);
  CHECK(has(en, "expired after 2000 ms"));
  CHECK_FALSE(has(en, "expired (2MSL)"));
  // Linux's TCP_TIMEWAIT_LEN is 60 s, not shortened.
  const trace::Trace normal = run_lesson("normal", "linux");
  en = said(normal, from_ms(800), Language::En);
  CHECK(has(en, "Here it waits 60000 ms"));
  CHECK_FALSE(has(en, "shortens"));
}

TEST_CASE("a simultaneous open is not called a three-way handshake", "[ui][narration][handshake]") {
  const trace::Trace t = run_lesson("simultaneous-open", "rfc");
  Time done{};
  for (const auto& x : t.transitions) {
    if (x.from == tcp::State::SynReceived && x.to == tcp::State::Established) done = x.t;
  }
  const std::string en = said(t, done, Language::En);
  CHECK(has(en, "not a three-way handshake"));
  CHECK_FALSE(has(en, "three-way handshake is complete"));
  CHECK(has(said(t, done, Language::Zh), "不是三次握手"));
  // The ordinary handshake still is one.
  CHECK(has(said(run_lesson("normal", "rfc"), from_ms(150), Language::En), "three-way handshake is complete"));
}


namespace {

trace::Trace run_json(std::string_view json, std::string_view profile) {
  auto s = scenario::parse_scenario(json);
  REQUIRE(s.ok());
  s->profile_name = std::string(profile);
  return sim::run(*s);
}

}  // namespace

// TIME-WAIT ends three ways besides its timer; each is told by its cause, never as "the
// TIME-WAIT timer expired" (RFC 9293 3.10.7.4; RFC 1337; RFC 6191).
TEST_CASE("TIME-WAIT cut short by an RST or by a new SYN is not narrated as its timer expiring",
          "[ui][narration][close][time-wait]") {
  // The client closes first and sits in TIME-WAIT; at 2000 ms an RST at its RCV.NXT arrives
  // (built from the server's last connection: SEQ=SND.NXT). RFC 9293 3.10.7.4 second check:
  // CLOSED at once (under `rfc`, and under Linux with tcp_rfc1337 = 0).
  const trace::Trace rst = run_json(R"json({
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 0, "who": "server", "do": "close" }
  ],
  "faults": [ { "inject": { "from": "server", "flags": "RST", "seq": "snd.nxt" }, "arrive_ms": 2000 } ]
})json", "rfc");
  std::string en = said(rst, from_ms(2000), Language::En);
  std::string zh = said(rst, from_ms(2000), Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "An RST from the server ended the client's TIME-WAIT early"));
  CHECK_FALSE(has(en, "timer expired"));
  CHECK(has(zh, "提前结束了客户端的 TIME_WAIT"));

  // The server closed first; the client's second connect (ISN far beyond) reopens the
  // server's TIME-WAIT at 2050 ms.
  const trace::Trace reopen = run_json(R"json({
  "client": { "isn": [1000, 900000] }, "server": { "isn": 5000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 300, "who": "server", "do": "close" },
    { "on": "client:eof", "after_ms": 100, "who": "client", "do": "close" },
    { "at_ms": 2000, "who": "client", "do": "connect" }
  ],
  "overrides": { "time_wait_ms": 10000 }
})json", "linux");
  en = said(reopen, from_ms(2050), Language::En);
  zh = said(reopen, from_ms(2050), Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "A new SYN for the same 4-tuple ended the server's TIME-WAIT early"));
  CHECK_FALSE(has(en, "timer expired"));
  CHECK(has(zh, "新 SYN 提前结束了服务器的 TIME_WAIT"));
}

// The server's application closes while its only child is half-open (the client's ACK of the
// SYN,ACK lost): Linux closes the listener and the request dies with it; RFC 9293's one TCB
// per passive OPEN closes from SYN-RECEIVED with a FIN at once (3.10.4).
TEST_CASE("closing with a half-open child is narrated per profile", "[ui][narration][close]") {
  constexpr std::string_view kJson = R"json({
  "client": { "isn": 1000 }, "server": { "isn": 5000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "server", "do": "close" }
  ],
  "faults": [ { "match": "client ACK #1", "drop": true } ],
  "until_ms": 3000
})json";
  const trace::Trace linux_run = run_json(kJson, "linux");
  std::string en = said(linux_run, from_ms(200), Language::En);
  std::string zh = said(linux_run, from_ms(200), Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "The server's application closes its listening socket"));
  CHECK(has(en, "half-open connection ends with its listener"));
  CHECK_FALSE(has(en, "reset, timed out or aborted"));
  CHECK(has(zh, "半连接随监听套接字一起结束"));

  const trace::Trace rfc_run = run_json(kJson, "rfc");
  en = said(rfc_run, from_ms(200), Language::En);
  zh = said(rfc_run, from_ms(200), Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "closed before the handshake completed"));
  CHECK(has(en, "without waiting for the ACK of its SYN"));
  CHECK(has(zh, "在握手完成前就关闭了"));
}

// RFC 9293 3.6 figure 13: both sides close before either FIN arrives. Neither FIN is "the
// first step of the four-way close" (the study notes' numbering), in either language.
TEST_CASE("a simultaneous close is not numbered as the four-way close", "[ui][narration][close]") {
  for (const char* profile : kProfiles) {
    const trace::Trace t = run_lesson("simultaneous-close", profile);
    const std::string en = said(t, from_ms(300), Language::En);
    const std::string zh = said(t, from_ms(300), Language::Zh);
    INFO(profile << "\n" << en << zh);
    CHECK(has(en, "The client's application closed the connection"));
    CHECK(has(en, "The server's application closed the connection"));
    CHECK(has(en, "the two FINs cross: a simultaneous close"));
    CHECK(has(zh, "这是同时关闭"));
    CHECK_FALSE(has(zh, "四次挥手的第一次"));
  }
  // The usual close keeps its numbering.
  CHECK(has(said(run_lesson("normal", "linux"), from_ms(600), Language::Zh), "四次挥手的第一次"));
}

// A connection that ends without the usual close is told by the trace's cause: refused,
// timed out, reset by the peer (RFC 9293 3.10.7.3, 3.8.3 R2, 3.10.7.4), not "reset, timed
// out or aborted" for all of them.
TEST_CASE("an abrupt end to CLOSED is narrated by its cause", "[ui][narration][close]") {
  const auto moment_of = [](const trace::Trace& t, trace::Side who, tcp::State from) {
    for (const trace::Transition& x : t.transitions) {
      if (x.who == who && x.from == from && x.to == tcp::State::Closed) return x.t;
    }
    FAIL("no such transition");
    return Time{};
  };
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace refused = run_lesson("refused", profile);
    const Time r = moment_of(refused, trace::Side::Client, tcp::State::SynSent);
    CHECK(has(said(refused, r, Language::En), "The client's connection attempt is refused"));
    CHECK(has(said(refused, r, Language::Zh), "连接请求被拒绝"));

    const trace::Trace gave_up = run_lesson("syn-lost-give-up", profile);
    const Time g = moment_of(gave_up, trace::Side::Client, tcp::State::SynSent);
    CHECK(has(said(gave_up, g, Language::En), "The client gives up"));
    CHECK(has(said(gave_up, g, Language::Zh), "连接超时"));

    const trace::Trace reset = run_lesson("rst-in-established", profile);
    int resets = 0;
    for (const trace::Transition& x : reset.transitions) {
      if (x.to != tcp::State::Closed || x.cause != "rcv RST") continue;
      ++resets;
      const std::string en = said(reset, x.t, Language::En);
      INFO(en);
      CHECK(has(en, "connection was reset by the"));
      CHECK_FALSE(has(en, "reset, timed out or aborted"));
    }
    CHECK(resets >= 1);
  }
}
