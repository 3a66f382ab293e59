// The live panel's connection list and the per-connection trace the ladder shows, both
// computed from the recorded trace (so host and relay modes share them).
#include <algorithm>
#include <map>

#include "live/session.hpp"

namespace tcpviz::live {

std::string_view connection_status_name(ConnectionStatus s) {
  switch (s) {
    case ConnectionStatus::New: return "new";
    case ConnectionStatus::Active: return "active";
    case ConnectionStatus::Closing: return "closing";
    case ConnectionStatus::Closed: return "closed";
    case ConnectionStatus::Reset: return "reset";
  }
  return "?";
}

namespace {

struct Seen {
  bool syn_ack = false;       // the server's SYN,ACK (RFC 9293 3.5, second step)
  bool handshake_acked = false;  // then an ACK from the client: the third step
  bool other_traffic = false;    // anything but a SYN or SYN,ACK
  std::array<bool, 2> fin{};
  bool rst = false;
  // The close (RFC 9293 3.6): who sent the first FIN, where it ends in sequence space, and
  // whether the other side said anything else before its own FIN.
  std::optional<std::size_t> first_fin_side;
  wire::SeqNum first_fin_end;
  bool other_spoke_before_fin = false;
  std::string_view close_kind;
};

ConnectionStatus status_of(const Seen& s) {
  if (s.rst) return ConnectionStatus::Reset;
  if (s.fin[0] && s.fin[1]) return ConnectionStatus::Closed;
  if (s.fin[0] || s.fin[1]) return ConnectionStatus::Closing;
  if (s.handshake_acked || (!s.syn_ack && s.other_traffic)) return ConnectionStatus::Active;
  return ConnectionStatus::New;
}

}  // namespace

std::vector<SessionConnection> summarize_connections(const trace::Trace& t, std::size_t max_kept,
                                                     std::uint64_t& evicted) {
  std::map<std::uint32_t, std::pair<SessionConnection, Seen>> by_conn;
  for (const auto& seg : t.segments) {
    auto [it, fresh] = by_conn.try_emplace(seg.conn);
    auto& [c, seen] = it->second;
    if (fresh) {
      c.conn = seg.conn;
      c.first_seen = seg.sent;
      if (seg.conn < t.conns.size()) {
        c.ip = t.conns[seg.conn].ip;
        c.port = t.conns[seg.conn].port;
      }
    }
    ++c.segments;
    if (seg.retransmission) ++c.retransmissions;
    if (seg.fate == trace::Fate::Dropped) ++c.dropped;
    c.last_seen = std::max(c.last_seen, seg.sent);
    // A dropped segment never reached its peer, so it changes nothing there.
    if (seg.fate == trace::Fate::Dropped) continue;
    const auto& f = seg.tcp.flags;
    const auto side = static_cast<std::size_t>(seg.from);
    if (f.rst()) seen.rst = true;
    if (f.fin() && !seen.fin[side]) {
      if (!seen.first_fin_side) {
        seen.first_fin_side = side;
        seen.first_fin_end = seg.tcp.seq + seg.tcp.seg_len();
      } else if (!f.ack() || seg.tcp.ack < seen.first_fin_end) {
        // Its FIN did not acknowledge the first one: both were sent before either arrived.
        seen.close_kind = "simultaneous";
      } else {
        // A FIN,ACK straight back is the three-segment close; an ACK first, then the FIN
        // later, the four-segment one.
        seen.close_kind = seen.other_spoke_before_fin ? "four-segment" : "three-segment";
      }
      seen.fin[side] = true;
    } else if (seen.first_fin_side && *seen.first_fin_side != side && !seen.fin[side]) {
      seen.other_spoke_before_fin = true;
    }
    if (!seg.retransmission && !f.syn()) c.bytes[side] += seg.tcp.payload_len;
    if (f.syn() && f.ack()) {
      seen.syn_ack = true;
    } else if (!f.syn()) {
      seen.other_traffic = true;
      if (seen.syn_ack && seg.from == trace::Side::Client && f.ack()) seen.handshake_acked = true;
    }
  }
  for (const auto& tr : t.transitions) {
    auto it = by_conn.find(tr.conn);
    if (it != by_conn.end()) it->second.first.state[static_cast<std::size_t>(tr.who)] = tr.to;
  }
  std::vector<SessionConnection> out;
  out.reserve(by_conn.size());
  for (auto& [conn, entry] : by_conn) {
    entry.first.status = status_of(entry.second);
    if (entry.first.status == ConnectionStatus::Closed) entry.first.close_kind = entry.second.close_kind;
    out.push_back(entry.first);
  }
  // Most recent last; past the cap the ones quiet the longest go first.
  std::stable_sort(out.begin(), out.end(), [](const SessionConnection& a, const SessionConnection& b) {
    return a.last_seen < b.last_seen;
  });
  if (out.size() > max_kept) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(max_kept));
  std::sort(out.begin(), out.end(),
            [](const SessionConnection& a, const SessionConnection& b) { return a.conn < b.conn; });
  evicted = t.conns.size() > out.size() ? t.conns.size() - out.size() : 0;
  return out;
}

