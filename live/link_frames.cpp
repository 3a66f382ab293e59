#include "live/link_frames.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/wire/byte_order.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::live {

using wire::load_be16;
using wire::load_be32;
using wire::store_be16;
using wire::store_be32;

namespace {

wire::MacAddress load_mac(std::span<const std::uint8_t> b, std::size_t at) {
  wire::MacAddress m;
  std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(at), 6, m.bytes.begin());
  return m;
}

void store_mac(std::span<std::uint8_t> b, std::size_t at, const wire::MacAddress& m) {
  std::copy(m.bytes.begin(), m.bytes.end(), b.begin() + static_cast<std::ptrdiff_t>(at));
}

}  // namespace

std::optional<EthernetHeader> parse_ethernet(std::span<const std::uint8_t> frame) {
  if (frame.size() < kEthernetHeaderLen) return std::nullopt;
  return EthernetHeader{load_mac(frame, 0), load_mac(frame, 6), load_be16(frame, 12)};
}

void write_ethernet(std::span<std::uint8_t> out, const EthernetHeader& h) {
  store_mac(out, 0, h.dst);
  store_mac(out, 6, h.src);
  store_be16(out, 12, h.ethertype);
}

std::optional<ArpPacket> parse_arp(std::span<const std::uint8_t> b) {
  if (b.size() < kArpLen) return std::nullopt;
  // ar$hrd = 1 (Ethernet), ar$pro = 0x0800, ar$hln = 6, ar$pln = 4 (RFC 826, "Packet format").
  if (load_be16(b, 0) != 1 || load_be16(b, 2) != kEtherTypeIpv4 || b[4] != 6 || b[5] != 4) {
    return std::nullopt;
  }
  ArpPacket p;
  p.op = load_be16(b, 6);
  p.sender_mac = load_mac(b, 8);
  p.sender_ip = wire::Ipv4Address{load_be32(b, 14)};
  p.target_mac = load_mac(b, 18);
  p.target_ip = wire::Ipv4Address{load_be32(b, 24)};
  return p;
}

void write_arp(std::span<std::uint8_t> out, const ArpPacket& p) {
  store_be16(out, 0, 1);
  store_be16(out, 2, kEtherTypeIpv4);
  out[4] = 6;
  out[5] = 4;
  store_be16(out, 6, p.op);
  store_mac(out, 8, p.sender_mac);
  store_be32(out, 14, p.sender_ip.value);
  store_mac(out, 18, p.target_mac);
  store_be32(out, 24, p.target_ip.value);
}

Ipv4Packet parse_ipv4(std::span<const std::uint8_t> b) {
  Ipv4Packet p;
  if (b.size() < kIpv4MinHeaderLen) {
    p.problem = Ipv4Problem::Truncated;
    return p;
  }
  if ((b[0] >> 4) != 4) {
    p.problem = Ipv4Problem::BadVersion;
    return p;
  }
  std::size_t header_len = std::size_t{static_cast<std::uint8_t>(b[0] & 0x0F)} * 4;
  if (header_len < kIpv4MinHeaderLen) {
    p.problem = Ipv4Problem::BadHeaderLen;
    return p;
  }
  std::size_t total_len = load_be16(b, 2);
  if (total_len < header_len) {
    p.problem = Ipv4Problem::BadTotalLen;
    return p;
  }
  if (b.size() < total_len) {
    p.problem = Ipv4Problem::Truncated;
    return p;
  }
  wire::InternetChecksum sum;
  sum.add(b.first(header_len));
  if (!sum.verifies()) {
    p.problem = Ipv4Problem::BadChecksum;
    return p;
  }
  p.header_len = static_cast<std::uint8_t>(header_len);
  p.id = load_be16(b, 4);
  p.ttl = b[8];
  p.protocol = b[9];
  p.src = wire::Ipv4Address{load_be32(b, 12)};
  p.dst = wire::Ipv4Address{load_be32(b, 16)};
  p.packet = b.first(total_len);
  p.payload = p.packet.subspan(header_len);
  // RFC 791 3.2: MF (bit 0x2000) or a non-zero offset (low 13 bits) marks a fragment.
  std::uint16_t flags_fragment = load_be16(b, 6);
  if ((flags_fragment & 0x2000) != 0 || (flags_fragment & 0x1FFF) != 0) {
    p.problem = Ipv4Problem::Fragment;
  }
  return p;
}

