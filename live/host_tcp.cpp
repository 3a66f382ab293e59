// TCP in the live host: demultiplexing by 4-tuple, listeners and the SYN backlog, the
// payload bytes the core leaves to its owner, fault rules on real segments, and the
// services. Every segment in and out goes through tcp::Connection, the simulator's state
// machine, with the `linux` profile in real time.
#include <algorithm>

#include "core/wire/checksum.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/host.hpp"
#include "live/host_connection.hpp"
#include "live/link_frames.hpp"
#include "live/wire_facts.hpp"

namespace tcpviz::live {
namespace {

// A per-tuple listener copy whose SYN never came (it was dropped by a fault rule and not
// retransmitted) is forgotten after this long: Linux gives up a SYN after ~127 s at most.
constexpr Duration kListenCopyLifetime = std::chrono::seconds(130);
// Out-of-order payload kept per connection (the core holds at most 16 ranges of it).
constexpr std::size_t kMaxHeldChunks = 64;
constexpr std::size_t kMaxHeldBytes = 4u << 20;
constexpr std::size_t kMaxDelayedFrames = 100000;  // frames held by delay/duplicate rules

}  // namespace

void Host::hold(Time until, Delayed d) {
  // Bounded like everything a live run keeps: a "delay" rule matching a flood must not grow
  // the queue without end.
  if (delayed_.size() >= kMaxDelayedFrames) {
    ++counters_.delay_queue_full;
    return;
  }
  delayed_.emplace(until, std::move(d));
}

std::optional<Time> Host::next_deadline() const {
  std::optional<Time> next;
  if (!delayed_.empty()) next = delayed_.begin()->first;
  for (const auto& [key, c] : conns_) {
    if (auto d = c->tcp.next_deadline(); d && (!next || *d < *next)) next = d;
  }
  return next;
}

void Host::advance(Time now) {
  now_ = now;
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    Delayed d = std::move(delayed_.begin()->second);
    delayed_.erase(delayed_.begin());
    if (d.inbound) {
      ipv4_input(now, d.ip_packet, d.segment_id);
    } else {
      send_ip_packet(now, d.next_hop, std::move(d.ip_packet));
    }
  }
  for (auto& [key, c] : conns_) {
    auto deadline = c->tcp.next_deadline();
    if (!deadline || *deadline > now) continue;
    tcp::Effects effects;
    c->tcp.deadline_reached(now, effects);
    handle_effects(now, *c, effects, std::nullopt, nullptr, {}, c->tcp.tcb().rcv_nxt);
  }
  reap(now);
}

void Host::finish(Time now) {
  now_ = now;
  recorder_.finish(now);
}

void Host::reap(Time now) {
  for (auto it = conns_.begin(); it != conns_.end();) {
    const auto& c = *it->second;
    // A listener's copy that fell back to LISTEN (RFC 9293 3.10.7.4) ends like a closed TCB.
    const bool ended = c.tcp.state() == tcp::State::Closed || c.tcp.returned_to_listener();
    const bool stale_listen_copy =
        c.tcp.state() == tcp::State::Listen && now - c.created > kListenCopyLifetime;
    if (ended || stale_listen_copy) {
      ++counters_.tcp_connections_closed;
      it = conns_.erase(it);
    } else {
      ++it;
    }
  }
}

