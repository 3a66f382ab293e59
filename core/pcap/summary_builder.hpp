// One connection's summary, built one segment at a time (internal to core/pcap). The same
// builder serves summarize_conversation(), which walks a Conversation's stored packets, and
// summarize_file(), which feeds it straight from the file while reading, so both give the
// same ConnectionSummary by construction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/pcap/conversations.hpp"

namespace tcpviz::pcap {

// The fields of one segment a summary looks at.
struct SegmentFacts {
  wire::SeqNum seq;
  wire::SeqNum ack;
  wire::TcpFlags flags;
  std::uint32_t payload_len = 0;

  std::uint32_t seg_len() const { return payload_len + (flags.syn() ? 1u : 0u) + (flags.fin() ? 1u : 0u); }
};

class SummaryBuilder {
 public:
  SummaryBuilder(std::uint32_t index, const TcpEndpoint& client, const TcpEndpoint& server);

  // A segment from `from`, captured at `t` (since the capture's first packet), `orig_len`
  // bytes on the wire. Segments come in capture order.
  void add(trace::Side from, const SegmentFacts& seg, Time t, std::uint32_t orig_len);

  ConnectionSummary finish() const;

 private:
  ConnectionSummary s_;
  Time last_{};
  std::array<std::optional<wire::SeqNum>, 2> highest_end_;       // SEG.SEQ + SEG.LEN, per sender
  std::array<std::optional<wire::SeqNum>, 2> highest_data_end_;  // end of payload seen, per sender
  std::array<std::optional<wire::SeqNum>, 2> isn_;
  std::array<std::optional<wire::SeqNum>, 2> fin_seq_;           // the sequence number the FIN took
  std::array<bool, 2> acked_fin_before_own_fin_{};               // pure ACK of the peer's FIN, own FIN later
  std::array<bool, 2> syn_acked_{};                              // [the client's SYN, the server's SYN]
  std::optional<trace::Side> first_fin_;
  bool simultaneous_ = false;
  bool reset_before_close_ = false;
};

}  // namespace tcpviz::pcap
