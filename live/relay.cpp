#include "live/relay.hpp"

#include <cstdio>

#include "core/wire/checksum.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/link_frames.hpp"
#include "live/wire_facts.hpp"

namespace tcpviz::live {
namespace {

using trace::Side;

constexpr std::size_t kDelayQueueCap = 100000;  // frames held for delay/duplicate rules

constexpr std::size_t idx(Side s) { return static_cast<std::size_t>(s); }

}  // namespace

void RelayOutbox::push(int port, std::span<const std::uint8_t> frame) {
  entries_.push_back(Entry{port, nullptr, bytes_.size(), frame.size()});
  bytes_.insert(bytes_.end(), frame.begin(), frame.end());
}

void RelayOutbox::push_borrowed(int port, std::span<const std::uint8_t> frame) {
  entries_.push_back(Entry{port, frame.data(), 0, frame.size()});
}

std::vector<RelayOutbox::Frame>::iterator RelayOutbox::begin() {
  // Spans are made here, not in push(), because bytes_ may move while frames are added.
  view_.clear();
  const std::span<const std::uint8_t> all(bytes_);
  for (const Entry& e : entries_) {
    view_.push_back(Frame{e.port, e.borrowed != nullptr ? std::span<const std::uint8_t>(e.borrowed, e.len)
                                                        : all.subspan(e.offset, e.len)});
  }
  return view_.begin();
}

std::size_t Relay::TupleHash::operator()(const Tuple& t) const {
  // A 64-bit mix (splitmix64's finalizer) of the 96-bit tuple.
  std::uint64_t h = (std::uint64_t{t.client_ip} << 32) | t.server_ip;
  h ^= ((std::uint64_t{t.client_port} << 16) | t.server_port) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 31;
  return static_cast<std::size_t>(h);
}

Relay::Relay(std::vector<scenario::Fault> faults, const TraceCaps& caps, bool vnet_hdr)
    : faults_(std::move(faults)), vnet_hdr_(vnet_hdr), recorder_(caps) {
  fault_rules_.reset(faults_);
  recorder_.set_inferred();
  recorder_.add_note(
      "relay: both ends' states are inferred by the passive observer (core/pcap) from the segments "
      "the relay carried; the relay is the capture point, on the wire, so one-way delays are taken as 0");
}

void Relay::set_faults(const std::vector<scenario::Fault>& faults) {
  faults_ = faults;
  fault_rules_.reset(faults_);
}

std::vector<std::string> Relay::take_log() {
  std::vector<std::string> out;
  out.swap(log_);
  return out;
}

std::optional<Time> Relay::next_deadline() const {
  std::optional<Time> next;
  if (!delayed_.empty()) next = delayed_.begin()->first;
  if (!time_wait_due_.empty() && (!next || time_wait_due_.begin()->first < *next)) next = time_wait_due_.begin()->first;
  return next;
}

std::optional<std::array<tcp::State, 2>> Relay::inferred_states(std::uint32_t conn) const {
  if (conn >= flows_.size()) return std::nullopt;
  if (!flows_[conn]) return std::array<tcp::State, 2>{tcp::State::Closed, tcp::State::Closed};  // over
  return std::array<tcp::State, 2>{flows_[conn]->ends[0].state(), flows_[conn]->ends[1].state()};
}

void Relay::advance(Time now) {
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    auto node = delayed_.extract(delayed_.begin());
    const Delayed& d = node.mapped();
    ++counters_.frames_out[static_cast<std::size_t>(d.to)];
    outbox_.push(d.to, d.frame);
    if (d.conn) infer_received(node.key(), *d.conn, d.from, d.seg);
  }
  expire_time_waits(now);
}

void Relay::pass(Time now, int to, std::span<const std::uint8_t> frame) {
  (void)now;
  ++counters_.frames_out[static_cast<std::size_t>(to)];
  if (borrowing_) {
    outbox_.push_borrowed(to, frame);
  } else {
    outbox_.push(to, frame);
  }
}

void Relay::hold(Time at, Delayed item) {
  if (delayed_.size() >= kDelayQueueCap) {
    ++counters_.delay_queue_full;
    return;
  }
  delayed_.emplace(at, std::move(item));
}

