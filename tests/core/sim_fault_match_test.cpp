// Fault-rule matching by the kinds of SCENARIO_FORMAT.md "faults", and #n counting.
#include <catch2/catch.hpp>

#include <vector>

#include "core/sim/fault_rules.hpp"

using namespace tcpviz;
using namespace tcpviz::sim;
using scenario::MatchKind;
using scenario::Side;
using wire::TcpFlags;

namespace {

wire::TcpSegment seg(std::uint16_t flags, std::uint32_t payload = 0) {
  wire::TcpSegment s;
  s.flags.bits = flags;
  s.payload_len = payload;
  return s;
}

scenario::SegmentMatch match(Side side, MatchKind kind, std::optional<std::uint32_t> nth,
                             std::uint16_t exact = 0) {
  scenario::SegmentMatch m;
  m.side = side;
  m.kind = kind;
  m.nth = nth;
  m.exact_flags = exact;
  return m;
}

WireFacts facts(Side from = Side::Client, std::uint32_t rel_seq = 1,
                std::optional<std::uint32_t> rel_ack = 1, std::uint32_t conn = 0) {
  return WireFacts{from, conn, rel_seq, rel_ack};
}

bool is(MatchKind kind, const wire::TcpSegment& s, std::uint16_t exact = 0) {
  return matches_kind_and_filters(match(Side::Client, kind, std::nullopt, exact), s, facts());
}

constexpr std::uint16_t kSyn = TcpFlags::kSyn, kAck = TcpFlags::kAck, kFin = TcpFlags::kFin,
                        kRst = TcpFlags::kRst, kPsh = TcpFlags::kPsh;

}  // namespace

TEST_CASE("Match kinds: SYN is SYN without ACK, SYN|ACK has both", "[sim][faults]") {
  CHECK(is(MatchKind::Syn, seg(kSyn)));
  CHECK_FALSE(is(MatchKind::Syn, seg(kSyn | kAck)));
  CHECK(is(MatchKind::SynAck, seg(kSyn | kAck)));
  CHECK_FALSE(is(MatchKind::SynAck, seg(kSyn)));
}

TEST_CASE("Match kinds: ACK is a pure ACK only", "[sim][faults]") {
  CHECK(is(MatchKind::Ack, seg(kAck)));
  CHECK(is(MatchKind::Ack, seg(kAck | kPsh)));  // PSH is never compared
  CHECK_FALSE(is(MatchKind::Ack, seg(kAck, 100)));         // carries data
  CHECK_FALSE(is(MatchKind::Ack, seg(kFin | kAck)));       // a FIN
  CHECK_FALSE(is(MatchKind::Ack, seg(kRst | kAck)));       // an RST
  CHECK_FALSE(is(MatchKind::Ack, seg(kSyn | kAck)));       // a SYN-ACK
}

TEST_CASE("Match kinds: a FIN carrying data is both FIN and data", "[sim][faults]") {
  const wire::TcpSegment fin_data = seg(kFin | kAck | kPsh, 100);
  CHECK(is(MatchKind::Fin, fin_data));
  CHECK(is(MatchKind::Data, fin_data));
  CHECK(is(MatchKind::Fin, seg(kFin)));  // with or without ACK
  CHECK_FALSE(is(MatchKind::Data, seg(kFin | kAck)));
  CHECK_FALSE(is(MatchKind::Data, seg(kRst | kAck, 10)));  // RST with data is not data
  CHECK_FALSE(is(MatchKind::Data, seg(kSyn, 10)));         // nor is a SYN with data
  CHECK(is(MatchKind::Rst, seg(kRst)));
  CHECK(is(MatchKind::Rst, seg(kRst | kAck)));
}

TEST_CASE("Match kinds: =FLAGS compares exactly SYN, FIN, RST and ACK", "[sim][faults]") {
  const std::uint16_t fin_ack = kFin | kAck;
  CHECK(is(MatchKind::Exact, seg(kFin | kAck), fin_ack));
  CHECK(is(MatchKind::Exact, seg(kFin | kAck | kPsh, 20), fin_ack));
  CHECK_FALSE(is(MatchKind::Exact, seg(kFin), fin_ack));
  CHECK_FALSE(is(MatchKind::Exact, seg(kFin | kAck | kRst), fin_ack));
  CHECK(is(MatchKind::Exact, seg(kRst | kAck), kRst | kAck));
  CHECK_FALSE(is(MatchKind::Exact, seg(kRst), kRst | kAck));
}