Result<std::uint32_t> Host::connect(Time now, wire::Ipv4Address ip, std::uint16_t port,
                                    std::string request) {
  now_ = now;
  if (conns_.size() >= config_.max_connections || recorder_.conns_full()) {
    return Error{"--connect: the connection cap is reached"};
  }
  std::uint16_t local_port = 0;
  for (int tries = 0; tries < 20000 && local_port == 0; ++tries) {
    std::uint16_t candidate = next_ephemeral_port_++;
    if (next_ephemeral_port_ < 40000) next_ephemeral_port_ = 40000;
    if (!conns_.count(TupleKey{ip.value, port, candidate})) local_port = candidate;
  }
  if (local_port == 0) return Error{"--connect: no free local port"};
  tcp::ConnectionConfig cfg;
  cfg.profile = config_.profile;
  cfg.offer = config_.profile.offer;
  cfg.local_port = local_port;
  cfg.remote_port = port;
  cfg.ts_offset = isn_.timestamp_offset(config_.ip, ip);
  auto c = std::make_unique<LiveConnection>(cfg);
  c->conn = recorder_.new_connection(config_.ip.value, local_port, ip.value, port);
  c->ours = trace::Side::Client;
  c->remote_ip = ip;
  c->remote_port = port;
  c->local_port = local_port;
  c->created = now;
  c->session.emplace(ServiceKind::Client, std::move(request));
  const wire::SeqNum iss = isn_.isn(now, config_.ip, local_port, ip, port);
  recorder_.set_isn(c->conn, trace::Side::Client, iss);
  c->send_base = iss + 1;
  auto& ref = *c;
  conns_[TupleKey{ip.value, port, local_port}] = std::move(c);
  ++counters_.tcp_connections_opened;
  tcp::Effects effects;
  ref.tcp.open_active(now, iss, effects);
  handle_effects(now, ref, effects, std::nullopt, nullptr, {}, ref.tcp.tcb().rcv_nxt);
  return ref.conn;
}

void Host::tcp_input(Time now, wire::Ipv4Address src, std::span<const std::uint8_t> ip_packet,
                     std::span<const std::uint8_t> tcp_bytes, std::optional<std::uint32_t> recorded) {
  if (!recorded) {
    ++counters_.tcp_in;
    // RFC 9293 3.10.7: a segment whose checksum fails is discarded before anything else.
    if (!wire::tcp_checksum_ok(tcp_bytes, wire::Ipv4PseudoHeader{src, config_.ip})) {
      ++counters_.tcp_bad_checksum;
      return;
    }
  }
  auto parsed = wire::parse_tcp(tcp_bytes);
  if (!parsed) {
    ++counters_.tcp_malformed;
    return;
  }
  const wire::TcpSegment& seg = parsed->segment;
  const TupleKey key{src.value, seg.src_port, seg.dst_port};
  LiveConnection* c = nullptr;
  if (auto it = conns_.find(key); it != conns_.end()) c = it->second.get();
  if (c == nullptr) {
    const bool bare_syn = seg.flags.syn() && !seg.flags.ack() && !seg.flags.rst();
    const bool served = std::any_of(config_.services.begin(), config_.services.end(),
                                    [&](const ServiceSpec& s) { return s.port == seg.dst_port; });
    if (bare_syn && served) {
      c = accept_syn(now, src, seg);
      if (c == nullptr) return;  // over a cap: dropped and counted, as a full backlog does
    } else {
      reset_for_no_connection(now, src, seg);
      return;
    }
  }
  std::uint32_t id = 0;
  if (recorded) {
    id = *recorded;
  } else {
    std::uint32_t copies = 0;
    Duration gap{};
    auto delay = cross_link(now, *c, trace::peer_of(c->ours), seg, ip_packet, copies, gap, id);
    if (!delay) return;  // dropped by a fault rule
    for (std::uint32_t k = 1; k <= copies; ++k) {
      hold(now + *delay + gap * static_cast<std::int64_t>(k),
                       Delayed{true, {ip_packet.begin(), ip_packet.end()}, src, id});
    }
    if (delay->count() > 0) {
      hold(now + *delay, Delayed{true, {ip_packet.begin(), ip_packet.end()}, src, id});
      return;
    }
  }
  if (deliver(now, *c, seg, parsed->payload, id)) {
    // A SYN ended TIME-WAIT (RFC 9293 3.10.7.4, RFC 6191): the old incarnation goes, the SYN
    // goes to the listener as a new connection.
    conns_.erase(key);
    ++counters_.tcp_connections_closed;
    if (LiveConnection* fresh = accept_syn(now, src, seg)) deliver(now, *fresh, seg, parsed->payload, id);
  }
  reap(now);
}