void Relay::frame_arrived(Time now, int from, std::span<const std::uint8_t> frame) {
  advance(now);
  ++counters_.frames_in[static_cast<std::size_t>(from)];
  record_and_pass(now, from, frame);
}

void Relay::frame_arrived_borrowed(Time now, int from, std::span<const std::uint8_t> frame) {
  advance(now);
  ++counters_.frames_in[static_cast<std::size_t>(from)];
  borrowing_ = true;
  record_and_pass(now, from, frame);
  borrowing_ = false;
}

void Relay::take_inferred(std::uint32_t conn) {
  for (trace::Transition t : *inferred_) {
    t.conn = conn;
    recorder_.record_transition(t);
  }
  inferred_->clear();
  for (const pcap::InferredTimerChange& c : *inferred_timers_) {
    timer_effects_.clear();
    timer_effects_.timers.push_back(c.change);
    recorder_.record_effects(c.t, conn, c.who, timer_effects_, std::nullopt);
  }
  inferred_timers_->clear();
}

void Relay::infer_sent(Time t, std::uint32_t conn, Side from, const wire::TcpSegment& seg) {
  if (!flows_[conn]) return;  // over on both ends; a late copy of a segment changes nothing
  Flow& flow = *flows_[conn];
  pcap::InferredEnd& sender = flow.ends[idx(from)];
  if (from == Side::Server && flow.pending_syn && sender.state() == tcp::State::Closed) {
    const wire::TcpSegment syn = *flow.pending_syn;
    const Time syn_at = flow.pending_syn_at;
    flow.pending_syn.reset();
    if (seg.flags.syn() && seg.flags.ack()) {
      if (flow.predecessor) time_wait_taken_over(syn_at, *flow.predecessor, Side::Server);
      // It answered the SYN, so it was listening when the SYN arrived (RFC 9293 3.10.7.2).
      sender.start(syn_at, tcp::State::Listen, "inferred: listening when the SYN arrived (it answered SYN|ACK)",
                   "RFC 9293 3.10.7.2");
      sender.received(syn_at, syn);
      sender.sent(t, seg);
    } else if (seg.flags.rst()) {
      // A closed port answers with RST and stays CLOSED (RFC 9293 3.10.7.1).
      sender.sent(t, seg);
    } else {
      // Its own SYN crossed ours: a simultaneous open (RFC 9293 3.5, figure 7).
      sender.sent(t, seg);
      sender.received(t, syn);
    }
  } else {
    sender.sent(t, seg);
  }
  settle(conn);
}

void Relay::infer_received(Time t, std::uint32_t conn, Side from, const wire::TcpSegment& seg) {
  if (!flows_[conn]) return;
  Flow& flow = *flows_[conn];
  const Side to = trace::peer_of(from);
  pcap::InferredEnd& receiver = flow.ends[idx(to)];
  if (to == Side::Server && receiver.state() == tcp::State::Closed && seg.flags.syn() && !seg.flags.ack() &&
      !seg.flags.rst()) {
    // The latest SYN before the server's answer is the one it answers (a resent SYN replaces it).
    flow.pending_syn = seg;
    flow.pending_syn_at = t;
    return;
  }
  receiver.received(t, seg);
  settle(conn);
}

