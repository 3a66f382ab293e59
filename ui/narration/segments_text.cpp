// What a segment on the wire means, in our own words: the handshake's numbers (RFC 9293 3.4:
// a SYN and a FIN each take one sequence number, so the answer acknowledges ISN+1), and what
// a loss does (nobody is told; the sender's retransmission timer finds out, RFC 6298).
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
  if (s.retransmission) {
    return {"The {who} sends its {flags} again: its retransmission timer expired before an "
            "acknowledgment came, so it assumes the segment (or its answer) was lost.",
            "{who}重传 {flags}：重传计时器到期仍没有收到确认，它认为报文（或对方的回复）丢失了。", "RFC 6298 5"};
  }
  if (f.rst()) {
    return {"The {who} sends RST: the connection is aborted at once, with no goodbye.",
            "{who}发送 RST：连接立即被中止，不经过挥手。", "RFC 9293 3.5.2"};
  }
  if (f.syn() && !f.ack()) {
    return {"The {who} sends a SYN with its initial sequence number, ISN={isn}. The ISN is not "
            "zero or fixed: it comes from a clock and a keyed hash, so old segments and blind "
            "attackers cannot guess it.",
            "{who}发送 SYN，初始序列号 ISN={isn}。ISN 不是 0 也不固定：它由时钟和带密钥的哈希算出，"
            "旧报文和盲目攻击者都猜不中。",
            "RFC 9293 3.4.1, RFC 6528"};
  }
  if (f.syn()) {
    return {"The {who} answers SYN-ACK: its own SYN (ISN={isn}) and ack={ack}, the {peer}'s ISN "
            "plus one, because the SYN used up one sequence number.",
            "{who}回复 SYN+ACK：自己的 SYN（ISN={isn}），以及 ack={ack}，即对方的 ISN 加一，因为 SYN 占用一个序号。",
            "RFC 9293 3.4"};
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
  return {"The {who} acknowledges everything up to ack={ack}. A pure ACK carries no SYN or FIN "
          "flag and its sequence number simply continues (seq={seq}).",
          "{who}确认收到 ack={ack} 之前的所有内容。纯 ACK 不带 SYN 或 FIN 标志，序列号接着原来的编号（seq={seq}），"
          "不是随机数。",
          "RFC 9293 3.4"};
}

}  // namespace

Line segment_line(const trace::Trace& t, const trace::Segment& s, bool lost, Language lang) {
  const bool zh = lang == Language::Zh;
  const std::string flags = wire::flags_to_string(s.tcp.flags);
  const std::string who = side_words(t, s.from, lang);
  const std::string peer = side_words(t, trace::peer_of(s.from), lang);
  if (lost) {
    return {fill(zh ? "网络丢掉了{who}的 {flags}。没有人会得到通知：{who}只能等重传计时器到期才发现。"
                    : "The network loses the {who}'s {flags}. Nobody is told: the {who} finds out "
                      "only when its retransmission timer expires.",
                 {{"who", who}, {"flags", flags}}),
            "RFC 6298 5"};
  }
  const Words w = sent_words(s);
  return {fill(zh ? w.zh : w.en,
               {{"who", who},
                {"peer", peer},
                {"flags", flags},
                {"isn", std::to_string(s.tcp.seq.raw())},
                {"seq", std::to_string(s.rel_seq)},
                {"ack", std::to_string(s.rel_ack.value_or(0))},
                {"len", std::to_string(s.tcp.payload_len)}}),
          std::string(w.rfc)};
}

// A segment that arrived and changed nothing worth its own line (a duplicate ACK, an ACK of
// nothing new): still a step the student sees on the ladder, so it still gets a sentence.
Line arrival_line(const trace::Trace& t, const trace::Segment& s, Language lang) {
  const bool zh = lang == Language::Zh;
  const std::string flags = wire::flags_to_string(s.tcp.flags);
  const std::string who = side_words(t, s.from, lang);
  const std::string peer = side_words(t, trace::peer_of(s.from), lang);
  return {fill(zh ? "{peer}收到{who}的 {flags}（seq={seq}）。它不改变{peer}的状态，也不需要回应。"
                  : "The {peer} receives the {who}'s {flags} (seq={seq}). It changes nothing for "
                    "the {peer}: no new state and nothing to answer.",
               {{"who", who},
                {"peer", peer},
                {"flags", flags},
                {"seq", std::to_string(s.rel_seq)}}),
          "RFC 9293 3.10.7.4"};
}

}  // namespace tcpviz::ui::narration
