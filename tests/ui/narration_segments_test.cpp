// Narration that must follow the trace, not a fixed story: what a lost segment leads to, why a
// segment was sent again, which kind of RST, the handshake's numbers, what an arrival did.
// Each case runs the lesson the review named and checks the sentence's meaning in EN and ZH.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/narration/narration.hpp"
#include "tests/ui/lesson_fixtures.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;

using namespace tcpviz::ui::testing;

namespace {

std::string ms(Time t) { return std::to_string(t.count() / 1000) + " ms"; }
std::string ms_zh(Time t) { return std::to_string(t.count() / 1000) + " 毫秒"; }

const trace::Segment& segment(const trace::Trace& t, std::uint32_t id) {
  for (const auto& s : t.segments) {
    if (s.id == id) return s;
  }
  FAIL("no segment #" << id);
  return t.segments.front();
}

// The first segment of `from` after `after` that re-sends a FIN or SYN (what a lost ACK
// would have acknowledged).
Time resent_after(const trace::Trace& t, trace::Side from, Time after) {
  for (const auto& s : t.segments) {
    if (s.from == from && s.sent > after && s.retransmission) return s.sent;
  }
  FAIL("nothing re-sent");
  return {};
}

}  // namespace

// RFC 6298 5.1: the timer runs for "a packet containing data"; an ACK takes no sequence
// number, nothing acknowledges it, so it is never resent and its sender never learns of the
// loss. The peer's own timer resends what the ACK would have acknowledged.
TEST_CASE("a lost pure ACK is never retransmitted; the peer resends what it would have acknowledged",
          "[ui][narration][loss]") {
  struct Case {
    const char* preset;
    std::uint32_t ack_id;
    trace::Side peer;
  };
  const Case cases[] = {{"last-ack-lost", 6, trace::Side::Server},
                        {"handshake-ack-lost", 2, trace::Side::Server},
                        {"handshake-ack-lost-server-sends", 2, trace::Side::Server},
                        {"fin-ack-lost", 4, trace::Side::Client}};
  for (const Case& c : cases) {
    for (const char* profile : kProfiles) {
      const trace::Trace t = run_lesson(c.preset, profile);
      const trace::Segment& ack = segment(t, c.ack_id);
      REQUIRE(ack.fate == trace::Fate::Dropped);
      REQUIRE(ack.tcp.seg_len() == 0);
      const Time resent = resent_after(t, c.peer, ack.arrive);
      const std::string resend_at = ms(resent);
      const std::string en = said(t, ack.arrive, Language::En);
      const std::string zh = said(t, ack.arrive, Language::Zh);
      INFO(c.preset << " / " << profile << "\n" << en << zh);
      CHECK(has(en, "never retransmitted"));
      CHECK(has(en, "never learns it was lost"));
      CHECK(has(en, resend_at));
      CHECK_FALSE(has(en, "finds out only when its retransmission timer"));
      CHECK(has(zh, "永远不会被重传"));
      CHECK(has(zh, ms_zh(resent)));
      CHECK_FALSE(has(zh, "只能等重传计时器到期才发现"));
    }
  }
}

TEST_CASE("a lost ACK made up for by the next segment's cumulative ACK is narrated so",
          "[ui][narration][loss]") {
  for (const char* profile : kProfiles) {
    const trace::Trace t = run_lesson("handshake-ack-lost-client-sends", profile);
    const trace::Segment& ack = segment(t, 2);
    REQUIRE(ack.fate == trace::Fate::Dropped);
    const std::string en = said(t, ack.arrive, Language::En);
    const std::string zh = said(t, ack.arrive, Language::Zh);
    INFO(profile << "\n" << en << zh);
    CHECK(has(en, "never retransmitted"));
    CHECK(has(en, "the client's next PSH|ACK carries the same acknowledgment"));
    CHECK(has(zh, "永远不会被重传"));
    CHECK(has(zh, "PSH|ACK 带着同样的确认号"));
  }
}

TEST_CASE("a lost FIN is recovered by its sender's retransmission timer", "[ui][narration][loss]") {
  const trace::Trace t = run_lesson("fin-lost", "rfc");
  const trace::Segment* fin = nullptr;
  for (const auto& s : t.segments) {
    if (s.tcp.flags.fin() && s.fate == trace::Fate::Dropped) fin = &s;
  }
  REQUIRE(fin != nullptr);
  CHECK(has(said(t, fin->arrive, Language::En), "finds out only when its retransmission timer expires"));
  CHECK(has(said(t, fin->arrive, Language::Zh), "只能等重传计时器到期才发现"));
}

