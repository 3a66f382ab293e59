// Writes a large synthetic classic pcap (Ethernet, IPv4, TCP) for the import benchmark
// (scripts/bench_pcap.sh, issue 6): many interleaved connections, each with a full
// three-way handshake, request/response data, and a close. About 10% are lossy (a server
// data segment is sent again later: a retransmission), about 5% end with an RST instead of
// FINs. Deterministic: the same seed and size give the same bytes.
//
//   bench_gen_capture <out.pcap> [min_bytes (default 1 GiB)] [seed (default 1)]
//
// Headers are written directly rather than through core/wire's packet builder: the file is
// a gigabyte and the point is to produce it in seconds. TCP checksums are left 0 (tshark
// and tcpviz do not verify them by default); IPv4 header checksums are correct.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// splitmix64: small, fast and fully specified, so the output never depends on the library.
struct Prng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

struct Step {
  bool from_server;
  std::uint8_t flags;
  std::uint32_t seq;
  std::uint32_t ack;
  std::uint16_t payload;
};

struct Connection {
  std::uint32_t client_ip, server_ip;
  std::uint16_t client_port, server_port;
  std::vector<Step> steps;
  std::size_t next = 0;
};

Connection make_connection(std::uint64_t id, Prng& rng) {
  Connection c;
  c.client_ip = 0x0A000000u | static_cast<std::uint32_t>(id & 0xFFFFFFu);  // 10.x.y.z, unique per id
  c.server_ip = 0xC0A80001u + rng.below(50);                              // 192.168.0.1-50
  c.client_port = static_cast<std::uint16_t>(32768 + rng.below(28000));
  c.server_port = rng.below(2) ? 443 : 80;
  std::uint32_t cs = static_cast<std::uint32_t>(rng.next());  // client's next sequence number
  std::uint32_t ss = static_cast<std::uint32_t>(rng.next());
  auto& v = c.steps;
  v.push_back({false, kSyn, cs, 0, 0});
  ++cs;
  v.push_back({true, kSyn | kAck, ss, cs, 0});
  ++ss;
  v.push_back({false, kAck, cs, ss, 0});
  const bool lossy = rng.below(10) == 0;
  const bool reset = rng.below(20) == 0;
  const std::uint32_t rounds = 1 + rng.below(2);
  for (std::uint32_t r = 0; r < rounds; ++r) {
    const auto req = static_cast<std::uint16_t>(100 + rng.below(500));
    v.push_back({false, kPsh | kAck, cs, ss, req});
    cs += req;
    const std::uint32_t segs = 1 + rng.below(3);
    std::vector<Step> lost;
    for (std::uint32_t k = 0; k < segs; ++k) {
      const std::uint16_t len = k + 1 == segs ? static_cast<std::uint16_t>(200 + rng.below(1248)) : 1448;
      const Step s{true, static_cast<std::uint8_t>(kAck | (k + 1 == segs ? kPsh : 0)), ss, cs, len};
      v.push_back(s);
      if (lossy && k == 0) lost.push_back(s);
      ss += len;
      if (k % 2 == 1 || k + 1 == segs) v.push_back({false, kAck, cs, ss, 0});
    }
    // The lost segment's resend, after the duplicate ACKs that asked for it.
    for (const Step& s : lost) {
      v.push_back({false, kAck, cs, s.seq, 0});
      v.push_back(s);
    }
  }
  if (reset) {
    v.push_back({false, kRst | kAck, cs, ss, 0});
  } else if (rng.below(2)) {  // three-segment close: FIN, FIN|ACK, ACK
    v.push_back({false, kFin | kAck, cs, ss, 0});
    ++cs;
    v.push_back({true, kFin | kAck, ss, cs, 0});
    ++ss;
    v.push_back({false, kAck, cs, ss, 0});
  } else {  // four-segment close
    v.push_back({false, kFin | kAck, cs, ss, 0});
    ++cs;
    v.push_back({true, kAck, ss, cs, 0});
    v.push_back({true, kFin | kAck, ss, cs, 0});
    ++ss;
    v.push_back({false, kAck, cs, ss, 0});
  }
  return c;
}

void put16(std::uint8_t* p, std::uint32_t v) { p[0] = static_cast<std::uint8_t>(v >> 8); p[1] = static_cast<std::uint8_t>(v); }
void put32(std::uint8_t* p, std::uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xFFFFu); }
void le32(std::uint8_t* p, std::uint32_t v) { for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i)); }

}  // namespace

