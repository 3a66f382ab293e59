// Fuzz target: hostile frames on a TAP. The input is a run of frames, each `len(2, big
// endian) | flags(1) | bytes`, fed to the live Host (host mode: ARP, IPv4, ICMP, TCP through
// the core's connection, the echo and http services) and to the Relay (relay mode, with and
// without virtio_net_hdr / TSO). Whatever arrives, nothing crashes, every write the engines
// ask for stays inside its frame, and the host's connection table stays within its cap.
//
// Random bytes almost never carry a valid checksum, and the host drops such frames at once;
// flag bit 0 asks for the IPv4 header and TCP checksums to be made valid first, so the fuzzer
// reaches the TCP state machine and the services with otherwise arbitrary segments.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/util/time.hpp"
#include "core/wire/checksum.hpp"
#include "live/host.hpp"
#include "live/relay.hpp"
#include "live/services.hpp"

using namespace tcpviz;

namespace {

constexpr std::size_t kEthernetLen = 14;
constexpr std::size_t kMaxConnections = 8;

void require(bool condition) {
  if (!condition) std::abort();
}

std::uint16_t read_be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
void write_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

// Makes the IPv4 header checksum and, for TCP, the transport checksum valid (RFC 791 3.1,
// RFC 9293 3.1), when the frame is long enough to hold what its headers claim.
void fix_checksums(std::vector<std::uint8_t>& frame) {
  if (frame.size() < kEthernetLen + 20 || read_be16(&frame[12]) != 0x0800) return;
  std::uint8_t* ip = frame.data() + kEthernetLen;
  const std::size_t ihl = std::size_t(ip[0] & 0x0f) * 4;
  const std::size_t total = read_be16(ip + 2);
  if (ihl < 20 || total < ihl || kEthernetLen + total > frame.size()) return;
  write_be16(ip + 10, 0);
  write_be16(ip + 10, wire::internet_checksum({ip, ihl}));
  if (ip[9] != wire::kIpProtocolTcp || total - ihl < 20) return;
  const std::span<const std::uint8_t> tcp{ip + ihl, total - ihl};
  const wire::Ipv4PseudoHeader pseudo{wire::Ipv4Address::from_octets(ip[12], ip[13], ip[14], ip[15]),
                                      wire::Ipv4Address::from_octets(ip[16], ip[17], ip[18], ip[19])};
  write_be16(ip + ihl + 16, wire::transport_checksum(pseudo, tcp, 16));
}

live::HostConfig host_config() {
  live::HostConfig c;
  c.services.push_back(live::ServiceSpec{live::ServiceKind::Echo, 7});
  c.services.push_back(live::ServiceSpec{live::ServiceKind::Http, 80});
  c.max_connections = kMaxConnections;
  c.syn_backlog = 4;
  c.trace_caps.max_segments = 256;
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  live::Host host(host_config());
  live::Relay relay({}, {}, /*vnet_hdr=*/size % 2 == 1);
  Time now{};
  std::size_t at = 0;
  std::vector<std::uint8_t> frame;
  while (at + 3 <= size) {
    const std::size_t len = read_be16(data + at);
    const std::uint8_t flags = data[at + 2];
    at += 3;
    const std::size_t take = len < size - at ? len : size - at;
    frame.assign(data + at, data + at + take);
    at += take;
    if (flags & 1) fix_checksums(frame);
    now += Duration(std::int64_t(flags >> 1) * 1000);  // up to ~127 ms between frames

    host.advance(now);
    host.frame_arrived(now, frame);
    for (const auto& out : host.outbox()) require(out.size() >= kEthernetLen);
    host.outbox().clear();
    require(host.connection_count() <= kMaxConnections);

    relay.advance(now);
    relay.frame_arrived(now, flags & 0x80 ? 1 : 0, frame);
    // A relay passes a frame on as it came (even an empty one): it only decides where to.
    for (auto [port, bytes] : relay.outbox()) require((port == 0 || port == 1) && bytes.size() <= 0x10000 + 64);
    relay.outbox().clear();
  }
  host.finish(now);
  relay.finish(now);
  return 0;
}
