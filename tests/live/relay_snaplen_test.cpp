// The relay's payload snap length without a TAP (TraceCaps::snaplen, keep_whole): a trace
// keeps every segment's headers, the first 64 KiB of each direction of each connection whole
// and, past them, the first 128 payload bytes of each segment, as `tcpdump -s` keeps the
// first bytes of each packet; segments cut short are marked truncated, and the pcap export
// gives them their original length (caplen < len, "[Packet size limited during capture]").
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "core/pcap/capture.hpp"
#include "core/pcap/pcap_writer.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/link_frames.hpp"
#include "live/live_options.hpp"
#include "live/relay.hpp"
#include "tests/live/relay_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::live;
using namespace tcpviz::live::testing;

namespace {

constexpr std::uint16_t kMss = 1448;
constexpr std::size_t kIpTcpHeaders = 20 + 20;  // no IP or TCP options in these frames
constexpr std::uint32_t kTotal = 100 * kMss;     // a bulk transfer: 100 full segments
constexpr std::size_t kWholeSegments = 65536 / kMss;  // 45 end at 65,160, inside 64 KiB

// Payload byte i of a stream: not constant, so a kept prefix can be checked byte for byte.
std::uint8_t stream_byte(std::uint32_t offset) { return static_cast<std::uint8_t>(offset * 7 + (offset >> 8)); }

std::vector<std::uint8_t> ip_packet(bool from_client, const wire::TcpSegment& seg, std::uint32_t stream_offset) {
  std::vector<std::uint8_t> payload(seg.payload_len);
  for (std::uint32_t i = 0; i < seg.payload_len; ++i) payload[i] = stream_byte(stream_offset + i);
  auto ip = wire::build_ipv4_tcp(seg, payload,
                                 wire::Ipv4TcpAddressing{from_client ? kClientIp : kServerIp,
                                                         from_client ? kServerIp : kClientIp, 7, 64});
  REQUIRE(ip.ok());
  return ip.value();
}

// Ethernet frame, with a virtio_net_hdr in front when `vnet` (gso_size `mss` for a TSO frame,
// NEEDS_CSUM as a sending kernel sets it for a TSO segment).
std::vector<std::uint8_t> frame(const std::vector<std::uint8_t>& ip, bool vnet = false, std::uint16_t mss = 0) {
  std::vector<std::uint8_t> out;
  if (vnet) {
    out.assign(kVnetHeaderLen, 0);
    if (mss != 0) {
      out[0] = kVnetNeedsCsum;
      out[1] = kVnetGsoTcpv4;
      out[4] = static_cast<std::uint8_t>(mss & 0xff);
      out[5] = static_cast<std::uint8_t>(mss >> 8);
    }
  }
  out.resize(out.size() + kEthernetHeaderLen);
  write_ethernet(std::span(out).subspan(out.size() - kEthernetHeaderLen), EthernetHeader{{}, {}, kEtherTypeIpv4});
  out.insert(out.end(), ip.begin(), ip.end());
  return out;
}

// SYN and SYN|ACK (RFC 9293 3.5): both ISNs known, so stream offsets are rel_seq - 1.
void open_connection(Relay& relay, std::uint32_t client_isn, std::uint32_t server_isn, bool vnet = false) {
  relay.frame_arrived(Time(0), 0, frame(ip_packet(true, segment(true, F::kSyn, client_isn, 0), 0), vnet));
  relay.frame_arrived(Time(1), 1,
                      frame(ip_packet(false, segment(false, F::kSyn | F::kAck, server_isn, client_isn + 1), 0), vnet));
}

std::span<const std::uint8_t> bytes_of(const trace::Trace& t, const trace::Segment& s) {
  return std::span<const std::uint8_t>(t.raw_bytes).subspan(s.raw_offset, s.raw_len);
}

// The client sends `total` bytes in MSS-sized segments, one frame each (no TSO).
void client_sends_stream(Relay& relay, std::uint32_t isn, std::uint32_t total) {
  for (std::uint32_t off = 0, i = 0; off < total; off += kMss, ++i) {
    const std::uint32_t len = std::min<std::uint32_t>(kMss, total - off);
    relay.frame_arrived(Time(10 + i), 0, frame(ip_packet(true, segment(true, F::kAck, isn + 1 + off, 1, len), off)));
  }
}

}  // namespace

