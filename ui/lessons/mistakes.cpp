// The eight wrong claims and the predicates that find their disproof in a trace. The claims
// are the students' words, restated; the corrections are ours, from RFC 9293.
#include "ui/lessons/mistakes.hpp"

#include <array>

#include "ui/model/states_at.hpp"
#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui::lessons {

namespace {

using trace::Segment;
using trace::Side;

// A segment the endpoints really sent: not a network copy, not crafted by the scenario.
bool sent_by_tcp(const Segment& s) { return !s.injected && !s.copy_of; }

// The first SYN without ACK a TCP sent (not injected, not a network copy): the active open.
const Segment* first_syn(const trace::Trace& t) {
  for (const Segment& s : t.segments) {
    if (sent_by_tcp(s) && s.tcp.flags.syn() && !s.tcp.flags.ack()) return &s;
  }
  return nullptr;
}

Evidence evidence_of(const Segment& s) {
  return {s.id, s.fate == trace::Fate::InFlight ? s.sent : s.arrive};
}

const Segment* first_fin(const trace::Trace& t, std::optional<Side> from = std::nullopt) {
  for (const Segment& s : t.segments) {
    if (sent_by_tcp(s) && s.tcp.flags.fin() && (!from || s.from == *from)) return &s;
  }
  return nullptr;
}

// The first segment from `fin`'s receiver, sent after it, whose ACK field covers the FIN
// (SEG.ACK = the FIN's SEQ + SEG.LEN: a FIN takes one sequence number, RFC 9293 3.4).
const Segment* first_ack_of(const trace::Trace& t, const Segment& fin) {
  const wire::SeqNum covers = fin.tcp.seq + fin.tcp.seg_len();
  for (const Segment& s : t.segments) {
    if (s.sent < fin.sent || !sent_by_tcp(s) || s.conn != fin.conn) continue;
    if (s.from == trace::peer_of(fin.from) && s.tcp.flags.ack() && s.tcp.ack == covers) return &s;
  }
  return nullptr;
}

constexpr std::array kMistakes{
    Mistake{
        "third-segment-syn",
        "The third handshake segment sets SYN again: the client answers the SYN-ACK with "
        "SYN=1, ACK=y+1, seq=x+1.",
        "第三次握手时客户端又把 SYN 置 1：回复 SYN=1，ACK=y+1，seq=x+1。",
        "The third segment carries the ACK flag only: seq=x+1, ack=y+1. The client's SYN was "
        "already sent and acknowledged; a SYN now would ask to synchronize all over again. "
        "RFC 9293 Figure 6 line 4 shows it as <SEQ=101><ACK=301><CTL=ACK>.",
        "第三个报文只置 ACK 位：seq=x+1，ack=y+1。客户端的 SYN 已经发出并得到确认，此时再置 SYN "
        "就等于要求重新同步。RFC 9293 图 6 第 4 行写的正是 <SEQ=101><ACK=301><CTL=ACK>。",
        "RFC 9293 3.5, Figure 6 (line 4); 3.10.7.3",
        "normal",
        "the client's first segment after the SYN-ACK",
        "客户端收到 SYN+ACK 后发出的第一个报文",
        third_handshake_segment},
    Mistake{
        "fin-ack-has-fin",
        "The server's ACK of the client's FIN sets FIN=1 and carries a sequence number the "
        "server picks at random: FIN=1, ACK=x+1, seq=y, y random.",
        "服务器对客户端 FIN 的确认报文里 FIN=1，序列号由服务器随机生成：FIN=1，ACK=x+1，seq=y，y 为随机数。",
        "The ACK of a FIN carries the ACK flag only; the server's own FIN comes later, when its "
        "application closes. Its seq is the server's SND.NXT, the next number in the server's "
        "own numbering (the very number the client's FIN acknowledged), and ack is the FIN's "
        "seq + 1, because a FIN takes one sequence number. Here that ACK is lost, and it is "
        "not sent again: nothing acknowledges an ACK, so no timer waits for it. The client's "
        "FIN is retransmitted instead, and the server answers it with a new ACK that carries "
        "the same seq and ack.",
        "对 FIN 的确认只置 ACK 位；服务器自己的 FIN 要等它的应用程序关闭后才发。它的 seq 是服务器的 "
        "SND.NXT，即服务器自己序号的延续（正好等于客户端 FIN 里的确认号），ack 是 FIN 的 seq 加一，"
        "因为 FIN 占用一个序号。这个场景里该 ACK 丢失了，而它本身不会重传：没有报文去确认 ACK，"
        "也就没有计时器等它。重传的是客户端的 FIN，服务器再用一个新的 ACK 回答它，"
        "新 ACK 的 seq 和 ack 与丢失的那个完全相同。",
        "RFC 9293 3.6, Figure 12 (line 3); 3.4",
        "fin-ack-lost",
        "the server's first ACK of the client's FIN (the one that is lost)",
        "服务器对客户端 FIN 的第一个确认（丢失的那个）",
        ack_of_first_fin},
    Mistake{
        "last-ack-has-fin",
        "The client's last ACK sets FIN=1 and carries a random sequence number: FIN=1, "
        "ACK=z+1, seq=h, h random.",
        "第四次挥手时客户端发出的 ACK 里 FIN=1，序列号 h 由客户端随机生成：FIN=1，ACK=z+1，seq=h。",
        "The last ACK carries the ACK flag only: the client's FIN was sent long before. Its seq "
        "is the client's SND.NXT, its own FIN's seq + 1 (the ack number the server's FIN "
        "carried), and ack is the server's FIN seq + 1. When it is lost, the server's FIN comes "
        "again and the client in TIME-WAIT answers with the same seq.",
        "最后一个 ACK 只置 ACK 位：客户端的 FIN 早就发过了。它的 seq 是客户端的 SND.NXT，即自己 FIN 的 seq "
        "加一（也就是服务器 FIN 里的确认号），ack 是服务器 FIN 的 seq 加一。它丢失后服务器会重传 FIN，"
        "处于 TIME_WAIT 的客户端用同样的 seq 再确认一次。",
        "RFC 9293 3.6, Figure 12 (line 5); 3.10.7.4 (eighth: FIN)",
        "last-ack-lost",
        "the client's ACK of the server's FIN (the one that is lost)",
        "客户端对服务器 FIN 的确认（丢失的那个）",
        last_ack},
    Mistake{
        "closing-from-lost-ack",
        "CLOSING happens when the server's ACK is lost: the client has sent its FIN, gets no "
        "ACK, but gets the server's FIN.",
        "CLOSING 状态发生在服务器的 ACK 丢包时：客户端发了 FIN，没有收到 ACK，却收到了服务器的 FIN。",
        "CLOSING happens when a FIN arrives in FIN-WAIT-1 that does not acknowledge our own FIN: "
        "the peer sent its FIN before it had taken in ours, as when both sides close at once and "
        "the two FINs cross. A lost ACK does not do it: the "
        "server sends its FIN only after it got the client's FIN, so that FIN acknowledges the "
        "client's FIN too and the client goes straight to TIME-WAIT. CLOSING appears here with "
        "no segment lost at all, and never in the lessons where an ACK of a FIN is lost.",
        "CLOSING 出现在 FIN_WAIT1 中收到的 FIN 并没有确认我们自己的 FIN 时：对方在收到我们的 FIN 之前就发出了"
        "自己的 FIN，比如双方同时关闭、两个 FIN 在网络中交叉。"
        "ACK 丢失不会造成 CLOSING：服务器是在收到客户端的 FIN 之后才发自己的 FIN，这个 FIN 同时确认了客户端的 "
        "FIN，客户端会直接进入 TIME_WAIT。这个场景里一个报文都没有丢，却出现了 CLOSING；"
        "而在 ACK 丢失的场景里从不出现 CLOSING。",
        "RFC 9293 3.6, Figure 13 (case 3); 3.10.7.4 (eighth: FIN)",
        "simultaneous-close",
        "the FIN whose arrival moves a side from FIN-WAIT-1 to CLOSING",
        "让一方从 FIN_WAIT1 进入 CLOSING 的那个 FIN",
        closing_entered},
    Mistake{
        "random-seq-throughout",
        "Every segment gets a fresh random sequence number: the notes give the handshake's and "
        "the close's segments seq=x, y, z, h, each \"randomly generated\".",
        "每个报文的序列号都是随机生成的：笔记里握手和挥手报文的 seq=x、y、z、h 都写着“随机生成”。",
        "Only the initial sequence number (ISN) is chosen, once per connection and side, from a "
        "clock and a keyed hash (RFC 6528). After it every number follows: the SYN takes the "
        "ISN, then each data byte and each SYN or FIN takes one more number, so a segment's seq "
        "is the ISN plus everything its sender sent before it; a pure ACK takes none.",
        "只有初始序列号（ISN）是选出来的：每个连接的每一方只选一次，由时钟和带密钥的哈希算出（RFC 6528）。"
        "之后的序号都是推算出来的：SYN 用掉 ISN，之后每个数据字节、每个 SYN 或 FIN 各占一个序号，"
        "所以报文的 seq 等于 ISN 加上发送方之前发出的全部内容；纯 ACK 不占序号。",
        "RFC 9293 3.4, 3.4.1; RFC 6528",
        "normal",
        "the client's FIN, sent after its 100 bytes of data",
        "客户端发完 100 字节数据之后的 FIN",
        fin_after_data},
    Mistake{
        "ack-confirms-previous-packet",
        "The acknowledgment number tells the sender that the previous packet was received.",
        "确认号：该字段表示「接收端」告诉「发送端」对上一个数据包已经成功接收。",
        "An acknowledgment number is not about one packet. ack=N says that everything before "
        "sequence number N has arrived and that N is the next number expected: "
        "acknowledgments are cumulative. So every later segment carries it (or a larger one) and "
        "covers all that came before. Here the client's ACK meant to complete the handshake is "
        "lost, yet the data segment sent right after it carries the same ack=1, and the server "
        "enters ESTABLISHED when it arrives: nothing has to be sent again. The server then "
        "answers with ack=101: "
        "the client's 100 bytes started at seq=1, so 101 is the next number it expects, not "
        "the number of a packet.",
        "确认号说的不是某一个数据包。ack=N 的意思是：序号 N 之前的所有内容都已收到，下一个期望收到的序号是 "
        "N；确认是累积的。所以之后的每个报文都会带上它（或更大的值），并涵盖之前的全部内容。这个场景里本该完成三次握手的 ACK "
        "丢失了，但紧接着发出的数据报文带着同样的 ack=1，服务器收到它就进入 ESTABLISHED，什么都不必重发。"
        "服务器随后回复 ack=101：客户端的 100 字节从 seq=1 开始，所以 101 是它期望的下一个序号，"
        "而不是某个数据包的编号。",
        "RFC 9293 3.1 (Acknowledgment Number); 3.4; 3.10.7.4 (fifth: ACK)",
        "handshake-ack-lost-client-sends",
        "the client's data segment that completes the handshake after its ACK was lost",
        "三次握手的 ACK 丢失后，完成握手的那个客户端数据报文",
        data_completes_handshake},
    Mistake{
        "handshake-tests-send-receive",
        "The main purpose of the three-way handshake is to check that both sides can send and "
        "receive.",
        "进行三次握手的主要目的就是为了确认双方的接受能力和发送能力是否正常。",
        "RFC 9293 gives another reason: \"The principal reason for the three-way handshake is to "
        "prevent old duplicate connection initiations from causing confusion.\" The third "
        "segment lets the client judge the server's SYN-ACK before any connection exists. Here "
        "an old SYN from an earlier attempt reaches the server first, and the server answers "
        "it. The client sees that this SYN-ACK acknowledges a SYN it never sent (its ack is not "
        "the client's ISN + 1) and answers with RST instead of ACK, so the server forgets it "
        "and keeps listening. With only two segments the server would already be ESTABLISHED "
        "on a connection nobody asked for. That both directions work is a side effect, not the "
        "purpose.",
        "RFC 9293 给出的是另一个理由：“三次握手的主要原因是防止旧的重复连接请求造成混乱。”"
        "第三个报文让客户端在连接建立之前先检查服务器的 SYN+ACK。这个场景里一个早先的旧 SYN "
        "先到达服务器，服务器回复了它。客户端发现这个 SYN+ACK 确认的是一个自己从没发过的 SYN"
        "（ack 不等于客户端的 ISN 加一），于是回复 RST 而不是 ACK，服务器就撤销这个半连接，继续监听。"
        "如果只有两次握手，服务器此时已经为一个没人请求的连接进入了 ESTABLISHED。双方收发正常只是顺带的结果，不是目的。",
        "RFC 9293 3.5, Figure 8; 3.4.1; 3.10.7.3",
        "old-duplicate-syn",
        "the client's RST answering the SYN-ACK of the old SYN",
        "客户端针对旧 SYN 的 SYN+ACK 回复的 RST",
        old_syn_ack_refused},
    Mistake{
        "time-wait-silence-proves-closed",
        "If the client hears nothing for 2MSL after its last ACK, that proves the server has "
        "closed normally.",
        "客户端等待了 2MSL 后依然没有收到回复，则证明服务器已正常关闭，客户端也可以关闭连接了。",
        "Silence proves nothing: the client cannot tell whether its last ACK arrived, or whether "
        "every FIN the server sent again was lost as well. Until its FIN is acknowledged the "
        "server stays in LAST-ACK and retransmits the FIN; it closes when that ACK (or a RST) "
        "arrives, or when it gives up. TIME-WAIT is there to acknowledge a retransmitted FIN "
        "and to let old segments die out, not to learn how the server ended. Here the "
        "client's last ACK is lost: while the client waits in TIME-WAIT the server has not "
        "closed, it is still in LAST-ACK, and its FIN arrives again. Had that FIN come after "
        "TIME-WAIT, the client, already CLOSED, would have answered with RST.",
        "没有回复什么也证明不了：客户端无法知道自己最后的 ACK 是否到达，也无法知道服务器重传的 FIN "
        "是否也都丢失了。在自己的 FIN 得到确认之前，服务器一直处于 LAST_ACK 并重传 FIN；"
        "直到这个 ACK（或 RST）到达，或者它放弃重传，才会关闭。TIME_WAIT 的作用是确认重传过来的 FIN、"
        "让旧报文在网络中消失，而不是得知服务器怎样结束。这个场景里客户端最后的 ACK 丢失了："
        "客户端在 TIME_WAIT 中等待时，服务器并没有关闭，仍处于 LAST_ACK，它的 FIN 又到达了一次。"
        "如果这个 FIN 在 TIME_WAIT 结束之后才到，已经 CLOSED 的客户端会回复 RST。",
        "RFC 9293 3.6; 3.10.7.4 (LAST-ACK, TIME-WAIT); 3.10.7.1",
        "last-ack-lost",
        "the server's FIN arriving again while the client is in TIME-WAIT",
        "客户端处于 TIME_WAIT 时再次到达的服务器 FIN",
        fin_again_in_time_wait},
};

}  // namespace

