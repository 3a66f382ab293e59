// The TCP header (RFC 9293 section 3.1):
//
//   0-1 source port   2-3 destination port   4-7 sequence number   8-11 acknowledgment number
//   12  data offset (high 4 bits), 3 reserved bits, AE (low bit; RFC 3540 NS / AccECN)
//   13  CWR ECE URG ACK PSH RST SYN FIN       14-15 window   16-17 checksum   18-19 urgent
//
// TcpFlags uses the same bit positions as bytes 12-13 with the data offset masked off, so
// the flags are read and written as one 9-bit field.
#include <algorithm>
#include <string>

#include "core/wire/byte_order.hpp"
#include "core/wire/tcp_codec.hpp"

namespace tcpviz::wire {
namespace {

constexpr std::uint16_t kFlagsMask = 0x01FF;  // AE .. FIN

}  // namespace

Result<TcpView> TcpView::check(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kTcpMinHeaderLen) {
    return Error{"TCP header truncated: " + std::to_string(bytes.size()) + " bytes, need at least " +
                 std::to_string(kTcpMinHeaderLen)};
  }
  const std::size_t data_offset = bytes[12] >> 4;
  if (data_offset < 5) {
    return Error{"TCP data offset " + std::to_string(data_offset) +
                 " is below the minimum 5 (a 20-byte header, RFC 9293 3.1)"};
  }
  const std::size_t header_len = data_offset * 4;
  if (header_len > bytes.size()) {
    return Error{"TCP data offset " + std::to_string(data_offset) + " means a " + std::to_string(header_len) +
                 "-byte header but the segment has only " + std::to_string(bytes.size()) + " bytes"};
  }
  const auto options = parse_tcp_options(bytes.subspan(kTcpMinHeaderLen, header_len - kTcpMinHeaderLen));
  if (!options) return options.error();
  return TcpView(bytes);
}

std::uint16_t TcpView::src_port() const { return load_be16(bytes_, 0); }
std::uint16_t TcpView::dst_port() const { return load_be16(bytes_, 2); }
SeqNum TcpView::seq() const { return SeqNum(load_be32(bytes_, 4)); }
SeqNum TcpView::ack() const { return SeqNum(load_be32(bytes_, 8)); }
std::uint8_t TcpView::data_offset() const { return static_cast<std::uint8_t>(bytes_[12] >> 4); }
TcpFlags TcpView::flags() const {
  return TcpFlags{static_cast<std::uint16_t>(load_be16(bytes_, 12) & kFlagsMask)};
}
std::uint16_t TcpView::window() const { return load_be16(bytes_, 14); }
std::uint16_t TcpView::checksum() const { return load_be16(bytes_, kTcpChecksumOffset); }
std::uint16_t TcpView::urgent() const { return load_be16(bytes_, 18); }
std::span<const std::uint8_t> TcpView::options_bytes() const {
  return bytes_.subspan(kTcpMinHeaderLen, header_len() - kTcpMinHeaderLen);
}
std::span<const std::uint8_t> TcpView::payload() const { return bytes_.subspan(header_len()); }

Result<ParsedTcp> parse_tcp(std::span<const std::uint8_t> bytes) {
  const auto view = TcpView::check(bytes);
  if (!view) return view.error();
  auto options = parse_tcp_options(view->options_bytes());
  if (!options) return options.error();  // cannot happen after check(); kept for safety

  ParsedTcp parsed;
  TcpSegment& seg = parsed.segment;
  seg.src_port = view->src_port();
  seg.dst_port = view->dst_port();
  seg.seq = view->seq();
  seg.ack = view->ack();
  seg.flags = view->flags();
  seg.window = view->window();
  seg.checksum = view->checksum();
  seg.urgent = view->urgent();
  seg.options = options.value();
  parsed.payload = view->payload();
  seg.payload_len = static_cast<std::uint32_t>(parsed.payload.size());
  parsed.header_len = view->header_len();
  return parsed;
}

Result<std::size_t> emit_tcp(const TcpSegment& seg, std::span<const std::uint8_t> payload,
                             const PseudoHeader& pseudo, std::span<std::uint8_t> out) {
  if (seg.payload_len != payload.size()) {
    return Error{"TCP emit: payload_len " + std::to_string(seg.payload_len) + " but " +
                 std::to_string(payload.size()) + " payload bytes were given"};
  }
  const std::size_t header_len = tcp_header_len(seg.options);
  if (header_len > kTcpMaxHeaderLen) {
    return Error{"TCP emit: options need a " + std::to_string(header_len) + "-byte header, more than " +
                 std::to_string(kTcpMaxHeaderLen) + " (RFC 9293 3.1)"};
  }
  const std::size_t total = header_len + payload.size();
  if (total > out.size()) {
    return Error{"TCP emit: segment needs " + std::to_string(total) + " bytes but the buffer has " +
                 std::to_string(out.size())};
  }
  if (total > 0xFFFF) {
    return Error{"TCP emit: a " + std::to_string(total) + "-byte segment does not fit in one IP packet"};
  }
  std::span<std::uint8_t> segment = out.first(total);
  store_be16(segment, 0, seg.src_port);
  store_be16(segment, 2, seg.dst_port);
  store_be32(segment, 4, seg.seq.raw());
  store_be32(segment, 8, seg.ack.raw());
  const auto data_offset = static_cast<std::uint16_t>(header_len / 4);
  store_be16(segment, 12, static_cast<std::uint16_t>((data_offset << 12) | (seg.flags.bits & kFlagsMask)));
  store_be16(segment, 14, seg.window);
  store_be16(segment, kTcpChecksumOffset, 0);
  store_be16(segment, 18, seg.urgent);
  const auto options = emit_tcp_options(seg.options, segment.subspan(kTcpMinHeaderLen, header_len - kTcpMinHeaderLen));
  if (!options) return options.error();
  if (!payload.empty() && payload.data() != segment.data() + header_len) {
    std::copy(payload.begin(), payload.end(), segment.begin() + static_cast<std::ptrdiff_t>(header_len));
  }
  store_be16(segment, kTcpChecksumOffset, transport_checksum(pseudo, segment, kTcpChecksumOffset));
  return total;
}

bool tcp_checksum_ok(std::span<const std::uint8_t> segment_bytes, const PseudoHeader& pseudo) {
  return transport_checksum_ok(pseudo, segment_bytes);
}

}  // namespace tcpviz::wire
