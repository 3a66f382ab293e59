#include "core/pcap/conversations.hpp"

#include <cstring>
#include <optional>

namespace tcpviz::pcap {
namespace {

using trace::Side;
using wire::SeqNum;

// A direction-free key: the two endpoints in a fixed order (the smaller address/port first).
struct Key {
  std::array<std::uint8_t, 16> a{};
  std::array<std::uint8_t, 16> b{};
  std::uint16_t a_port = 0;
  std::uint16_t b_port = 0;
  bool ipv6 = false;
  bool operator==(const Key&) const = default;
};

Key make_key(const TcpEndpoint& x, const TcpEndpoint& y) {
  const int c = std::memcmp(x.ip.bytes.data(), y.ip.bytes.data(), x.ip.bytes.size());
  const bool swap = c > 0 || (c == 0 && y.port < x.port);
  const TcpEndpoint& lo = swap ? y : x;
  const TcpEndpoint& hi = swap ? x : y;
  return Key{lo.ip.bytes, hi.ip.bytes, lo.port, hi.port, x.ip.ipv6};
}

std::uint64_t load64(const std::array<std::uint8_t, 16>& b, std::size_t at) {
  std::uint64_t v = 0;
  std::memcpy(&v, b.data() + at, sizeof v);
  return v;
}

std::uint64_t hash_key(const Key& k) {
  // Multiply-xorshift mixing (as in splitmix64's finalizer): cheap, and spreads the few bits
  // that differ between neighbouring addresses and ports over the whole word.
  auto mix = [](std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  };
  std::uint64_t h = mix(k.ipv6 ? 1 : 0, (std::uint64_t{k.a_port} << 16) | k.b_port);
  h = mix(h, load64(k.a, 0));
  h = mix(h, load64(k.b, 0));
  if (k.ipv6) {
    h = mix(h, load64(k.a, 8));
    h = mix(h, load64(k.b, 8));
  }
  return h;
}

bool is_plain_syn(const wire::TcpSegment& s) { return s.flags.syn() && !s.flags.ack(); }

// What ends an incarnation, for deciding whether a SYN opens a new one.
struct Progress {
  std::size_t conversation = 0;
  std::array<bool, 2> fin{};
  bool rst = false;
  std::optional<SeqNum> client_isn;
};

// 4-tuple -> Progress, open addressing with linear probing: one allocation for the table
// instead of a tree node per connection, and a lookup that usually touches one cache line.
// Entries are never erased (an ended connection's 4-tuple may be reopened by a new SYN).
class ProgressTable {
 public:
  // The entry for `key`, or nullptr.
  Progress* find(const Key& key) {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = hash_key(key) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == kEmpty) return nullptr;
      if (s.key == key) return &values_[s.value];
    }
  }
  // Sets `key`'s entry to `p` (adding it if new) and returns it.
  Progress* assign(const Key& key, const Progress& p) {
    if (Progress* existing = find(key)) {
      *existing = p;
      return existing;
    }
    if ((values_.size() + 1) * 2 > slots_.size()) grow();
    values_.push_back(p);
    place(key, static_cast<std::uint32_t>(values_.size() - 1));
    return &values_.back();
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    Key key;
    std::uint32_t value = kEmpty;
  };
  void place(const Key& key, std::uint32_t value) {
    std::size_t i = hash_key(key) & mask_;
    while (slots_[i].value != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{key, value};
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value != kEmpty) place(s.key, s.value);
    }
  }
  std::vector<Slot> slots_;
  std::vector<Progress> values_;
  std::size_t mask_ = 0;
};

// A SYN with a new ISN on a 4-tuple whose connection is still open is either a new
// incarnation (the old one is gone at the peer, e.g. after a reboot or a silent close) or a
// stray SYN the open connection answers with a challenge ACK (RFC 5961 section 4; RFC 9293
// 3.10.7.4 fourth). The peer's next segment on the 4-tuple tells: a SYN|ACK or an RST
// acknowledging the new SYN means a new connection; anything else (the challenge ACK) means
// the SYN hit the old one. With no answer captured it is taken as a new connection.
bool answered_as_new_connection(const Capture& capture, std::size_t syn_at, const DecodedPacket& syn,
                                const Key& key) {
  // Rare (a SYN with a new ISN on an open 4-tuple), so the packets after it are decoded again
  // here rather than every decoded packet being kept for this look-ahead.
  SkipCounts ignored;
  for (std::size_t j = syn_at + 1; j < capture.packets.size(); ++j) {
    const CapturedPacket& p = capture.packets[j];
    const std::optional<DecodedPacket> d = decode_packet(capture.data(p), p.link_type, ignored);
    if (!d || !(d->src == syn.dst && d->tcp.src_port == syn.tcp.dst_port)) continue;
    if (make_key(TcpEndpoint{d->src, d->tcp.src_port}, TcpEndpoint{d->dst, d->tcp.dst_port}) != key) continue;
    const bool acks_syn = d->tcp.flags.ack() && d->tcp.ack == syn.tcp.seq + 1;
    return acks_syn && (d->tcp.flags.syn() || d->tcp.flags.rst());
  }
  return true;
}

}  // namespace

