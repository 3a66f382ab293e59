// The fault-match grammar of SCENARIO_FORMAT.md, the --fault flag and the seq expressions.
#include <catch2/catch.hpp>

#include "core/scenario/match.hpp"
#include "core/scenario/parse.hpp"
#include "core/scenario/seq_expr.hpp"

using namespace tcpviz;
using namespace tcpviz::scenario;
using wire::TcpFlags;

namespace {

wire::TcpSegment seg(std::uint16_t flags, std::uint32_t len = 0) {
  wire::TcpSegment s;
  s.flags.bits = flags;
  s.payload_len = len;
  return s;
}

SegmentMatch must(std::string_view text) {
  auto m = parse_segment_match(text);
  INFO(text);
  REQUIRE(m.ok());
  return *m;
}

}  // namespace

TEST_CASE("match: side, kind, which and filters", "[scenario][match]") {
  SegmentMatch m = must("client ACK #1 ack=2");
  CHECK(m.side == Side::Client);
  CHECK(m.kind == MatchKind::Ack);
  CHECK(m.nth == 1u);
  CHECK(m.rel_ack == 2u);
  CHECK_FALSE(m.rel_seq.has_value());

  m = must("server data * seq=1 len=100 conn=2");
  CHECK(m.kind == MatchKind::Data);
  CHECK_FALSE(m.nth.has_value());
  CHECK(m.rel_seq == 1u);
  CHECK(m.len == 100u);
  CHECK(m.conn == 2u);

  CHECK(must("server SYN|ACK #3").kind == MatchKind::SynAck);
  CHECK(must("server ACK|SYN #3").kind == MatchKind::SynAck);
  CHECK(must("client SYN #1").kind == MatchKind::Syn);
  CHECK(must("client FIN #1").kind == MatchKind::Fin);
  CHECK(must("client RST *").kind == MatchKind::Rst);
  m = must("server =RST|ACK *");
  CHECK(m.kind == MatchKind::Exact);
  CHECK(m.exact_flags == (TcpFlags::kRst | TcpFlags::kAck));
}

TEST_CASE("match: errors say what is wrong", "[scenario][match]") {
  auto bad = [](std::string_view text) {
    auto m = parse_segment_match(text);
    INFO(text);
    REQUIRE_FALSE(m.ok());
    return m.error().message;
  };
  CHECK(bad("server SYNACK #1") ==
        "unknown kind 'SYNACK' (expected SYN, SYN|ACK, FIN, RST, ACK, data or =FLAGS)");
  CHECK(bad("router SYN #1").find("unknown side 'router'") == 0);
  CHECK(bad("client SYN").find("expected") != std::string::npos);
  CHECK(bad("client SYN 1").find("'1'") == 0);
  CHECK(bad("client SYN #0").find("from 1") != std::string::npos);
  CHECK(bad("client SYN #x").find("'#x'") == 0);
  CHECK(bad("client =PSH|ACK *").find("'PSH' cannot be compared") != std::string::npos);
  CHECK(bad("client =SYN|SYN *").find("each once") != std::string::npos);
  CHECK(bad("client FIN|ACK *").find("unknown kind") == 0);  // FIN|ACK is "=FIN|ACK"
  CHECK(bad("client SYN #1 win=5").find("unknown filter 'win=5'") == 0);
  CHECK(bad("client SYN #1 seq=1 seq=2").find("given twice") != std::string::npos);
  CHECK(bad("client SYN #1 seq=-1").find("'seq=-1'") == 0);
  CHECK(bad("client SYN #1 seq=4294967296").find("4294967295") != std::string::npos);
  CHECK(bad(std::string(300, 'x')).find("at most") != std::string::npos);
}

