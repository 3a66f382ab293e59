// Link and network layers of the live host: Ethernet, ARP, IPv4, ICMP. TCP is in host_tcp.cpp.
#include "live/host.hpp"

#include <algorithm>
#include <cstdio>

#include "core/wire/checksum.hpp"
#include "live/host_connection.hpp"
#include "live/link_frames.hpp"

namespace tcpviz::live {
namespace {

constexpr std::size_t kArpCacheCap = 256;
constexpr std::size_t kArpPendingIpsCap = 64;
constexpr std::size_t kArpPendingPacketsCap = 16;
constexpr Duration kArpRetry = from_ms(1000);  // Linux retrans_time_ms default
constexpr std::size_t kEthernetMinFrame = 60;  // without the FCS

bool is_broadcast(const wire::MacAddress& m) { return m == wire::MacAddress::broadcast(); }

}  // namespace

Host::Host(HostConfig config)
    : config_(std::move(config)), isn_(config_.isn_key), recorder_(config_.trace_caps) {
  fault_rules_.reset(config_.faults);
}

Host::~Host() = default;

std::vector<std::string> Host::take_log() {
  std::vector<std::string> out;
  out.swap(log_);
  return out;
}

void Host::set_faults(const std::vector<scenario::Fault>& faults) {
  // FaultRules keeps a reference into the rule vector: assign the owned copy first.
  config_.faults = faults;
  fault_rules_.reset(config_.faults);
}

void Host::frame_arrived(Time now, std::span<const std::uint8_t> frame) {
  now_ = now;
  ++counters_.frames_in;
  auto eth = parse_ethernet(frame);
  if (!eth) {
    ++counters_.frames_malformed;
    return;
  }
  if (!(eth->dst == config_.mac) && !is_broadcast(eth->dst)) {
    ++counters_.frames_not_for_us;
    return;
  }
  auto payload = frame.subspan(kEthernetHeaderLen);
  if (eth->ethertype == kEtherTypeArp) {
    arp_input(now, payload);
  } else if (eth->ethertype == kEtherTypeIpv4) {
    ipv4_input(now, payload, std::nullopt);
  } else {
    ++counters_.frames_other_protocol;
  }
}

// RFC 826, "Packet Reception": merge the sender into the cache if it is there; if we are the
// target, add it if it was not; answer a request for our address.
void Host::arp_input(Time now, std::span<const std::uint8_t> payload) {
  ++counters_.arp_in;
  auto arp = parse_arp(payload);
  if (!arp) {
    ++counters_.arp_malformed;
    return;
  }
  bool merged = false;
  const bool sender_known_ip = arp->sender_ip.value != 0;  // 0.0.0.0: an RFC 5227 probe
  if (auto it = arp_cache_.find(arp->sender_ip.value); it != arp_cache_.end() && sender_known_ip) {
    it->second = arp->sender_mac;
    merged = true;
  }
  if (!(arp->target_ip == config_.ip)) return;
  if (!merged && sender_known_ip) {
    if (arp_cache_.size() >= kArpCacheCap) arp_cache_.erase(arp_cache_.begin());
    arp_cache_[arp->sender_ip.value] = arp->sender_mac;
  }
  if (arp->op == kArpRequest) {
    std::vector<std::uint8_t> frame(kEthernetMinFrame, 0);
    write_ethernet(frame, EthernetHeader{arp->sender_mac, config_.mac, kEtherTypeArp});
    write_arp(std::span(frame).subspan(kEthernetHeaderLen),
              ArpPacket{kArpReply, config_.mac, config_.ip, arp->sender_mac, arp->sender_ip});
    outbox_.push_back(std::move(frame));
    ++counters_.frames_out;
    ++counters_.arp_replies_sent;
  }
  // Packets that waited for this address can go now.
  if (auto pending = arp_pending_.find(arp->sender_ip.value); pending != arp_pending_.end()) {
    auto packets = std::move(pending->second);
    arp_pending_.erase(pending);
    arp_last_request_.erase(arp->sender_ip.value);
    for (auto& p : packets) send_ip_packet(now, arp->sender_ip, std::move(p));
  }
}

void Host::send_arp_request(wire::Ipv4Address target) {
  std::vector<std::uint8_t> frame(kEthernetMinFrame, 0);
  write_ethernet(frame, EthernetHeader{wire::MacAddress::broadcast(), config_.mac, kEtherTypeArp});
  write_arp(std::span(frame).subspan(kEthernetHeaderLen),
            ArpPacket{kArpRequest, config_.mac, config_.ip, wire::MacAddress{}, target});
  outbox_.push_back(std::move(frame));
  ++counters_.frames_out;
  ++counters_.arp_requests_sent;
}

void Host::send_ip_packet(Time now, wire::Ipv4Address dst, std::vector<std::uint8_t> packet) {
  const std::uint32_t mask =
      config_.prefix_len == 0 ? 0 : ~std::uint32_t{0} << (32 - config_.prefix_len);
  if ((dst.value & mask) != (config_.ip.value & mask)) {
    ++counters_.ipv4_no_route;  // no gateway: the host only talks on its own link
    return;
  }
  auto it = arp_cache_.find(dst.value);
  if (it == arp_cache_.end()) {
    auto pending = arp_pending_.find(dst.value);
    if (pending == arp_pending_.end() && arp_pending_.size() >= kArpPendingIpsCap) {
      ++counters_.arp_unresolved_drops;
      return;
    }
    auto& queue = arp_pending_[dst.value];
    if (queue.size() >= kArpPendingPacketsCap) {
      ++counters_.arp_unresolved_drops;
    } else {
      queue.push_back(std::move(packet));
    }
    auto last = arp_last_request_.find(dst.value);
    if (last == arp_last_request_.end() || now - last->second >= kArpRetry) {
      arp_last_request_[dst.value] = now;
      send_arp_request(dst);
    }
    return;
  }
  std::vector<std::uint8_t> frame(std::max(kEthernetMinFrame, kEthernetHeaderLen + packet.size()), 0);
  write_ethernet(frame, EthernetHeader{it->second, config_.mac, kEtherTypeIpv4});
  std::copy(packet.begin(), packet.end(), frame.begin() + kEthernetHeaderLen);
  outbox_.push_back(std::move(frame));
  ++counters_.frames_out;
}

// RFC 1122 3.2.1: silently discard a datagram with a bad version or checksum; this host does
// no reassembly, so fragments are dropped and counted (a TCP peer that sees our MSS and DF
// does not fragment). Options are skipped, not interpreted.
void Host::ipv4_input(Time now, std::span<const std::uint8_t> packet,
                      std::optional<std::uint32_t> recorded) {
  ++counters_.ipv4_in;
  auto ip = parse_ipv4(packet);
  switch (ip.problem) {
    case Ipv4Problem::None: break;
    case Ipv4Problem::BadChecksum: ++counters_.ipv4_bad_checksum; return;
    case Ipv4Problem::Fragment: ++counters_.ipv4_fragments_dropped; return;
    default: ++counters_.ipv4_malformed; return;
  }
  if (!(ip.dst == config_.ip)) {
    ++counters_.ipv4_not_for_us;
    return;
  }
  if (ip.header_len > kIpv4MinHeaderLen && !recorded) ++counters_.ipv4_options_skipped;
  if (ip.protocol == kIpProtocolIcmp) {
    icmp_input(now, ip.src, ip.payload);
  } else if (ip.protocol == kIpProtocolTcpNumber) {
    tcp_input(now, ip.src, ip.packet, ip.payload, recorded);
  } else {
    ++counters_.ipv4_unknown_protocol;
  }
}

void Host::icmp_input(Time now, wire::Ipv4Address src, std::span<const std::uint8_t> icmp) {
  if (!is_icmp_echo_request(icmp) || icmp.size() > 1500 - kIpv4MinHeaderLen) {
    ++counters_.icmp_other;
    return;
  }
  std::vector<std::uint8_t> packet(kIpv4MinHeaderLen + icmp.size());
  write_ipv4_header(packet, config_.ip, src, kIpProtocolIcmp,
                    static_cast<std::uint16_t>(icmp.size()), ip_id_++);
  write_icmp_echo_reply(std::span(packet).subspan(kIpv4MinHeaderLen), icmp);
  ++counters_.icmp_echo_replies;
  send_ip_packet(now, src, std::move(packet));
}

void Host::log_line(Time now, const LiveConnection& c, const std::string& what) {
  char head[96];
  std::snprintf(head, sizeof head, "[%9.3f] conn %u %s %s:%u -> :%u  ", to_ms(now) / 1000.0,
                c.conn, std::string(trace::side_name(c.ours)).c_str(),
                wire::to_string(c.remote_ip).c_str(), c.remote_port, c.local_port);
  log_.push_back(head + what);
}

}  // namespace tcpviz::live
