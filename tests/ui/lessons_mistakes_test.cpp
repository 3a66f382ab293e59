// "Common mistakes": each wrong claim from the study notes is disproved by its lesson's trace,
// run through the real simulator in every profile. Expected values come from RFC 9293:
// 3.4 (a SYN and a FIN each take one sequence number; an ACK takes none), Figure 6 line 4
// (the third handshake segment is <SEQ=101><ACK=301><CTL=ACK>), Figure 12 lines 3 and 5 (the
// ACK of a FIN and the last ACK are <CTL=ACK> with the sender's next sequence number),
// Figure 13 and 3.10.7.4 "eighth" (CLOSING only when a FIN arrives in FIN-WAIT-1 that does
// not acknowledge our FIN, i.e. crossing FINs), 3.1 and 3.4 (an acknowledgment number is the
// next sequence number expected, and acknowledgments are cumulative), 3.5 and Figure 8 (the
// handshake exists to reject old duplicate SYNs), 3.10.7.4 LAST-ACK and TIME-WAIT (the
// closer of the second FIN retransmits it until it is acknowledged; a FIN arriving in
// TIME-WAIT is such a retransmission).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/scenario/parse.hpp"
#include "core/scenario/presets.hpp"
#include "core/sim/simulator.hpp"
#include "ui/lessons/mistakes.hpp"
#include "ui/model/states_at.hpp"
#include "tests/ui/lesson_fixtures.hpp"

using namespace tcpviz;
using namespace tcpviz::ui;
using F = wire::TcpFlags;

using namespace tcpviz::ui::testing;

