#include "core/pcap/observer.hpp"

#include <algorithm>
#include <string>

#include "core/pcap/state_inference.hpp"

namespace tcpviz::pcap {
namespace {

using trace::Side;
using wire::SeqNum;

constexpr std::size_t idx(Side s) { return static_cast<std::size_t>(s); }

std::string micros_text(Duration d) { return std::to_string(d.count()) + " us"; }

// Sequence-number bases as Wireshark's "relative sequence numbers": the ISN when the SYN was
// captured; otherwise the first sequence number seen minus one (Wireshark then shows the
// first segment as Seq=1, as if its SYN had been just before it).
std::array<std::optional<SeqNum>, 2> sequence_bases(const Conversation& c) {
  std::array<std::optional<SeqNum>, 2> base;
  for (const ConversationPacket& p : c.packets) {
    auto& b = base[idx(p.from)];
    if (b) continue;
    b = p.decoded.tcp.flags.syn() ? p.decoded.tcp.seq : p.decoded.tcp.seq - 1;
  }
  // A side that sent nothing: take what the other side acknowledged first, minus one.
  for (const ConversationPacket& p : c.packets) {
    auto& b = base[idx(trace::peer_of(p.from))];
    if (!b && p.decoded.tcp.flags.ack()) b = p.decoded.tcp.ack - 1;
  }
  return base;
}

// Both ends' TIME-WAITs that have run out by `t`, the earlier deadline first, so that the
// transitions stay in time order (after a simultaneous close both ends wait, from different times).
void expire_both(InferredEnd& a, InferredEnd& b, Time t) {
  const auto da = a.time_wait_deadline();
  const auto db = b.time_wait_deadline();
  InferredEnd& first = da && db && *db < *da ? b : a;
  InferredEnd& second = &first == &a ? b : a;
  first.expire(t);
  second.expire(t);
}

}  // namespace

void add_timer_records(const std::vector<InferredTimerChange>& changes, std::vector<trace::Timer>& timers) {
  for (const InferredTimerChange& c : changes) {
    if (c.change.action == tcp::TimerAction::Armed) {
      trace::Timer t;
      t.who = c.who;
      t.kind = c.change.kind;
      t.armed = c.t;
      t.deadline = c.change.deadline;
      timers.push_back(t);
      continue;
    }
    // It ends the latest record of that end's timer still open.
    for (auto it = timers.rbegin(); it != timers.rend(); ++it) {
      if (it->who != c.who || it->kind != c.change.kind || it->end != trace::TimerEnd::Pending) continue;
      it->end = c.change.action == tcp::TimerAction::Fired ? trace::TimerEnd::Fired : trace::TimerEnd::Cancelled;
      it->end_t = c.t;
      break;
    }
  }
}

PathEstimate estimate_path(const Capture& capture, const Conversation& c) {
  PathEstimate est;
  std::optional<Time> syn_at, synack_at, ack_at;
  std::optional<SeqNum> server_isn;
  for (const ConversationPacket& p : c.packets) {
    const wire::TcpSegment& s = p.decoded.tcp;
    const Time t = capture.packets[p.packet].t;
    if (!synack_at && p.from == Side::Client && s.flags.syn() && !s.flags.ack()) {
      syn_at = t;  // the latest SYN before the SYN|ACK: the one it answers
    } else if (!synack_at && syn_at && p.from == Side::Server && s.flags.syn() && s.flags.ack()) {
      synack_at = t;
      server_isn = s.seq;
    } else if (synack_at && p.from == Side::Client && !s.flags.syn() && !s.flags.rst() && s.flags.ack() &&
               s.ack == *server_isn + 1) {
      ack_at = t;
      break;
    }
  }
  if (!syn_at || !synack_at || !ack_at) return est;
  est.capture_to_server = (*synack_at - *syn_at) / 2;
  est.capture_to_client = (*ack_at - *synack_at) / 2;
  // A reordered or odd capture can give negative times; never let a delay be negative.
  if (est.capture_to_server < Duration(0)) est.capture_to_server = Duration(0);
  if (est.capture_to_client < Duration(0)) est.capture_to_client = Duration(0);
  est.from_handshake = true;
  return est;
}

trace::Trace conversation_to_trace(const Capture& capture, const Conversation& c) {
  trace::Trace tr;
  tr.inferred = true;
  for (const std::string& w : capture.warnings) tr.notes.push_back("capture: " + w);

  for (Side s : {Side::Client, Side::Server}) {
    const TcpEndpoint& e = c.ends[idx(s)];
    // The trace's endpoints hold IPv4 addresses only; an IPv6 end shows its address in its name.
    tr.endpoints[idx(s)].name = s == Side::Client ? "client" : "server";
    if (e.ip.ipv6) tr.endpoints[idx(s)].name += " " + to_string(e);
    tr.endpoints[idx(s)].ip = e.ip.ipv4_host_order();
    tr.endpoints[idx(s)].port = e.port;
  }
  if (c.ends[0].ip.ipv6) tr.notes.push_back("IPv6 connection: addresses are in each segment's bytes, not in the endpoints");
  trace::Connection conn;
  conn.ip = {tr.endpoints[0].ip, tr.endpoints[1].ip};
  conn.port = {tr.endpoints[0].port, tr.endpoints[1].port};

  const PathEstimate path = estimate_path(capture, c);
  const std::array<Duration, 2> to_capture = {path.capture_to_client, path.capture_to_server};  // by side
  if (path.from_handshake) {
    tr.notes.push_back("one-way delays estimated from the handshake: client <-> capture point " +
                       micros_text(path.capture_to_client) + ", capture point <-> server " +
                       micros_text(path.capture_to_server));
  } else {
    tr.notes.push_back("no complete handshake captured: one-way delays unknown, taken as 0");
  }

  // Segments with their sent/arrive times (capture time -/+ the one-way delays).
  const auto base = sequence_bases(c);
  std::array<std::optional<SeqNum>, 2> highest_end;
  Duration min_sent = Duration::max();
  for (const ConversationPacket& p : c.packets) {
    const CapturedPacket& cp = capture.packets[p.packet];
    const wire::TcpSegment& s = p.decoded.tcp;
    const auto f = idx(p.from);
    trace::Segment seg;
    seg.id = static_cast<std::uint32_t>(tr.segments.size());
    seg.from = p.from;
    seg.tcp = s;
    seg.rel_seq = base[f] ? wire::seq_distance(*base[f], s.seq) : 0;
    if (s.flags.ack() && base[1 - f]) seg.rel_ack = wire::seq_distance(*base[1 - f], s.ack);
    seg.sent = cp.t - to_capture[f];
    seg.arrive = cp.t + to_capture[1 - f];
    seg.retransmission = is_retransmission(s, highest_end[f]) && !answers_own_syn(s, conn.isn[f]);
    const SeqNum end = s.seq + s.seg_len();
    const bool stray_syn = s.flags.syn() && conn.isn[f] && s.seq != *conn.isn[f];  // see conversations.cpp
    if (s.seg_len() > 0 && !stray_syn && (!highest_end[f] || *highest_end[f] < end)) highest_end[f] = end;
    const auto bytes = capture.data(cp).subspan(p.decoded.ip_offset, p.decoded.ip_len);
    seg.raw_offset = static_cast<std::uint32_t>(tr.raw_bytes.size());
    seg.raw_len = static_cast<std::uint32_t>(bytes.size());
    seg.truncated = p.decoded.truncated;
    tr.raw_bytes.insert(tr.raw_bytes.end(), bytes.begin(), bytes.end());
    if (s.flags.syn() && !conn.isn[f]) conn.isn[f] = s.seq;
    min_sent = std::min(min_sent, seg.sent);
    tr.segments.push_back(seg);
  }
  tr.conns.push_back(conn);
  if (tr.segments.empty()) return tr;

  // Shift so that the first segment is sent at time 0.
  const Duration shift = -min_sent;
  if (shift != Duration(0)) {
    for (trace::Segment& s : tr.segments) {
      s.sent += shift;
      s.arrive += shift;
    }
    tr.notes.push_back("times shifted by " + micros_text(shift) +
                       " so the first segment is sent at 0 (trace time = capture time + shift)");
  }
  // `sent` order can differ from capture order when the two directions' delays differ.
  std::stable_sort(tr.segments.begin(), tr.segments.end(),
                   [](const trace::Segment& a, const trace::Segment& b) { return a.sent < b.sent; });
  for (std::uint32_t i = 0; i < tr.segments.size(); ++i) tr.segments[i].id = i;

  // Both ends' states: every segment is a send event at its sender (at `sent`) and a receive
  // event at its receiver (at `arrive`), replayed in time order.
  struct Event {
    Time t;
    std::uint32_t segment;
    bool is_send;
  };
  std::vector<Event> events;
  events.reserve(tr.segments.size() * 2);
  for (const trace::Segment& s : tr.segments) {
    events.push_back({s.sent, s.id, true});
    events.push_back({s.arrive, s.id, false});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t < b.t; });

