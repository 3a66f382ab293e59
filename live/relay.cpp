#include "live/relay.hpp"

#include <cstdio>

#include "core/wire/checksum.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/link_frames.hpp"
#include "live/wire_facts.hpp"

namespace tcpviz::live {
namespace {

constexpr std::size_t kDelayQueueCap = 100000;  // frames held for delay/duplicate rules

}  // namespace

Relay::Relay(std::vector<scenario::Fault> faults, const TraceCaps& caps)
    : faults_(std::move(faults)), recorder_(caps) {
  fault_rules_.reset(faults_);
}

std::vector<std::string> Relay::take_log() {
  std::vector<std::string> out;
  out.swap(log_);
  return out;
}

std::optional<Time> Relay::next_deadline() const {
  if (delayed_.empty()) return std::nullopt;
  return delayed_.begin()->first;
}

void Relay::advance(Time now) {
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    auto item = std::move(delayed_.begin()->second);
    delayed_.erase(delayed_.begin());
    ++counters_.frames_out[static_cast<std::size_t>(item.first)];
    outbox_.push_back(std::move(item));
  }
}

void Relay::frame_arrived(Time now, int from, std::span<const std::uint8_t> frame) {
  const int to = 1 - from;
  ++counters_.frames_in[static_cast<std::size_t>(from)];
  auto pass = [&](Duration delay) {
    std::vector<std::uint8_t> copy(frame.begin(), frame.end());
    if (delay.count() == 0) {
      ++counters_.frames_out[static_cast<std::size_t>(to)];
      outbox_.emplace_back(to, std::move(copy));
    } else if (delayed_.size() < kDelayQueueCap) {
      delayed_.emplace(now + delay, std::make_pair(to, std::move(copy)));
    } else {
      ++counters_.delay_queue_full;
    }
  };
  auto eth = parse_ethernet(frame);
  if (!eth || eth->ethertype != kEtherTypeIpv4) {
    ++counters_.not_tcp;
    pass(Duration{});
    return;
  }
  auto ip = parse_ipv4(frame.subspan(kEthernetHeaderLen));
  if (ip.problem != Ipv4Problem::None || ip.protocol != kIpProtocolTcpNumber) {
    if (ip.problem == Ipv4Problem::None) ++counters_.not_tcp; else ++counters_.tcp_unparsable;
    pass(Duration{});
    return;
  }
  auto parsed = wire::parse_tcp(ip.payload);
  if (!parsed || !wire::tcp_checksum_ok(ip.payload, wire::Ipv4PseudoHeader{ip.src, ip.dst})) {
    // The relay is a wire, not a host: what it cannot read it still carries, so the receiving
    // kernel decides (and counts) exactly as it would without us in between.
    ++counters_.tcp_unparsable;
    pass(Duration{});
    return;
  }
  ++counters_.tcp_segments;
  const wire::TcpSegment& seg = parsed->segment;
  const Tuple forward{ip.src.value, seg.src_port, ip.dst.value, seg.dst_port};
  const Tuple backward{ip.dst.value, seg.dst_port, ip.src.value, seg.src_port};
  const bool bare_syn = seg.flags.syn() && !seg.flags.ack();
  auto it = flows_.find(forward);
  trace::Side side = trace::Side::Client;
  if (it == flows_.end()) {
    it = flows_.find(backward);
    side = trace::Side::Server;
  }
  // A new incarnation: a SYN with no flow, or a SYN with a new ISN on a flow that has ended.
  const bool new_incarnation =
      it == flows_.end() ||
      (bare_syn && side == trace::Side::Client && it->second.fin_or_rst_seen);
  if (new_incarnation) {
    if (it != flows_.end()) flows_.erase(it);
    // Whoever sends the first segment we see is the client, unless it is a SYN,ACK.
    const bool sender_is_server = seg.flags.syn() && seg.flags.ack();
    const Tuple key = sender_is_server ? backward : forward;
    Flow flow;
    flow.conn = sender_is_server
                    ? recorder_.new_connection(ip.dst.value, seg.dst_port, ip.src.value, seg.src_port)
                    : recorder_.new_connection(ip.src.value, seg.src_port, ip.dst.value, seg.dst_port);
    it = flows_.emplace(key, flow).first;
    side = sender_is_server ? trace::Side::Server : trace::Side::Client;
    char line[160];
    std::snprintf(line, sizeof line, "[%9.3f] conn %u %s:%u -> %s:%u", to_ms(now) / 1000.0, flow.conn,
                  wire::to_string(wire::Ipv4Address{std::get<0>(key)}).c_str(), std::get<1>(key),
                  wire::to_string(wire::Ipv4Address{std::get<2>(key)}).c_str(), std::get<3>(key));
    log_.emplace_back(line);
  }
  Flow& flow = it->second;
  if (seg.flags.fin() || seg.flags.rst()) flow.fin_or_rst_seen = true;

  const sim::WireFacts facts =
      wire_facts_of(recorder_.trace().conns[flow.conn], flow.conn, side, seg);

  SegmentRecord r;
  r.sent = now;
  r.arrive = now;
  r.conn = flow.conn;
  r.from = side;
  Duration delay{};
  std::uint32_t copies = 0;
  Duration gap{};
  if (auto rule = fault_rules_.first_match(seg, facts)) {
    const scenario::Fault& f = faults_[*rule];
    r.fault = static_cast<std::int32_t>(*rule);
    char line[200];
    if (f.drop) {
      r.fate = trace::Fate::Dropped;
      ++counters_.fault_dropped;
      recorder_.record_segment(r, seg, ip.packet);
      std::snprintf(line, sizeof line, "[%9.3f] conn %u fault rule %u dropped %s %s seq=%u len=%u",
                    to_ms(now) / 1000.0, flow.conn, *rule, std::string(trace::side_name(side)).c_str(),
                    wire::flags_to_string(seg.flags).c_str(), facts.rel_seq, seg.payload_len);
      log_.emplace_back(line);
      return;
    }
    delay = f.delay;
    copies = f.duplicate;
    gap = f.gap;
    if (delay.count() > 0) ++counters_.fault_delayed;
    if (copies > 0) ++counters_.fault_duplicated;
    r.arrive = now + delay;
    std::snprintf(line, sizeof line, "[%9.3f] conn %u fault rule %u: %s %s seq=%u delayed %.3f ms, %u copies",
                  to_ms(now) / 1000.0, flow.conn, *rule, std::string(trace::side_name(side)).c_str(),
                  wire::flags_to_string(seg.flags).c_str(), facts.rel_seq, to_ms(delay), copies);
    log_.emplace_back(line);
  }
  const std::uint32_t id = recorder_.record_segment(r, seg, ip.packet);
  pass(delay);
  for (std::uint32_t k = 1; k <= copies; ++k) {
    SegmentRecord copy = r;
    copy.arrive = now + delay + gap * static_cast<std::int64_t>(k);
    copy.copy_of = id;
    recorder_.record_segment(copy, seg, ip.packet);
    if (delayed_.size() < kDelayQueueCap) {
      delayed_.emplace(copy.arrive, std::make_pair(to, std::vector<std::uint8_t>(frame.begin(), frame.end())));
    } else {
      ++counters_.delay_queue_full;
    }
  }
}

}  // namespace tcpviz::live
