#include "live/trace_recorder.hpp"

#include <algorithm>
#include <string>

namespace tcpviz::live {

std::uint32_t TraceRecorder::new_connection(std::uint32_t client_ip, std::uint16_t client_port,
                                            std::uint32_t server_ip, std::uint16_t server_port) {
  trace::Connection c;
  c.ip = {client_ip, server_ip};
  c.port = {client_port, server_port};
  trace_.conns.push_back(c);
  conn_states_.emplace_back();
  if (trace_.conns.size() == 1) {
    // The endpoints block names the first connection's ends; every entry carries `conn`.
    trace_.endpoints[0] = trace::Endpoint{"client", client_ip, client_port};
    trace_.endpoints[1] = trace::Endpoint{"server", server_ip, server_port};
  }
  return static_cast<std::uint32_t>(trace_.conns.size() - 1);
}

void TraceRecorder::set_isn(std::uint32_t conn, trace::Side side, wire::SeqNum isn) {
  if (conn >= trace_.conns.size()) return;
  trace_.conns[conn].isn[static_cast<std::size_t>(side)] = isn;
}

std::uint32_t TraceRecorder::payload_kept(std::uint32_t conn, trace::Side from, wire::SeqNum seq,
                                          std::uint32_t len) const {
  if (caps_.snaplen == 0 || len <= caps_.snaplen || conn >= conn_states_.size()) return len;
  const auto side = static_cast<std::size_t>(from);
  const ConnState& cs = conn_states_[conn];
  const auto& isn = trace_.conns[conn].isn[side];
  // The stream offset of the first payload byte: data starts one after the ISN (the SYN takes
  // it, RFC 9293 3.4); without a SYN seen, at the first segment recorded from that side.
  const std::optional<wire::SeqNum> start = isn ? std::optional(*isn + 1) : cs.stream_start[side];
  std::uint64_t offset = 0;
  if (start) {
    offset = seq.raw() - start->raw();  // modulo 2^32
    if (offset >= (1u << 31)) offset = 0;   // before the start: a SYN's own data, an old resend
  }
  if (cs.advanced[side] >= (1u << 31)) offset = std::uint64_t{1} << 32;  // offsets may have wrapped
  if (offset + len <= caps_.keep_whole) return len;
  const std::uint64_t whole_left = caps_.keep_whole > offset ? caps_.keep_whole - offset : 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(len, std::max<std::uint64_t>(caps_.snaplen, whole_left)));
}

std::uint32_t TraceRecorder::record_segment(const SegmentRecord& r, const wire::TcpSegment& seg,
                                            std::span<const std::uint8_t> head,
                                            std::span<const std::uint8_t> tail) {
  // Past the snap length the payload's end is not stored: it is the packet's last bytes.
  const std::uint32_t kept = payload_kept(r.conn, r.from, seg.seq, seg.payload_len);
  std::size_t cut = std::min<std::size_t>(seg.payload_len - kept, head.size() + tail.size());
  const std::size_t from_tail = std::min(cut, tail.size());
  tail = tail.first(tail.size() - from_tail);
  head = head.first(head.size() - (cut - from_tail));
  const std::size_t packet_len = head.size() + tail.size();
  const bool bytes_full = trace_.raw_bytes.size() + packet_len > caps_.max_raw_bytes;
  if (trace_.segments.size() >= caps_.max_segments || bytes_full) evict_segments(bytes_full);
  trace::Segment s;
  s.id = next_segment_id_++;
  s.conn = r.conn;
  s.from = r.from;
  s.tcp = seg;
  s.sent = r.sent;
  s.arrive = r.arrive;
  s.fate = r.fate;
  s.fault = r.fault;
  s.copy_of = r.copy_of;
  const auto from = static_cast<std::size_t>(r.from);
  const auto to = static_cast<std::size_t>(trace::peer_of(r.from));
  if (r.conn < trace_.conns.size()) {
    auto& c = trace_.conns[r.conn];
    // A SYN names its sender's ISN (RFC 9293 3.4); the first one seen wins.
    if (seg.flags.syn() && !c.isn[from]) c.isn[from] = seg.seq;
    if (c.isn[from]) s.rel_seq = static_cast<std::uint32_t>(seg.seq.raw() - c.isn[from]->raw());
    if (seg.flags.ack()) {
      s.rel_ack = c.isn[to] ? seg.ack.raw() - c.isn[to]->raw() : seg.ack.raw();
    }
    ConnState& cs = conn_states_[r.conn];
    if (!cs.stream_start[from]) cs.stream_start[from] = seg.flags.syn() ? seg.seq + 1 : seg.seq;
    auto& highest = cs.highest_end[from];
    const wire::SeqNum end = seg.seq + seg.seg_len();
    if (!r.copy_of && seg.seg_len() > 0) {
      if (highest && end <= *highest) s.retransmission = true;
      if (!highest || end > *highest) {
        cs.advanced[from] += highest ? end.raw() - highest->raw() : seg.seg_len();
        highest = end;
      }
    }
  }
  if (kept < seg.payload_len) {
    s.truncated = true;
    if (!snap_noted_) {
      snap_noted_ = true;
      trace_.notes.push_back("payload snap length: the first " + std::to_string(caps_.keep_whole) +
                             " payload bytes of each direction of each connection are kept whole, past them " +
                             std::to_string(caps_.snaplen) +
                             " per segment (\"truncated\": true; bytes_hex holds the headers and the bytes kept, "
                             "len the payload's full length)");
    }
  }
  s.raw_offset = static_cast<std::uint32_t>(trace_.raw_bytes.size());
  s.raw_len = static_cast<std::uint32_t>(packet_len);
  trace_.raw_bytes.insert(trace_.raw_bytes.end(), head.begin(), head.end());
  trace_.raw_bytes.insert(trace_.raw_bytes.end(), tail.begin(), tail.end());
  trace_.segments.push_back(s);
  return s.id;
}

