// Helpers for the pcap tests: loading fixtures and building small captures byte by byte.
#pragma once

#include <algorithm>
#include <array>
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

// A synthetic Ethernet capture of many interleaved connections, deterministic from `seed`,
// made to reach every branch of connection splitting and summarizing: few addresses and
// ports, so 4-tuples are reused (after a close, after an RST, and by a SYN with a new ISN
// and no close, answered by SYN|ACK or by a challenge ACK); lost data resent later;
// three-segment, four-segment and simultaneous closes, resets and connections left open;
// handshakes the capture missed; IPv6; TCP options; packets cut by the snap length; UDP and
// ARP frames in between. Used to show that two ways of summarizing agree, not for expected
// values.
class LossyCaptureMaker {
 public:
  explicit LossyCaptureMaker(std::uint64_t seed) : rng_(seed) {}

  std::vector<std::uint8_t> make(std::size_t connections) {
    std::vector<Flow> active;
    std::size_t started = 0;
    Writer w{false, {}};
    w.u32(0xa1b2c3d4u).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
    while (started < connections || !active.empty()) {
      if (started < connections && (active.empty() || below(3) == 0)) {
        active.push_back(make_flow());
        ++started;
      }
      const std::size_t pick = below(static_cast<std::uint32_t>(active.size()));
      Flow& f = active[pick];
      const Seg s = f.segs[f.next++];
      time_us_ += 1 + below(3000);
      if (below(40) == 0) frame(w, not_tcp_frame(), 0);
      std::vector<std::uint8_t> bytes = tcp_frame(f, s);
      // Now and then a cut by the snap length (inside the payload or inside the header).
      std::uint32_t cut = 0;
      if (below(30) == 0 && bytes.size() > 20) cut = below(static_cast<std::uint32_t>(bytes.size() - 10)) + 10;
      frame(w, bytes, cut);
      if (f.next == f.segs.size()) {
        active[pick] = active.back();
        active.pop_back();
      }
    }
    return w.out;
  }

 private:
  struct Seg {
    bool from_server = false;
    std::uint8_t flags = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint16_t payload = 0;
    bool options = false;
  };
  struct Flow {
    bool ipv6 = false;
    std::uint8_t client = 0, server = 0;
    std::uint16_t client_port = 0, server_port = 0;
    std::vector<Seg> segs;
    std::size_t next = 0;
  };
  static constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