TEST_CASE("a lost RST is not retransmitted either", "[ui][narration][loss]") {
  trace::Trace t = run_lesson("rst-in-established", "rfc");
  trace::Segment* rst = nullptr;
  for (auto& s : t.segments) {
    if (s.tcp.flags.rst()) rst = &s;
  }
  REQUIRE(rst != nullptr);
  rst->fate = trace::Fate::Dropped;
  const std::string en = said(t, rst->arrive, Language::En);
  const std::string zh = said(t, rst->arrive, Language::Zh);
  CHECK(has(en, "A RST is never retransmitted"));
  CHECK_FALSE(has(en, "retransmission timer expires"));
  CHECK(has(zh, "RST 不会重传"));
}

// synack-lost @1050: under Linux the server's timer does not fire (it is cancelled); the
// client's repeated SYN makes it answer again (tcp_check_req -> inet_rtx_syn_ack). Where the
// server's retransmission timer does fire at that moment, the SYN-ACK is the timer's.
TEST_CASE("a SYN-ACK sent again in answer to a repeated SYN is not blamed on a timer",
          "[ui][narration][retransmission]") {
  for (const char* profile : kProfiles) {
    const trace::Trace t = run_lesson("synack-lost", profile);
    const trace::Segment* again = nullptr;
    for (const auto& s : t.segments) {
      if (s.from == trace::Side::Server && s.retransmission && s.tcp.flags.syn()) again = &s;
    }
    REQUIRE(again != nullptr);
    bool timer_fired = false;
    for (const auto& x : t.timers) {
      if (x.who == trace::Side::Server && x.kind == tcp::TimerKind::Retransmit &&
          x.end == trace::TimerEnd::Fired && x.end_t == again->sent) {
        timer_fired = true;
      }
    }
    if (std::string_view(profile) != "rfc") CHECK_FALSE(timer_fired);  // Linux tcp_check_req
    const std::string en = said(t, again->sent, Language::En);
    const std::string zh = said(t, again->sent, Language::Zh);
    INFO(profile << "\n" << en << zh);
    if (timer_fired) {
      CHECK(has(en, "The server sends its SYN|ACK again: its retransmission timer expired"));
      CHECK(has(zh, "重传计时器到期仍没有收到确认"));
    } else {
      CHECK(has(en, "The server sends its SYN|ACK again, not because its own timer expired"));
      CHECK(has(en, "SYN just arrived a second time"));
      CHECK_FALSE(has(en, "retransmission timer expired"));
      CHECK(has(zh, "并不是因为自己的计时器到期"));
      CHECK_FALSE(has(zh, "重传计时器到期仍没有收到确认"));
    }
    // The client's SYN at 1000 ms was its timer's doing (RFC 6298 5.4).
    const trace::Segment& syn = segment(t, 2);
    REQUIRE(syn.tcp.flags.syn());
    CHECK(has(said(t, syn.sent, Language::En), "The client sends its SYN again: its retransmission timer expired"));
    CHECK(has(said(t, syn.sent, Language::Zh), "重传计时器到期"));
  }
}

TEST_CASE("a retransmission whose cause the trace does not hold is narrated neutrally",
          "[ui][narration][retransmission]") {
  trace::Trace t = run_lesson("synack-lost", "linux");
  t.timers.clear();  // as in a capture: segments only
  t.decisions.clear();
  const trace::Segment& syn = segment(t, 2);
  const std::string en = said(t, syn.sent, Language::En);
  CHECK(has(en, "does not show what prompted it"));
  CHECK_FALSE(has(en, "timer expired"));
  CHECK(has(said(t, syn.sent, Language::Zh), "看不出是什么引起的"));
}

// RFC 9293 3.4: the SYN-ACK's ACK is the SYN's sequence number plus one; all numbers in one
// space (absolute, like the ISN). Figure 8: the answer to an old SYN does not fit the ISN.
TEST_CASE("the SYN-ACK sentence shows the peer's ISN and ack = ISN + 1 in one number space",
          "[ui][narration][handshake]") {
  const trace::Trace t = run_lesson("normal", "linux");
  const trace::Segment& synack = segment(t, 1);
  const std::uint32_t client_isn = t.conns[0].isn[0]->raw();
  const std::string en = said(t, synack.sent, Language::En);
  const std::string zh = said(t, synack.sent, Language::Zh);
  CHECK(has(en, "ack=" + std::to_string(client_isn + 1) + ", the client's ISN (" +
                    std::to_string(client_isn) + ") plus one"));
  CHECK_FALSE(has(en, "ack=1,"));
  CHECK(has(zh, "ack=" + std::to_string(client_isn + 1) + "，即对方的 ISN（" +
                    std::to_string(client_isn) + "）加一"));
}