std::string to_string(const TcpEndpoint& e) {
  if (e.ip.ipv6) return "[" + to_string(e.ip) + "]:" + std::to_string(e.port);
  return to_string(e.ip) + ":" + std::to_string(e.port);
}

bool is_retransmission(const wire::TcpSegment& seg, const std::optional<SeqNum>& highest_end) {
  return seg.seg_len() > 0 && highest_end.has_value() && seg.seq < *highest_end;
}

bool answers_own_syn(const wire::TcpSegment& seg, const std::optional<SeqNum>& own_isn) {
  // RFC 9293 figure 8 (simultaneous open): after its SYN crossed the peer's, an end sends
  // SYN|ACK with the same ISN. That is the handshake going on, not a lost segment resent.
  return seg.flags.syn() && seg.flags.ack() && own_isn && seg.seq == *own_isn;
}

Conversations find_conversations(const Capture& capture) {
  Conversations out;
  ProgressTable active;
  for (std::uint32_t i = 0; i < capture.packets.size(); ++i) {
    const CapturedPacket& packet = capture.packets[i];
    const std::optional<DecodedPacket> d = decode_packet(capture.data(packet), packet.link_type, out.skipped);
    if (!d) continue;
    const TcpEndpoint src{d->src, d->tcp.src_port};
    const TcpEndpoint dst{d->dst, d->tcp.dst_port};
    const Key key = make_key(src, dst);
    Progress* found = active.find(key);
    bool start_new = found == nullptr;
    if (!start_new && is_plain_syn(d->tcp)) {
      const Progress& pr = *found;
      const bool ended = pr.rst || (pr.fin[0] && pr.fin[1]);
      const bool new_isn = pr.client_isn.has_value() && *pr.client_isn != d->tcp.seq &&
                           out.list[pr.conversation].ends[0] == src;
      start_new = ended || (new_isn && answered_as_new_connection(capture, i, *d, key));
    }
    if (start_new) {
      Conversation c;
      c.ends = {src, dst};
      Progress pr;
      pr.conversation = out.list.size();
      if (is_plain_syn(d->tcp)) {
        c.saw_syn = true;
        pr.client_isn = d->tcp.seq;
      } else if (d->tcp.flags.syn() && d->tcp.flags.ack()) {
        // The SYN was missed but the SYN|ACK shows who answered: its receiver is the client.
        c.ends = {dst, src};
      }
      out.list.push_back(std::move(c));
      found = active.assign(key, pr);
    }
    Progress& pr = *found;
    Conversation& c = out.list[pr.conversation];
    const Side from = c.ends[0] == src ? Side::Client : Side::Server;
    if (from == Side::Client && is_plain_syn(d->tcp) && !pr.client_isn) {
      pr.client_isn = d->tcp.seq;
      c.saw_syn = true;
    }
    if (d->tcp.flags.fin()) pr.fin[static_cast<std::size_t>(from)] = true;
    if (d->tcp.flags.rst()) pr.rst = true;
    c.packets.push_back(ConversationPacket{i, from, *d});
  }
  return out;
}

std::string_view close_kind_name(CloseKind k) {
  switch (k) {
    case CloseKind::StillOpen: return "still-open";
    case CloseKind::FourSegment: return "four-segment";
    case CloseKind::ThreeSegment: return "three-segment";
    case CloseKind::Simultaneous: return "simultaneous";
    case CloseKind::Reset: return "reset";
  }
  return "still-open";
}

