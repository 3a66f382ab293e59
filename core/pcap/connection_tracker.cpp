#include "core/pcap/connection_tracker.hpp"

namespace tcpviz::pcap {
namespace {

// An address as two words (host byte order of the loads does not matter: only equality and a
// consistent order are needed).
void load_address(const IpAddress& ip, std::uint64_t& hi, std::uint64_t& lo) {
  std::memcpy(&hi, ip.bytes.data(), sizeof hi);
  std::memcpy(&lo, ip.bytes.data() + 8, sizeof lo);
}

}  // namespace

TupleKey make_tuple_key(const TcpEndpoint& x, const TcpEndpoint& y) {
  std::uint64_t xh = 0, xl = 0, yh = 0, yl = 0;
  load_address(x.ip, xh, xl);
  load_address(y.ip, yh, yl);
  const bool swap = xh != yh ? yh < xh : (xl != yl ? yl < xl : y.port < x.port);
  TupleKey k;
  const std::uint64_t flag = x.ip.ipv6 ? 1 : 0;
  if (swap) {
    k.words = {yh, yl, xh, xl, (std::uint64_t{y.port} << 32) | (std::uint64_t{x.port} << 16) | flag};
  } else {
    k.words = {xh, xl, yh, yl, (std::uint64_t{x.port} << 32) | (std::uint64_t{y.port} << 16) | flag};
  }
  return k;
}

std::uint64_t TupleTable::hash(const TupleKey& k) {
  // Multiply-xorshift mixing (as in splitmix64's finalizer): cheap, and spreads the few bits
  // that differ between neighbouring addresses and ports over the whole word.
  std::uint64_t h = 0x9E3779B97F4A7C15ull;
  for (const std::uint64_t w : k.words) {
    h ^= w;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  return h;
}

TupleProgress* TupleTable::assign(const TupleKey& key, const TupleProgress& p) {
  const std::uint64_t h = hash(key);
  if (TupleProgress* existing = find(key, h)) {
    *existing = p;
    return existing;
  }
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  entries_.push_back(Entry{key, p});
  place(h, static_cast<std::uint32_t>(entries_.size() - 1));
  return &entries_.back().progress;
}

void TupleTable::place(std::uint64_t h, std::uint32_t entry) {
  std::size_t i = h & mask_;
  while (slots_[i].entry != kEmpty) i = (i + 1) & mask_;
  slots_[i] = Slot{static_cast<std::uint32_t>(h >> 32), entry};
}

void TupleTable::grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (std::uint32_t e = 0; e < entries_.size(); ++e) place(hash(entries_[e].key), e);
}

TupleProgress* ConnectionTracker::open(const TupleKey& key, const SegmentHeader& seg, const TcpEndpoint& src,
                                       const TcpEndpoint& dst, bool plain_syn) {
  Ends e;
  e.ends = {src, dst};
  TupleProgress pr;
  pr.conversation = static_cast<std::uint32_t>(ends_.size());
  if (plain_syn) {
    e.saw_syn = true;
    pr.client_isn = seg.seq;
  } else if (seg.flags.syn() && seg.flags.ack()) {
    // The SYN was missed but the SYN|ACK shows who answered: its receiver is the client.
    e.ends = {dst, src};
  }
  ends_.push_back(e);
  return active_.assign(key, pr);
}

}  // namespace tcpviz::pcap