TEST_CASE("the SYN-ACK answering an old duplicate SYN does not claim the client's ISN plus one",
          "[ui][narration][handshake]") {
  for (const char* profile : kProfiles) {
    const trace::Trace t = run_lesson("old-duplicate-syn", profile);
    const std::uint32_t client_isn = t.conns[0].isn[0]->raw();  // the client's real connection
    const trace::Segment& old_syn = segment(t, 1);
    REQUIRE(old_syn.injected);
    const trace::Segment& synack = segment(t, 2);
    const std::string en = said(t, synack.sent, Language::En);
    const std::string zh = said(t, synack.sent, Language::Zh);
    INFO(profile << "\n" << en << zh);
    CHECK(has(en, "That is not the client's ISN (" + std::to_string(client_isn) + ") plus one"));
    CHECK(has(en, "SEQ=" + std::to_string(old_syn.tcp.seq.raw())));
    CHECK(has(en, "ack=" + std::to_string(old_syn.tcp.seq.raw() + 1)));
    CHECK(has(zh, "这不是对方的 ISN（" + std::to_string(client_isn) + "）加一"));
    CHECK(has(zh, "SEQ=" + std::to_string(old_syn.tcp.seq.raw())));
  }
}

// RFC 9293 3.5.2: a RST refuses a segment no connection expects (3.10.7.1, 3.10.7.2),
// answers an unacceptable ACK while the sender keeps its state (3.10.7.3), or comes from an
// abort of the sender's own connection (3.10.5).
TEST_CASE("each RST is narrated by its case", "[ui][narration][rst]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    {
      const trace::Trace t = run_lesson("refused", profile);
      const std::string en = said(t, from_ms(50), Language::En);
      const std::string zh = said(t, from_ms(50), Language::Zh);
      INFO(en << zh);
      CHECK(has(en, "no connection exists for this segment"));
      CHECK_FALSE(has(en, "aborted"));
      CHECK(has(zh, "没有对应的连接"));
      CHECK_FALSE(has(zh, "连接立即被中止"));
    }
    for (const auto& [preset, rst_id] : {std::pair{"old-duplicate-syn", 3u}, std::pair{"syn-in-established", 5u}}) {
      const trace::Trace t = run_lesson(preset, profile);
      const trace::Segment& rst = segment(t, rst_id);
      REQUIRE(rst.tcp.flags.rst());
      const std::string en = said(t, rst.sent, Language::En);
      const std::string zh = said(t, rst.sent, Language::Zh);
      INFO(preset << "\n" << en << zh);
      CHECK(has(en, "This RST aborts nothing: the client keeps its connection"));
      CHECK(has(zh, "这个 RST 并不中止任何连接"));
    }
    {
      const trace::Trace t = run_lesson("rst-in-established", profile);
      const trace::Segment* rst = nullptr;
      for (const auto& s : t.segments) {
        if (s.tcp.flags.rst()) rst = &s;
      }
      REQUIRE(rst != nullptr);
      CHECK(has(said(t, rst->sent, Language::En), "it aborts its own connection at once"));
      CHECK(has(said(t, rst->sent, Language::Zh), "它立即中止自己的连接"));
    }
  }
}

// Linux answers a second, different SYN to a listener's half-open connection with a reset
// built from that SYN and drops the half-open connection (tcp_check_req -> embryonic_reset);
// the RST neither aborts an established connection nor "acknowledges something never sent".
TEST_CASE("the RST of a half-open connection answering a second SYN says the server gives it "
          "up and keeps listening",
          "[ui][narration][rst]") {
  auto s = scenario::parse_scenario(R"json({
  "client": { "isn": 1000 }, "server": { "isn": 5000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [
    { "match": "client ACK #1", "drop": true },
    { "inject": { "from": "client", "flags": "SYN", "seq": "iss+10" }, "arrive_ms": 300 }
  ],
  "until_ms": 5000
})json");
  REQUIRE(s.ok());
  s->profile_name = "linux";
  const trace::Trace t = sim::run(*s);
  const trace::Segment* rst = nullptr;
  for (const auto& x : t.segments) {
    if (x.from == trace::Side::Server && x.tcp.flags.rst()) rst = &x;
  }
  REQUIRE(rst != nullptr);
  REQUIRE(rst->sent == from_ms(300));
  const std::string en = said(t, rst->sent, Language::En);
  const std::string zh = said(t, rst->sent, Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "gives up its half-open connection"));
  CHECK(has(en, "Its listener goes on listening"));
  CHECK_FALSE(has(en, "never sent"));
  CHECK_FALSE(has(en, "the trace does not show which"));
  CHECK(has(zh, "放弃这个半连接"));
}