TEST_CASE("Snap length: the first 64 KiB of a direction are kept whole, later segments keep headers and 128 payload bytes") {
  Relay relay(std::vector<scenario::Fault>{});
  open_connection(relay, 1000, 5000);
  client_sends_stream(relay, 1000, kTotal);
  const trace::Trace& t = relay.trace();
  std::size_t whole = 0, straddling = 0, snapped = 0;
  for (const auto& s : t.segments) {
    if (s.tcp.payload_len == 0) continue;
    const std::uint32_t offset = s.rel_seq - 1;  // the SYN took the ISN (RFC 9293 3.4)
    const std::uint32_t len = s.tcp.payload_len;
    std::uint32_t want_kept = len;
    if (offset + len > 65536) want_kept = std::min(len, std::max<std::uint32_t>(128, offset < 65536 ? 65536 - offset : 0));
    CAPTURE(offset, len);
    CHECK(s.raw_len == kIpTcpHeaders + want_kept);
    CHECK(s.truncated == (want_kept < len));
    // What is kept is the segment's first bytes, as sent.
    const auto bytes = bytes_of(t, s);
    bool same = true;
    for (std::uint32_t i = 0; i < want_kept; ++i) same = same && bytes[kIpTcpHeaders + i] == stream_byte(offset + i);
    CHECK(same);
    // The IP header still says how long the packet was (RFC 791 Total Length): what the pcap
    // export writes as the original length.
    CHECK(((bytes[2] << 8) | bytes[3]) == static_cast<int>(kIpTcpHeaders + len));
    if (want_kept == len) ++whole; else if (want_kept > 128) ++straddling; else ++snapped;
  }
  CHECK(whole == kWholeSegments);
  CHECK(straddling == 1);  // 65,160..66,608: the 376 bytes up to 64 KiB are kept
  CHECK(snapped == 100 - kWholeSegments - 1);
  // The trace says what it did, once.
  std::size_t notes = 0;
  for (const auto& n : t.notes) notes += n.find("payload snap length") != std::string::npos;
  CHECK(notes == 1);
}

TEST_CASE("Snap length: each direction of each connection has its own whole part; --snaplen 0 keeps every byte") {
  SECTION("the server's direction and a second connection start whole again") {
    Relay relay(std::vector<scenario::Fault>{});
    open_connection(relay, 1000, 5000);
    client_sends_stream(relay, 1000, 80000);
    relay.frame_arrived(Time(500), 1, frame(ip_packet(false, segment(false, F::kAck, 5001, 1001 + 80000, 1000), 0)));
    const auto& server_data = relay.trace().segments.back();
    CHECK(server_data.from == trace::Side::Server);
    CHECK_FALSE(server_data.truncated);
    CHECK(server_data.raw_len == kIpTcpHeaders + 1000);
  }
  SECTION("snaplen 0") {
    TraceCaps caps;
    caps.snaplen = 0;
    Relay relay(std::vector<scenario::Fault>{}, caps);
    open_connection(relay, 1000, 5000);
    client_sends_stream(relay, 1000, 200000);
    for (const auto& s : relay.trace().segments) {
      CHECK_FALSE(s.truncated);
      CHECK(s.raw_len == kIpTcpHeaders + s.tcp.payload_len);
    }
    for (const auto& n : relay.trace().notes) CHECK(n.find("payload snap length") == std::string::npos);
  }
}

TEST_CASE("Snap length: stream offsets are taken modulo 2^32, so an ISN near the top of the space changes nothing (RFC 9293 3.4)") {
  Relay relay(std::vector<scenario::Fault>{});
  const std::uint32_t isn = 0xFFFFFFFFu - 20000;  // the sequence numbers wrap 20 KB into the stream
  open_connection(relay, isn, 5000);
  client_sends_stream(relay, isn, kTotal);
  std::size_t whole = 0;
  for (const auto& s : relay.trace().segments) {
    if (s.tcp.payload_len > 0 && !s.truncated) ++whole;
  }
  CHECK(whole == kWholeSegments);
}

TEST_CASE("Snap length: a connection the relay picks up mid-stream keeps its first 64 KiB seen whole") {
  Relay relay(std::vector<scenario::Fault>{});
  // No SYN: the first segment seen starts the kept-whole part (its sender's ISN is unknown).
  client_sends_stream(relay, 7777777, kTotal);
  std::size_t whole = 0, cut = 0;
  for (const auto& s : relay.trace().segments) (s.truncated ? cut : whole) += 1;
  CHECK(whole == kWholeSegments);
  CHECK(cut == 100 - kWholeSegments);
}

