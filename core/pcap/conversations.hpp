// Rebuilding TCP connections from a capture (DESIGN.md, core/pcap): packets are grouped by
// 4-tuple (IPv4 or IPv6), and one 4-tuple may hold several incarnations in a row (RFC 9293
// section 3.10.7.4 and RFC 6191: a new SYN may reopen a 4-tuple whose old connection is in
// TIME-WAIT). A SYN starts a new connection when the old one has ended (FINs both ways, or an
// RST) or when it carries a different ISN than the old connection's first SYN.
//
// "client" is the side that sent the first SYN (without ACK); if the handshake was not
// captured, the sender of the first packet seen.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/decode.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::pcap {

struct TcpEndpoint {
  IpAddress ip;
  std::uint16_t port = 0;
  bool operator==(const TcpEndpoint&) const = default;
};
std::string to_string(const TcpEndpoint& e);  // "127.0.0.1:8080", "[::1]:8080"

struct ConversationPacket {
  std::uint32_t packet = 0;  // index into Capture::packets
  trace::Side from = trace::Side::Client;
  DecodedPacket decoded;
};

struct Conversation {
  std::array<TcpEndpoint, 2> ends;  // [client, server]
  bool saw_syn = false;             // the client's SYN was captured
  std::vector<ConversationPacket> packets;  // in capture order
};

struct Conversations {
  std::vector<Conversation> list;  // in order of each one's first packet
  SkipCounts skipped;
};

Conversations find_conversations(const Capture& capture);

enum class CloseKind : std::uint8_t {
  StillOpen,     // no close seen in both directions (one FIN only is a half-close)
  FourSegment,   // FIN, ACK, FIN, ACK: the second side acknowledged, then closed later
  ThreeSegment,  // FIN, FIN|ACK answering it, ACK (RFC 9293 3.6: the ACK rides on the FIN)
  Simultaneous,  // each side sent its FIN before it had the other's (RFC 9293 figure 13)
  Reset,         // ended (or refused) by an RST
};
std::string_view close_kind_name(CloseKind k);  // "still-open", "four-segment", ...

struct ConnectionSummary {
  std::uint32_t index = 0;
  TcpEndpoint client;
  TcpEndpoint server;
  bool handshake_complete = false;  // SYN, SYN|ACK acknowledging it, ACK acknowledging that
  std::array<std::uint32_t, 2> packets{};      // [from client, from server]
  std::array<std::uint64_t, 2> frame_bytes{};  // on-the-wire frame lengths, as tshark's conv,tcp
  std::array<std::uint64_t, 2> data_bytes{};   // new payload bytes, retransmissions not counted
  std::uint32_t retransmissions = 0;  // segments re-covering sequence space already sent
  CloseKind close = CloseKind::StillOpen;
  Time start{};                       // first packet, since the capture's first packet
  Duration duration{};                // first to last packet
  std::uint32_t packet_count = 0;
};

ConnectionSummary summarize_conversation(const Capture& capture, const Conversation& c, std::uint32_t index);
std::vector<ConnectionSummary> summarize(const Capture& capture);

// Shared with the observer: does `seg` re-cover sequence space its sender already used?
// `highest_end` is the sender's highest SEG.SEQ + SEG.LEN so far (none yet: nullopt).
bool is_retransmission(const wire::TcpSegment& seg, const std::optional<wire::SeqNum>& highest_end);
// True for a SYN|ACK carrying the end's own ISN after its SYN: in a simultaneous open (RFC
// 9293 figure 7) that re-covers the SYN's sequence number but is the handshake, not a resend.
// Known limit: a SYN|ACK resent after a lost SYN|ACK in a simultaneous open is not counted.
bool answers_own_syn(const wire::TcpSegment& seg, const std::optional<wire::SeqNum>& own_isn);

}  // namespace tcpviz::pcap