std::uint32_t Relay::record(const SegmentRecord& r, const wire::TcpSegment& seg,
                            std::span<const std::uint8_t> ip_packet, std::uint16_t tso_mss,
                            bool checksum_partial) {
  if (!checksum_partial && (tso_mss == 0 || seg.payload_len <= tso_mss)) {
    return recorder_.record_segment(r, seg, ip_packet);
  }
  // A TSO segment: the trace shows the wire as it would be without offloads, one segment per
  // MSS (the sender's kernel cuts it so when the path has no TSO), each with the checksum the
  // kernel would have finished, unless the trace keeps only part of the piece's payload (the
  // snap length): then it is left as the sender left it for offload. Returns the first's id.
  const std::uint16_t mss = tso_mss != 0 ? tso_mss : std::uint16_t{65535};
  std::optional<std::uint32_t> first;
  for (std::size_t k = 0;; ++k) {
    const std::uint32_t piece_len = tso_piece_len(seg.payload_len, mss, k);
    const bool kept_whole =
        recorder_.payload_kept(r.conn, r.from, seg.seq + static_cast<std::uint32_t>(k * mss), piece_len) == piece_len;
    auto piece = tso_piece(ip_packet, mss, k, piece_, kept_whole);
    if (!piece) break;
    wire::TcpSegment s = seg;
    s.seq = seg.seq + piece->seq_offset;
    s.flags.bits = static_cast<std::uint16_t>(s.flags.bits & ~piece->flags_cleared);
    s.payload_len = static_cast<std::uint32_t>(piece->payload.size());
    s.checksum = piece->tcp_checksum;
    const std::uint32_t id = recorder_.record_segment(r, s, piece_, piece->payload);
    if (!first) first = id;
  }
  return first ? *first : recorder_.record_segment(r, seg, ip_packet);
}

