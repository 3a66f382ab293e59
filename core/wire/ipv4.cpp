// RFC 791 section 3.1:
//   0 version (4 bits) IHL (4 bits)   1 type of service   2-3 total length
//   4-5 identification   6-7 flags (reserved, DF, MF) + fragment offset (13 bits)
//   8 TTL   9 protocol   10-11 header checksum   12-15 source   16-19 destination   20.. options
#include "core/wire/ipv4.hpp"

#include <string>

#include "core/wire/byte_order.hpp"
#include "core/wire/checksum.hpp"

namespace tcpviz::wire {
namespace {

constexpr std::uint16_t kDontFragment = 0x4000;
constexpr std::uint16_t kMoreFragments = 0x2000;
constexpr std::uint16_t kOffsetMask = 0x1FFF;

}  // namespace

Result<ParsedIpv4> parse_ipv4(std::span<const std::uint8_t> bytes, bool allow_truncated) {
  if (bytes.size() < kIpv4MinHeaderLen) {
    return Error{"IPv4 header truncated: " + std::to_string(bytes.size()) + " bytes, need at least " +
                 std::to_string(kIpv4MinHeaderLen)};
  }
  const unsigned version = bytes[0] >> 4;
  if (version != 4) return Error{"IPv4: version field is " + std::to_string(version) + ", not 4"};
  const std::size_t ihl = bytes[0] & 0x0Fu;
  if (ihl < 5) {
    return Error{"IPv4 IHL " + std::to_string(ihl) + " is below the minimum 5 (RFC 791 3.1)"};
  }
  const std::size_t header_len = ihl * 4;
  if (header_len > bytes.size()) {
    return Error{"IPv4 IHL " + std::to_string(ihl) + " means a " + std::to_string(header_len) +
                 "-byte header but only " + std::to_string(bytes.size()) + " bytes are there"};
  }
  const std::size_t total_length = load_be16(bytes, 2);
  if (total_length < header_len) {
    return Error{"IPv4 total length " + std::to_string(total_length) + " is shorter than its " +
                 std::to_string(header_len) + "-byte header"};
  }
  if (total_length > bytes.size() && !allow_truncated) {
    return Error{"IPv4 total length " + std::to_string(total_length) + " but only " +
                 std::to_string(bytes.size()) + " bytes are there (truncated packet)"};
  }

  ParsedIpv4 p;
  Ipv4Header& h = p.header;
  h.dscp_ecn = bytes[1];
  h.total_length = static_cast<std::uint16_t>(total_length);
  h.identification = load_be16(bytes, 4);
  const std::uint16_t frag = load_be16(bytes, 6);
  h.dont_fragment = (frag & kDontFragment) != 0;
  h.more_fragments = (frag & kMoreFragments) != 0;
  h.fragment_offset = frag & kOffsetMask;
  h.ttl = bytes[8];
  h.protocol = bytes[9];
  h.checksum = load_be16(bytes, 10);
  h.src = Ipv4Address{load_be32(bytes, 12)};
  h.dst = Ipv4Address{load_be32(bytes, 16)};
  h.options_len = static_cast<std::uint8_t>(header_len - kIpv4MinHeaderLen);
  for (std::size_t i = 0; i < h.options_len; ++i) h.options[i] = bytes[kIpv4MinHeaderLen + i];

  p.header_len = header_len;
  p.checksum_ok = internet_checksum(bytes.first(header_len)) == 0;
  const std::size_t end = total_length < bytes.size() ? total_length : bytes.size();
  p.payload = bytes.subspan(header_len, end - header_len);
  return p;
}

std::size_t ipv4_header_len(const Ipv4Header& h) {
  const std::size_t options = (std::size_t{h.options_len} + 3) / 4 * 4;
  return kIpv4MinHeaderLen + options;
}

Result<std::size_t> emit_ipv4(const Ipv4Header& h, std::span<std::uint8_t> out) {
  if (h.options_len > h.options.size()) {
    return Error{"IPv4 emit: options_len " + std::to_string(h.options_len) + " is more than 40"};
  }
  if (h.fragment_offset > kOffsetMask) {
    return Error{"IPv4 emit: fragment offset " + std::to_string(h.fragment_offset) + " does not fit in 13 bits"};
  }
  const std::size_t header_len = ipv4_header_len(h);
  if (header_len > out.size()) {
    return Error{"IPv4 emit: header needs " + std::to_string(header_len) + " bytes but the buffer has " +
                 std::to_string(out.size())};
  }
  if (h.total_length < header_len) {
    return Error{"IPv4 emit: total length " + std::to_string(h.total_length) + " is shorter than the " +
                 std::to_string(header_len) + "-byte header"};
  }
  std::span<std::uint8_t> hdr = out.first(header_len);
  hdr[0] = static_cast<std::uint8_t>(0x40u | (header_len / 4));
  hdr[1] = h.dscp_ecn;
  store_be16(hdr, 2, h.total_length);
  store_be16(hdr, 4, h.identification);
  std::uint16_t frag = h.fragment_offset;
  if (h.dont_fragment) frag |= kDontFragment;
  if (h.more_fragments) frag |= kMoreFragments;
  store_be16(hdr, 6, frag);
  hdr[8] = h.ttl;
  hdr[9] = h.protocol;
  store_be16(hdr, 10, 0);
  store_be32(hdr, 12, h.src.value);
  store_be32(hdr, 16, h.dst.value);
  for (std::size_t i = 0; i < header_len - kIpv4MinHeaderLen; ++i) {
    // Options are padded with zeros (End of Option List, RFC 791 3.1) to a 4-byte boundary.
    hdr[kIpv4MinHeaderLen + i] = i < h.options_len ? h.options[i] : 0;
  }
  store_be16(hdr, 10, internet_checksum(hdr));
  return header_len;
}

}  // namespace tcpviz::wire
