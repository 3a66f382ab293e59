#include "core/pcap/conversations.hpp"

#include <optional>

#include "core/pcap/connection_tracker.hpp"
#include "core/pcap/summary_builder.hpp"

namespace tcpviz::pcap {
namespace {

using wire::SeqNum;

SegmentFacts facts_of(const wire::TcpSegment& tcp) { return SegmentFacts{tcp.seq, tcp.ack, tcp.flags, tcp.payload_len}; }

}  // namespace

std::string to_string(const TcpEndpoint& e) {
  if (e.ip.ipv6) return "[" + to_string(e.ip) + "]:" + std::to_string(e.port);
  return to_string(e.ip) + ":" + std::to_string(e.port);
}

bool is_retransmission(const wire::TcpSegment& seg, const std::optional<SeqNum>& highest_end) {
  return seg.seg_len() > 0 && highest_end.has_value() && seg.seq < *highest_end;
}

bool answers_own_syn(const wire::TcpSegment& seg, const std::optional<SeqNum>& own_isn) {
  // RFC 9293 figure 7 (simultaneous open): after its SYN crossed the peer's, an end sends
  // SYN|ACK with the same ISN. That is the handshake going on, not a lost segment resent.
  return seg.flags.syn() && seg.flags.ack() && own_isn && seg.seq == *own_isn;
}

Conversations find_conversations(const Capture& capture) {
  Conversations out;
  ConnectionTracker tracker;
  for (std::uint32_t i = 0; i < capture.packets.size(); ++i) {
    const CapturedPacket& packet = capture.packets[i];
    const std::optional<DecodedPacket> d = decode_packet(capture.data(packet), packet.link_type, out.skipped);
    if (!d) continue;
    SegmentHeader h;
    h.src = d->src;
    h.dst = d->dst;
    h.src_port = d->tcp.src_port;
    h.dst_port = d->tcp.dst_port;
    h.seq = d->tcp.seq;
    h.ack = d->tcp.ack;
    h.flags = d->tcp.flags;
    const Placement at = tracker.place(h, [&] {
      // Rare, so the packets after the SYN are decoded again here rather than every decoded
      // packet being kept for this look-ahead.
      std::size_t j = i + 1;
      SkipCounts ignored;
      return answered_as_new_connection(h, [&](SegmentHeader& next) {
        for (; j < capture.packets.size(); ++j) {
          const CapturedPacket& p = capture.packets[j];
          if (auto n = decode_segment_header(capture.data(p), p.link_type, ignored)) {
            next = *n;
            ++j;
            return true;
          }
        }
        return false;
      });
    });
    if (at.opened) {
      Conversation c;
      c.ends = tracker.ends(at.conversation);
      out.list.push_back(std::move(c));
    }
    Conversation& c = out.list[at.conversation];
    c.saw_syn = tracker.saw_syn(at.conversation);
    c.packets.push_back(ConversationPacket{i, at.from, *d});
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
  SummaryBuilder builder(index, c.ends[0], c.ends[1]);
  for (const ConversationPacket& cp : c.packets) {
    const CapturedPacket& p = capture.packets[cp.packet];
    builder.add(cp.from, facts_of(cp.decoded.tcp), p.t, p.orig_len);
  }
  return builder.finish();
}

std::vector<ConnectionSummary> summarize(const Capture& capture) {
  const Conversations conv = find_conversations(capture);
  std::vector<ConnectionSummary> out;
  out.reserve(conv.list.size());
  for (std::uint32_t i = 0; i < conv.list.size(); ++i) out.push_back(summarize_conversation(capture, conv.list[i], i));
  return out;
}

}  // namespace tcpviz::pcap
