#include "core/wire/checksum.hpp"

namespace tcpviz::wire {

void InternetChecksum::add(std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  if (odd_ && !bytes.empty()) {
    sum_ += bytes[0];  // the low half of the word whose high half came last call
    odd_ = false;
    i = 1;
  }
  for (; i + 1 < bytes.size(); i += 2) {
    sum_ += (static_cast<std::uint32_t>(bytes[i]) << 8) | bytes[i + 1];
  }
  if (i < bytes.size()) {
    sum_ += static_cast<std::uint32_t>(bytes[i]) << 8;
    odd_ = true;
  }
}

void InternetChecksum::add_u16(std::uint16_t word) {
  const std::uint8_t b[2] = {static_cast<std::uint8_t>(word >> 8), static_cast<std::uint8_t>(word)};
  add(b);
}

void InternetChecksum::add_u32(std::uint32_t word) {
  add_u16(static_cast<std::uint16_t>(word >> 16));
  add_u16(static_cast<std::uint16_t>(word));
}

std::uint16_t InternetChecksum::checksum() const {
  // RFC 1071 section 4.1: fold the carries back into the low 16 bits.
  std::uint64_t s = sum_;
  while ((s >> 16) != 0) s = (s & 0xFFFFu) + (s >> 16);
  return static_cast<std::uint16_t>(~s & 0xFFFFu);
}

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes) {
  InternetChecksum sum;
  sum.add(bytes);
  return sum.checksum();
}

void add_pseudo_header(InternetChecksum& sum, const PseudoHeader& pseudo, std::uint32_t upper_len) {
  if (const auto* v4 = std::get_if<Ipv4PseudoHeader>(&pseudo)) {
    // RFC 9293 section 3.1: the TCP length is 16 bits, after a zero byte and the protocol.
    sum.add_u32(v4->src.value);
    sum.add_u32(v4->dst.value);
    sum.add_u16(v4->protocol);
    sum.add_u16(static_cast<std::uint16_t>(upper_len));
    return;
  }
  const auto& v6 = std::get<Ipv6PseudoHeader>(pseudo);
  // RFC 8200 section 8.1: a 32-bit length, then 3 zero bytes and the next header value.
  sum.add(v6.src.bytes);
  sum.add(v6.dst.bytes);
  sum.add_u32(upper_len);
  sum.add_u32(v6.next_header);
}

std::uint16_t transport_checksum(const PseudoHeader& pseudo, std::span<const std::uint8_t> upper,
                                 std::size_t checksum_at) {
  InternetChecksum sum;
  add_pseudo_header(sum, pseudo, static_cast<std::uint32_t>(upper.size()));
  if (checksum_at + 2 <= upper.size()) {
    // Sum the field as two zero bytes; the incremental sum keeps word alignment across
    // the three calls whatever the offset.
    constexpr std::uint8_t kZeroField[2] = {0, 0};
    sum.add(upper.first(checksum_at));
    sum.add(kZeroField);
    sum.add(upper.subspan(checksum_at + 2));
  } else {
    sum.add(upper);
  }
  return sum.checksum();
}

bool transport_checksum_ok(const PseudoHeader& pseudo, std::span<const std::uint8_t> upper) {
  InternetChecksum sum;
  add_pseudo_header(sum, pseudo, static_cast<std::uint32_t>(upper.size()));
  sum.add(upper);
  return sum.verifies();
}

}  // namespace tcpviz::wire