namespace {

constexpr std::uint16_t kControl = F::kSyn | F::kFin | F::kRst | F::kAck;

const trace::Segment& evidence_segment(const trace::Trace& t, std::string_view mistake_id) {
  const lessons::Mistake* m = lessons::find_mistake(mistake_id);
  REQUIRE(m != nullptr);
  const auto e = m->find(t);
  REQUIRE(e);
  REQUIRE(e->segment < t.segments.size());
  return t.segments[e->segment];
}

// The segment that `s` acknowledges: the latest one from the other side it covers exactly.
const trace::Segment* acknowledged_by(const trace::Trace& t, const trace::Segment& s) {
  const trace::Segment* found = nullptr;
  for (const auto& x : t.segments) {
    if (x.from != s.from && x.conn == s.conn && x.sent <= s.sent && x.tcp.seg_len() > 0 &&
        x.tcp.seq + x.tcp.seg_len() == s.tcp.ack) {
      found = &x;
    }
  }
  return found;
}

bool has_state(const trace::Trace& t, tcp::State s) {
  for (const auto& x : t.transitions) {
    if (x.to == s) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("every mistake names a lesson, an RFC reference and both languages", "[ui][lessons]") {
  std::set<std::string_view> ids;
  REQUIRE(lessons::mistakes().size() == 8);
  for (const auto& m : lessons::mistakes()) {
    CHECK(ids.insert(m.id).second);
    CHECK(scenario::find_preset(m.preset) != nullptr);
    CHECK(m.rfc.find("RFC 9293") != std::string_view::npos);
    CHECK_FALSE(m.claim_en.empty());
    CHECK_FALSE(m.claim_zh.empty());
    CHECK_FALSE(m.truth_en.empty());
    CHECK_FALSE(m.truth_zh.empty());
    CHECK(m.find != nullptr);
  }
}

TEST_CASE("the third handshake segment carries ACK only, seq=ISN+1 ack=peer ISN+1",
          "[ui][lessons]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("normal", profile);
    const trace::Segment& s = evidence_segment(t, "third-segment-syn");
    // It is the connection's third segment (RFC 9293 Figure 6 line 4) ...
    CHECK(s.id == 2);
    CHECK(s.from == trace::Side::Client);
    // ... with exactly the ACK control bit: no SYN (the notes' SYN=1 is wrong).
    CHECK((s.tcp.flags.bits & kControl) == F::kAck);
    CHECK_FALSE(s.tcp.flags.syn());
    // <SEQ=101><ACK=301>: the client's ISN + 1 and the server's ISN + 1.
    REQUIRE(t.conns[0].isn[0]);
    REQUIRE(t.conns[0].isn[1]);
    CHECK(s.tcp.seq == *t.conns[0].isn[0] + 1);
    CHECK(s.tcp.ack == *t.conns[0].isn[1] + 1);
  }
}

TEST_CASE("the ACK of a FIN has no FIN and continues its sender's numbering", "[ui][lessons]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("fin-ack-lost", profile);
    const trace::Segment& ack = evidence_segment(t, "fin-ack-has-fin");
    const trace::Segment* fin = acknowledged_by(t, ack);
    REQUIRE(fin != nullptr);
    CHECK(fin->tcp.flags.fin());
    CHECK(ack.from == trace::Side::Server);
    CHECK((ack.tcp.flags.bits & kControl) == F::kAck);  // Figure 12 line 3: <CTL=ACK>
    // SEG.ACK = the FIN's SEQ + 1 (a FIN takes one sequence number, RFC 9293 3.4) ...
    CHECK(ack.tcp.ack == fin->tcp.seq + 1);
    // ... and SEG.SEQ = the server's SND.NXT, which is what the client's FIN acknowledged:
    // not a fresh random number.
    CHECK(ack.tcp.seq == fin->tcp.ack);
    // In this lesson it is lost. It is not retransmitted (an ACK takes no sequence number,
    // so nothing acknowledges it and no timer waits for it, RFC 6298 5.1): the client's FIN
    // is, and the server answers that copy with a new ACK carrying the same numbers.
    CHECK(ack.fate == trace::Fate::Dropped);
    const trace::Segment* fin_again = nullptr;
    for (const auto& x : t.segments) {
      if (x.from == fin->from && x.retransmission && x.tcp.flags.fin() && x.tcp.seq == fin->tcp.seq) {
        fin_again = &x;
        break;
      }
    }
    REQUIRE(fin_again != nullptr);
    REQUIRE(fin_again->fate == trace::Fate::Delivered);
    int acks = 0;
    for (const auto& x : t.segments) {
      if (x.from != ack.from || x.tcp.flags != ack.tcp.flags || x.tcp.ack != ack.tcp.ack) continue;
      CHECK_FALSE(x.retransmission);
      CHECK(x.tcp.seq == ack.tcp.seq);
      if (x.id != ack.id) {
        CHECK(x.sent >= fin_again->arrive);  // an answer to the FIN sent again, not a resend
      }
      ++acks;
    }
    CHECK(acks == 2);
  }
  // And the text says so: the FIN is sent again, not the ACK.
  const lessons::Mistake* m = lessons::find_mistake("fin-ack-has-fin");
  REQUIRE(m != nullptr);
  CHECK(m->truth_en.find("lost and sent again") == std::string_view::npos);
  CHECK(m->truth_en.find("not sent again") != std::string_view::npos);
  CHECK(m->truth_en.find("FIN is retransmitted") != std::string_view::npos);
  CHECK(m->truth_zh.find("丢失后又发了一次") == std::string_view::npos);
  CHECK(m->truth_zh.find("重传的是客户端的 FIN") != std::string_view::npos);
}

TEST_CASE("the last ACK has no FIN and carries the closer's FIN seq + 1", "[ui][lessons]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("last-ack-lost", profile);
    const trace::Segment& ack = evidence_segment(t, "last-ack-has-fin");
    const trace::Segment* server_fin = acknowledged_by(t, ack);
    REQUIRE(server_fin != nullptr);
    CHECK(server_fin->from == trace::Side::Server);
    CHECK(server_fin->tcp.flags.fin());
    CHECK(ack.from == trace::Side::Client);
    CHECK((ack.tcp.flags.bits & kControl) == F::kAck);  // Figure 12 line 5: <CTL=ACK>
    CHECK(ack.tcp.ack == server_fin->tcp.seq + 1);
    CHECK(ack.tcp.seq == server_fin->tcp.ack);
    // The client's own FIN came first; the last ACK's seq is that FIN's seq + 1.
    const trace::Segment* client_fin = nullptr;
    for (const auto& x : t.segments) {
      if (x.from == trace::Side::Client && x.tcp.flags.fin()) {
        client_fin = &x;
        break;
      }
    }
    REQUIRE(client_fin != nullptr);
    CHECK(ack.tcp.seq == client_fin->tcp.seq + 1);
    CHECK(ack.fate == trace::Fate::Dropped);
  }
}