  std::vector<InferredTimerChange> timer_changes;
  InferredEnd client(Side::Client, tr.transitions, &timer_changes);
  InferredEnd server(Side::Server, tr.transitions, &timer_changes);
  const wire::TcpSegment& first = tr.segments.front().tcp;
  const bool first_is_syn = first.flags.syn() && !first.flags.ack() && tr.segments.front().from == Side::Client;
  const bool first_is_synack = first.flags.syn() && first.flags.ack();
  if (first_is_syn) {
    // The server answered with SYN|ACK only if something was listening (RFC 9293 3.10.7.2);
    // a closed port answers with RST and stays CLOSED (3.10.7.1).
    bool server_answered_synack = false;
    for (const trace::Segment& s : tr.segments) {
      if (s.from == Side::Server) {
        server_answered_synack = s.tcp.flags.syn() && s.tcp.flags.ack();
        break;
      }
    }
    if (server_answered_synack) {
      server.start(Time(0), tcp::State::Listen, "inferred: listening before the capture began (it answered the SYN)",
                   "RFC 9293 3.10.1");
    }
  } else if (first_is_synack) {
    client.start(Time(0), tcp::State::SynSent, "inferred: SYN sent before the capture began", "RFC 9293 3.10.1");
  } else {
    client.start(Time(0), tcp::State::Established, "inferred: already established when the capture began",
                 "RFC 9293 3.3.2");
    server.start(Time(0), tcp::State::Established, "inferred: already established when the capture began",
                 "RFC 9293 3.3.2");
  }
  for (const Event& e : events) {
    // An end whose TIME-WAIT ran out before this moment closed then, and its transition goes
    // in before this event's, keeping the list in time order.
    expire_both(client, server, e.t);
    const trace::Segment& s = tr.segments[e.segment];
    InferredEnd& end = (s.from == Side::Client) == e.is_send ? client : server;
    if (e.is_send) {
      end.sent(e.t, s.tcp);
    } else {
      end.received(e.t, s.tcp);
    }
  }
  tr.end = Time(0);
  for (const trace::Segment& s : tr.segments) tr.end = std::max(tr.end, s.arrive);
  // A capture says nothing of the time after its last packet: a TIME-WAIT that has not run
  // out by then stays, its timer pending.
  expire_both(client, server, tr.end);
  add_timer_records(timer_changes, tr.timers);
  return tr;
}

trace::Trace capture_to_trace(const Capture& capture, std::size_t conn) {
  const Conversations conv = find_conversations(capture);
  if (conn >= conv.list.size()) {
    trace::Trace tr;
    tr.inferred = true;
    tr.notes.push_back("no connection " + std::to_string(conn) + " in the capture (it has " +
                       std::to_string(conv.list.size()) + ")");
    return tr;
  }
  trace::Trace tr = conversation_to_trace(capture, conv.list[conn]);
  const std::string skipped = conv.skipped.describe();
  if (!skipped.empty()) tr.notes.push_back("capture: " + skipped);
  return tr;
}

}  // namespace tcpviz::pcap