Host::LiveConnection* Host::accept_syn(Time now, wire::Ipv4Address src, const wire::TcpSegment& seg) {
  if (conns_.size() >= config_.max_connections || recorder_.conns_full()) {
    ++counters_.tcp_connection_cap_drops;
    return nullptr;
  }
  // Linux drops a SYN when the listener's SYN queue is full (tcp_conn_request, without syncookies).
  const auto half_open = std::count_if(conns_.begin(), conns_.end(), [](const auto& kv) {
    auto s = kv.second->tcp.state();
    return s == tcp::State::SynReceived || s == tcp::State::Listen;
  });
  if (static_cast<std::size_t>(half_open) >= config_.syn_backlog) {
    ++counters_.tcp_syn_backlog_drops;
    return nullptr;
  }
  ServiceKind kind = ServiceKind::Echo;
  for (const auto& s : config_.services) {
    if (s.port == seg.dst_port) kind = s.kind;
  }
  tcp::ConnectionConfig cfg;
  cfg.profile = config_.profile;
  cfg.offer = config_.profile.offer;
  cfg.local_port = seg.dst_port;
  cfg.remote_port = seg.src_port;
  cfg.ts_offset = isn_.timestamp_offset(config_.ip, src);
  auto owned = std::make_unique<LiveConnection>(cfg);
  LiveConnection& c = *owned;
  c.conn = recorder_.new_connection(src.value, seg.src_port, config_.ip.value, seg.dst_port);
  c.ours = trace::Side::Server;
  c.remote_ip = src;
  c.remote_port = seg.src_port;
  c.local_port = seg.dst_port;
  c.created = now;
  c.session.emplace(kind);
  conns_[TupleKey{src.value, seg.src_port, seg.dst_port}] = std::move(owned);
  ++counters_.tcp_connections_opened;
  tcp::Effects effects;
  c.tcp.open_passive(now, effects);
  handle_effects(now, c, effects, std::nullopt, nullptr, {}, c.tcp.tcb().rcv_nxt);
  const wire::SeqNum iss = isn_.isn(now, config_.ip, seg.dst_port, src, seg.src_port);
  c.tcp.set_iss_for_accept(iss);
  recorder_.set_isn(c.conn, trace::Side::Server, iss);
  c.send_base = iss + 1;
  return &c;
}

std::optional<Duration> Host::cross_link(Time now, LiveConnection& c, trace::Side from,
                                         const wire::TcpSegment& seg,
                                         std::span<const std::uint8_t> ip_packet,
                                         std::uint32_t& copies, Duration& gap, std::uint32_t& id) {
  const sim::WireFacts facts =
      wire_facts_of(recorder_.trace().conns[c.conn], c.conn, from, seg);
  SegmentRecord r;
  r.sent = now;
  r.arrive = now;
  r.conn = c.conn;
  r.from = from;
  Duration delay{};
  copies = 0;
  if (auto rule = fault_rules_.first_match(seg, facts)) {
    const scenario::Fault& f = config_.faults[*rule];
    r.fault = static_cast<std::int32_t>(*rule);
    if (f.drop) {
      r.fate = trace::Fate::Dropped;
      ++counters_.fault_dropped;
      id = recorder_.record_segment(r, seg, ip_packet);
      log_line(now, c, "fault rule " + std::to_string(*rule) + " dropped " +
                           wire::flags_to_string(seg.flags) + " seq=" + std::to_string(facts.rel_seq));
      return std::nullopt;
    }
    delay = f.delay;
    copies = f.duplicate;
    gap = f.gap;
    if (delay.count() > 0) ++counters_.fault_delayed;
    if (copies > 0) ++counters_.fault_duplicated;
    r.arrive = now + delay;
  }
  id = recorder_.record_segment(r, seg, ip_packet);
  for (std::uint32_t k = 1; k <= copies; ++k) {
    SegmentRecord copy = r;
    copy.arrive = now + delay + gap * static_cast<std::int64_t>(k);
    copy.copy_of = id;
    recorder_.record_segment(copy, seg, ip_packet);
  }
  return delay;
}

