// Which connection a captured segment belongs to (internal to core/pcap): the 4-tuple table
// and the rule for when a SYN opens a new incarnation of a 4-tuple. One copy of the rule,
// used by find_conversations() (which keeps every packet) and by summarize_file() (which
// keeps none), so the two number and split connections identically.
//
// A SYN starts a new connection when the 4-tuple's old one has ended (FINs both ways, or an
// RST) or when it carries a different ISN than the old connection's first SYN (RFC 9293
// 3.10.7.4 and RFC 6191: a new SYN may reopen a 4-tuple whose old connection is in
// TIME-WAIT). "client" is the side that sent the first SYN (without ACK); if the handshake
// was not captured, the sender of the first packet seen.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "core/pcap/conversations.hpp"
#include "core/pcap/decode.hpp"

namespace tcpviz::pcap {

// A direction-free key: the two endpoints in a fixed order. Held as 64-bit words so that
// hashing and comparing are a few word operations; the order of the two endpoints only has
// to be the same for both directions, not any particular one.
struct TupleKey {
  std::array<std::uint64_t, 5> words{};  // a (2 words), b (2 words), ports and the IPv6 flag
  // Word by word (the defaulted comparison calls memcmp, a tenth of an import's time).
  bool operator==(const TupleKey& o) const {
    return ((words[0] ^ o.words[0]) | (words[1] ^ o.words[1]) | (words[2] ^ o.words[2]) | (words[3] ^ o.words[3]) |
            (words[4] ^ o.words[4])) == 0;
  }
};

TupleKey make_tuple_key(const TcpEndpoint& x, const TcpEndpoint& y);

// What ends an incarnation, for deciding whether a SYN opens a new one.
struct TupleProgress {
  std::uint32_t conversation = 0;
  std::array<bool, 2> fin{};
  bool rst = false;
  std::optional<wire::SeqNum> client_isn;
};

// 4-tuple -> TupleProgress, open addressing with linear probing: one allocation for the table
// instead of a tree node per connection. A slot is 8 bytes (32 bits of the hash and the entry's
// number), so probing stays within a cache line and most misses are decided by the hash bits
// without touching the key. Entries are never erased (an ended connection's 4-tuple may be
// reopened by a new SYN, and its late segments, such as the last ACK, still belong to it).
class TupleTable {
 public:
  TupleProgress* find(const TupleKey& key) { return find(key, hash(key)); }
  // Sets `key`'s entry to `p` (adding it if new) and returns it.
  TupleProgress* assign(const TupleKey& key, const TupleProgress& p);

  static std::uint64_t hash(const TupleKey& key);

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    std::uint32_t tag = 0;  // the hash's upper 32 bits
    std::uint32_t entry = kEmpty;
  };
  struct Entry {
    TupleKey key;
    TupleProgress progress;
  };
  TupleProgress* find(const TupleKey& key, std::uint64_t h) {
    if (slots_.empty()) return nullptr;
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.entry == kEmpty) return nullptr;
      if (s.tag == tag && entries_[s.entry].key == key) return &entries_[s.entry].progress;
    }
  }
  void place(std::uint64_t h, std::uint32_t entry);
  void grow();
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
};

struct Placement {
  std::uint32_t conversation = 0;
  trace::Side from = trace::Side::Client;
  bool opened = false;  // this segment opened a new conversation
};

// A SYN with a new ISN on a 4-tuple whose connection is still open is either a new
// incarnation (the old one is gone at the peer, e.g. after a reboot or a silent close) or a
// stray SYN the open connection answers with a challenge ACK (RFC 5961 section 4; RFC 9293
// 3.10.7.4 fourth). The peer's next segment on the 4-tuple tells: a SYN|ACK or an RST
// acknowledging the new SYN means a new connection; anything else (the challenge ACK) means
// the SYN hit the old one. With no answer captured it is taken as a new connection.
// `next(SegmentHeader&)` gives the segments after the SYN, in capture order, false at the end.
template <class NextSegment>
bool answered_as_new_connection(const SegmentHeader& syn, NextSegment&& next) {
  SegmentHeader d;
  while (next(d)) {
    if (!(d.src == syn.dst && d.src_port == syn.dst_port && d.dst == syn.src && d.dst_port == syn.src_port)) continue;
    const bool acks_syn = d.flags.ack() && d.ack == syn.seq + 1;
    return acks_syn && (d.flags.syn() || d.flags.rst());
  }
  return true;
}

class ConnectionTracker {
 public:
  // The conversation `seg` belongs to. `answered_as_new()` is asked (rarely: only for a SYN
  // with a new ISN on an open 4-tuple) whether the peer answered it as a new connection.
  template <class AnsweredAsNew>
  Placement place(const SegmentHeader& seg, AnsweredAsNew&& answered_as_new) {
    const TcpEndpoint src{seg.src, seg.src_port};
    const TcpEndpoint dst{seg.dst, seg.dst_port};
    const TupleKey key = make_tuple_key(src, dst);
    const bool plain_syn = seg.flags.syn() && !seg.flags.ack();
    TupleProgress* found = active_.find(key);
    bool start_new = found == nullptr;
    if (!start_new && plain_syn) {
      const TupleProgress& pr = *found;
      const bool ended = pr.rst || (pr.fin[0] && pr.fin[1]);
      const bool new_isn =
          pr.client_isn.has_value() && *pr.client_isn != seg.seq && ends_[pr.conversation].ends[0] == src;
      start_new = ended || (new_isn && answered_as_new());
    }
    if (start_new) found = open(key, seg, src, dst, plain_syn);
    TupleProgress& pr = *found;
    Ends& e = ends_[pr.conversation];
    const bool from_client = e.ends[0].port == src.port && e.ends[0].ip == src.ip;  // the port decides most
    const trace::Side from = from_client ? trace::Side::Client : trace::Side::Server;
    if (from == trace::Side::Client && plain_syn && !pr.client_isn) {
      pr.client_isn = seg.seq;
      e.saw_syn = true;
    }
    if (seg.flags.fin()) pr.fin[static_cast<std::size_t>(from)] = true;
    if (seg.flags.rst()) pr.rst = true;
    return Placement{pr.conversation, from, start_new};
  }

  const std::array<TcpEndpoint, 2>& ends(std::uint32_t conversation) const { return ends_[conversation].ends; }
  bool saw_syn(std::uint32_t conversation) const { return ends_[conversation].saw_syn; }
  std::size_t size() const { return ends_.size(); }

 private:
  struct Ends {
    std::array<TcpEndpoint, 2> ends;  // [client, server]
    bool saw_syn = false;
  };
  TupleProgress* open(const TupleKey& key, const SegmentHeader& seg, const TcpEndpoint& src, const TcpEndpoint& dst,
                      bool plain_syn);

  TupleTable active_;
  std::vector<Ends> ends_;
};

}  // namespace tcpviz::pcap
