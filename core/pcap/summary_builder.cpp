#include "core/pcap/summary_builder.hpp"

namespace tcpviz::pcap {

using trace::Side;
using wire::SeqNum;

SummaryBuilder::SummaryBuilder(std::uint32_t index, const TcpEndpoint& client, const TcpEndpoint& server) {
  s_.index = index;
  s_.client = client;
  s_.server = server;
}

void SummaryBuilder::add(Side from, const SegmentFacts& seg, Time t, std::uint32_t orig_len) {
  if (s_.packet_count == 0) s_.start = t;
  last_ = t;
  ++s_.packet_count;
  const auto f = static_cast<std::size_t>(from);
  const auto peer = 1 - f;
  ++s_.packets[f];
  s_.frame_bytes[f] += orig_len;
  // Retransmission: re-covers sequence space already sent, except the SYN|ACK of a
  // simultaneous open (see answers_own_syn()).
  const bool own_syn_answer = seg.flags.syn() && seg.flags.ack() && isn_[f] && seg.seq == *isn_[f];
  if (seg.seg_len() > 0 && highest_end_[f] && seg.seq < *highest_end_[f] && !own_syn_answer) ++s_.retransmissions;
  const SeqNum end = seg.seq + seg.seg_len();
  // A stray SYN with another ISN (answered by a challenge ACK) is not this stream's space.
  const bool stray_syn = seg.flags.syn() && isn_[f] && seg.seq != *isn_[f];
  if (seg.seg_len() > 0 && !stray_syn && (!highest_end_[f] || *highest_end_[f] < end)) highest_end_[f] = end;
  if (seg.payload_len > 0) {
    const SeqNum data_start = seg.seq + (seg.flags.syn() ? 1u : 0u);
    const SeqNum data_end = data_start + seg.payload_len;
    const SeqNum from_seq =
        highest_data_end_[f] && data_start < *highest_data_end_[f] ? *highest_data_end_[f] : data_start;
    if (from_seq < data_end) s_.data_bytes[f] += wire::seq_distance(from_seq, data_end);
    if (!highest_data_end_[f] || *highest_data_end_[f] < data_end) highest_data_end_[f] = data_end;
  }
  // Handshake (RFC 9293 3.5): each side's SYN acknowledged by the other. That covers the
  // three-way handshake (SYN, SYN|ACK, ACK) and a simultaneous open (figure 7: SYN, SYN,
  // SYN|ACK, SYN|ACK) alike. An RST acknowledges nothing here.
  if (seg.flags.syn() && !isn_[f]) isn_[f] = seg.seq;
  if (seg.flags.ack() && !seg.flags.rst() && isn_[peer] && seg.ack == *isn_[peer] + 1) syn_acked_[peer] = true;
  if (syn_acked_[0] && syn_acked_[1]) s_.handshake_complete = true;
  // Close: the FIN takes the sequence number after the data it follows (RFC 9293 3.6).
  const bool acks_peer_fin = seg.flags.ack() && fin_seq_[peer] && seg.ack > *fin_seq_[peer];
  if (seg.flags.fin() && !fin_seq_[f]) {
    fin_seq_[f] = seg.seq + (seg.flags.syn() ? 1u : 0u) + seg.payload_len;
    if (!first_fin_) {
      first_fin_ = from;
    } else if (!acks_peer_fin) {
      simultaneous_ = true;  // sent before the peer's FIN reached it (RFC 9293 figure 13)
    }
  } else if (!seg.flags.fin() && acks_peer_fin && !fin_seq_[f] && !seg.flags.rst()) {
    acked_fin_before_own_fin_[f] = true;
  }
  if (seg.flags.rst() && !(fin_seq_[0] && fin_seq_[1])) reset_before_close_ = true;
}

ConnectionSummary SummaryBuilder::finish() const {
  ConnectionSummary s = s_;
  s.duration = last_ - s.start;
  if (reset_before_close_) {
    s.close = CloseKind::Reset;
  } else if (fin_seq_[0] && fin_seq_[1] && first_fin_) {
    const auto second = 1 - static_cast<std::size_t>(*first_fin_);
    if (simultaneous_) {
      s.close = CloseKind::Simultaneous;
    } else if (acked_fin_before_own_fin_[second]) {
      s.close = CloseKind::FourSegment;
    } else {
      s.close = CloseKind::ThreeSegment;
    }
  }
  return s;
}

}  // namespace tcpviz::pcap
