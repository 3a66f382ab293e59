// Each lesson's answer to the question it asks (scenario/presets.hpp), shown under the
// question once the lesson has played. Keyed by preset id; written in our own words, correcting
// the course notes where they are wrong.
#include <array>

#include "ui/narration/narration.hpp"

namespace tcpviz::ui::narration {

namespace {

struct Answer {
  std::string_view id, en, zh;
};

constexpr std::array kAnswers{
    Answer{"normal",
           "Three segments open the connection because each side must send its own SYN and see it "
           "acknowledged; the server's ACK and SYN travel together. Four close it because each "
           "direction closes on its own: the server may still have data to send after it "
           "acknowledges the client's FIN.",
           "建立连接要三个报文：双方都要发出自己的 SYN 并得到确认，而服务器的 ACK 和 SYN 合在一个报文里。"
           "关闭要四个报文：两个方向各自关闭，服务器确认客户端的 FIN 之后可能还有数据要发，所以它的 FIN 要单独发。"},
    Answer{"syn-lost",
           "The client hears nothing, so its retransmission timer expires after the initial RTO "
           "of 1 s and it sends the SYN again. The spacing of later retries depends on the stack: "
           "RFC 6298 and older Linux kernels double the wait each time (1, 2, 4 s ...); recent "
           "Linux waits 1 s for each of the first four retries and only then doubles. The server "
           "never knew.",
           "客户端什么也没收到，重传计时器在初始 RTO 1 秒后到期，于是再次发送 SYN。之后每次重传隔多久取决于"
           "协议栈：RFC 6298 和较早的 Linux 内核每次把等待时间加倍（1、2、4 秒……）；较新的 Linux 前四次重传"
           "都只等 1 秒，之后才开始加倍。服务器对此一无所知。"},
    Answer{"synack-lost",
           "Both sides have a timer running: the client resends its SYN when its timer expires, "
           "and the server resends the SYN-ACK when its own does. What the server does with the "
           "repeated SYN differs: Linux answers it with the SYN-ACK at once, which completes the "
           "handshake; RFC 9293 finds the SYN unacceptable (its sequence number is already "
           "acknowledged) and answers with a bare ACK, which the client in SYN-SENT ignores, so "
           "under RFC 9293 the SYN-ACK from the server's timer completes it.",
           "双方都有计时器在走：客户端的计时器到期后重发 SYN，服务器的计时器到期后重发 SYN+ACK。"
           "服务器怎样处理重复的 SYN 则有所不同：Linux 立即再回一个 SYN+ACK，由它完成握手；"
           "RFC 9293 认为这个 SYN 不可接受（它的序列号已经被确认过），只回一个纯 ACK，处于 SYN_SENT 的客户端"
           "会忽略它，所以按 RFC 9293 是服务器计时器到期后重发的 SYN+ACK 完成了握手。"},
    Answer{"handshake-ack-lost",
           "The client is already ESTABLISHED, but the server waits in SYN_RCVD and resends its "
           "SYN-ACK; the client answers with the ACK again. Data from the client, which carries "
           "the ACK too, also completes the server's handshake.",
           "第三次握手的 ACK 丢失后，客户端已经是 ESTABLISHED，但服务器仍停在 SYN_RCVD，会重传 SYN+ACK，"
           "客户端再回一个 ACK。客户端发来的数据也带着 ACK，同样能让服务器完成握手。"},
    Answer{"fin-lost",
           "A lost FIN is retransmitted like data: the closing side stays in FIN-WAIT-1 until its "
           "timer expires and sends the FIN again.",
           "FIN 丢失后会像数据一样被重传：关闭方停在 FIN_WAIT1，计时器到期后再次发送 FIN。"},
    Answer{"last-ack-lost",
           "When the final ACK is lost, the server in LAST-ACK retransmits its FIN. The client is "
           "still in TIME-WAIT, so it can answer again: this is the first reason TIME-WAIT lasts "
           "2MSL.",
           "最后一个 ACK 丢失时，处于 LAST_ACK 的服务器会重传 FIN。客户端还在 TIME_WAIT，所以能再次确认："
           "这就是 TIME_WAIT 要等 2MSL 的第一个原因。"},
    Answer{"simultaneous-close",
           "Both sides send FIN before either sees the other's: each goes FIN-WAIT-1 -> CLOSING -> "
           "TIME-WAIT. CLOSING comes from the two FINs crossing, not from a lost ACK.",
           "双方在看到对方 FIN 之前都发了 FIN：各自经过 FIN_WAIT1 → CLOSING → TIME_WAIT。"
           "CLOSING 是两个 FIN 交叉造成的，而不是 ACK 丢失造成的。"},
    Answer{"short-time-wait",
           "TIME-WAIT keeps the 4-tuple for 2MSL so that a retransmitted FIN can still be answered "
           "and old duplicates die out before a new connection reuses the ports. Cut to 1 ms, it "
           "let the old connection's delayed data land in the new one, whose sequence numbers "
           "made it look valid. Many TIME-WAIT sockets on a busy client only cost memory and "
           "ports.",
           "TIME_WAIT 在 2MSL 内保留这个四元组：对方重传的 FIN 还能得到确认，旧的重复报文也会在端口被新连接复用前消失。"
           "这里把它缩短为 1 毫秒，旧连接被延迟的数据就落进了新连接，而新连接的序列号让它看起来是合法的。"
           "繁忙的客户端上大量 TIME_WAIT 只占用内存和端口。"},
};

}  // namespace

std::optional<std::string_view> preset_answer(std::string_view preset_id, Language lang) {
  for (const Answer& a : kAnswers) {
    if (a.id == preset_id) return lang == Language::Zh ? a.zh : a.en;
  }
  return std::nullopt;
}

}  // namespace tcpviz::ui::narration