// Data reaches a server that has closed (RFC 9293 3.6.1: it SHOULD send a RST and drops its
// connection); its next segment then meets only the listener, which refuses an ACK it never
// asked for (3.10.7.2). Two RSTs at the same moment, each narrated by its own case.
TEST_CASE("two RSTs sent at once are each narrated by their own case", "[ui][narration][rst]") {
  auto s = scenario::parse_scenario(R"json({
  "overrides": { "time_wait_ms": 1 },
  "client": { "isn": [1000, 1000], "options": { "timestamps": false } },
  "server": { "isn": [5000, 5000], "options": { "timestamps": false } },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 100, "who": "client", "do": "send", "bytes": 100 },
    { "at_ms": 600, "who": "client", "do": "close" },
    { "at_ms": 650, "who": "server", "do": "close" }
  ],
  "faults": [ { "match": "client data #1", "delay_ms": 1000 } ]
})json");
  REQUIRE(s.ok());
  s->profile_name = "rfc";
  const trace::Trace t = sim::run(*s);
  std::vector<const trace::Segment*> rsts;
  for (const auto& x : t.segments) {
    if (x.from == trace::Side::Server && x.tcp.flags.rst()) rsts.push_back(&x);
  }
  REQUIRE(rsts.size() == 2);
  REQUIRE(rsts[0]->sent == rsts[1]->sent);
  const std::string en = said(t, rsts[0]->sent, Language::En);
  const std::string zh = said(t, rsts[0]->sent, Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "it aborts its own connection at once"));
  CHECK(has(en, "The server's listener answers with RST"));
  CHECK(has(zh, "它立即中止自己的连接"));
  CHECK(has(zh, "监听套接字用 RST 回答"));
}

TEST_CASE("the ISN sentence says what real stacks do, also where a lesson fixes the ISN",
          "[ui][narration][handshake]") {
  const trace::Trace t = run_lesson("short-time-wait", "linux");
  REQUIRE(t.conns[0].isn[0]->raw() == 1000);  // set by the scenario
  const std::string en = said(t, from_ms(0), Language::En);
  const std::string zh = said(t, from_ms(0), Language::Zh);
  CHECK(has(en, "ISN=1000. Real stacks do not start at zero or at a fixed number"));
  CHECK_FALSE(has(en, "The ISN is not zero or fixed"));
  CHECK(has(zh, "真实的协议栈不会从 0 或某个固定值开始"));
  CHECK_FALSE(has(zh, "ISN 不是 0 也不固定"));
}

// RFC 9293 3.10.7.4 seventh step: data is delivered; the ACK may be delayed (3.8.6.3).
TEST_CASE("an arrival that delivers data and arms the delayed ACK does not 'change nothing'",
          "[ui][narration][arrival]") {
  const trace::Trace t = run_lesson("handshake-ack-lost-server-sends", "rfc");
  const trace::Segment* data = nullptr;
  for (const auto& s : t.segments) {
    if (s.from == trace::Side::Server && s.tcp.payload_len > 0) data = &s;
  }
  REQUIRE(data != nullptr);
  const trace::Timer* delack = nullptr;
  for (const auto& x : t.timers) {
    if (x.kind == tcp::TimerKind::DelayedAck && x.armed == data->arrive) delack = &x;
  }
  REQUIRE(delack != nullptr);
  const std::string within = ms(delack->deadline - delack->armed);
  const std::string bytes = std::to_string(data->tcp.payload_len);
  const std::string en = said(t, data->arrive, Language::En);
  const std::string zh = said(t, data->arrive, Language::Zh);
  INFO(en << zh);
  CHECK(has(en, "It passes " + bytes + " bytes to its application"));
  CHECK(has(en, "the acknowledgment follows within " + within));
  CHECK_FALSE(has(en, "changes nothing"));
  CHECK(has(zh, "它把 " + bytes + " 字节交给自己的应用程序"));
  CHECK(has(zh, ms_zh(delack->deadline - delack->armed)));
  CHECK_FALSE(has(zh, "不需要回应"));
}

TEST_CASE("a pure ACK names the next byte expected", "[ui][narration]") {
  const trace::Trace t = run_lesson("normal", "rfc");
  const trace::Segment& ack = segment(t, 2);
  REQUIRE(ack.rel_ack == 1u);
  CHECK(has(said(t, ack.sent, Language::En), "everything before 1: ack=1 is the next sequence number it expects"));
  CHECK(has(said(t, ack.sent, Language::Zh), "确认收到 1 之前的所有内容：ack=1 是它期望收到的下一个序号"));
}
