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

