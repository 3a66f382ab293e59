// The match strings of fault rules and of the CLI's --fault flag (SCENARIO_FORMAT.md).
#include "core/scenario/match.hpp"

#include <cctype>
#include <string>
#include <vector>

#include "core/scenario/parse.hpp"

namespace tcpviz::scenario {
namespace {

using wire::TcpFlags;

constexpr std::uint16_t kComparedFlags =
    TcpFlags::kSyn | TcpFlags::kFin | TcpFlags::kRst | TcpFlags::kAck;
constexpr std::size_t kMaxMatchText = 200;

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "SYN|ACK" -> bits, only the four flags a match may compare; nullopt on anything else.
std::optional<std::uint16_t> parse_match_flags(std::string_view text, std::string* bad) {
  std::uint16_t bits = 0;
  std::string t = upper(text);
  std::size_t start = 0;
  while (start <= t.size()) {
    std::size_t bar = t.find('|', start);
    std::string word = t.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    std::uint16_t bit = 0;
    if (word == "SYN") bit = TcpFlags::kSyn;
    if (word == "FIN") bit = TcpFlags::kFin;
    if (word == "RST") bit = TcpFlags::kRst;
    if (word == "ACK") bit = TcpFlags::kAck;
    if (bit == 0 || (bits & bit) != 0) {
      *bad = word;
      return std::nullopt;
    }
    bits |= bit;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return bits;
}

std::string exact_flags_text(std::uint16_t bits) {
  std::string out;
  auto add = [&](std::uint16_t bit, const char* name) {
    if ((bits & bit) == 0) return;
    if (!out.empty()) out += '|';
    out += name;
  };
  add(TcpFlags::kSyn, "SYN");
  add(TcpFlags::kFin, "FIN");
  add(TcpFlags::kRst, "RST");
  add(TcpFlags::kAck, "ACK");
  return out;
}

std::optional<std::uint32_t> parse_u32(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

constexpr std::string_view kKindList = "SYN, SYN|ACK, FIN, RST, ACK, data or =FLAGS";

}  // namespace

Result<SegmentMatch> parse_segment_match(std::string_view text) {
  if (text.size() > kMaxMatchText) {
    return Error{"match is " + std::to_string(text.size()) + " characters long (at most " +
                 std::to_string(kMaxMatchText) + ")"};
  }
  std::vector<std::string_view> w = split_words(text);
  if (w.size() < 3) {
    return Error{"'" + std::string(text) +
                 "': expected \"<side> <kind> <which> [seq=N] [ack=N] [len=N] [conn=N]\", "
                 "e.g. \"server SYN|ACK #1\""};
  }
  SegmentMatch m;
  auto side = side_from_name(w[0]);
  if (!side) {
    return Error{"unknown side '" + std::string(w[0]) + "' (expected client or server)"};
  }
  m.side = *side;

  std::string kind = upper(w[1]);
  std::string bad;
  if (kind == "DATA") {
    m.kind = MatchKind::Data;
  } else if (!kind.empty() && kind[0] == '=') {
    auto bits = parse_match_flags(std::string_view(kind).substr(1), &bad);
    if (!bits) {
      return Error{"'" + std::string(w[1]) + "': '" + bad +
                   "' cannot be compared (=FLAGS takes SYN, FIN, RST and ACK, each once, "
                   "joined by '|')"};
    }
    m.kind = MatchKind::Exact;
    m.exact_flags = *bits;
  } else {
    auto bits = parse_match_flags(kind, &bad);
    std::uint16_t b = bits.value_or(0xFFFF);
    if (b == TcpFlags::kSyn) {
      m.kind = MatchKind::Syn;
    } else if (b == (TcpFlags::kSyn | TcpFlags::kAck)) {
      m.kind = MatchKind::SynAck;
    } else if (b == TcpFlags::kFin) {
      m.kind = MatchKind::Fin;
    } else if (b == TcpFlags::kRst) {
      m.kind = MatchKind::Rst;
    } else if (b == TcpFlags::kAck) {
      m.kind = MatchKind::Ack;
    } else {
      return Error{"unknown kind '" + std::string(w[1]) + "' (expected " +
                   std::string(kKindList) + ")"};
    }
  }

  if (w[2] == "*") {
    m.nth = std::nullopt;
  } else if (w[2].size() > 1 && w[2][0] == '#') {
    auto n = parse_u32(w[2].substr(1));
    if (!n || *n == 0 || *n > 1000000) {
      return Error{"'" + std::string(w[2]) + "': the n of #n must be from 1 to 1000000"};
    }
    m.nth = *n;
  } else {
    return Error{"'" + std::string(w[2]) +
                 "': expected which segment, #n (the n-th, from 1) or * (every one)"};
  }

  for (std::size_t i = 3; i < w.size(); ++i) {
    std::size_t eq = w[i].find('=');
    std::string_view key = w[i].substr(0, eq);
    std::optional<std::uint32_t>* slot = nullptr;
    if (key == "seq") slot = &m.rel_seq;
    if (key == "ack") slot = &m.rel_ack;
    if (key == "len") slot = &m.len;
    if (key == "conn") slot = &m.conn;
    if (slot == nullptr || eq == std::string_view::npos) {
      return Error{"unknown filter '" + std::string(w[i]) +
                   "' (expected seq=N, ack=N, len=N or conn=N)"};
    }
    if (slot->has_value()) return Error{"filter '" + std::string(key) + "' given twice"};
    auto n = parse_u32(w[i].substr(eq + 1));
    if (!n) {
      return Error{"'" + std::string(w[i]) + "': expected a number from 0 to 4294967295"};
    }
    *slot = *n;
  }
  m.text = match_to_string(m);
  return m;
}

std::string match_to_string(const SegmentMatch& m) {
  std::string out(side_name(m.side));
  out += ' ';
  switch (m.kind) {
    case MatchKind::Syn: out += "SYN"; break;
    case MatchKind::SynAck: out += "SYN|ACK"; break;
    case MatchKind::Fin: out += "FIN"; break;
    case MatchKind::Rst: out += "RST"; break;
    case MatchKind::Ack: out += "ACK"; break;
    case MatchKind::Data: out += "data"; break;
    case MatchKind::Exact: out += "=" + exact_flags_text(m.exact_flags); break;
  }
  out += m.nth ? " #" + std::to_string(*m.nth) : std::string(" *");
  if (m.rel_seq) out += " seq=" + std::to_string(*m.rel_seq);
  if (m.rel_ack) out += " ack=" + std::to_string(*m.rel_ack);
  if (m.len) out += " len=" + std::to_string(*m.len);
  if (m.conn) out += " conn=" + std::to_string(*m.conn);
  return out;
}

bool segment_is_kind(const SegmentMatch& m, const wire::TcpSegment& seg) {
  const TcpFlags f = seg.flags;
  switch (m.kind) {
    case MatchKind::Syn: return f.syn() && !f.ack();
    case MatchKind::SynAck: return f.syn() && f.ack();
    case MatchKind::Fin: return f.fin();
    case MatchKind::Rst: return f.rst();
    case MatchKind::Ack:
      return f.ack() && !f.syn() && !f.fin() && !f.rst() && seg.payload_len == 0;
    case MatchKind::Data: return seg.payload_len > 0 && !f.syn() && !f.rst();
    case MatchKind::Exact: return (f.bits & kComparedFlags) == m.exact_flags;
  }
  return false;
}

Result<Fault> parse_fault_flag(std::string_view text) {
  // The actions are the trailing words: drop, delay=<ms>, duplicate=<n>, gap=<ms>.
  std::vector<std::string_view> w = split_words(text);
  Fault f;
  bool any = false;
  bool has_gap = false;
  std::size_t end = w.size();
  while (end > 0) {
    std::string_view word = w[end - 1];
    std::size_t eq = word.find('=');
    std::string_view key = word.substr(0, eq);
    std::string_view val = eq == std::string_view::npos ? std::string_view{} : word.substr(eq + 1);
    if (word == "drop") {
      f.drop = true;
    } else if (eq != std::string_view::npos && (key == "delay" || key == "gap")) {
      auto n = parse_u32(val);
      if (!n || *n > 3600000) {
        return Error{"'" + std::string(word) + "': expected whole milliseconds from 0 to 3600000"};
      }
      (key == "delay" ? f.delay : f.gap) = from_ms(*n);
      has_gap = has_gap || key == "gap";
    } else if (eq != std::string_view::npos && key == "duplicate") {
      auto n = parse_u32(val);
      if (!n || *n < 1 || *n > 100) {
        return Error{"'" + std::string(word) + "': expected a number of copies from 1 to 100"};
      }
      f.duplicate = *n;
    } else {
      break;
    }
    any = true;
    --end;
  }
  if (!any) {
    return Error{"'" + std::string(text) +
                 "': expected \"<match> drop\", \"<match> delay=<ms>\" or "
                 "\"<match> duplicate=<n>\""};
  }
  if (f.drop && (f.delay.count() != 0 || f.duplicate != 0)) {
    return Error{"'" + std::string(text) + "': drop cannot be combined with delay or duplicate"};
  }
  if (!f.drop && f.delay.count() == 0 && f.duplicate == 0) {
    return Error{"'" + std::string(text) + "': the rule does nothing (delay=0)"};
  }
  if (has_gap && f.duplicate == 0) {
    return Error{"'" + std::string(text) + "': gap= needs duplicate="};
  }
  std::string match_text;
  for (std::size_t i = 0; i < end; ++i) {
    if (i) match_text += ' ';
    match_text += w[i];
  }
  auto m = parse_segment_match(match_text);
  if (!m) return m.error();
  f.match = std::move(*m);
  return f;
}

}  // namespace tcpviz::scenario