ConnectionSummary summarize_conversation(const Capture& capture, const Conversation& c, std::uint32_t index) {
  ConnectionSummary s;
  s.index = index;
  s.client = c.ends[0];
  s.server = c.ends[1];
  s.packet_count = static_cast<std::uint32_t>(c.packets.size());
  if (c.packets.empty()) return s;
  s.start = capture.packets[c.packets.front().packet].t;
  s.duration = capture.packets[c.packets.back().packet].t - s.start;

  std::array<std::optional<SeqNum>, 2> highest_end;       // SEG.SEQ + SEG.LEN, per sender
  std::array<std::optional<SeqNum>, 2> highest_data_end;  // end of payload seen, per sender
  std::array<std::optional<SeqNum>, 2> isn;
  std::array<std::optional<SeqNum>, 2> fin_seq;           // the sequence number the FIN took
  std::array<bool, 2> acked_fin_before_own_fin{};         // pure ACK of the peer's FIN, own FIN later
  std::optional<Side> first_fin;
  bool simultaneous = false;
  std::array<bool, 2> syn_acked{};  // [the client's SYN, the server's SYN]
  bool reset_before_close = false;

  for (const ConversationPacket& cp : c.packets) {
    const wire::TcpSegment& seg = cp.decoded.tcp;
    const auto f = static_cast<std::size_t>(cp.from);
    const auto peer = 1 - f;
    ++s.packets[f];
    s.frame_bytes[f] += capture.packets[cp.packet].orig_len;
    if (is_retransmission(seg, highest_end[f]) && !answers_own_syn(seg, isn[f])) ++s.retransmissions;
    const SeqNum end = seg.seq + seg.seg_len();
    // A stray SYN with another ISN (answered by a challenge ACK) is not this stream's space.
    const bool stray_syn = seg.flags.syn() && isn[f] && seg.seq != *isn[f];
    if (seg.seg_len() > 0 && !stray_syn && (!highest_end[f] || *highest_end[f] < end)) highest_end[f] = end;
    if (seg.payload_len > 0) {
      const SeqNum data_start = seg.seq + (seg.flags.syn() ? 1u : 0u);
      const SeqNum data_end = data_start + seg.payload_len;
      const SeqNum from_seq = highest_data_end[f] && data_start < *highest_data_end[f] ? *highest_data_end[f] : data_start;
      if (from_seq < data_end) s.data_bytes[f] += wire::seq_distance(from_seq, data_end);
      if (!highest_data_end[f] || *highest_data_end[f] < data_end) highest_data_end[f] = data_end;
    }
    // Handshake (RFC 9293 3.5): each side's SYN acknowledged by the other. That covers the
    // three-way handshake (SYN, SYN|ACK, ACK) and a simultaneous open (figure 8: SYN, SYN,
    // SYN|ACK, SYN|ACK) alike. An RST acknowledges nothing here.
    if (seg.flags.syn() && !isn[f]) isn[f] = seg.seq;
    if (seg.flags.ack() && !seg.flags.rst() && isn[peer] && seg.ack == *isn[peer] + 1) syn_acked[peer] = true;
    if (syn_acked[0] && syn_acked[1]) s.handshake_complete = true;
    // Close: the FIN takes the sequence number after the data it follows (RFC 9293 3.6).
    const bool acks_peer_fin = seg.flags.ack() && fin_seq[peer] && seg.ack > *fin_seq[peer];
    if (seg.flags.fin() && !fin_seq[f]) {
      fin_seq[f] = seg.seq + (seg.flags.syn() ? 1u : 0u) + seg.payload_len;
      if (!first_fin) {
        first_fin = cp.from;
      } else if (!acks_peer_fin) {
        simultaneous = true;  // sent before the peer's FIN reached it
      }
    } else if (!seg.flags.fin() && acks_peer_fin && !fin_seq[f] && !seg.flags.rst()) {
      acked_fin_before_own_fin[f] = true;
    }
    if (seg.flags.rst() && !(fin_seq[0] && fin_seq[1])) reset_before_close = true;
  }
  if (reset_before_close) {
    s.close = CloseKind::Reset;
  } else if (fin_seq[0] && fin_seq[1] && first_fin) {
    const auto second = 1 - static_cast<std::size_t>(*first_fin);
    if (simultaneous) {
      s.close = CloseKind::Simultaneous;
    } else if (acked_fin_before_own_fin[second]) {
      s.close = CloseKind::FourSegment;
    } else {
      s.close = CloseKind::ThreeSegment;
    }
  }
  return s;
}

std::vector<ConnectionSummary> summarize(const Capture& capture) {
  const Conversations conv = find_conversations(capture);
  std::vector<ConnectionSummary> out;
  out.reserve(conv.list.size());
  for (std::uint32_t i = 0; i < conv.list.size(); ++i) out.push_back(summarize_conversation(capture, conv.list[i], i));
  return out;
}

}  // namespace tcpviz::pcap