bool Host::deliver(Time now, LiveConnection& c, const wire::TcpSegment& seg,
                   std::span<const std::uint8_t> payload, std::uint32_t segment_id) {
  const wire::SeqNum rcv_nxt_before = c.tcp.tcb().rcv_nxt;
  const wire::SeqNum data_start = seg.seq + (seg.flags.syn() ? 1u : 0u);
  if (!payload.empty() && tcp::is_synchronized(c.tcp.state()) && data_start > rcv_nxt_before &&
      c.held_data.size() < kMaxHeldChunks && c.held_bytes + payload.size() <= kMaxHeldBytes) {
    // Beyond a gap: the core will hold it in sequence space; we keep the bytes.
    c.held_data.emplace_back(data_start, std::string(payload.begin(), payload.end()));
    c.held_bytes += payload.size();
  }
  tcp::Effects effects;
  c.tcp.segment_arrives(now, seg, effects);
  const bool reopen = effects.syn_reopens_time_wait;
  handle_effects(now, c, effects, segment_id, &seg, payload, rcv_nxt_before);
  return reopen;
}

void Host::handle_effects(Time now, LiveConnection& c, tcp::Effects& effects,
                          std::optional<std::uint32_t> cause, const wire::TcpSegment* arriving,
                          std::span<const std::uint8_t> payload, wire::SeqNum rcv_nxt_before) {
  recorder_.record_effects(now, c.conn, c.ours, effects, cause);
  for (const auto& t : effects.transitions) {
    log_line(now, c, std::string(tcp::rfc_name(t.from)) + " -> " + std::string(tcp::rfc_name(t.to)) +
                         " (" + std::string(t.cause) + ")");
  }
  for (const auto& seg : effects.segments) transmit(now, c, seg);
  // Data the connection accepted is the next bytes from RCV.NXT as it was before this
  // segment (after the SYN, for a SYN carrying data).
  wire::SeqNum cursor = rcv_nxt_before;
  if (arriving != nullptr && arriving->flags.syn()) cursor = arriving->seq + 1;
  for (const auto& e : effects.app_events) {
    if (e.kind != tcp::AppEventKind::Data) log_line(now, c, std::string(tcp::app_event_name(e.kind)));
    if (!c.session) continue;
    AppReaction reaction;
    switch (e.kind) {
      case tcp::AppEventKind::Established:
        reaction = c.session->on_established();
        break;
      case tcp::AppEventKind::Data: {
        // The bytes [cursor, cursor + N): first from the arriving segment, then from held
        // out-of-order chunks the segment made contiguous.
        std::string bytes;
        bytes.reserve(e.bytes);
        if (arriving != nullptr) {
          const wire::SeqNum data_start = arriving->seq + (arriving->flags.syn() ? 1u : 0u);
          const std::int32_t offset = cursor - data_start;
          if (offset >= 0 && static_cast<std::size_t>(offset) < payload.size()) {
            const auto n = std::min<std::size_t>(e.bytes, payload.size() - static_cast<std::size_t>(offset));
            bytes.append(reinterpret_cast<const char*>(payload.data()) + offset, n);
          }
        }
        while (bytes.size() < e.bytes) {
          const wire::SeqNum want = cursor + static_cast<std::uint32_t>(bytes.size());
          auto chunk = std::find_if(c.held_data.begin(), c.held_data.end(), [&](const auto& h) {
            return h.first <= want && want < h.first + static_cast<std::uint32_t>(h.second.size());
          });
          if (chunk == c.held_data.end()) break;
          const auto from = static_cast<std::size_t>(want - chunk->first);
          bytes.append(chunk->second, from, std::min(chunk->second.size() - from, e.bytes - bytes.size()));
        }
        if (bytes.size() != e.bytes) ++counters_.tcp_payload_missing;
        cursor += e.bytes;
        // Chunks wholly before the cursor are delivered now.
        for (auto h = c.held_data.begin(); h != c.held_data.end();) {
          if (h->first + static_cast<std::uint32_t>(h->second.size()) <= cursor) {
            c.held_bytes -= h->second.size();
            h = c.held_data.erase(h);
          } else {
            ++h;
          }
        }
        reaction = c.session->on_data(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
        break;
      }
      case tcp::AppEventKind::Eof:
        if (c.session->kind() == ServiceKind::Client && !c.session->first_line().empty()) {
          log_line(now, c, "answer: " + c.session->first_line());
        }
        reaction = c.session->on_eof();
        break;
      default:
        break;
    }
    apply_reaction(now, c, reaction);
  }
  // Acknowledged bytes leave the send buffer (SND.UNA passed them).
  const std::int32_t acked = c.tcp.tcb().snd_una - c.send_base;
  if (acked > 0) {
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(acked), c.send_buffer.size());
    c.send_buffer.erase(0, n);
    c.send_base += static_cast<std::uint32_t>(n);
  }
}