void Relay::record_and_pass(Time now, int from, std::span<const std::uint8_t> whole) {
  const int to = 1 - from;
  // `whole` goes out as it came (with its virtio_net_hdr); `frame` is the Ethernet frame.
  std::span<const std::uint8_t> frame = whole;
  VnetHeader vnet;
  if (vnet_hdr_) {
    auto h = parse_vnet_header(whole);
    if (!h) {
      ++counters_.tcp_unparsable;
      return;  // not even a header: nothing the other kernel could take
    }
    vnet = *h;
    frame = whole.subspan(kVnetHeaderLen);
  }
  const std::uint16_t tso_mss = (vnet.gso_type & ~kVnetGsoEcn) == kVnetGsoTcpv4 ? vnet.gso_size : 0;
  auto eth = parse_ethernet(frame);
  if (!eth || eth->ethertype != kEtherTypeIpv4) {
    ++counters_.not_tcp;
    pass(now, to, whole);
    return;
  }
  auto ip = parse_ipv4(frame.subspan(kEthernetHeaderLen));
  if (ip.problem != Ipv4Problem::None || ip.protocol != kIpProtocolTcpNumber) {
    if (ip.problem == Ipv4Problem::None) ++counters_.not_tcp; else ++counters_.tcp_unparsable;
    pass(now, to, whole);
    return;
  }
  auto parsed = wire::parse_tcp(ip.payload);
  // NEEDS_CSUM: the sender left the checksum for the "hardware" to finish; the receiving
  // kernel accepts it unfinished (CHECKSUM_PARTIAL), so there is nothing to check.
  const bool checksum_partial = (vnet.flags & kVnetNeedsCsum) != 0;
  if (!parsed || (!checksum_partial && !tcp_checksum_verifies(ip.payload, ip.src, ip.dst))) {
    // The relay is a wire, not a host: what it cannot read it still carries, so the receiving
    // kernel decides (and counts) exactly as it would without us in between.
    ++counters_.tcp_unparsable;
    pass(now, to, whole);
    return;
  }
  ++counters_.tcp_segments;
  const wire::TcpSegment& seg = parsed->segment;
  const Tuple forward{ip.src.value, ip.dst.value, seg.src_port, seg.dst_port};
  const Tuple backward{ip.dst.value, ip.src.value, seg.dst_port, seg.src_port};
  const bool bare_syn = seg.flags.syn() && !seg.flags.ack();
  auto it = conn_of_.find(forward);
  Side side = Side::Client;
  if (it == conn_of_.end()) {
    it = conn_of_.find(backward);
    side = Side::Server;
  }
  // A new incarnation: a SYN with no flow, or a SYN with a new ISN on a flow that has ended.
  const bool new_incarnation =
      it == conn_of_.end() || (bare_syn && side == Side::Client && flows_[it->second]->fin_or_rst_seen);
  if (new_incarnation) {
    if (recorder_.conns_full()) {
      // Bounded memory (TraceCaps::max_conns): carried, not recorded.
      ++counters_.untracked;
      pass(now, to, whole);
      return;
    }
    // Whoever sends the first segment we see is the client, unless it is a SYN,ACK.
    const bool sender_is_server = seg.flags.syn() && seg.flags.ack();
    const Tuple key = sender_is_server ? backward : forward;
    const std::uint32_t conn =
        recorder_.new_connection(key.client_ip, key.client_port, key.server_ip, key.server_port);
    std::optional<std::uint32_t> predecessor;
    if (it != conn_of_.end()) {
      predecessor = it->second;
      it->second = conn;
    } else {
      it = conn_of_.emplace(key, conn).first;
    }
    Flow& flow = open_flow(now, key, predecessor);
    side = sender_is_server ? Side::Server : Side::Client;
    if (sender_is_server) {
      flow.ends[0].start(now, tcp::State::SynSent, "inferred: SYN sent before the relay saw it", "RFC 9293 3.10.1");
    } else if (!seg.flags.syn()) {
      for (auto& end : flow.ends) {
        end.start(now, tcp::State::Established, "inferred: already established when the relay saw it",
                  "RFC 9293 3.3.2");
      }
    }
    settle(conn);
    char line[160];
    std::snprintf(line, sizeof line, "[%9.3f] conn %u %s:%u -> %s:%u", to_ms(now) / 1000.0, conn,
                  wire::to_string(wire::Ipv4Address{key.client_ip}).c_str(), key.client_port,
                  wire::to_string(wire::Ipv4Address{key.server_ip}).c_str(), key.server_port);
    log_.emplace_back(line);
  }
  const std::uint32_t conn = it->second;
  Flow& flow = *flows_[conn];
  if (seg.flags.fin() || seg.flags.rst()) flow.fin_or_rst_seen = true;

  SegmentRecord r;
  r.sent = now;
  r.arrive = now;
  r.conn = conn;
  r.from = side;
  Duration delay{};
  std::uint32_t copies = 0;
  Duration gap{};
  std::optional<std::uint32_t> rule;
  std::uint32_t rel_seq = 0;
  if (!faults_.empty()) {
    const sim::WireFacts facts = wire_facts_of(recorder_.trace().conns[conn], conn, side, seg);
    rel_seq = facts.rel_seq;
    rule = fault_rules_.first_match(seg, facts);
  }
  if (rule) {
    const scenario::Fault& f = faults_[*rule];
    r.fault = static_cast<std::int32_t>(*rule);
    char line[200];
    if (f.drop) {
      r.fate = trace::Fate::Dropped;
      ++counters_.fault_dropped;
      record(r, seg, ip.packet, tso_mss, checksum_partial);
      infer_sent(now, conn, side, seg);  // it left its sender and never arrives
      std::snprintf(line, sizeof line, "[%9.3f] conn %u fault rule %u dropped %s %s seq=%u len=%u",
                    to_ms(now) / 1000.0, conn, *rule, std::string(trace::side_name(side)).c_str(),
                    wire::flags_to_string(seg.flags).c_str(), rel_seq, seg.payload_len);
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
                  to_ms(now) / 1000.0, conn, *rule, std::string(trace::side_name(side)).c_str(),
                  wire::flags_to_string(seg.flags).c_str(), rel_seq, to_ms(delay), copies);
    log_.emplace_back(line);
  }
  const std::uint32_t id = record(r, seg, ip.packet, tso_mss, checksum_partial);
  infer_sent(now, conn, side, seg);
  if (delay.count() == 0) {
    pass(now, to, whole);
    infer_received(now, conn, side, seg);
  } else {
    hold(now + delay, Delayed{to, std::vector<std::uint8_t>(whole.begin(), whole.end()), conn, side, seg});
  }
  for (std::uint32_t k = 1; k <= copies; ++k) {
    SegmentRecord copy = r;
    copy.arrive = now + delay + gap * static_cast<std::int64_t>(k);
    copy.copy_of = id;
    record(copy, seg, ip.packet, tso_mss, checksum_partial);
    hold(copy.arrive, Delayed{to, std::vector<std::uint8_t>(whole.begin(), whole.end()), conn, side, seg});
  }
}

}  // namespace tcpviz::live
