// What a segment on the wire means, in our own words: the handshake's numbers (RFC 9293 3.4:
// a SYN and a FIN each take one sequence number, so the answer acknowledges ISN+1), why it was
// sent, and what its loss does. Each sentence is chosen from the trace, never assumed: a
// retransmission is blamed on a timer only when the trace shows that timer firing, a RST is
// told apart by what it answers, and a loss is told apart by what the segment carried (only
// what takes sequence space is retransmitted, RFC 6298 5.1).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui::narration {

std::string side_words(const trace::Trace& t, trace::Side s, Language lang) {
  const std::string& custom = t.endpoints[static_cast<std::size_t>(s)].name;
  if (!custom.empty() && custom != trace::side_name(s)) return custom;
  if (lang == Language::Zh) return s == trace::Side::Client ? "客户端" : "服务器";
  return std::string(trace::side_name(s));
}

namespace {

struct Words {
  std::string_view en, zh, rfc;
};

std::string ms_words(Time t) {
  char buf[32];
  const double ms = to_ms(t);
  if (t.count() % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(t.count() / 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", ms);
  }
  return buf;
}

// A segment that takes sequence space (RFC 9293 3.4: SYN, FIN, data) is kept until it is
// acknowledged and retransmitted by its sender's timer; anything else is sent once.
bool takes_sequence_space(const trace::Segment& s) { return s.tcp.seg_len() > 0; }

const trace::Segment* segment_by_id(const trace::Trace& t, std::uint32_t id) {
  if (id < t.segments.size() && t.segments[id].id == id) return &t.segments[id];
  for (const trace::Segment& s : t.segments) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

template <class F>
void for_each_decision_at(const trace::Trace& t, Time at, F f) {
  const auto first = std::partition_point(t.decisions.begin(), t.decisions.end(),
                                          [&](const trace::Decision& d) { return d.t < at; });
  for (auto it = first; it != t.decisions.end() && it->t == at; ++it) f(*it);
}

// The sender's own retransmission timer expired at the moment the segment left (RFC 6298 5.4).
bool sent_by_timer(const trace::Trace& t, const trace::Segment& s) {
  for (const trace::Timer& x : t.timers) {
    if (x.conn == s.conn && x.who == s.from && x.kind == tcp::TimerKind::Retransmit &&
        x.end == trace::TimerEnd::Fired && x.end_t == s.sent) {
      return true;
    }
  }
  return false;
}

// The timer that sent `s` was Linux's tail loss probe (the core records the probe's decision
// at that moment, core/tcp/tail_loss_probe.cpp).
bool sent_as_loss_probe(const trace::Trace& t, const trace::Segment& s) {
  bool probe = false;
  for_each_decision_at(t, s.sent, [&](const trace::Decision& d) {
    if (d.conn == s.conn && d.who == s.from && d.what.step == "tail loss probe") probe = true;
  });
  return probe;
}

// The decision (and the arriving segment it is about) that `s` answers: a decision of the
// same side and connection at the moment `s` left, naming an arriving segment.
struct Cause {
  const trace::Decision* decision = nullptr;
  const trace::Segment* arrived = nullptr;
};

bool same_moment_and_sender(const trace::Segment& a, const trace::Segment& b) {
  return a.sent == b.sent && a.from == b.from && a.conn == b.conn;
}

// The arrival and the decision an outgoing segment answers. For an RST, only a decision the
// state machine marked `sends_reset` (tcp::Connection::decide_reset) qualifies: others about
// the same arrival only mention RSTs (a challenge ACK's "answers ... with a RST").
Cause answered(const trace::Trace& t, const trace::Segment& s) {
  std::vector<Cause> candidates;
  for_each_decision_at(t, s.sent, [&](const trace::Decision& d) {
    if (d.who != s.from || d.conn != s.conn || !d.segment) return;
    const trace::Segment* x = segment_by_id(t, *d.segment);
    if (x == nullptr) return;
    if (s.tcp.flags.rst() && !d.what.sends_reset) return;
    candidates.push_back({&d, x});
  });
  if (!s.tcp.flags.rst()) return candidates.empty() ? Cause{} : candidates.front();
  // Several RSTs at once (a connection closing on data after close, then its listener
  // refusing the next segment): the k-th RST answers the k-th decision to reset, the order
  // the state machine handled them in. Their numbers cannot tell them apart when the
  // abort's <SEQ=SND.NXT> equals the refusal's <SEQ=SEG.ACK>.
  std::size_t k = 0, resets = 0;
  const auto first = std::partition_point(t.segments.begin(), t.segments.end(),
                                          [&](const trace::Segment& x) { return x.sent < s.sent; });
  for (auto it = first; it != t.segments.end() && it->sent == s.sent; ++it) {
    if (!same_moment_and_sender(*it, s) || !it->tcp.flags.rst()) continue;
    if (&*it == &s) k = resets;
    ++resets;
  }
  if (resets == candidates.size() && k < candidates.size()) return candidates[k];
  // Otherwise by the numbers (RFC 9293 3.10.7.1: <SEQ=SEG.ACK>, or <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
  // when the segment had no ACK).
  for (const Cause& c : candidates) {
    const trace::Segment& x = *c.arrived;
    const bool fits = s.tcp.flags.ack() ? s.tcp.ack == x.tcp.seq + x.tcp.seg_len()
                                        : x.tcp.flags.ack() && s.tcp.seq == x.tcp.ack;
    if (fits) return c;
  }
  return {};
}

// The sender's state change to `to` (from `from`, if given) at the moment it sent `s`.
const trace::Transition* change_at(const trace::Trace& t, const trace::Segment& s, tcp::State to,
                                   std::optional<tcp::State> from = std::nullopt) {
  const auto first = std::partition_point(t.transitions.begin(), t.transitions.end(),
                                          [&](const trace::Transition& x) { return x.t < s.sent; });
  for (auto it = first; it != t.transitions.end() && it->t == s.sent; ++it) {
    if (it->who == s.from && it->conn == s.conn && it->to == to && (!from || it->from == *from)) {
      return &*it;
    }
  }
  return nullptr;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The sequence number the peer really chose for this 4-tuple: its latest own SYN (not one
// the network duplicated or a scenario injected) sent up to `s`.
std::optional<wire::SeqNum> peer_isn(const trace::Trace& t, const trace::Segment& s) {
  // Segments are sorted by `sent`: start at the last one sent up to `s`, walk back.
  const auto end = std::partition_point(t.segments.begin(), t.segments.end(),
                                        [&](const trace::Segment& x) { return x.sent <= s.sent; });
  for (auto i = static_cast<std::size_t>(end - t.segments.begin()); i-- > 0;) {
    const trace::Segment& x = t.segments[i];
    if (&x == &s) continue;
    if (x.from != s.from && x.tcp.flags.syn() && !x.injected && !x.copy_of &&
        x.tcp.src_port == s.tcp.dst_port && x.tcp.dst_port == s.tcp.src_port) {
      return x.tcp.seq;
    }
  }
  return std::nullopt;
}

struct Sentence {
  std::string_view en, zh;
  std::string rfc;
};

// A RST by its case (RFC 9293 3.5.2): a refusal from a side with no connection for the
// segment, an abort of the sender's own connection, or an answer to an unacceptable segment
// that leaves the sender's state as it was.
Sentence rst_sentence(const trace::Trace& t, const trace::Segment& s) {
  const Cause c = answered(t, s);
  if (c.decision && starts_with(c.decision->what.step, "CLOSED")) {
    return {"The {who} answers with RST: no connection exists for this segment (nothing listens "
            "on that port), so it is refused. The {who} has no connection to lose.",
            "{who}用 RST 回答：这个报文没有对应的连接（那个端口上没有人监听），所以被拒绝。{who}本来就没有连接，"
            "也就没有什么可中止的。",
            std::string(c.decision->what.rfc)};
  }
  if (c.decision && starts_with(c.decision->what.step, "LISTEN")) {
    return {"The {who}'s listener answers with RST: a listener has sent nothing, so a segment "
            "that acknowledges something cannot be for it and is refused. The listener goes on "
            "listening.",
            "{who}的监听套接字用 RST 回答：监听者还什么都没发过，一个确认了某些内容的报文不可能是发给它的，"
            "所以被拒绝。监听者继续监听。",
            std::string(c.decision->what.rfc)};
  }
  // Linux answering a second SYN to a half-open connection (tcp_check_req ->
  // embryonic_reset): that connection falls back to LISTEN as the RST leaves.
  if (c.decision && change_at(t, s, tcp::State::Listen, tcp::State::SynReceived)) {
    return {"The {who} answers with RST and gives up its half-open connection: a second SYN "
            "with another sequence number arrived while it waited for the handshake's last "
            "ACK. Its listener goes on listening.",
            "{who}用 RST 回答，并放弃这个半连接：在它等待三次握手最后一个 ACK 时，又来了一个序列号不同的 SYN。"
            "它的监听套接字继续监听。",
            std::string(c.decision->what.rfc)};
  }
  if (const trace::Transition* x = change_at(t, s, tcp::State::Closed)) {
    return {"The {who} sends RST: it aborts its own connection at once, with no FIN and no "
            "goodbye; data still on its way is lost.",
            "{who}发送 RST：它立即中止自己的连接，不发 FIN，也不经过挥手；还没送达的数据都会丢失。",
            std::string(x->rfc)};
  }
  if (c.decision) {
    return {"The {who} answers with RST: the {peer}'s segment acknowledges something the {who} "
            "never sent, so it does not belong to this connection. This RST aborts nothing: "
            "the {who} keeps its connection and stays in its state, still waiting.",
            "{who}用 RST 回答：对方的报文确认了{who}从未发送过的内容，不属于这个连接。这个 RST 并不中止任何连接："
            "{who}保留自己的连接，状态不变，继续等待。",
            std::string(c.decision->what.rfc)};
  }
  return {"The {who} sends RST (reset): it either refuses a segment or abandons the connection; "
          "the trace does not show which.",
          "{who}发送 RST（复位）：它要么拒绝某个报文，要么放弃连接；轨迹里看不出是哪一种。",
          "RFC 9293 3.5.2"};
}

// A retransmission by its real cause (RFC 6298 5.4 for the timer; a repeated segment from
// the peer is the other trigger, as in Linux tcp_check_req answering a SYN again).
Sentence retransmission_sentence(const trace::Trace& t, const trace::Segment& s,
                                 std::string* arrived_flags) {
  if (sent_by_timer(t, s) && sent_as_loss_probe(t, s)) {
    return {"The {who} sends its {flags} again as a tail loss probe: Linux first sets its "
            "retransmission timer as a probe timer (two smoothed round trips plus 200 ms with "
            "one segment in flight, plus 2 ms with more, or the RTO if that is sooner, as it "
            "usually is for a lone segment), and when no acknowledgment came by then it resends "
            "the last segment to draw one. This is not yet a timeout: the RTO is not doubled.",
            "{who}把 {flags} 作为尾部丢包探测（TLP）再发一次：Linux 先把重传计时器设为探测计时器"
            "（在途只有一个报文段时为两个平滑往返时间加 200 毫秒，有多个时加 2 毫秒；若 RTO 更早则取 RTO，"
            "只有一个报文段时通常就是这样），到期仍没有确认，就重发最后一个报文段，以引出一个确认。"
            "这还不算超时：RTO 不加倍。",
            "RFC 8985 7.3"};
  }
  if (sent_by_timer(t, s)) {
    return {"The {who} sends its {flags} again: its retransmission timer expired before an "
            "acknowledgment came, so it assumes the segment (or its answer) was lost.",
            "{who}重传 {flags}：重传计时器到期仍没有收到确认，它认为报文（或对方的回复）丢失了。",
            "RFC 6298 5"};
  }
  const Cause c = answered(t, s);
  if (c.decision) {
    *arrived_flags = wire::flags_to_string(c.arrived->tcp.flags);
    std::string rfc(c.decision->what.rfc);
    if (c.arrived->copy_of) {
      return {"The {who} sends its {flags} again, not because its own timer expired: a second "
              "copy of the {peer}'s {arrived} just arrived (the network duplicated it), and the "
              "{who} cannot tell a copy from a retransmission, so it answers again.",
              "{who}再次发送 {flags}，并不是因为自己的计时器到期：对方的 {arrived} 又到了一份副本（网络把它复制了），"
              "{who}分不清副本和重传，所以再回答一次。",
              rfc};
    }
    if (c.arrived->retransmission) {
      return {"The {who} sends its {flags} again, not because its own timer expired: the "
              "{peer}'s {arrived} just arrived a second time, so the {peer} has not received "
              "the {who}'s earlier {flags} (it was lost, or is still on its way).",
              "{who}再次发送 {flags}，并不是因为自己的计时器到期：对方的 {arrived} 又到了一次，"
              "说明对方还没有收到{who}之前发出的 {flags}（它丢失了，或者还在路上）。",
              rfc};
    }
    return {"The {who} sends its {flags} again, not because its own timer expired: it answers "
            "the {peer}'s {arrived} that just arrived.",
            "{who}再次发送 {flags}，并不是因为自己的计时器到期：它是在回应对方刚到达的 {arrived}。", rfc};
  }
  return {"The {who} sends its {flags} again (a retransmission: the same sequence numbers as "
          "before). The trace does not show what prompted it.",
          "{who}再次发送 {flags}（重传：序列号和之前相同）。轨迹里看不出是什么引起的。", "RFC 9293 3.8.1"};
}

Words sent_words(const trace::Segment& s) {
  const wire::TcpFlags f = s.tcp.flags;
  if (s.injected) {
    return {"A crafted segment ({flags}) appears on the wire, as an old duplicate or an attacker "
            "would send it.",
            "网络上出现了一个伪造的报文（{flags}），就像旧连接的重复报文或攻击者发来的那样。", "RFC 9293 3.10.7"};
  }
  if (s.copy_of) {
    return {"The network delivers a second copy of an earlier segment: TCP must recognise it by "
            "its sequence number and not act on it twice.",
            "网络把之前的报文又送了一份：TCP 要靠序列号认出它，不能处理两次。", "RFC 9293 3.10.7.4"};
  }
  if (f.syn() && !f.ack()) {
    return {"The {who} sends a SYN with its initial sequence number, ISN={isn}. Real stacks do "
            "not start at zero or at a fixed number: they derive the ISN from a clock and a keyed "
            "hash, so old segments and blind attackers cannot guess it (a lesson may set it by "
            "hand to keep the numbers easy to read).",
            "{who}发送 SYN，初始序列号 ISN={isn}。真实的协议栈不会从 0 或某个固定值开始：它们用时钟和带密钥的哈希"
            "算出 ISN，旧报文和盲目攻击者都猜不中（课程里可能手动设定 ISN，让数字更好读）。",
            "RFC 9293 3.4.1, RFC 6528"};
  }
  if (f.fin()) {
    return {"The {who} sends FIN (seq={seq}): it has no more data to send. A FIN, like a SYN, "
            "uses one sequence number.",
            "{who}发送 FIN（seq={seq}）：表示自己没有数据要发了。FIN 和 SYN 一样占用一个序号。", "RFC 9293 3.6"};
  }
  if (s.tcp.payload_len > 0) {
    return {"The {who} sends {len} bytes of data (seq={seq}); the {peer} will acknowledge "
            "seq+{len}.",
            "{who}发送 {len} 字节数据（seq={seq}），对方会确认到 seq+{len}。", "RFC 9293 3.4"};
  }
  return {"The {who} acknowledges everything before {ack}: ack={ack} is the next sequence "
          "number it expects. A pure ACK carries no SYN or FIN flag and its sequence number simply "
          "continues (seq={seq}).",
          "{who}确认收到 {ack} 之前的所有内容：ack={ack} 是它期望收到的下一个序号。纯 ACK 不带 SYN 或 FIN 标志，"
          "序列号接着原来的编号（seq={seq}），不是随机数。",
          "RFC 9293 3.4"};
}

// The SYN-ACK's numbers, all absolute like the ISN: ack is the acknowledged SYN's sequence
// number plus one. Whether that SYN was the peer's own is the point of RFC 9293 figure 8.
Line synack_line(const trace::Trace& t, const trace::Segment& s, Language lang,
                 const std::string& who, const std::string& peer) {
  const bool zh = lang == Language::Zh;
  const std::optional<wire::SeqNum> isn = peer_isn(t, s);
  const std::initializer_list<std::pair<std::string_view, std::string>> values{
      {"who", who},
      {"peer", peer},
      {"isn", std::to_string(s.tcp.seq.raw())},
      {"ack", std::to_string(s.tcp.ack.raw())},
      {"acked", std::to_string((s.tcp.ack - 1).raw())},
      {"peer_isn", isn ? std::to_string(isn->raw()) : std::string()}};
  if (isn && s.tcp.ack != *isn + 1) {
    return {fill(zh ? "{who}回复 SYN+ACK：自己的 SYN（ISN={isn}），以及 ack={ack}。这不是对方的 ISN（{peer_isn}）加一："
                      "它确认的是另一个 SYN，SEQ={acked}，不是对方现在发的那个（一个旧的重复报文或伪造的报文），"
                      "所以对方不会接受这个回答。"
                    : "The {who} answers SYN-ACK: its own SYN (ISN={isn}) and ack={ack}. That is "
                      "not the {peer}'s ISN ({peer_isn}) plus one: it acknowledges another SYN, "
                      "with SEQ={acked}, that the {peer} did not send now (an old duplicate or a "
                      "forged one), so the {peer} will not accept this answer.",
                 values),
            "RFC 9293 3.5 (figure 8)"};
  }
  if (isn) {
    return {fill(zh ? "{who}回复 SYN+ACK：自己的 SYN（ISN={isn}），以及 ack={ack}，即对方的 ISN（{peer_isn}）加一，"
                      "因为 SYN 占用一个序号。"
                    : "The {who} answers SYN-ACK: its own SYN (ISN={isn}) and ack={ack}, the "
                      "{peer}'s ISN ({peer_isn}) plus one, because the SYN used up one sequence "
                      "number.",
                 values),
            "RFC 9293 3.4"};
  }
  return {fill(zh ? "{who}回复 SYN+ACK：自己的 SYN（ISN={isn}），以及 ack={ack}，即它收到的 SYN 的序号（{acked}）加一，"
                    "因为 SYN 占用一个序号。"
                  : "The {who} answers SYN-ACK: its own SYN (ISN={isn}) and ack={ack}, the "
                    "sequence number of the SYN it got ({acked}) plus one, because the SYN used up "
                    "one sequence number.",
               values),
          "RFC 9293 3.4"};
}

// Who recovers from a lost segment. What takes sequence space stays queued at its sender until
// acknowledged, so the sender's timer resends it (RFC 6298 5.1, 5.4). Nothing acknowledges an
// ACK or a RST, so they are never resent and their sender never learns of the loss; a lost
// ACK is made up for by the peer resending what it would have acknowledged, or by a later
// segment carrying the same cumulative acknowledgment.
Line lost_line(const trace::Trace& t, const trace::Segment& s, Language lang,
               const std::string& who, const std::string& peer, const std::string& flags) {
  const bool zh = lang == Language::Zh;
  if (s.injected) {
    return {fill(zh ? "网络丢掉了伪造的 {flags}：它不是哪一端的 TCP 发的，所以没有人会重发它。"
                    : "The network loses the crafted {flags}: no TCP endpoint sent it, so nobody "
                      "sends it again.",
                 {{"flags", flags}}),
            "RFC 9293 3.10.7"};
  }
  if (s.tcp.flags.rst()) {
    return {fill(zh ? "网络丢掉了{who}的 {flags}。RST 不会重传，也没有人确认它，所以{who}永远不知道它丢了；"
                      "对方只有再发报文、收到新的 RST 时才会知道连接被复位（或者一直等到放弃）。"
                    : "The network loses the {who}'s {flags}. A RST is never retransmitted and "
                      "nothing acknowledges it, so the {who} never learns it was lost; the {peer} "
                      "learns of the reset only if it sends again and gets a new RST (or gives up).",
                 {{"who", who}, {"peer", peer}, {"flags", flags}}),
            "RFC 9293 3.5.2"};
  }
  if (takes_sequence_space(s)) {
    return {fill(zh ? "网络丢掉了{who}的 {flags}。没有人会得到通知：{who}只能等重传计时器到期才发现，然后重发它。"
                    : "The network loses the {who}'s {flags}. Nobody is told: the {who} finds out "
                      "only when its retransmission timer expires, and then sends it again.",
                 {{"who", who}, {"flags", flags}}),
            "RFC 6298 5"};
  }
  std::string head = fill(zh ? "网络丢掉了{who}的 {flags}。ACK 不占序号，没有人确认它，它也永远不会被重传："
                               "{who}不会知道它丢了。"
                             : "The network loses the {who}'s {flags}. An ACK takes no sequence "
                               "number, so nothing acknowledges it and it is never retransmitted: "
                               "the {who} never learns it was lost. ",
                          {{"who", who}, {"flags", flags}});
  // The peer's retransmission timer running when the ACK would have arrived.
  const trace::Timer* waiting = nullptr;
  for (const trace::Timer& x : t.timers) {
    if (x.conn == s.conn && x.who == trace::peer_of(s.from) &&
        x.kind == tcp::TimerKind::Retransmit && x.armed <= s.arrive &&
        (x.end == trace::TimerEnd::Pending || x.end_t >= s.arrive)) {
      waiting = &x;
      break;
    }
  }
  std::string tail;
  if (waiting == nullptr) {
    tail = fill(zh ? "{peer}没有在等待确认的报文，所以什么都不用重发。"
                   : "The {peer} had nothing waiting for an acknowledgment, so nothing needs to "
                     "be sent again.",
                {{"peer", peer}});
  } else if (waiting->end == trace::TimerEnd::Fired) {
    tail = fill(zh ? "{peer}还在等这个确认：它自己的重传计时器在 {at} 毫秒时到期，于是重发这个 ACK 本该确认的报文。"
                   : "The {peer} is still waiting for this acknowledgment: its own retransmission "
                     "timer expires at {at} ms and it sends again what this ACK would have "
                     "acknowledged.",
                {{"peer", peer}, {"at", ms_words(waiting->end_t)}});
  } else {
    // Cancelled: by a later segment of the same sender that acknowledges as much?
    const trace::Segment* later = nullptr;
    for (const trace::Segment& x : t.segments) {
      if (x.from == s.from && x.conn == s.conn && x.fate == trace::Fate::Delivered &&
          x.arrive == waiting->end_t && x.tcp.flags.ack() && x.tcp.ack >= s.tcp.ack &&
          &x != &s) {
        later = &x;
        break;
      }
    }
    if (later != nullptr) {
      tail = fill(zh ? "这里并无影响：{who}之后的 {flags2} 带着同样的确认号到达了（确认号是累积的）。"
                     : "Here no harm is done: the {who}'s next {flags2} carries the same "
                       "acknowledgment (acknowledgments are cumulative).",
                  {{"who", who}, {"flags2", wire::flags_to_string(later->tcp.flags)}});
    } else {
      tail = fill(zh ? "如果{peer}在等这个确认，它会自己补救：重传计时器到期后重发自己的报文。"
                     : "If the {peer} is waiting for this acknowledgment, it recovers by itself: "
                       "its retransmission timer makes it send its segment again.",
                  {{"peer", peer}});
    }
  }
  return {head + tail, "RFC 6298 5.1"};
}

}  // namespace

Line segment_line(const trace::Trace& t, const trace::Segment& s, bool lost, Language lang) {
  const bool zh = lang == Language::Zh;
  const std::string flags = wire::flags_to_string(s.tcp.flags);
  const std::string who = side_words(t, s.from, lang);
  const std::string peer = side_words(t, trace::peer_of(s.from), lang);
  if (lost) return lost_line(t, s, lang, who, peer, flags);
  std::string arrived;
  Sentence dynamic;
  Words w{};
  if (s.injected || s.copy_of) {
    w = sent_words(s);
  } else if (s.retransmission) {
    dynamic = retransmission_sentence(t, s, &arrived);
  } else if (s.tcp.flags.rst()) {
    dynamic = rst_sentence(t, s);
  } else if (s.tcp.flags.syn() && s.tcp.flags.ack()) {
    return synack_line(t, s, lang, who, peer);
  } else {
    w = sent_words(s);
  }
  const std::string_view tmpl = dynamic.en.empty() ? (zh ? w.zh : w.en) : (zh ? dynamic.zh : dynamic.en);
  std::string rfc = dynamic.en.empty() ? std::string(w.rfc) : dynamic.rfc;
  return {fill(tmpl,
               {{"who", who},
                {"peer", peer},
                {"flags", flags},
                {"arrived", arrived},
                {"isn", std::to_string(s.tcp.seq.raw())},
                {"seq", std::to_string(s.rel_seq)},
                {"ack", std::to_string(s.rel_ack.value_or(0))},
                {"len", std::to_string(s.tcp.payload_len)}}),
          std::move(rfc)};
}

// A segment that arrived with no state change, nothing sent and no decision at that moment.
// It may still have done something: delivered data to the application (RFC 9293 3.10.7.4,
// seventh step) or armed the delayed-ACK timer (3.8.6.3). Say what the trace shows.
Line arrival_line(const trace::Trace& t, const trace::Segment& s, Language lang) {
  const bool zh = lang == Language::Zh;
  const std::string flags = wire::flags_to_string(s.tcp.flags);
  const std::string who = side_words(t, s.from, lang);
  const std::string peer = side_words(t, trace::peer_of(s.from), lang);
  const trace::Side receiver = trace::peer_of(s.from);
  std::uint64_t delivered = 0;
  bool other_event = false;
  const auto ev_first = std::partition_point(t.app_events.begin(), t.app_events.end(),
                                             [&](const trace::AppEvent& e) { return e.t < s.arrive; });
  for (auto it = ev_first; it != t.app_events.end() && it->t == s.arrive; ++it) {
    if (it->who != receiver || it->conn != s.conn) continue;
    if (it->kind == tcp::AppEventKind::Data) {
      delivered += it->bytes;
    } else {
      other_event = true;
    }
  }
  const trace::Timer* delayed_ack = nullptr;
  bool other_timer = false;
  for (const trace::Timer& x : t.timers) {
    if (x.armed != s.arrive || x.who != receiver || x.conn != s.conn) continue;
    if (x.kind == tcp::TimerKind::DelayedAck) {
      delayed_ack = &x;
    } else {
      other_timer = true;
    }
  }
  const std::initializer_list<std::pair<std::string_view, std::string>> values{
      {"who", who},
      {"peer", peer},
      {"flags", flags},
      {"seq", std::to_string(s.rel_seq)},
      {"n", std::to_string(delivered)},
      {"in", delayed_ack ? ms_words(delayed_ack->deadline - s.arrive) : std::string()}};
  std::string text = fill(zh ? "{peer}收到{who}的 {flags}（seq={seq}）。" : "The {peer} receives the {who}'s {flags} (seq={seq}). ",
                          values);
  std::string rfc = "RFC 9293 3.10.7.4";
  if (delivered > 0) {
    text += fill(zh ? "它把 {n} 字节交给自己的应用程序。" : "It passes {n} bytes to its application. ", values);
  }
  if (delayed_ack) {
    text += fill(zh ? "它不马上回复：延迟 ACK 计时器已启动，确认最多在 {in} 毫秒后发出。"
                    : "It does not answer at once: its delayed-ACK timer is running, so the "
                      "acknowledgment follows within {in} ms.",
                 values);
    rfc = "RFC 9293 3.10.7.4, 3.8.6.3";
  } else if (delivered == 0 && !other_event && !other_timer) {
    text += fill(zh ? "它不改变{peer}的状态，也不需要回应。" : "It changes nothing for the {peer}: no new state and nothing to answer.",
                 values);
  } else {
    text += fill(zh ? "{peer}的状态不变。" : "The {peer}'s state does not change.", values);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return {std::move(text), std::move(rfc)};
}

}  // namespace tcpviz::ui::narration
