// Helpers for the pcap tests: loading fixtures and building small captures byte by byte.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifndef TCPVIZ_SOURCE_DIR
#define TCPVIZ_SOURCE_DIR "."
#endif

namespace tcpviz::pcap::testing {

inline std::vector<std::uint8_t> load_fixture(const std::string& name) {
  std::ifstream in(std::string(TCPVIZ_SOURCE_DIR) + "/tests/data/pcap/" + name, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Appends integers in a chosen byte order.
struct Writer {
  bool big_endian = false;
  std::vector<std::uint8_t> out;

  Writer& u8(std::uint8_t v) {
    out.push_back(v);
    return *this;
  }
  Writer& u16(std::uint16_t v) {
    if (big_endian) {
      out.push_back(static_cast<std::uint8_t>(v >> 8));
      out.push_back(static_cast<std::uint8_t>(v));
    } else {
      out.push_back(static_cast<std::uint8_t>(v));
      out.push_back(static_cast<std::uint8_t>(v >> 8));
    }
    return *this;
  }
  Writer& u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      const int shift = big_endian ? 24 - 8 * i : 8 * i;
      out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
    return *this;
  }
  Writer& bytes(const std::vector<std::uint8_t>& b) {
    out.insert(out.end(), b.begin(), b.end());
    return *this;
  }
  Writer& pad4() {
    while (out.size() % 4 != 0) out.push_back(0);
    return *this;
  }
};

// A classic pcap file (microsecond magic) holding `packets`, all at t = i seconds.
inline std::vector<std::uint8_t> make_pcap(std::uint32_t link_type, const std::vector<std::vector<std::uint8_t>>& packets,
                                           bool big_endian = false) {
  Writer w{big_endian, {}};
  w.u32(0xa1b2c3d4u).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(link_type);
  std::uint32_t sec = 1000;
  for (const auto& p : packets) {
    w.u32(sec++).u32(250000).u32(static_cast<std::uint32_t>(p.size())).u32(static_cast<std::uint32_t>(p.size())).bytes(p);
  }
  return w.out;
}

// pcapng blocks, little- or big-endian.
inline void pcapng_block(Writer& w, std::uint32_t type, const std::vector<std::uint8_t>& body) {
  const auto len = static_cast<std::uint32_t>(12 + ((body.size() + 3) & ~std::size_t{3}));
  w.u32(type).u32(len).bytes(body).pad4().u32(len);
}
inline std::vector<std::uint8_t> pcapng_shb_body(bool big_endian) {
  Writer b{big_endian, {}};
  b.u32(0x1A2B3C4Du).u16(1).u16(0).u32(0xFFFFFFFFu).u32(0xFFFFFFFFu);
  return b.out;
}
inline std::vector<std::uint8_t> pcapng_idb_body(bool big_endian, std::uint16_t link_type, std::uint32_t snaplen,
                                                 int tsresol = -1) {
  Writer b{big_endian, {}};
  b.u16(link_type).u16(0).u32(snaplen);
  if (tsresol >= 0) b.u16(9).u16(1).u8(static_cast<std::uint8_t>(tsresol)).pad4().u16(0).u16(0);
  return b.out;
}
inline std::vector<std::uint8_t> pcapng_epb_body(bool big_endian, std::uint32_t interface, std::uint64_t units,
                                                 const std::vector<std::uint8_t>& data, std::uint32_t orig_len) {
  Writer b{big_endian, {}};
  b.u32(interface).u32(static_cast<std::uint32_t>(units >> 32)).u32(static_cast<std::uint32_t>(units));
  b.u32(static_cast<std::uint32_t>(data.size())).u32(orig_len).bytes(data).pad4();
  return b.out;
}

}  // namespace tcpviz::pcap::testing