  std::uint64_t next_random() {  // splitmix64
    std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next_random() % n); }

  Flow make_flow() {
    Flow f;
    f.ipv6 = below(8) == 0;
    f.client = static_cast<std::uint8_t>(1 + below(3));
    f.server = static_cast<std::uint8_t>(1 + below(2));
    f.client_port = static_cast<std::uint16_t>(50000 + below(4));  // few ports: 4-tuples recur
    f.server_port = below(2) ? 80 : 443;
    std::uint32_t cs = static_cast<std::uint32_t>(next_random());
    std::uint32_t ss = static_cast<std::uint32_t>(next_random());
    auto& v = f.segs;
    const bool options = below(2) == 0;
    if (below(6) != 0) {  // else: the capture missed the handshake
      v.push_back({false, kSyn, cs, 0, 0, options});
      if (below(10) == 0) v.push_back({false, kSyn, cs, 0, 0, options});  // the SYN resent
      ++cs;
      v.push_back({true, static_cast<std::uint8_t>(kSyn | kAck), ss, cs, 0, options});
      ++ss;
      v.push_back({false, kAck, cs, ss, 0, options});
    } else {
      ++cs;
      ++ss;
    }
    const std::uint32_t rounds = below(4);
    for (std::uint32_t r = 0; r < rounds; ++r) {
      const auto req = static_cast<std::uint16_t>(1 + below(300));
      const Seg request{false, static_cast<std::uint8_t>(kPsh | kAck), cs, ss, req, options};
      v.push_back(request);
      cs += req;
      if (below(5) == 0) v.push_back(request);  // lost and resent
      const auto resp = static_cast<std::uint16_t>(1 + below(1400));
      const Seg response{true, static_cast<std::uint8_t>(kPsh | kAck), ss, cs, resp, options};
      v.push_back(response);
      ss += resp;
      if (below(5) == 0) {  // part of it resent (overlapping the old data)
        v.push_back({true, static_cast<std::uint8_t>(kPsh | kAck), ss - resp / 2, cs, static_cast<std::uint16_t>(resp / 2 + 1), options});
        ss += 1;
      }
      v.push_back({false, kAck, cs, ss, 0, options});
      if (below(12) == 0) {
        // A SYN with a new ISN on the open 4-tuple: a challenge ACK (RFC 5961 4) or, as if
        // the server had lost the old connection, a SYN|ACK.
        const std::uint32_t isn = static_cast<std::uint32_t>(next_random());
        v.push_back({false, kSyn, isn, 0, 0, options});
        if (below(2)) {
          v.push_back({true, kAck, ss, cs, 0, options});
        } else {
          v.push_back({true, static_cast<std::uint8_t>(kSyn | kAck), ss + 7777, isn + 1, 0, options});
          cs = isn + 1;
          ss += 7778;
          v.push_back({false, kAck, cs, ss, 0, options});
        }
      }
    }
    switch (below(6)) {
      case 0:  // three-segment close
        v.push_back({false, static_cast<std::uint8_t>(kFin | kAck), cs, ss, 0, options});
        v.push_back({true, static_cast<std::uint8_t>(kFin | kAck), ss, cs + 1, 0, options});
        v.push_back({false, kAck, cs + 1, ss + 1, 0, options});
        break;
      case 1:  // four-segment close, the FIN maybe resent
        v.push_back({false, static_cast<std::uint8_t>(kFin | kAck), cs, ss, 0, options});
        if (below(3) == 0) v.push_back({false, static_cast<std::uint8_t>(kFin | kAck), cs, ss, 0, options});
        v.push_back({true, kAck, ss, cs + 1, 0, options});
        v.push_back({true, static_cast<std::uint8_t>(kFin | kAck), ss, cs + 1, 0, options});
        v.push_back({false, kAck, cs + 1, ss + 1, 0, options});
        break;
      case 2:  // simultaneous close (RFC 9293 figure 13)
        v.push_back({false, static_cast<std::uint8_t>(kFin | kAck), cs, ss, 0, options});
        v.push_back({true, static_cast<std::uint8_t>(kFin | kAck), ss, cs, 0, options});
        v.push_back({false, kAck, cs + 1, ss + 1, 0, options});
        v.push_back({true, kAck, ss + 1, cs + 1, 0, options});
        break;
      case 3:  // reset
        v.push_back({below(2) == 0, static_cast<std::uint8_t>(kRst | kAck), below(2) ? cs : ss, below(2) ? ss : cs, 0, false});
        break;
      case 4:  // half-close only
        v.push_back({true, static_cast<std::uint8_t>(kFin | kAck), ss, cs, 0, options});
        break;
      default: break;  // still open when the capture ends
    }
    if (v.empty()) v.push_back({false, kAck, cs, ss, 0, options});  // a mid-stream ACK, at least
    return f;
  }

  std::vector<std::uint8_t> tcp_frame(const Flow& f, const Seg& s) {
    const std::size_t options_len = s.options ? 12 : 0;  // NOP NOP timestamps
    const std::size_t tcp_len = 20 + options_len + s.payload;
    Writer w{true, {}};
    w.u32(0x00005e00u).u16(0x5301).u32(0x00005e00u).u16(0x5302);  // documentation MACs (RFC 7042)
    const std::array<std::uint8_t, 16> client = address(f.ipv6, f.client, false);
    const std::array<std::uint8_t, 16> server = address(f.ipv6, f.server, true);
    const auto& src = s.from_server ? server : client;
    const auto& dst = s.from_server ? client : server;
    if (f.ipv6) {
      w.u16(0x86DD).u32(0x60000000u).u16(static_cast<std::uint16_t>(tcp_len)).u8(6).u8(64);
      for (std::uint8_t b : src) w.u8(b);
      for (std::uint8_t b : dst) w.u8(b);
    } else {
      w.u16(0x0800).u8(0x45).u8(0).u16(static_cast<std::uint16_t>(20 + tcp_len)).u16(0).u16(0x4000).u8(64).u8(6).u16(0);
      for (int i = 0; i < 4; ++i) w.u8(src[static_cast<std::size_t>(i)]);
      for (int i = 0; i < 4; ++i) w.u8(dst[static_cast<std::size_t>(i)]);
    }
    w.u16(s.from_server ? f.server_port : f.client_port).u16(s.from_server ? f.client_port : f.server_port);
    w.u32(s.seq).u32((s.flags & kAck) ? s.ack : 0);
    w.u8(static_cast<std::uint8_t>(((20 + options_len) / 4) << 4)).u8(s.flags).u16(64240).u16(0).u16(0);
    if (s.options) w.u8(1).u8(1).u8(8).u8(10).u32(static_cast<std::uint32_t>(time_us_)).u32(0);
    for (std::size_t i = 0; i < s.payload; ++i) w.u8(static_cast<std::uint8_t>('a' + i % 26));
    return w.out;
  }

  std::vector<std::uint8_t> not_tcp_frame() {
    Writer w{true, {}};
    w.u32(0xffffffffu).u16(0xffff).u32(0x00005e00u).u16(0x5301);
    if (below(2)) {  // ARP request
      w.u16(0x0806).bytes(std::vector<std::uint8_t>(28, 1));
    } else {  // UDP
      w.u16(0x0800).u8(0x45).u8(0).u16(28).u16(0).u16(0).u8(64).u8(17).u16(0).u32(0xC0000201u).u32(0xC6336401u);
      w.u16(53).u16(53).u16(8).u16(0);
    }
    return w.out;
  }

  static std::array<std::uint8_t, 16> address(bool ipv6, std::uint8_t host, bool server) {
    std::array<std::uint8_t, 16> a{};
    if (ipv6) {  // 2001:db8::/32 (RFC 3849)
      a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[14] = server ? 1 : 0, a[15] = host;
    } else if (server) {  // 198.51.100.0/24 (RFC 5737)
      a[0] = 198, a[1] = 51, a[2] = 100, a[3] = host;
    } else {  // 192.0.2.0/24
      a[0] = 192, a[1] = 0, a[2] = 2, a[3] = host;
    }
    return a;
  }

  void frame(Writer& w, const std::vector<std::uint8_t>& bytes, std::uint32_t cut) {
    const auto len = static_cast<std::uint32_t>(bytes.size());
    const std::uint32_t caplen = cut != 0 ? cut : len;
    w.u32(static_cast<std::uint32_t>(time_us_ / 1000000)).u32(static_cast<std::uint32_t>(time_us_ % 1000000));
    w.u32(caplen).u32(len);
    w.out.insert(w.out.end(), bytes.begin(), bytes.begin() + caplen);
  }

  std::uint64_t rng_;
  std::uint64_t time_us_ = 1700000000ull * 1000000ull;
};

}  // namespace tcpviz::pcap::testing
