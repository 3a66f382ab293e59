// Random events against one connection: whatever arrives, whenever the application calls, the
// invariants of core/tcp/invariants.hpp hold after every event (the Peer checks them) and
// time only moves forward. A plain LCG keeps it repeatable on every platform.
#include <catch2/catch.hpp>

#include <array>

#include "tests/core/tcp_peer.hpp"

using namespace tcpviz;
using namespace tcpviz::tcp;
using namespace tcpviz::tcp::testing;

namespace {

struct Lcg {
  std::uint64_t s;
  std::uint32_t next() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(s >> 33);
  }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
};

// A segment "near" the connection's numbers, so that it reaches deep into 3.10.7.
TcpSegment plausible_segment(Lcg& r, const Tcb& t) {
  static constexpr std::uint16_t kFlagSets[] = {
      kSyn, kSyn | kAck, kAck, kAck, kAck | kPsh, kFin | kAck, kFin | kAck, kRst, kRst | kAck,
      kFin, kSyn | kFin, kAck | kFin | kPsh, 0};
  const std::uint16_t flags = kFlagSets[r.below(sizeof(kFlagSets) / sizeof(kFlagSets[0]))];
  const std::int32_t dseq = static_cast<std::int32_t>(r.below(4000)) - 2000;
  const std::int32_t dack = static_cast<std::int32_t>(r.below(4000)) - 2000;
  std::uint32_t seq = t.rcv_nxt.raw() + static_cast<std::uint32_t>(dseq);
  std::uint32_t ack = t.snd_nxt.raw() + static_cast<std::uint32_t>(dack);
  if (r.below(2) == 0) seq = t.rcv_nxt.raw();
  if (r.below(2) == 0) ack = t.snd_nxt.raw();
  if (r.below(8) == 0) seq = r.next();
  const std::uint32_t len = r.below(3) == 0 ? r.below(3000) : 0;
  TcpSegment s = seg(flags, seq, ack, len, static_cast<std::uint16_t>(r.below(65536)));
  if ((flags & kSyn) != 0 && r.below(2) == 0) {
    s.options.mss = static_cast<std::uint16_t>(r.below(2000));
    if (r.below(2) == 0) s.options.window_scale = static_cast<std::uint8_t>(r.below(20));
    if (r.below(2) == 0) s.options.timestamps = wire::Timestamps{r.next(), r.next()};
    s.options.sack_permitted = r.below(2) == 0;
  }
  return s;
}

}  // namespace

TEST_CASE("Any sequence of segments, calls and timeouts keeps the RFC invariants",
          "[tcp][random]") {
  const char* profiles[] = {"rfc", "linux", "linux-classic"};
  std::array<int, kStateCount> visits{};
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    Lcg r{seed};
    ConnectionConfig c = config(profiles[seed % 3], seed % 2 == 0);
    Peer p(c);
    p.set_strict(false);
    INFO("seed " << seed);
    if (r.below(2) == 0) {
      p.connect(ms(0), r.next());
    } else {
      p.listen(ms(0));
      p.conn().set_iss_for_accept(SeqNum(r.next()));
    }
    for (int step = 0; step < 200; ++step) {
      const Time t = p.now() + Duration(r.below(3) == 0 ? r.below(200'000'000) : r.below(50'000));
      switch (r.below(10)) {
        case 0: p.send(t, r.below(5000)); break;
        case 1: if (r.below(4) == 0) p.close(t); break;
        case 2: if (r.below(6) == 0) p.shutdown(t); break;
        case 3: if (r.below(20) == 0) p.abort(t); break;
        case 4: p.advance(t); break;
        default: {
          p.deliver(t, plausible_segment(r, p.tcb()));
        }
      }
      if (p.state() == State::Closed) break;
    }
    for (const auto& tr : p.transitions()) ++visits[static_cast<std::size_t>(tr.to)];
  }
  // The walk must really reach the states it claims to exercise.
  for (int s = 0; s < kStateCount; ++s) {
    INFO(rfc_name(static_cast<State>(s)) << " entered " << visits[static_cast<std::size_t>(s)]
                                         << " times");
    CHECK(visits[static_cast<std::size_t>(s)] > 0);
  }
}
