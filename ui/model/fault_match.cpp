#include "ui/model/fault_match.hpp"

#include <string>

namespace tcpviz::ui {

using scenario::MatchKind;

std::optional<MatchKind> kind_of(const trace::Segment& s) {
  const wire::TcpFlags f = s.tcp.flags;
  if (f.syn()) return f.ack() ? MatchKind::SynAck : MatchKind::Syn;
  if (f.rst()) return MatchKind::Rst;
  if (f.fin()) return MatchKind::Fin;
  if (s.tcp.payload_len > 0) return MatchKind::Data;
  if (f.ack()) return MatchKind::Ack;
  return std::nullopt;
}

std::string_view kind_word(MatchKind k) {
  switch (k) {
    case MatchKind::Syn: return "SYN";
    case MatchKind::SynAck: return "SYN|ACK";
    case MatchKind::Fin: return "FIN";
    case MatchKind::Rst: return "RST";
    case MatchKind::Ack: return "ACK";
    case MatchKind::Data: return "data";
    case MatchKind::Exact: return "=";
  }
  return "?";
}

// The kind words' definitions, SCENARIO_FORMAT.md "faults".
bool segment_has_kind(const trace::Segment& s, MatchKind k) {
  const wire::TcpFlags f = s.tcp.flags;
  switch (k) {
    case MatchKind::Syn: return f.syn() && !f.ack();
    case MatchKind::SynAck: return f.syn() && f.ack();
    case MatchKind::Fin: return f.fin();
    case MatchKind::Rst: return f.rst();
    case MatchKind::Ack:
      return f.ack() && !f.syn() && !f.fin() && !f.rst() && s.tcp.payload_len == 0;
    case MatchKind::Data: return s.tcp.payload_len > 0 && !f.syn() && !f.rst();
    case MatchKind::Exact: return false;  // never generated here
  }
  return false;
}

namespace {

// Segments a side's rule can count: those its TCB put on the wire. The network's copies and
// injected segments are not "from that side" in the sense of the count.
bool counted(const trace::Segment& s) { return !s.copy_of && !s.injected; }

const trace::Segment* find_segment(const trace::Trace& t, std::uint32_t id) {
  // Ids are normally the index; fall back to a search for traces built otherwise.
  if (id < t.segments.size() && t.segments[id].id == id) return &t.segments[id];
  for (const trace::Segment& s : t.segments) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

bool several_connections(const trace::Trace& t) {
  if (t.conns.size() > 1) return true;
  for (const trace::Segment& s : t.segments) {
    if (s.conn != 0) return true;
  }
  return false;
}

scenario::Fault rule(scenario::SegmentMatch m) {
  scenario::Fault f;
  f.match = std::move(m);
  return f;
}

}  // namespace

std::optional<scenario::SegmentMatch> match_for(const trace::Trace& t, std::uint32_t segment_id,
                                                bool every) {
  const trace::Segment* target = find_segment(t, segment_id);
  if (target == nullptr || !counted(*target)) return std::nullopt;
  const std::optional<MatchKind> kind = kind_of(*target);
  if (!kind) return std::nullopt;

  scenario::SegmentMatch m;
  m.side = target->from;
  m.kind = *kind;
  if (several_connections(t)) m.conn = target->conn;
  if (!every) {
    // Segments are in the order they were sent, which is the order the simulator checks
    // rules in; count up to and including the target.
    std::uint32_t n = 0;
    for (const trace::Segment& s : t.segments) {
      if (s.from == m.side && counted(s) && segment_has_kind(s, m.kind) &&
          (!m.conn || s.conn == *m.conn)) {
        ++n;
      }
      if (&s == target) break;
    }
    m.nth = n;
  }
  m.text = std::string(trace::side_name(m.side)) + " " + std::string(kind_word(m.kind)) + " " +
           (m.nth ? "#" + std::to_string(*m.nth) : std::string("*"));
  if (m.conn) m.text += " conn=" + std::to_string(*m.conn);
  return m;
}

std::optional<std::size_t> find_rule(const scenario::Scenario& s, std::string_view text) {
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    if (s.faults[i].match && s.faults[i].match->text == text) return i;
  }
  return std::nullopt;
}

namespace {

Command add_or_replace(const scenario::Scenario& s, scenario::Fault f) {
  if (const auto i = find_rule(s, f.match->text)) return ReplaceFault{*i, std::move(f)};
  return AddFault{std::move(f)};
}

}  // namespace

std::optional<Command> toggle_drop_command(const scenario::Scenario& s, const trace::Trace& t,
                                           std::uint32_t segment_id) {
  const trace::Segment* seg = find_segment(t, segment_id);
  if (seg == nullptr) return std::nullopt;
  if (seg->fate == trace::Fate::Dropped && seg->fault >= 0 &&
      static_cast<std::size_t>(seg->fault) < s.faults.size() &&
      s.faults[static_cast<std::size_t>(seg->fault)].drop) {
    return RemoveFault{static_cast<std::size_t>(seg->fault)};
  }
  std::optional<scenario::SegmentMatch> m = match_for(t, segment_id);
  if (!m) return std::nullopt;
  scenario::Fault f = rule(std::move(*m));
  f.drop = true;
  return add_or_replace(s, std::move(f));
}

std::optional<Command> delay_command(const scenario::Scenario& s, const trace::Trace& t,
                                     std::uint32_t segment_id, Duration extra) {
  std::optional<scenario::SegmentMatch> m = match_for(t, segment_id);
  if (!m) return std::nullopt;
  if (extra <= Duration::zero()) {
    if (const auto i = find_rule(s, m->text)) return RemoveFault{*i};
    return std::nullopt;
  }
  scenario::Fault f = rule(std::move(*m));
  f.delay = extra;
  return add_or_replace(s, std::move(f));
}

std::optional<Command> duplicate_command(const scenario::Scenario& s, const trace::Trace& t,
                                         std::uint32_t segment_id, std::uint32_t copies) {
  std::optional<scenario::SegmentMatch> m = match_for(t, segment_id);
  if (!m || copies == 0) return std::nullopt;
  scenario::Fault f = rule(std::move(*m));
  f.duplicate = copies;
  return add_or_replace(s, std::move(f));
}

std::optional<Command> drop_every_command(const scenario::Scenario& s, const trace::Trace& t,
                                          std::uint32_t segment_id) {
  std::optional<scenario::SegmentMatch> m = match_for(t, segment_id, /*every=*/true);
  if (!m) return std::nullopt;
  scenario::Fault f = rule(std::move(*m));
  f.drop = true;
  return add_or_replace(s, std::move(f));
}

}  // namespace tcpviz::ui
