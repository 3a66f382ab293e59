// Sequence numbers live on a 32-bit circle (RFC 9293 section 3.4): every comparison is
// modular, so a plain `<` on raw values is wrong as soon as the space wraps near 2^32.
// SeqNum makes the right comparison the only one available.
#pragma once

#include <cstdint>

namespace tcpviz::wire {

class SeqNum {
 public:
  constexpr SeqNum() = default;
  constexpr explicit SeqNum(std::uint32_t raw) : raw_(raw) {}

  constexpr std::uint32_t raw() const { return raw_; }

  friend constexpr SeqNum operator+(SeqNum s, std::uint32_t n) { return SeqNum(s.raw_ + n); }
  friend constexpr SeqNum operator-(SeqNum s, std::uint32_t n) { return SeqNum(s.raw_ - n); }
  SeqNum& operator+=(std::uint32_t n) {
    raw_ += n;
    return *this;
  }

  // Signed distance from b to a, valid while the two are less than 2^31 apart (RFC 9293
  // section 3.4 assumes windows far smaller than that).
  friend constexpr std::int32_t operator-(SeqNum a, SeqNum b) {
    return static_cast<std::int32_t>(a.raw_ - b.raw_);
  }

  friend constexpr bool operator==(SeqNum a, SeqNum b) { return a.raw_ == b.raw_; }
  friend constexpr bool operator!=(SeqNum a, SeqNum b) { return a.raw_ != b.raw_; }
  friend constexpr bool operator<(SeqNum a, SeqNum b) { return (a - b) < 0; }
  friend constexpr bool operator<=(SeqNum a, SeqNum b) { return (a - b) <= 0; }
  friend constexpr bool operator>(SeqNum a, SeqNum b) { return (a - b) > 0; }
  friend constexpr bool operator>=(SeqNum a, SeqNum b) { return (a - b) >= 0; }

 private:
  std::uint32_t raw_ = 0;
};

// Unsigned distance going forward from `from` to `to` (the number of sequence numbers
// between them), e.g. the bytes in flight SND.NXT - SND.UNA.
constexpr std::uint32_t seq_distance(SeqNum from, SeqNum to) { return to.raw() - from.raw(); }

// lo <= s < hi on the circle (RFC 9293's "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND").
constexpr bool seq_in_window(SeqNum s, SeqNum lo, std::uint32_t len) {
  return seq_distance(lo, s) < len;
}

}  // namespace tcpviz::wire