void write_ipv4_header(std::span<std::uint8_t> out, wire::Ipv4Address src, wire::Ipv4Address dst,
                       std::uint8_t protocol, std::uint16_t payload_len, std::uint16_t id,
                       std::uint8_t ttl) {
  out[0] = 0x45;  // version 4, IHL 5
  out[1] = 0;     // DSCP/ECN
  store_be16(out, 2, static_cast<std::uint16_t>(kIpv4MinHeaderLen + payload_len));
  store_be16(out, 4, id);
  store_be16(out, 6, 0x4000);  // DF
  out[8] = ttl;
  out[9] = protocol;
  store_be16(out, 10, 0);
  store_be32(out, 12, src.value);
  store_be32(out, 16, dst.value);
  store_be16(out, 10, wire::internet_checksum(out.first(kIpv4MinHeaderLen)));
}

bool is_icmp_echo_request(std::span<const std::uint8_t> icmp) {
  if (icmp.size() < 8 || icmp[0] != kIcmpEchoRequest || icmp[1] != 0) return false;
  wire::InternetChecksum sum;
  sum.add(icmp);
  return sum.verifies();
}

void write_icmp_echo_reply(std::span<std::uint8_t> out, std::span<const std::uint8_t> request) {
  std::copy(request.begin(), request.end(), out.begin());
  out[0] = kIcmpEchoReply;
  store_be16(out, 2, 0);
  store_be16(out, 2, wire::internet_checksum(out.first(request.size())));
}

std::optional<VnetHeader> parse_vnet_header(std::span<const std::uint8_t> b) {
  if (b.size() < kVnetHeaderLen) return std::nullopt;
  auto le16 = [&](std::size_t at) { return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8)); };
  return VnetHeader{b[0], b[1], le16(2), le16(4), le16(6), le16(8)};
}