TEST_CASE("Match filters: seq, ack, len and conn", "[sim][faults]") {
  scenario::SegmentMatch m = match(Side::Client, MatchKind::Ack, std::nullopt);
  m.rel_ack = 2;
  // "client ACK #1 ack=2": the ACK of the server's FIN in a connection without data.
  CHECK(matches_kind_and_filters(m, seg(kAck), facts(Side::Client, 2, 2)));
  CHECK_FALSE(matches_kind_and_filters(m, seg(kAck), facts(Side::Client, 2, 1)));
  // ack= needs an acknowledgment number: a segment with ACK clear never matches it.
  scenario::SegmentMatch rst = match(Side::Client, MatchKind::Rst, std::nullopt);
  rst.rel_ack = 0;
  CHECK_FALSE(matches_kind_and_filters(rst, seg(kRst), facts(Side::Client, 0, std::nullopt)));

  scenario::SegmentMatch d = match(Side::Client, MatchKind::Data, std::nullopt);
  d.rel_seq = 101;
  d.len = 50;
  d.conn = 1;
  CHECK(matches_kind_and_filters(d, seg(kAck, 50), facts(Side::Client, 101, 1, 1)));
  CHECK_FALSE(matches_kind_and_filters(d, seg(kAck, 51), facts(Side::Client, 101, 1, 1)));
  CHECK_FALSE(matches_kind_and_filters(d, seg(kAck, 50), facts(Side::Client, 1, 1, 1)));
  CHECK_FALSE(matches_kind_and_filters(d, seg(kAck, 50), facts(Side::Client, 101, 1, 0)));
}

TEST_CASE("#n counts the side's segments of the kind, retransmissions included; first rule wins",
          "[sim][faults]") {
  std::vector<scenario::Fault> faults(3);
  faults[0].match = match(Side::Client, MatchKind::Data, 2);
  faults[0].drop = true;
  faults[1].match = match(Side::Client, MatchKind::Data, std::nullopt);
  faults[1].delay = from_ms(10);
  faults[2].match = match(Side::Server, MatchKind::Ack, 1);
  faults[2].drop = true;
  FaultRules rules;
  rules.reset(faults);

  const wire::TcpSegment data = seg(kAck | kPsh, 100);
  // Data #1: rule 0 waits for #2, so rule 1 (every data segment) applies.
  CHECK(rules.first_match(data, facts(Side::Client, 1)) == 1u);
  // A server pure ACK is not counted by client rules; it is the server's ACK #1.
  CHECK(rules.first_match(seg(kAck), facts(Side::Server, 1)) == 2u);
  // A client pure ACK is no data segment and matches nothing.
  CHECK(rules.first_match(seg(kAck), facts(Side::Client, 101)) == std::nullopt);
  // The retransmission of data #1 (same seq) is data #2: rule 0 drops it.
  CHECK(rules.first_match(data, facts(Side::Client, 1)) == 0u);
  // Data #3: rule 0 is spent, rule 1 applies again.
  CHECK(rules.first_match(data, facts(Side::Client, 101)) == 1u);
  // The server's second ACK: rule 2 was #1 only.
  CHECK(rules.first_match(seg(kAck), facts(Side::Server, 1)) == std::nullopt);
}

TEST_CASE("#n counts a segment even when an earlier rule decided it", "[sim][faults]") {
  std::vector<scenario::Fault> faults(2);
  faults[0].match = match(Side::Client, MatchKind::Syn, 1);
  faults[0].drop = true;
  faults[1].match = match(Side::Client, MatchKind::Syn, 2);
  faults[1].delay = from_ms(5);
  FaultRules rules;
  rules.reset(faults);
  CHECK(rules.first_match(seg(kSyn), facts(Side::Client, 0, std::nullopt)) == 0u);
  // The retransmitted SYN is the client's SYN #2, for rule 1, though rule 0 took SYN #1.
  CHECK(rules.first_match(seg(kSyn), facts(Side::Client, 0, std::nullopt)) == 1u);
}