trace::Trace connection_trace(const trace::Trace& t, std::uint32_t conn, Time now) {
  trace::Trace out;
  out.inferred = t.inferred;
  out.notes = t.notes;
  if (conn < t.conns.size()) {
    const auto& c = t.conns[conn];
    out.conns.push_back(c);
    out.endpoints[0] = trace::Endpoint{"client", c.ip[0], c.port[0]};
    out.endpoints[1] = trace::Endpoint{"server", c.ip[1], c.port[1]};
  }
  // Time 0 is the connection's first segment, so its ladder starts at its SYN.
  Time base = now;
  for (const auto& s : t.segments) {
    if (s.conn == conn) {
      base = s.sent;
      break;
    }
  }
  auto rebase = [&](Time x) { return x > base ? Time(x - base) : Time(0); };
  std::map<std::uint32_t, std::uint32_t> new_id;
  for (const auto& s : t.segments) {
    if (s.conn != conn) continue;
    trace::Segment n = s;
    n.id = static_cast<std::uint32_t>(out.segments.size());
    new_id[s.id] = n.id;
    n.conn = 0;
    n.sent = rebase(s.sent);
    n.arrive = rebase(s.arrive);
    if (s.copy_of) {
      auto it = new_id.find(*s.copy_of);
      if (it != new_id.end()) n.copy_of = it->second; else n.copy_of.reset();
    }
    if (s.raw_len > 0 && static_cast<std::size_t>(s.raw_offset) + s.raw_len <= t.raw_bytes.size()) {
      n.raw_offset = static_cast<std::uint32_t>(out.raw_bytes.size());
      out.raw_bytes.insert(out.raw_bytes.end(), t.raw_bytes.begin() + s.raw_offset,
                           t.raw_bytes.begin() + s.raw_offset + s.raw_len);
    } else {
      n.raw_offset = 0;
      n.raw_len = 0;
    }
    out.segments.push_back(n);
  }
  // Every other list: this connection's entries, renumbered to connection 0 and rebased.
  auto keep = [&](const auto& in, auto& dst, auto&& adjust) {
    for (const auto& x : in) {
      if (x.conn != conn) continue;
      auto n = x;
      n.conn = 0;
      adjust(n);
      dst.push_back(n);
    }
  };
  keep(t.transitions, out.transitions, [&](auto& n) { n.t = rebase(n.t); });
  keep(t.timers, out.timers, [&](auto& n) {
    n.armed = rebase(n.armed);
    n.deadline = rebase(n.deadline);
    n.end_t = rebase(n.end_t);
  });
  keep(t.app_events, out.app_events, [&](auto& n) { n.t = rebase(n.t); });
  keep(t.decisions, out.decisions, [&](auto& n) {
    n.t = rebase(n.t);
    if (n.segment) {
      auto it = new_id.find(*n.segment);
      if (it != new_id.end()) n.segment = it->second; else n.segment.reset();
    }
  });
  out.end = rebase(std::max(now, t.end));
  return out;
}

}  // namespace tcpviz::live