namespace {

// The ones' complement sum of `b` as 16-bit big-endian words (zero-padded), folded to 16 bits,
// four bytes at a time into a 64-bit total that cannot overflow for a packet: the sum is
// independent of byte order up to a final swap (RFC 1071 section 2 (B)), and wider words fold
// to the same 16-bit sum (section 2 (C): 2^16 = 1 modulo 2^16 - 1). A loop the compiler
// vectorizes: what a NIC does for TSO, at memory speed.
std::uint16_t ones_sum16(std::span<const std::uint8_t> b) {
  std::uint64_t sum = 0;
  std::size_t i = 0;
  for (; i + 4 <= b.size(); i += 4) {
    std::uint32_t w;
    std::memcpy(&w, b.data() + i, 4);
    sum += w;
  }
  if (i < b.size()) {
    std::uint8_t rest[4] = {};
    std::memcpy(rest, b.data() + i, b.size() - i);
    std::uint32_t w;
    std::memcpy(&w, rest, 4);
    sum += w;
  }
  sum = (sum & 0xFFFFFFFFu) + (sum >> 32);
  sum = (sum & 0xFFFFFFFFu) + (sum >> 32);
  sum = (sum & 0xFFFFu) + (sum >> 16);
  sum = (sum & 0xFFFFu) + (sum >> 16);
  auto folded = static_cast<std::uint16_t>(sum);
  if constexpr (std::endian::native == std::endian::little) folded = static_cast<std::uint16_t>((folded >> 8) | (folded << 8));
  return folded;
}

// RFC 1624 eqn. 3: a checksum HC over data in which one 16-bit word changes from m to m'
// becomes HC' = ~(~HC + ~m + m') in ones' complement arithmetic.
std::uint16_t checksum_update(std::uint16_t hc, std::uint16_t m, std::uint16_t m_new) {
  std::uint32_t sum = std::uint32_t{static_cast<std::uint16_t>(~hc)} + static_cast<std::uint16_t>(~m) + m_new;
  sum = (sum & 0xFFFFu) + (sum >> 16);
  sum = (sum & 0xFFFFu) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

bool tcp_checksum_verifies(std::span<const std::uint8_t> tcp, wire::Ipv4Address src, wire::Ipv4Address dst) {
  wire::InternetChecksum sum;
  wire::add_pseudo_header(sum, wire::Ipv4PseudoHeader{src, dst}, static_cast<std::uint32_t>(tcp.size()));
  sum.add_u16(ones_sum16(tcp));
  return sum.verifies();
}

std::optional<TsoPiece> tso_piece(std::span<const std::uint8_t> ip, std::uint16_t mss, std::size_t k,
                                  std::vector<std::uint8_t>& out, bool finish_checksum) {
  if (mss == 0 || ip.size() < kIpv4MinHeaderLen || (ip[0] >> 4) != 4) return std::nullopt;
  const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
  if (ihl < kIpv4MinHeaderLen || ip.size() < ihl + 20 || ip[9] != kIpProtocolTcpNumber) return std::nullopt;
  const std::size_t thl = static_cast<std::size_t>(ip[ihl + 12] >> 4) * 4;
  const std::size_t headers = ihl + thl;
  if (thl < 20 || ip.size() < headers) return std::nullopt;
  const std::size_t payload = ip.size() - headers;
  const std::size_t from = k * mss;
  if (from >= payload && !(k == 0 && payload == 0)) return std::nullopt;
  const std::size_t len = std::min<std::size_t>(mss, payload - from);
  const bool last = from + len >= payload;
  TsoPiece piece;
  piece.payload = ip.subspan(headers + from, len);
  piece.seq_offset = static_cast<std::uint32_t>(from);
  out.resize(headers);
  const std::span<std::uint8_t> o(out);
  std::copy_n(ip.begin(), headers, o.begin());
  store_be16(o, 2, static_cast<std::uint16_t>(headers + len));
  store_be16(o, 4, static_cast<std::uint16_t>(load_be16(ip, 4) + k));
  // Only Total Length and Identification change, so the header checksum is updated for those
  // two words (RFC 1624 eqn. 3) instead of summed again: once per piece, ~45 per TSO frame.
  // Exact when the original's checksum was right, which parse_ipv4() checks before the relay
  // records anything.
  std::uint16_t header_check = load_be16(ip, 10);
  header_check = checksum_update(header_check, load_be16(ip, 2), load_be16(o, 2));
  header_check = checksum_update(header_check, load_be16(ip, 4), load_be16(o, 4));
  store_be16(o, 10, header_check);
  const std::span<std::uint8_t> tcp = o.subspan(ihl);
  store_be32(tcp, 4, static_cast<std::uint32_t>(load_be32(ip, ihl + 4) + from));
  if (!last) piece.flags_cleared |= wire::TcpFlags::kFin | wire::TcpFlags::kPsh;
  if (k > 0) piece.flags_cleared |= wire::TcpFlags::kCwr;
  tcp[13] = static_cast<std::uint8_t>(tcp[13] & ~piece.flags_cleared);
  // RFC 9293 3.1: pseudo-header, TCP header (checksum field as zero), data.
  store_be16(tcp, 16, 0);
  const wire::Ipv4PseudoHeader pseudo{wire::Ipv4Address{load_be32(ip, 12)}, wire::Ipv4Address{load_be32(ip, 16)}};
  wire::InternetChecksum sum;
  wire::add_pseudo_header(sum, pseudo, static_cast<std::uint32_t>(thl + len));
  if (finish_checksum) {
    sum.add_u16(ones_sum16(tcp));
    sum.add_u16(ones_sum16(piece.payload));
    piece.tcp_checksum = sum.checksum();
  } else {
    piece.tcp_checksum = static_cast<std::uint16_t>(~sum.checksum());  // the sum itself, folded
  }
  store_be16(tcp, 16, piece.tcp_checksum);
  return piece;
}

}  // namespace tcpviz::live