TEST_CASE("CLOSING comes from crossing FINs, never from a lost ACK", "[ui][lessons]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace crossing = run_lesson("simultaneous-close", profile);
    const trace::Segment& fin = evidence_segment(crossing, "closing-from-lost-ack");
    CHECK(fin.tcp.flags.fin());
    // The FIN that caused CLOSING does not acknowledge the receiver's own FIN (3.10.7.4
    // eighth: "If our FIN has been ACKed ... enter TIME-WAIT ...; otherwise, enter CLOSING").
    const trace::Segment* own_fin = nullptr;
    for (const auto& x : crossing.segments) {
      if (x.from != fin.from && x.tcp.flags.fin()) {
        own_fin = &x;
        break;
      }
    }
    REQUIRE(own_fin != nullptr);
    CHECK(fin.tcp.ack != own_fin->tcp.seq + 1);
    // And nothing was lost in that lesson.
    for (const auto& x : crossing.segments) CHECK(x.fate != trace::Fate::Dropped);
    // Losing the ACK of a FIN, or the last ACK, never leads to CLOSING.
    for (const char* lost : {"fin-ack-lost", "last-ack-lost", "fin-lost", "server-fin-lost"}) {
      INFO(lost);
      const trace::Trace t = run_lesson(lost, profile);
      CHECK_FALSE(has_state(t, tcp::State::Closing));
      CHECK_FALSE(lessons::closing_entered(t));
    }
  }
}

TEST_CASE("in every lesson, CLOSING follows a FIN that does not acknowledge ours", "[ui][lessons]") {
  // RFC 9293 3.10.7.4 eighth, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this
  // segment), then enter TIME-WAIT ...; otherwise, enter the CLOSING state": the peer sent its
  // FIN before it had taken in ours. Whether some ACK got lost does not enter into it.
  int closings = 0;
  for (const auto& preset : scenario::presets()) {
    for (const char* profile : kProfiles) {
      INFO(preset.id << " / " << profile);
      const trace::Trace t = run_lesson(preset.id, profile);
      for (const auto& x : t.transitions) {
        if (x.to != tcp::State::Closing) continue;
        ++closings;
        CHECK(x.from == tcp::State::FinWait1);
        const trace::Segment* own_fin = nullptr;
        const trace::Segment* peer_fin = nullptr;
        for (const auto& s : t.segments) {
          if (s.conn != x.conn || !s.tcp.flags.fin() || s.injected) continue;
          if (s.from == x.who && own_fin == nullptr) own_fin = &s;
          if (s.from != x.who && s.fate == trace::Fate::Delivered && s.arrive == x.t) peer_fin = &s;
        }
        REQUIRE(own_fin != nullptr);
        REQUIRE(peer_fin != nullptr);
        CHECK(peer_fin->tcp.ack != own_fin->tcp.seq + own_fin->tcp.seg_len());
      }
    }
  }
  CHECK(closings >= 6);  // simultaneous-close: both sides, in each of the three profiles
}

TEST_CASE("sequence numbers after the ISN advance by the bytes, SYNs and FINs sent",
          "[ui][lessons]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("normal", profile);
    const trace::Segment& fin = evidence_segment(t, "random-seq-throughout");
    CHECK(fin.tcp.flags.fin());
    CHECK(fin.from == trace::Side::Client);
    CHECK(fin.rel_seq == 1 + 100);  // ISN, the SYN's one number, then 100 bytes of data
    // Every segment, each side: a new one starts at SND.NXT = ISN + all SEG.LEN sent before;
    // a retransmission repeats numbers already used (RFC 9293 3.4).
    for (const trace::Side side : {trace::Side::Client, trace::Side::Server}) {
      const auto isn = t.conns[0].isn[static_cast<std::size_t>(side)];
      REQUIRE(isn);
      wire::SeqNum snd_nxt = *isn;
      int checked = 0;
      for (const auto& x : t.segments) {
        if (x.from != side || x.conn != 0 || x.injected || x.copy_of) continue;
        if (x.retransmission) {
          CHECK((x.tcp.seq + x.tcp.seg_len()) - snd_nxt <= 0);
          continue;
        }
        CHECK(x.tcp.seq == snd_nxt);
        snd_nxt = snd_nxt + x.tcp.seg_len();
        ++checked;
      }
      CHECK(checked >= 4);
    }
  }
}