TEST_CASE("Snap length: the pcap export writes truncated segments with caplen < len and their original length") {
  Relay relay(std::vector<scenario::Fault>{});
  open_connection(relay, 1000, 5000);
  client_sends_stream(relay, 1000, kTotal);
  const trace::Trace& t = relay.trace();
  const auto out = pcap::write_pcap(t);
  REQUIRE(out.written == t.segments.size());
  auto capture = pcap::read_capture(out.file);
  REQUIRE(capture.ok());
  REQUIRE(capture->packets.size() == t.segments.size());
  std::size_t truncated = 0;
  for (std::size_t i = 0; i < t.segments.size(); ++i) {
    const auto& p = capture->packets[i];
    const auto& s = t.segments[i];
    CAPTURE(i);
    // Ethernet (14) + IPv4 + TCP + payload on the wire; only the bytes kept in the file.
    CHECK(p.orig_len == 14 + kIpTcpHeaders + s.tcp.payload_len);
    CHECK(p.caplen == 14 + s.raw_len);
    CHECK(p.truncated == s.truncated);
    truncated += p.truncated;
  }
  CHECK(truncated == 100 - kWholeSegments);
}

TEST_CASE("Snap length: TSO pieces past the whole part keep 128 bytes and the checksum the sender left for offload") {
  Relay relay(std::vector<scenario::Fault>{}, TraceCaps{}, true);
  open_connection(relay, 1000, 5000, true);
  // Two 45-piece TSO segments: the first (0..65,160) is inside the whole part, the second
  // (65,160..130,320) is not, but for the 376 bytes of its first piece up to 64 KiB.
  constexpr std::uint32_t kLen = 45 * kMss;
  for (std::uint32_t k = 0; k < 2; ++k) {
    const auto ip = ip_packet(true, segment(true, F::kAck, 1001 + k * kLen, 5001, kLen), k * kLen);
    relay.frame_arrived(Time(10 + k), 0, frame(ip, true, kMss));
  }
  const trace::Trace& t = relay.trace();
  REQUIRE(t.segments.size() == 2 + 90);
  for (std::size_t i = 2; i < t.segments.size(); ++i) {
    const auto& s = t.segments[i];
    const auto bytes = bytes_of(t, s);
    CAPTURE(i);
    REQUIRE(bytes.size() >= kIpTcpHeaders);
    if (i < 2 + 45) {
      // Whole: the checksum the sender's kernel would have finished verifies (RFC 9293 3.1).
      CHECK_FALSE(s.truncated);
      CHECK(wire::tcp_checksum_ok(bytes.subspan(20), wire::Ipv4PseudoHeader{kClientIp, kServerIp}));
      continue;
    }
    CHECK(s.truncated);
    CHECK(s.raw_len == kIpTcpHeaders + (i == 2 + 45 ? 65536 - 65160 : 128));
    // Linux leaves a CHECKSUM_PARTIAL segment's checksum field holding the folded sum of the
    // pseudo-header alone (net/ipv4/tcp_ipv4.c __tcp_v4_send_check: ~tcp_v4_check(len, saddr,
    // daddr, 0)), which tcpdump on the sending host shows as "incorrect": summed here from
    // RFC 9293 3.1's pseudo-header words by hand.
    std::uint32_t sum = (kClientIp.value >> 16) + (kClientIp.value & 0xFFFF) + (kServerIp.value >> 16) +
                        (kServerIp.value & 0xFFFF) + 6 + 20 + s.tcp.payload_len;
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
    CHECK(s.tcp.checksum == sum);
    CHECK(((bytes[20 + 16] << 8) | bytes[20 + 17]) == static_cast<int>(sum));
  }
}

TEST_CASE("Snap length options: --snaplen and --keep-whole set the trace caps, 0 keeps everything") {
  auto parse = [](std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return parse_live_options(static_cast<int>(argv.size()), argv.data());
  };
  auto o = parse({"--relay", "a", "b", "--snaplen", "0", "--keep-whole", "1048576"});
  REQUIRE(o.ok());
  const TraceCaps caps = with_snap_options(TraceCaps{}, *o);
  CHECK(caps.snaplen == 0);
  CHECK(caps.keep_whole == 1048576);
  auto defaults = parse({"--relay", "a", "b"});
  REQUIRE(defaults.ok());
  CHECK(with_snap_options(TraceCaps{}, *defaults).snaplen == TraceCaps{}.snaplen);
  CHECK_FALSE(parse({"--relay", "a", "b", "--snaplen", "70000"}).ok());  // more than a packet holds
  CHECK_FALSE(parse({"--relay", "a", "b", "--snaplen"}).ok());
  CHECK_FALSE(parse({"--relay", "a", "b", "--keep-whole", "-1"}).ok());
}
