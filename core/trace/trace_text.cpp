#include "core/trace/trace_text.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace tcpviz::trace {
namespace {

enum class Rank : std::uint8_t { TimerFired, Decision, Transition, App, Segment, TimerChange };

struct Line {
  Time t;
  Rank rank;
  std::size_t index;  // into its list, which is already in the order things happened
  std::string text;
};

std::string padded_time(Time t) {
  std::string s = ms_text(t);
  if (s.size() < 10) s.insert(0, 10 - s.size(), ' ');
  return s;
}

std::string prefix(Time t, std::uint32_t conn, Side who) {
  return padded_time(t) + " [" + std::to_string(conn) + "] " + std::string(side_name(who));
}

std::string options_text(const wire::TcpOptions& o) {
  std::vector<std::string> parts;
  if (o.mss) parts.push_back("mss " + std::to_string(*o.mss));
  if (o.sack_permitted) parts.emplace_back("sackOK");
  if (o.timestamps) {
    parts.push_back("TS " + std::to_string(o.timestamps->value) + ":" +
                    std::to_string(o.timestamps->echo_reply));
  }
  if (o.window_scale) parts.push_back("wscale " + std::to_string(*o.window_scale));
  for (std::uint8_t i = 0; i < o.sack_count && i < o.sack.size(); ++i) {
    parts.push_back("sack " + std::to_string(o.sack[i].left.raw()) + "-" +
                    std::to_string(o.sack[i].right.raw()));
  }
  if (o.unknown_len > 0) parts.push_back("unknown " + std::to_string(o.unknown_len) + " bytes");
  if (parts.empty()) return "";
  std::string out = " <";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ',';
    out += parts[i];
  }
  return out + ">";
}

std::string segment_text(const Segment& s) {
  std::string flags = wire::flags_to_string(s.tcp.flags);
  if (flags.empty()) flags = "(none)";
  std::string out = prefix(s.sent, s.conn, s.from) + " > " + std::string(side_name(peer_of(s.from))) +
                    "  #" + std::to_string(s.id) + " " + flags +
                    " seq=" + std::to_string(s.rel_seq) +
                    " ack=" + (s.rel_ack ? std::to_string(*s.rel_ack) : std::string("-")) +
                    " len=" + std::to_string(s.tcp.payload_len) +
                    " win=" + std::to_string(s.tcp.window) + options_text(s.tcp.options) + " ";
  if (s.retransmission) out += " retransmission";
  if (s.injected) out += " injected";
  if (s.copy_of) out += " copy-of #" + std::to_string(*s.copy_of);
  out += " " + std::string(fate_name(s.fate));
  if (s.fate == Fate::Dropped) {
    out += s.fault == kRandomFault ? " (random loss)"
           : s.fault >= 0          ? " (fault " + std::to_string(s.fault) + ")"
                                   : "";
  } else {
    out += " @" + ms_text(s.arrive);
    if (s.fault >= 0) out += " (fault " + std::to_string(s.fault) + ")";
    if (s.fault == kRandomFault) out += " (random)";
  }
  return out;
}

}  // namespace

std::string ms_text(Time t) {
  std::int64_t us = t.count();
  const char* sign = us < 0 ? "-" : "";
  if (us < 0) us = -us;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%lld.%03lld", sign, static_cast<long long>(us / 1000),
                static_cast<long long>(us % 1000));
  return buf;
}

std::string trace_to_text(const Trace& t) {
  std::vector<Line> lines;
  lines.reserve(t.segments.size() + t.transitions.size() + 2 * t.timers.size() +
                t.app_events.size() + t.decisions.size());
  for (std::size_t i = 0; i < t.transitions.size(); ++i) {
    const Transition& x = t.transitions[i];
    lines.push_back({x.t, Rank::Transition, i,
                     prefix(x.t, x.conn, x.who) + "  " + std::string(tcp::rfc_name(x.from)) +
                         " -> " + std::string(tcp::rfc_name(x.to)) + "  (" +
                         std::string(x.cause) + "; " + std::string(x.rfc) + ")"});
  }
  for (std::size_t i = 0; i < t.app_events.size(); ++i) {
    const AppEvent& x = t.app_events[i];
    std::string text = prefix(x.t, x.conn, x.who) + "  app " + std::string(tcp::app_event_name(x.kind));
    if (x.kind == tcp::AppEventKind::Data) text += " " + std::to_string(x.bytes) + " bytes";
    lines.push_back({x.t, Rank::App, i, std::move(text)});
  }
  for (std::size_t i = 0; i < t.segments.size(); ++i) {
    lines.push_back({t.segments[i].sent, Rank::Segment, i, segment_text(t.segments[i])});
  }
  for (std::size_t i = 0; i < t.timers.size(); ++i) {
    const Timer& x = t.timers[i];
    std::string kind(tcp::timer_kind_name(x.kind));
    lines.push_back({x.armed, Rank::TimerChange, i,
                     prefix(x.armed, x.conn, x.who) + "  timer " + kind + " armed, deadline " +
                         ms_text(x.deadline)});
    if (x.end == TimerEnd::Fired) {
      lines.push_back({x.end_t, Rank::TimerFired, i,
                       prefix(x.end_t, x.conn, x.who) + "  timer " + kind + " fired"});
    } else if (x.end == TimerEnd::Cancelled) {
      lines.push_back({x.end_t, Rank::TimerChange, i,
                       prefix(x.end_t, x.conn, x.who) + "  timer " + kind + " cancelled"});
    }
  }
  for (std::size_t i = 0; i < t.decisions.size(); ++i) {
    const Decision& x = t.decisions[i];
    std::string text = prefix(x.t, x.conn, x.who) + "  why";
    if (x.segment) text += " (#" + std::to_string(*x.segment) + ")";
    text += "  " + std::string(x.what.step) + ": " + tcp::render_decision_text(x.what) + "  [" +
            std::string(x.what.rfc) + "]";
    lines.push_back({x.t, Rank::Decision, i, std::move(text)});
  }
  // Stable: equal keys keep insertion order, and a cancel line of a timer is inserted right
  // after its armed line, so a restart reads "cancelled" then "armed" of the next entry.
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    if (a.t != b.t) return a.t < b.t;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.index < b.index;
  });

  std::string out = "# tcpviz trace text v1\n";
  for (std::size_t side = 0; side < 2; ++side) {
    const Endpoint& e = t.endpoints[side];
    out += "# " + std::string(side_name(static_cast<Side>(side))) + " \"" + e.name + "\" " +
           std::to_string(e.ip >> 24) + "." + std::to_string((e.ip >> 16) & 255) + "." +
           std::to_string((e.ip >> 8) & 255) + "." + std::to_string(e.ip & 255) + ":" +
           std::to_string(e.port) + "\n";
  }
  for (std::size_t i = 0; i < t.conns.size(); ++i) {
    const Connection& c = t.conns[i];
    auto isn = [](const std::optional<wire::SeqNum>& s) {
      return s ? std::to_string(s->raw()) : std::string("-");
    };
    out += "# conn " + std::to_string(i) + ": client port " + std::to_string(c.port[0]) +
           " iss " + isn(c.isn[0]) + ", server port " + std::to_string(c.port[1]) + " iss " +
           isn(c.isn[1]) + "\n";
  }
  for (const Line& l : lines) {
    out += l.text;
    out += '\n';
  }
  out += "# end " + ms_text(t.end) + (t.hit_time_cap ? " (one-hour cap reached)" : "") + "\n";
  for (const std::string& n : t.notes) out += "# note: " + n + "\n";
  return out;
}

}  // namespace tcpviz::trace