TEST_CASE("an acknowledgment number is cumulative: a data segment completes the handshake",
          "[ui][lessons]") {
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("handshake-ack-lost-client-sends", profile);
    const trace::Segment& data = evidence_segment(t, "ack-confirms-previous-packet");
    REQUIRE(t.conns[0].isn[0]);
    REQUIRE(t.conns[0].isn[1]);
    // The handshake's own ACK (segment #2, RFC 9293 Figure 6 line 4) was lost ...
    REQUIRE(t.segments.size() > 2);
    const trace::Segment& lost = t.segments[2];
    CHECK((lost.tcp.flags.bits & kControl) == F::kAck);
    CHECK(lost.tcp.payload_len == 0);
    CHECK(lost.fate == trace::Fate::Dropped);
    // ... and the client's data segment carries the same ack: the server's ISN + 1, the next
    // number the client expects, which covers the server's SYN (3.1, 3.4).
    CHECK(data.from == trace::Side::Client);
    CHECK(data.tcp.payload_len == 100);
    CHECK(data.tcp.flags.ack());
    CHECK(data.tcp.ack == lost.tcp.ack);
    CHECK(data.tcp.ack == *t.conns[0].isn[1] + 1);
    // Its arrival moves the server from SYN-RECEIVED to ESTABLISHED (3.10.7.4 fifth).
    const auto e = lessons::data_completes_handshake(t);
    REQUIRE(e);
    CHECK(e->at == data.arrive);
    CHECK(ui::tcb_state_at(t, data.conn, trace::Side::Server, data.arrive - Duration{1}) ==
          tcp::State::SynReceived);
    CHECK(ui::tcb_state_at(t, data.conn, trace::Side::Server, data.arrive) == tcp::State::Established);
    // The server's next ACK names the byte after the 100 bytes: 1 + 100, relative.
    const trace::Segment* answer = nullptr;
    for (const auto& x : t.segments) {
      if (x.from == trace::Side::Server && x.sent >= data.arrive && x.tcp.flags.ack()) {
        answer = &x;
        break;
      }
    }
    REQUIRE(answer != nullptr);
    CHECK(answer->tcp.ack == data.tcp.seq + 100);
    CHECK(answer->rel_ack == std::optional<std::uint32_t>(101));
  }
  // When the handshake's ACK arrives, it completes the handshake itself: nothing to show.
  CHECK_FALSE(lessons::data_completes_handshake(run_lesson("normal", "linux")));
}

TEST_CASE("the third handshake segment lets the client refuse an old duplicate SYN",
          "[ui][lessons]") {
  // RFC 9293 3.5 and Figure 8: the SYN-ACK answering the old SYN acknowledges a number the
  // client never used; in SYN-SENT the client answers <SEQ=SEG.ACK><CTL=RST> (3.10.7.3), and
  // the server's SYN-RECEIVED connection, spawned by the listener, is forgotten.
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("old-duplicate-syn", profile);
    const trace::Segment& rst = evidence_segment(t, "handshake-tests-send-receive");
    CHECK(rst.from == trace::Side::Client);
    CHECK((rst.tcp.flags.bits & kControl) == F::kRst);
    REQUIRE(t.conns[0].isn[0]);
    const wire::SeqNum client_isn = *t.conns[0].isn[0];
    // The SYN-ACK it answers arrived just then and does not acknowledge the client's SYN.
    const trace::Segment* syn_ack = nullptr;
    for (const auto& x : t.segments) {
      if (x.from == trace::Side::Server && x.tcp.flags.syn() && x.tcp.flags.ack() &&
          x.fate == trace::Fate::Delivered && x.arrive == rst.sent) {
        syn_ack = &x;
      }
    }
    REQUIRE(syn_ack != nullptr);
    CHECK(syn_ack->tcp.ack != client_isn + 1);
    CHECK(rst.tcp.seq == syn_ack->tcp.ack);
    // The client was in SYN-SENT and stays there; the server's copy for the old SYN returns to
    // LISTEN (RFC 9293 3.10.7.4) and is dropped, while its listener goes on listening.
    CHECK(ui::tcb_state_at(t, rst.conn, trace::Side::Client, rst.sent) == tcp::State::SynSent);
    CHECK(ui::tcb_state_at(t, syn_ack->conn, trace::Side::Server, rst.arrive - Duration{1}) ==
          tcp::State::SynReceived);
    CHECK(ui::tcb_state_at(t, syn_ack->conn, trace::Side::Server, rst.arrive) == tcp::State::Listen);
    // The real connection still opens afterwards.
    CHECK(ui::tcb_state_at(t, 0, trace::Side::Client, t.end) == tcp::State::Established);
  }
  CHECK_FALSE(lessons::old_syn_ack_refused(run_lesson("normal", "linux")));
  // The preset injects the old SYN at the client's ISS - 1000; the RST's SEQ is that SYN's
  // number + 1, so 999 below the client's ISN, and the sentence says so.
  const trace::Trace t = run_lesson("old-duplicate-syn", "linux");
  const auto e = lessons::old_syn_ack_refused(t);
  REQUIRE(e);
  CHECK(lessons::evidence_text(t, *e, Language::En) ==
        "Segment #3 (client -> server): flags RST, seq=-999, ack=- (relative).");
}