int main(int argc, char** argv) {
  // scripts/bench.sh runs every bench_* with the same arguments: without a *.pcap path this
  // is not being asked for a capture, so it says how to use it and succeeds.
  const std::string path = argc > 1 ? argv[1] : "";
  if (path.size() < 5 || path.compare(path.size() - 5, 5, ".pcap") != 0) {
    std::printf("bench_gen_capture: usage %s <out.pcap> [min_bytes] [seed]; nothing to do "
                "(scripts/bench_pcap.sh runs it)\n", argv[0]);
    return 0;
  }
  const std::uint64_t min_bytes = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : (1ull << 30);
  Prng rng{argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1};
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  static char buffer[1 << 23];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

  std::array<std::uint8_t, 24> header{};
  le32(header.data(), 0xa1b2c3d4u);
  header[4] = 2;  // version 2.4
  header[6] = 4;
  le32(header.data() + 16, 65535);
  le32(header.data() + 20, 1);  // Ethernet
  std::fwrite(header.data(), 1, header.size(), out);

  constexpr std::size_t kActive = 2000;  // connections in flight at once, interleaved
  std::vector<Connection> active;
  std::uint64_t written = header.size(), packets = 0, connections = 0;
  std::uint64_t time_us = 1700000000ull * 1000000ull;
  std::array<std::uint8_t, 16 + 14 + 20 + 20 + 1448> frame{};
  while (true) {
    while (active.size() < kActive && written < min_bytes) active.push_back(make_connection(connections++, rng));
    if (active.empty()) break;
    const std::size_t pick = rng.below(static_cast<std::uint32_t>(active.size()));
    Connection& c = active[pick];
    const Step& s = c.steps[c.next++];
    const bool syn = (s.flags & kSyn) != 0;
    const std::size_t tcp_len = syn ? 24 : 20;  // a SYN carries MSS 1460
    const std::size_t frame_len = 14 + 20 + tcp_len + s.payload;
    std::uint8_t* r = frame.data();
    time_us += 1 + rng.below(20);
    le32(r, static_cast<std::uint32_t>(time_us / 1000000));
    le32(r + 4, static_cast<std::uint32_t>(time_us % 1000000));
    le32(r + 8, static_cast<std::uint32_t>(frame_len));
    le32(r + 12, static_cast<std::uint32_t>(frame_len));
    std::uint8_t* e = r + 16;
    // Documentation MACs (RFC 7042 2.1.2): client ...:01, server ...:02.
    const std::array<std::uint8_t, 6> mc{0, 0, 0x5e, 0, 0x53, 1}, ms{0, 0, 0x5e, 0, 0x53, 2};
    std::copy(s.from_server ? mc.begin() : ms.begin(), s.from_server ? mc.end() : ms.end(), e);
    std::copy(s.from_server ? ms.begin() : mc.begin(), s.from_server ? ms.end() : mc.end(), e + 6);
    put16(e + 12, 0x0800);
    std::uint8_t* ip = e + 14;
    std::fill(ip, ip + 20, std::uint8_t{0});
    ip[0] = 0x45;
    put16(ip + 2, static_cast<std::uint32_t>(20 + tcp_len + s.payload));
    put16(ip + 4, static_cast<std::uint32_t>(packets));
    put16(ip + 6, 0x4000);  // DF
    ip[8] = 64;
    ip[9] = 6;
    put32(ip + 12, s.from_server ? c.server_ip : c.client_ip);
    put32(ip + 16, s.from_server ? c.client_ip : c.server_ip);
    std::uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
    while (sum >> 16) sum = (sum & 0xFFFFu) + (sum >> 16);
    put16(ip + 10, ~sum & 0xFFFFu);
    std::uint8_t* t = ip + 20;
    std::fill(t, t + tcp_len + s.payload, std::uint8_t{0});
    put16(t, s.from_server ? c.server_port : c.client_port);
    put16(t + 2, s.from_server ? c.client_port : c.server_port);
    put32(t + 4, s.seq);
    put32(t + 8, (s.flags & kAck) ? s.ack : 0);
    t[12] = static_cast<std::uint8_t>((tcp_len / 4) << 4);
    t[13] = s.flags;
    put16(t + 14, 64240);
    if (syn) {
      t[20] = 2;
      t[21] = 4;
      put16(t + 22, 1460);
    }
    std::fwrite(r, 1, 16 + frame_len, out);
    written += 16 + frame_len;
    ++packets;
    if (c.next == c.steps.size()) {
      active[pick] = std::move(active.back());
      active.pop_back();
    }
  }
  if (std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  std::printf("wrote %s: %llu bytes, %llu packets, %llu connections\n", argv[1],
              static_cast<unsigned long long>(written), static_cast<unsigned long long>(packets),
              static_cast<unsigned long long>(connections));
  return 0;
}