TEST_CASE("match kinds name segments the way SCENARIO_FORMAT.md defines them", "[scenario][match]") {
  const std::uint16_t S = TcpFlags::kSyn, A = TcpFlags::kAck, F = TcpFlags::kFin,
                      R = TcpFlags::kRst, P = TcpFlags::kPsh;
  // SYN: SYN set, ACK clear. SYN|ACK: both.
  CHECK(segment_is_kind(must("client SYN *"), seg(S)));
  CHECK_FALSE(segment_is_kind(must("client SYN *"), seg(S | A)));
  CHECK(segment_is_kind(must("client SYN|ACK *"), seg(S | A)));
  // FIN: with or without ACK, with or without data.
  CHECK(segment_is_kind(must("client FIN *"), seg(F | A, 10)));
  CHECK(segment_is_kind(must("client FIN *"), seg(F)));
  // RST with or without ACK.
  CHECK(segment_is_kind(must("client RST *"), seg(R | A)));
  // ACK: a pure ACK only.
  CHECK(segment_is_kind(must("client ACK *"), seg(A)));
  CHECK_FALSE(segment_is_kind(must("client ACK *"), seg(A, 1)));
  CHECK_FALSE(segment_is_kind(must("client ACK *"), seg(F | A)));
  // data: payload, no SYN or RST; a FIN with data is both FIN and data.
  CHECK(segment_is_kind(must("client data *"), seg(P | A, 100)));
  CHECK(segment_is_kind(must("client data *"), seg(F | A, 100)));
  CHECK_FALSE(segment_is_kind(must("client data *"), seg(R | A, 100)));
  CHECK_FALSE(segment_is_kind(must("client data *"), seg(A)));
  // =FLAGS: exact among SYN, FIN, RST, ACK; PSH never compared.
  CHECK(segment_is_kind(must("client =FIN|ACK *"), seg(F | A | P, 5)));
  CHECK_FALSE(segment_is_kind(must("client =FIN|ACK *"), seg(F)));
}

TEST_CASE("--fault flags: drop, delay=, duplicate=", "[scenario][match]") {
  auto f = parse_fault_flag("server SYN|ACK #1 drop");
  REQUIRE(f.ok());
  CHECK(f->drop);
  CHECK(f->match->kind == MatchKind::SynAck);
  f = parse_fault_flag("client FIN #1 delay=300");
  REQUIRE(f.ok());
  CHECK(f->delay == from_ms(300));
  CHECK_FALSE(f->drop);
  f = parse_fault_flag("client data * len=5 duplicate=2 gap=3");
  REQUIRE(f.ok());
  CHECK(f->duplicate == 2);
  CHECK(f->gap == from_ms(3));
  CHECK(f->match->len == 5u);
  CHECK_FALSE(parse_fault_flag("client FIN #1").ok());
  CHECK_FALSE(parse_fault_flag("client FIN #1 drop delay=5").ok());
  CHECK_FALSE(parse_fault_flag("client FIN #1 delay=0").ok());
  CHECK_FALSE(parse_fault_flag("client FIN #1 duplicate=0").ok());
  CHECK_FALSE(parse_fault_flag("client FIN #1 gap=4 delay=1").ok());
  CHECK_FALSE(parse_fault_flag("drop").ok());
  CHECK_FALSE(parse_fault_flag("").ok());
}

TEST_CASE("seq expressions: numbers and RFC 9293 variables plus or minus a number", "[scenario][expr]") {
  auto e = parse_seq_expr("snd.nxt");
  REQUIRE(e.ok());
  CHECK(e->var == SeqExpr::Var::SndNxt);
  CHECK(e->offset == 0);
  e = parse_seq_expr("iss-1000");
  REQUIRE(e.ok());
  CHECK(e->var == SeqExpr::Var::Iss);
  CHECK(e->offset == -1000);
  e = parse_seq_expr(" RCV.NXT + 1000 ");
  REQUIRE(e.ok());
  CHECK(e->var == SeqExpr::Var::RcvNxt);
  CHECK(e->text == "rcv.nxt+1000");
  e = parse_seq_expr("4294967295");
  REQUIRE(e.ok());
  CHECK(e->var == SeqExpr::Var::None);
  CHECK(e->offset == 4294967295);
  CHECK(parse_seq_expr("snd.una").ok());
  CHECK(parse_seq_expr("irs+0").ok());
  CHECK_FALSE(parse_seq_expr("snd.next").ok());
  CHECK_FALSE(parse_seq_expr("iss-").ok());
  CHECK_FALSE(parse_seq_expr("iss*2").ok());
  CHECK_FALSE(parse_seq_expr("4294967296").ok());
  CHECK_FALSE(parse_seq_expr("").ok());
  CHECK_FALSE(parse_seq_expr("iss+1+2").ok());

  // Sequence space is modulo 2^32 (RFC 9293 3.4).
  SeqVariables v{.iss = 500, .irs = 7, .snd_nxt = 501, .snd_una = 501, .rcv_nxt = 8};
  CHECK(evaluate_seq_expr(*parse_seq_expr("iss-1000"), v) == 500u - 1000u);
  CHECK(evaluate_seq_expr(*parse_seq_expr("rcv.nxt+1000"), v) == 1008u);
  CHECK(evaluate_seq_expr(*parse_seq_expr("12"), v) == 12u);
}