TEST_CASE("silence in TIME-WAIT proves nothing: the server was still in LAST-ACK",
          "[ui][lessons]") {
  // RFC 9293 3.10.7.4: in LAST-ACK "the only thing that can arrive ... is an acknowledgment
  // of our FIN"; until then the FIN is retransmitted (3.6). In TIME-WAIT "the only thing that
  // can arrive ... is a retransmission of the remote FIN".
  for (const char* profile : kProfiles) {
    INFO(profile);
    const trace::Trace t = run_lesson("last-ack-lost", profile);
    const trace::Segment& fin = evidence_segment(t, "time-wait-silence-proves-closed");
    CHECK(fin.from == trace::Side::Server);
    CHECK(fin.tcp.flags.fin());
    CHECK(fin.retransmission);
    const Time before = fin.arrive - Duration{1};
    CHECK(ui::tcb_state_at(t, fin.conn, trace::Side::Client, before) == tcp::State::TimeWait);
    // The server had not closed: it was in LAST-ACK the whole time the client's last ACK was
    // on its way and lost, and still is when its FIN arrives again.
    CHECK(ui::tcb_state_at(t, fin.conn, trace::Side::Server, before) == tcp::State::LastAck);
    const trace::Segment* last = nullptr;
    for (const auto& x : t.segments) {
      if (x.from == trace::Side::Client && x.sent < fin.sent && x.tcp.flags.ack()) last = &x;
    }
    REQUIRE(last != nullptr);
    CHECK(last->fate == trace::Fate::Dropped);
    CHECK(ui::tcb_state_at(t, fin.conn, trace::Side::Server, last->arrive) == tcp::State::LastAck);
    // The server closes only after its FIN came again and a new ACK answered it; the client,
    // waiting out TIME-WAIT, hears nothing more either way.
    const trace::Transition* server_closed = nullptr;
    const trace::Transition* client_closed = nullptr;
    for (const auto& x : t.transitions) {
      if (x.to != tcp::State::Closed) continue;
      if (x.who == trace::Side::Server) server_closed = &x;
      if (x.who == trace::Side::Client) client_closed = &x;
    }
    REQUIRE(server_closed != nullptr);
    REQUIRE(client_closed != nullptr);
    CHECK(server_closed->from == tcp::State::LastAck);
    CHECK(server_closed->t > fin.arrive);
    CHECK(client_closed->from == tcp::State::TimeWait);
  }
  // Without a lost last ACK no FIN arrives in TIME-WAIT.
  CHECK_FALSE(lessons::fin_again_in_time_wait(run_lesson("normal", "linux")));
}

TEST_CASE("the evidence sentence names the segment's flags and numbers", "[ui][lessons]") {
  const trace::Trace t = run_lesson("normal", "linux");
  const auto e = lessons::third_handshake_segment(t);
  REQUIRE(e);
  CHECK(lessons::evidence_text(t, *e, Language::En) ==
        "Segment #2 (client -> server): flags ACK, seq=1, ack=1 (relative).");
  CHECK(lessons::evidence_text(t, *e, Language::Zh).find("标志位 ACK") != std::string::npos);
  // A trace without a handshake has nothing to show.
  CHECK_FALSE(lessons::third_handshake_segment(trace::Trace{}));
}
