// Each lesson's answer to the question it asks (scenario/presets.hpp), shown under the
// question once the lesson has played. Keyed by preset id; written in our own words, correcting
// the course notes where they are wrong.
#include <array>
#include <vector>

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
    Answer{"syn-lost-give-up",
           "The client resends its SYN with ever longer waits and finally gives up: connect() "
           "reports a timeout, and the server never saw a thing. How long it tries depends on the "
           "stack: current Linux sends 11 SYNs and gives up after 131 s, older Linux defaults send "
           "7 and give up after 127 s. RFC 9293 (3.8.3) asks that a SYN be retried for at least 3 "
           "minutes: the rfc profile doubles the wait up to 60 s, the smallest cap RFC 6298 allows, "
           "sends 8 SYNs and gives up after 183 s.",
           "客户端一次次重发 SYN，每次等得更久，最后放弃：connect() 向应用报告超时，而服务器自始至终什么也没收到。"
           "尝试多久取决于协议栈：当前的 Linux 共发出 11 个 SYN，131 秒后放弃；较早的 Linux 默认值发出 7 个，"
           "127 秒后放弃。RFC 9293（3.8.3）要求 SYN 至少重试 3 分钟：严格按 RFC 的配置把等待时间加倍到 60 秒"
           "（RFC 6298 允许的最小上限）为止，共发出 8 个 SYN，183 秒后放弃。"},
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
    Answer{"handshake-ack-lost-client-sends",
           "Nothing has to be repaired: the client's first data segment carries the ACK flag and "
           "the same acknowledgment number as the lost ACK, so when it arrives the server moves "
           "from SYN-RECEIVED to ESTABLISHED (RFC 9293 3.10.7.4) and hands the 100 bytes to its "
           "application. The lost ACK is never resent, and the server never retransmits its "
           "SYN-ACK.",
           "什么都不用补救：客户端的第一个数据报文带着 ACK 标志，确认号和丢失的 ACK 一样，所以它一到达，服务器就从 "
           "SYN_RCVD 进入 ESTABLISHED（RFC 9293 3.10.7.4），并把这 100 字节交给应用。丢失的 ACK 不会被重传，"
           "服务器也从不重传 SYN+ACK。"},
    Answer{"handshake-ack-lost-server-sends",
           "The server's data has to wait: in SYN-RECEIVED it may not send yet, so its "
           "retransmission timer expires 1 s after the first SYN-ACK and it sends the SYN-ACK "
           "again. The client, already ESTABLISHED, answers that duplicate with an ACK (under RFC "
           "9293 because the segment is old, 3.10.7.4; under Linux as a challenge ACK to a SYN), "
           "and that ACK completes the handshake. Only then do the 100 bytes leave, almost a second "
           "after the application asked to send them. (On Linux the server's application does "
           "not even have the connection yet: accept() returns it only once the handshake is "
           "complete, so its send comes after that.)",
           "服务器的数据只能等待：处于 SYN_RCVD 时还不能发送数据，于是重传计时器在第一个 SYN+ACK 发出 1 秒后到期，"
           "服务器再发一次 SYN+ACK。已经是 ESTABLISHED 的客户端对这个重复报文回一个 ACK（按 RFC 9293 是因为它是旧报文，"
           "见 3.10.7.4；按 Linux 是对 SYN 的挑战 ACK），正是这个 ACK 完成了握手。直到这时这 100 字节才发出去，"
           "比应用要求发送时晚了将近 1 秒。（在 Linux 上，服务器应用这时甚至还拿不到这个连接：要等握手完成后才能接受它，"
           "所以它的发送也在那之后。）"},
    Answer{"old-duplicate-syn",
           "The third segment lets the client say whether the SYN the server answered was really "
           "its own. The SYN-ACK to the old SYN acknowledges a sequence number the client never "
           "sent, so the client answers with RST instead of ACK (RFC 9293 3.10.7.3); the server "
           "goes back to LISTEN and then answers the real SYN normally. The study notes say the "
           "handshake tests that both sides can send and receive; its main reason, RFC 9293 3.5 "
           "says, is to stop old duplicate SYNs from opening connections.",
           "第三个报文让客户端能说明服务器回应的那个 SYN 是不是自己的。对旧 SYN 的 SYN+ACK 确认的是客户端从没发过的序列号，"
           "所以客户端回 RST 而不是 ACK（RFC 9293 3.10.7.3）；服务器回到 LISTEN，随后正常回应真正的 SYN。"
           "学习笔记说握手是为了确认双方的发送和接收能力；按 RFC 9293 3.5 的说法，三次握手的主要原因是防止旧的重复 SYN "
           "建立连接。"},
    Answer{"refused",
           "The RST|ACK is a definite answer, not a loss: its acknowledgment number covers the "
           "client's SYN, so the client accepts it, goes from SYN-SENT to CLOSED and connect() "
           "fails with \"connection refused\" after one round trip (RFC 9293 3.10.7.3), instead of "
           "retrying for minutes. The server keeps no state at all: a port with no connection "
           "answers every segment that is not itself a reset with a reset (3.10.7.1).",
           "RST+ACK 是一个明确的回答，而不是丢包：它的确认号覆盖了客户端的 SYN，所以客户端接受它，从 SYN_SENT 进入 "
           "CLOSED，connect() 在一个往返之后就以“连接被拒绝”失败（RFC 9293 3.10.7.3），而不用重试好几分钟。"
           "服务器一侧不保留任何状态：没有连接的端口对每个本身不是 RST 的报文都回一个 RST（3.10.7.1）。"},
    Answer{"simultaneous-open",
           "Yes. Each SYN arrives while its receiver is in SYN-SENT, so each side moves to "
           "SYN-RECEIVED and sends a SYN-ACK that repeats its own SYN and acknowledges the other's; "
           "each SYN-ACK then completes the other side's handshake. No listener, one connection: a "
           "handshake only needs each side's SYN to be acknowledged, not a client and a server "
           "(RFC 9293 3.5, figure 7). The figure has four segments; Linux sends six, because it "
           "also treats the SYN-ACK's repeated SYN as a duplicate and acknowledges it at once "
           "with a plain ACK from each side.",
           "可以。每个 SYN 到达时接收方都处于 SYN_SENT，于是双方都进入 SYN_RCVD，并发出一个 SYN+ACK："
           "重复自己的 SYN，同时确认对方的 SYN；每个 SYN+ACK 再完成对方的握手。没有监听方，只有一条连接："
           "握手只要求双方的 SYN 都得到确认，并不要求一边是客户端、一边是服务器（RFC 9293 3.5 图 7）。"
           "图 7 里是四个报文；Linux 发六个，因为它还把 SYN+ACK 里重复的 SYN 当作重复报文，双方各自立即回一个单纯的 ACK。"},
    Answer{"fin-lost",
           "A lost FIN is retransmitted like data: the closing side stays in FIN-WAIT-1 until its "
           "timer expires and sends the FIN again.",
           "FIN 丢失后会像数据一样被重传：关闭方停在 FIN_WAIT1，计时器到期后再次发送 FIN。"},
    Answer{"fin-ack-lost",
           "It costs one wait of the client's retransmission timer: the client in FIN-WAIT-1 "
           "resends its FIN, and the server, already in CLOSE-WAIT, sees a duplicate and "
           "acknowledges it again (RFC 9293 3.10.7.4). The wait is the client's RTO: 1 s under the "
           "rfc profile, 300 ms under both Linux profiles here, where the resend is Linux's tail "
           "loss probe (RFC 8985 7): with only the FIN in flight it leaves when the RTO would "
           "expire, and it does not double the timer. The server's state never depended on the "
           "lost ACK, and the loss does not lead to CLOSING.",
           "代价是等一次客户端的重传计时器：处于 FIN_WAIT1 的客户端重发 FIN，已经处于 CLOSE_WAIT 的服务器把它当作重复报文，"
           "再确认一次（RFC 9293 3.10.7.4）。等待的时间就是客户端的 RTO：严格按 RFC 的配置是 1 秒，这里两种 Linux 配置都是 "
           "300 毫秒；在 Linux 下这次重发是尾部丢包探测 TLP（RFC 8985 7）：只有 FIN 在途时它在 RTO 本该到期时发出，"
           "而且不让计时器加倍。服务器的状态从不依赖这个丢失的 ACK，这次丢失也不会导致 CLOSING。"},
    Answer{"server-fin-lost",
           "Only the server can repair it, because only the server is waiting for an "
           "acknowledgment: it stays in LAST-ACK and resends its FIN when its retransmission timer "
           "expires (after 1 s under the rfc profile, 300 ms under both Linux profiles here). The "
           "client in FIN-WAIT-2 has nothing outstanding and sends nothing; it enters TIME-WAIT "
           "only when the FIN finally arrives, and its 2MSL wait starts then.",
           "只有服务器能补救，因为只有服务器在等待确认：它停在 LAST_ACK，重传计时器到期后重发 FIN（严格按 RFC 的配置是 "
           "1 秒后，这里两种 Linux 配置都是 300 毫秒后）。处于 FIN_WAIT2 的客户端没有待确认的报文，什么也不发；"
           "直到 FIN 终于到达它才进入 TIME_WAIT，2MSL 的等待从那时开始。"},
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
    Answer{"three-way-close",
           "Not always. When the server has no more data and closes as soon as it reads the "
           "client's FIN, its ACK and its FIN can share one segment; whether they do depends on "
           "when the ACK leaves. Under both Linux profiles the ACK waits a moment and leaves with "
           "the FIN: three segments, and the client goes straight from FIN-WAIT-1 to TIME-WAIT. "
           "Under the rfc profile the ACK leaves at once, just ahead of the FIN: four segments, and "
           "the client passes through FIN-WAIT-2; both are correct TCP.",
           "不一定。服务器没有数据要发、读到客户端的 FIN 就立刻关闭时，它的 ACK 和 FIN 可以放在同一个报文里；"
           "是否合并取决于 ACK 什么时候发出。两种 Linux 配置下 ACK 稍等片刻，和 FIN 一起发出：三个报文，"
           "客户端从 FIN_WAIT1 直接进入 TIME_WAIT。严格按 RFC 的配置下 ACK 立即发出，紧接着才是 FIN：四个报文，"
           "客户端会经过 FIN_WAIT2；两种都是正确的 TCP。"},
    Answer{"half-close",
           "Because the two directions close separately: the client's FIN only says it will send "
           "nothing more. The server acknowledges that FIN and still sends 5000 bytes, which the "
           "client in FIN-WAIT-2 receives and acknowledges; its own FIN leaves only when it "
           "closes, about 750 ms after that ACK. The ACK and the FIN can share a segment only when "
           "the server has nothing left to send, as in the three-way close.",
           "因为两个方向分别关闭：客户端的 FIN 只表示它不再发送数据。服务器确认这个 FIN 之后仍然发送了 5000 字节，"
           "处于 FIN_WAIT2 的客户端照常接收并确认；直到服务器关闭，它的 FIN 才发出，这时离那个 ACK 已经约 750 毫秒。只有服务器没有数据要发时，"
           "ACK 和 FIN 才能合并成一个报文，就像三次挥手那一课。"},
    Answer{"server-closes-first",
           "TIME-WAIT belongs to the side that closes first, whichever it is. Here the server sends "
           "its 1000-byte reply and its FIN, passes through FIN-WAIT-1 and FIN-WAIT-2 and waits in "
           "TIME-WAIT, while the client passes through CLOSE-WAIT and LAST-ACK and is CLOSED as soon "
           "as its own FIN is acknowledged. Where the study notes say the client waits 2MSL, read "
           "\"the side that closed first\".",
           "TIME_WAIT 属于先关闭的一方，不管它是哪一边。这里服务器发出 1000 字节的响应和自己的 FIN，经过 FIN_WAIT1 "
           "和 FIN_WAIT2，在 TIME_WAIT 等待；客户端则经过 CLOSE_WAIT 和 LAST_ACK，自己的 FIN 一被确认就进入 CLOSED。"
           "学习笔记里说客户端要等 2MSL，应当理解为“先关闭的一方”要等 2MSL。"},
    Answer{"short-time-wait",
           "TIME-WAIT keeps the 4-tuple for 2MSL so that a retransmitted FIN can still be answered "
           "and old duplicates die out before a new connection reuses the ports. Cut to 1 ms, it "
           "let the old connection's delayed data land in the new one, whose sequence numbers "
           "made it look valid. Many TIME-WAIT sockets on a busy client only cost memory and "
           "ports.",
           "TIME_WAIT 在 2MSL 内保留这个四元组：对方重传的 FIN 还能得到确认，旧的重复报文也会在端口被新连接复用前消失。"
           "这里把它缩短为 1 毫秒，旧连接被延迟的数据就落进了新连接，而新连接的序列号让它看起来是合法的。"
           "繁忙的客户端上大量 TIME_WAIT 只占用内存和端口。"},
    Answer{"rst-in-established",
           "An RST ends both directions at once. The client forgets the connection as it sends "
           "the RST; the server checks that the RST's sequence number is exactly the next one it "
           "expects (RCV.NXT), then closes and reports \"connection reset\" to its application "
           "(RFC 9293 3.10.7.4), and any data still queued is lost. No FIN is sent, nothing "
           "answers the RST, and neither side enters TIME-WAIT.",
           "RST 一次就结束两个方向。客户端发出 RST 的同时就丢弃了连接；服务器核对 RST 的序列号正好是自己期待的下一个序列号"
           "（RCV.NXT）后关闭连接，并向应用报告“连接被重置”（RFC 9293 3.10.7.4），还在队列里的数据都丢失了。"
           "没有人发 FIN，也没有人回应这个 RST，双方都不进入 TIME_WAIT。"},
    Answer{"syn-in-established",
           "The server cannot tell a rebooted peer from an attacker's forged SYN, so it does not "
           "act on the SYN: it answers with a challenge ACK carrying the old connection's numbers "
           "(RFC 9293 3.10.7.4). The rebooted client, in SYN-SENT, sees that this ACK does not "
           "acknowledge its new SYN and answers with an RST whose sequence number is exactly what "
           "the server expects, so the server drops the old connection. The client's SYN, sent "
           "again, then opens the new connection: under `rfc` when its timer expires, 1 s after "
           "the first one; Linux does not wait that long and resends it 8 ms after its RST "
           "(tcp_rcv_synsent_state_process), since the RST has just cleared the way.",
           "服务器分不清这是重启后的对端还是攻击者伪造的 SYN，所以不按这个 SYN 行事，而是回一个带着旧连接序列号和确认号的"
           "挑战 ACK（RFC 9293 3.10.7.4）。重启后处于 SYN_SENT 的客户端发现这个 ACK 并没有确认自己新的 SYN，"
           "于是回一个 RST，它的序列号正好是服务器期待的，服务器随即撤销旧连接。随后客户端再发一次 SYN，建立起新的连接："
           "按 RFC 的做法要等计时器在第一个 SYN 发出 1 秒后到期；Linux 不等那么久，发出 RST 之后 8 毫秒就重传 SYN，"
           "因为这个 RST 刚刚扫清了障碍。"},
};

}  // namespace

// Every id that has an answer, so a test can check each names a lesson (declared in the test
// until narration.hpp exports it).
std::vector<std::string_view> preset_answer_ids() {
  std::vector<std::string_view> ids;
  for (const Answer& a : kAnswers) ids.push_back(a.id);
  return ids;
}

std::optional<std::string_view> preset_answer(std::string_view preset_id, Language lang) {
  for (const Answer& a : kAnswers) {
    if (a.id == preset_id) return lang == Language::Zh ? a.zh : a.en;
  }
  return std::nullopt;
}

}  // namespace tcpviz::ui::narration