std::span<const Mistake> mistakes() { return kMistakes; }

const Mistake* find_mistake(std::string_view id) {
  for (const Mistake& m : kMistakes) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

std::optional<Evidence> third_handshake_segment(const trace::Trace& t) {
  // The active opener is the sender of the first SYN without ACK (RFC 9293 3.5, line 2).
  const Segment* syn = first_syn(t);
  if (syn == nullptr) return std::nullopt;
  // Its first segment once the SYN-ACK has arrived.
  const Segment* syn_ack = nullptr;
  for (const Segment& s : t.segments) {
    if (sent_by_tcp(s) && s.conn == syn->conn && s.from != syn->from && s.tcp.flags.syn() &&
        s.tcp.flags.ack() && s.fate == trace::Fate::Delivered) {
      syn_ack = &s;
      break;
    }
  }
  if (syn_ack == nullptr) return std::nullopt;
  for (const Segment& s : t.segments) {
    if (sent_by_tcp(s) && s.conn == syn->conn && s.from == syn->from && s.sent >= syn_ack->arrive) {
      return evidence_of(s);
    }
  }
  return std::nullopt;
}

std::optional<Evidence> ack_of_first_fin(const trace::Trace& t) {
  const Segment* fin = first_fin(t);
  if (fin == nullptr) return std::nullopt;
  const Segment* ack = first_ack_of(t, *fin);
  if (ack == nullptr) return std::nullopt;
  return evidence_of(*ack);
}

std::optional<Evidence> last_ack(const trace::Trace& t) {
  const Segment* fin = first_fin(t);
  if (fin == nullptr) return std::nullopt;
  const Segment* second = first_fin(t, trace::peer_of(fin->from));
  if (second == nullptr) return std::nullopt;
  const Segment* ack = first_ack_of(t, *second);
  if (ack == nullptr) return std::nullopt;
  return evidence_of(*ack);
}

std::optional<Evidence> closing_entered(const trace::Trace& t) {
  for (const trace::Transition& x : t.transitions) {
    if (x.to != tcp::State::Closing) continue;
    for (const Segment& s : t.segments) {
      if (s.fate == trace::Fate::Delivered && s.arrive == x.t && s.conn == x.conn &&
          s.from == trace::peer_of(x.who) && s.tcp.flags.fin()) {
        return Evidence{s.id, x.t};
      }
    }
  }
  return std::nullopt;
}

std::optional<Evidence> fin_after_data(const trace::Trace& t) {
  std::array<bool, 2> sent_data{};
  for (const Segment& s : t.segments) {
    if (!sent_by_tcp(s)) continue;
    const auto side = static_cast<std::size_t>(s.from);
    if (s.tcp.flags.fin() && sent_data[side]) return evidence_of(s);
    if (s.tcp.payload_len > 0) sent_data[side] = true;
  }
  return std::nullopt;
}

std::optional<Evidence> data_completes_handshake(const trace::Trace& t) {
  for (const trace::Transition& x : t.transitions) {
    if (x.from != tcp::State::SynReceived || x.to != tcp::State::Established) continue;
    // The first segment from the peer to arrive at that moment is the one that did it.
    for (const Segment& s : t.segments) {
      if (s.fate != trace::Fate::Delivered || s.arrive != x.t || s.conn != x.conn ||
          s.from != trace::peer_of(x.who)) {
        continue;
      }
      if (sent_by_tcp(s) && s.tcp.payload_len > 0) return Evidence{s.id, x.t};
      break;
    }
  }
  return std::nullopt;
}

std::optional<Evidence> old_syn_ack_refused(const trace::Trace& t) {
  const Segment* syn = first_syn(t);
  if (syn == nullptr) return std::nullopt;
  // A SYN-ACK is acceptable only if it acknowledges our SYN: SEG.ACK = ISS + 1 (RFC 9293
  // 3.10.7.3); any other one is answered with <SEQ=SEG.ACK><CTL=RST>.
  const wire::SeqNum ours = syn->tcp.seq + 1;
  for (const Segment& rst : t.segments) {
    if (!sent_by_tcp(rst) || rst.from != syn->from || !rst.tcp.flags.rst()) continue;
    for (const Segment& a : t.segments) {
      if (a.from == syn->from || a.fate != trace::Fate::Delivered || a.arrive != rst.sent) continue;
      if (a.tcp.flags.syn() && a.tcp.flags.ack() && a.tcp.ack != ours) return evidence_of(rst);
    }
  }
  return std::nullopt;
}

std::optional<Evidence> fin_again_in_time_wait(const trace::Trace& t) {
  for (const Segment& s : t.segments) {
    if (!sent_by_tcp(s) || !s.tcp.flags.fin() || s.fate != trace::Fate::Delivered) continue;
    // Its receiver's TCB just before it arrives (transitions at the arrival are its effect).
    if (tcb_state_at(t, s.conn, trace::peer_of(s.from), s.arrive - Duration{1}) ==
        tcp::State::TimeWait) {
      return evidence_of(s);
    }
  }
  return std::nullopt;
}

namespace {

// A relative number as a distance from the ISN: sequence space wraps (RFC 9293 3.4), so a
// number just below the ISN (an old duplicate's, 1000 below in old-duplicate-syn) reads -999,
// not 4294966297.
std::string relative(std::uint32_t n) {
  return std::to_string(static_cast<std::int32_t>(n));
}

}  // namespace

std::string evidence_text(const trace::Trace& t, const Evidence& e, Language lang) {
  if (e.segment >= t.segments.size()) return {};
  const Segment& s = t.segments[e.segment];
  const bool zh = lang == Language::Zh;
  const std::string ack = s.rel_ack ? relative(*s.rel_ack) : std::string("-");
  return narration::fill(
      zh ? "报文 #{id}（{from} → {to}）：标志位 {flags}，seq={seq}，ack={ack}（相对序号）。"
         : "Segment #{id} ({from} -> {to}): flags {flags}, seq={seq}, ack={ack} (relative).",
      {{"id", std::to_string(s.id)},
       {"from", narration::side_words(t, s.from, lang)},
       {"to", narration::side_words(t, trace::peer_of(s.from), lang)},
       {"flags", wire::flags_to_string(s.tcp.flags)},
       {"seq", relative(s.rel_seq)},
       {"ack", ack}});
}

}  // namespace tcpviz::ui::lessons