void TraceRecorder::record_effects(Time now, std::uint32_t conn, trace::Side who,
                                   const tcp::Effects& effects,
                                   std::optional<std::uint32_t> cause_segment) {
  if (conn >= conn_states_.size()) return;
  for (const auto& t : effects.transitions) {
    if (trace_.transitions.size() >= caps_.max_events) evict_front(trace_.transitions);
    trace_.transitions.push_back(trace::Transition{now, conn, who, t.from, t.to, t.cause, t.rfc});
  }
  for (const auto& change : effects.timers) {
    auto& open = conn_states_[conn].open_timer[static_cast<std::size_t>(who)][static_cast<std::size_t>(change.kind)];
    if (change.action == tcp::TimerAction::Armed) {
      if (trace_.timers.size() >= caps_.max_events) evict_timers();
      trace::Timer timer;
      timer.conn = conn;
      timer.who = who;
      timer.kind = change.kind;
      timer.armed = now;
      timer.deadline = change.deadline;
      timer.end = trace::TimerEnd::Pending;
      open = trace_.timers.size();
      trace_.timers.push_back(timer);
    } else if (open && *open < trace_.timers.size()) {
      auto& timer = trace_.timers[*open];
      timer.end = change.action == tcp::TimerAction::Fired ? trace::TimerEnd::Fired
                                                           : trace::TimerEnd::Cancelled;
      timer.end_t = now;
      open.reset();
    }
  }
  for (const auto& e : effects.app_events) {
    if (trace_.app_events.size() >= caps_.max_events) evict_front(trace_.app_events);
    trace_.app_events.push_back(trace::AppEvent{now, conn, who, e.kind, e.bytes});
  }
  for (const auto& d : effects.decisions) {
    if (trace_.decisions.size() >= caps_.max_events) evict_front(trace_.decisions);
    trace_.decisions.push_back(trace::Decision{now, conn, who, cause_segment, d.what});
  }
}

void TraceRecorder::record_transition(const trace::Transition& t) {
  auto& list = trace_.transitions;
  if (list.size() >= caps_.max_events) evict_front(list);
  list.push_back(t);
  // Usually already in place; otherwise walk back over the few later ones.
  for (std::size_t i = list.size() - 1; i > 0 && list[i - 1].t > list[i].t; --i) std::swap(list[i - 1], list[i]);
}

void TraceRecorder::add_note(std::string note) { trace_.notes.push_back(std::move(note)); }

void TraceRecorder::finish(Time end) { trace_.end = end; }

void TraceRecorder::evict_segments(bool bytes_full) {
  auto& segs = trace_.segments;
  // Half, not a quarter as for the event lists: every eviction moves what stays (the segments
  // and their bytes), so evicting a quarter moved three segments per segment recorded; with
  // the snap length that was 40 % of the relay's own CPU time on a bulk transfer.
  std::size_t n = std::max<std::size_t>(1, segs.size() / 2);
  // Past the byte cap: drop segments until at most half the cap's bytes are kept.
  while (bytes_full && n < segs.size() &&
         trace_.raw_bytes.size() - segs[n].raw_offset > caps_.max_raw_bytes / 2) {
    ++n;
  }
  n = std::min(n, segs.size());
  const std::uint32_t cut = n < segs.size() ? segs[n].raw_offset
                                            : static_cast<std::uint32_t>(trace_.raw_bytes.size());
  segs.erase(segs.begin(), segs.begin() + static_cast<std::ptrdiff_t>(n));
  trace_.raw_bytes.erase(trace_.raw_bytes.begin(), trace_.raw_bytes.begin() + cut);
  for (auto& s : segs) s.raw_offset -= cut;
  evicted_segments_ += n;
  if (!eviction_noted_) {
    eviction_noted_ = true;
    trace_.notes.push_back("live capture exceeded its memory caps: the oldest entries were evicted");
  }
}

template <class T>
void TraceRecorder::evict_front(std::vector<T>& list) {
  std::size_t n = std::max<std::size_t>(1, list.size() / 4);
  list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n));
  evicted_events_ += n;
  if (!eviction_noted_) {
    eviction_noted_ = true;
    trace_.notes.push_back("live capture exceeded its memory caps: the oldest entries were evicted");
  }
}

void TraceRecorder::evict_timers() {
  const std::size_t n = std::max<std::size_t>(1, trace_.timers.size() / 4);
  evict_front(trace_.timers);
  for (auto& cs : conn_states_) {
    for (auto& of_side : cs.open_timer) {
      for (auto& open : of_side) {
        if (!open) continue;
        if (*open < n) open.reset(); else *open -= n;
      }
    }
  }
}

}  // namespace tcpviz::live
