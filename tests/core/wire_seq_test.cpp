// Sequence number arithmetic on the 32-bit circle, RFC 9293 section 3.4: "the sequence number
// space ... ranges from 0 to 2^32 - 1 ... all arithmetic dealing with sequence numbers must be
// performed modulo 2^32", and comparisons are "=<" modulo 2^32.
#include <catch2/catch.hpp>

#include "core/wire/seq.hpp"

using tcpviz::wire::SeqNum;
using tcpviz::wire::seq_distance;
using tcpviz::wire::seq_in_window;

TEST_CASE("wire: SeqNum compares modulo 2^32 across the wrap (RFC 9293 3.4)", "[wire][seq]") {
  const SeqNum before_wrap(0xFFFFFFF0u);
  const SeqNum after_wrap(0x00000010u);
  CHECK(before_wrap < after_wrap);  // plain `<` on the raw values would say the opposite
  CHECK(after_wrap > before_wrap);
  CHECK(before_wrap <= after_wrap);
  CHECK_FALSE(after_wrap < before_wrap);
  CHECK(after_wrap - before_wrap == 0x20);
  CHECK(before_wrap - after_wrap == -0x20);
  CHECK(before_wrap + 0x20u == after_wrap);
  CHECK(after_wrap - 0x20u == before_wrap);
  CHECK(SeqNum(0xFFFFFFFFu) + 1u == SeqNum(0));
}

TEST_CASE("wire: seq_distance counts forward through zero", "[wire][seq]") {
  // Bytes in flight SND.NXT - SND.UNA when SND.UNA is just below 2^32 (RFC 9293 3.4).
  CHECK(seq_distance(SeqNum(0xFFFFFFF0u), SeqNum(0x10u)) == 0x20u);
  CHECK(seq_distance(SeqNum(5), SeqNum(5)) == 0u);
}

TEST_CASE("wire: a window straddling 2^32 holds both ends (RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND)",
          "[wire][seq]") {
  const SeqNum rcv_nxt(0xFFFFFF00u);
  const std::uint32_t rcv_wnd = 0x200;
  CHECK(seq_in_window(rcv_nxt, rcv_nxt, rcv_wnd));
  CHECK(seq_in_window(SeqNum(0xFFFFFFFFu), rcv_nxt, rcv_wnd));
  CHECK(seq_in_window(SeqNum(0), rcv_nxt, rcv_wnd));
  CHECK(seq_in_window(SeqNum(0xFFu), rcv_nxt, rcv_wnd));
  CHECK_FALSE(seq_in_window(SeqNum(0x100u), rcv_nxt, rcv_wnd));   // RCV.NXT+RCV.WND itself
  CHECK_FALSE(seq_in_window(SeqNum(0xFFFFFEFFu), rcv_nxt, rcv_wnd));  // just before RCV.NXT
  CHECK_FALSE(seq_in_window(rcv_nxt, rcv_nxt, 0));  // a zero window holds nothing
}
