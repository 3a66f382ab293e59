// RFC 6528 section 3 ISNs and the SipHash-2-4 function behind them.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

#include "core/tcp/isn.hpp"

using namespace tcpviz;

namespace {

// The key of the SipHash paper's test vectors (Aumasson, Bernstein 2012, appendix A):
// bytes 00 01 02 ... 0f, read little-endian.
constexpr tcp::SipKey kPaperKey{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};

std::uint64_t paper_vector(std::size_t len) {
  std::array<std::uint8_t, 64> msg{};
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i);
  return tcp::siphash24(kPaperKey, msg.data(), len);
}

constexpr tcp::FourTuple kTuple{0xC0000201, 40000, 0xC0000202, 80};
constexpr tcp::SipKey kSecret{0x1234, 0x5678};

}  // namespace

TEST_CASE("SipHash-2-4 matches the reference test vectors", "[sim][isn]") {
  // vectors.h of the reference implementation: the message is 00 01 .. (len-1).
  CHECK(paper_vector(0) == 0x726fdb47dd0e0e31ull);
  CHECK(paper_vector(8) == 0x93f5f5799a932462ull);
  // The paper's worked example, 15 bytes 00..0e: a129ca6149be45e5.
  CHECK(paper_vector(15) == 0xa129ca6149be45e5ull);
}

TEST_CASE("RFC 6528 3: ISNs of one 4-tuple advance with the 4-microsecond clock M",
          "[sim][isn]") {
  const wire::SeqNum a = tcp::rfc6528_isn(Time{0}, kTuple, kSecret);
  const wire::SeqNum b = tcp::rfc6528_isn(from_ms(1000), kTuple, kSecret);
  const wire::SeqNum c = tcp::rfc6528_isn(from_ms(1000) + Duration(3), kTuple, kSecret);
  // F is the same for the same 4-tuple and key, so only M moves: 1 s is 250000 ticks of 4 us.
  CHECK(b - a == 250000);
  CHECK(b > a);
  // Less than one tick later: the same ISN.
  CHECK(c == b);
  // M starts at 0: at time 0 the ISN is F itself.
  CHECK(a.raw() == tcp::isn_offset(kTuple, kSecret));
}

TEST_CASE("RFC 6528 3: F differs between 4-tuples and between secret keys", "[sim][isn]") {
  tcp::FourTuple other_port = kTuple;
  other_port.local_port = 40001;
  tcp::FourTuple swapped{kTuple.remote_ip, kTuple.remote_port, kTuple.local_ip,
                         kTuple.local_port};
  const std::uint32_t f = tcp::isn_offset(kTuple, kSecret);
  CHECK(tcp::isn_offset(other_port, kSecret) != f);
  CHECK(tcp::isn_offset(swapped, kSecret) != f);
  CHECK(tcp::isn_offset(kTuple, tcp::SipKey{0x1234, 0x5679}) != f);
  // ...and is a function: the same inputs give the same F.
  CHECK(tcp::isn_offset(kTuple, kSecret) == f);
}