void Host::apply_reaction(Time now, LiveConnection& c, const AppReaction& r) {
  const auto s = c.tcp.state();
  const bool can_send = s == tcp::State::Established || s == tcp::State::CloseWait ||
                        s == tcp::State::SynReceived;
  if (!r.send.empty() && can_send && !c.app_closed) {
    c.send_buffer += r.send;
    tcp::Effects effects;
    c.tcp.send(now, static_cast<std::uint32_t>(r.send.size()), effects);
    handle_effects(now, c, effects, std::nullopt, nullptr, {}, c.tcp.tcb().rcv_nxt);
  }
  if (r.close && !c.app_closed && c.tcp.state() != tcp::State::Closed) {
    c.app_closed = true;
    tcp::Effects effects;
    c.tcp.close(now, effects);
    handle_effects(now, c, effects, std::nullopt, nullptr, {}, c.tcp.tcb().rcv_nxt);
  }
}

void Host::transmit(Time now, LiveConnection& c, const wire::TcpSegment& seg) {
  std::vector<std::uint8_t> payload(seg.payload_len, 0);
  if (seg.payload_len > 0) {
    const wire::SeqNum data_start = seg.seq + (seg.flags.syn() ? 1u : 0u);
    const std::int32_t offset = data_start - c.send_base;
    if (offset >= 0 && static_cast<std::size_t>(offset) + seg.payload_len <= c.send_buffer.size()) {
      std::copy_n(c.send_buffer.begin() + offset, seg.payload_len, payload.begin());
    } else {
      ++counters_.tcp_payload_missing;  // the core sent bytes the application never gave
    }
  }
  auto packet = wire::build_ipv4_tcp(seg, payload, wire::Ipv4TcpAddressing{config_.ip, c.remote_ip, ip_id_++, 64});
  if (!packet) {
    log_line(now, c, "cannot build segment: " + packet.error().message);
    return;
  }
  std::uint32_t copies = 0;
  Duration gap{};
  std::uint32_t id = 0;
  auto delay = cross_link(now, c, c.ours, seg, *packet, copies, gap, id);
  if (!delay) return;
  for (std::uint32_t k = 1; k <= copies; ++k) {
    hold(now + *delay + gap * static_cast<std::int64_t>(k),
                     Delayed{false, *packet, c.remote_ip, id});
  }
  if (delay->count() > 0) {
    hold(now + *delay, Delayed{false, std::move(packet.value()), c.remote_ip, id});
  } else {
    send_ip_packet(now, c.remote_ip, std::move(packet.value()));
  }
}

// RFC 9293 3.10.7.1 (the state is CLOSED, i.e. no TCB): an arriving RST is dropped; otherwise
// if ACK is off, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, else <SEQ=SEG.ACK><CTL=RST>.
void Host::reset_for_no_connection(Time now, wire::Ipv4Address src, const wire::TcpSegment& seg) {
  if (seg.flags.rst()) return;
  wire::TcpSegment rst;
  rst.src_port = seg.dst_port;
  rst.dst_port = seg.src_port;
  if (seg.flags.ack()) {
    rst.seq = seg.ack;
    rst.flags.bits = wire::TcpFlags::kRst;
  } else {
    rst.seq = wire::SeqNum(0);
    rst.ack = seg.seq + seg.seg_len();
    rst.flags.bits = wire::TcpFlags::kRst | wire::TcpFlags::kAck;
  }
  auto packet = wire::build_ipv4_tcp(rst, {}, wire::Ipv4TcpAddressing{config_.ip, src, ip_id_++, 64});
  if (!packet) return;
  ++counters_.tcp_resets_sent_no_connection;
  send_ip_packet(now, src, std::move(packet.value()));
}

}  // namespace tcpviz::live
