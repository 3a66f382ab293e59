// Built-in lessons about closing a connection (internal to presets.cpp): 四次挥手, what each
// lost segment costs, CLOSING, the three-way close and half-close. Lessons not about TIME-WAIT
// shorten it to 2 s (an override, said in the question) so the picture is not dominated by a
// 60 s wait.
#pragma once

#include "core/scenario/presets.hpp"

namespace tcpviz::scenario::lessons {

inline constexpr Preset kFinLost{
    "fin-lost",
    "The first FIN is lost",
    "第一次挥手的 FIN 丢失",
    "What if the first FIN is lost? The server never learns that the client closed. The "
    "client stays in FIN-WAIT-1, its retransmission timer fires, and it sends the FIN again; "
    "then the close goes on as usual. (TIME-WAIT is shortened to 2 s here.)",
    "如果第一次挥手的 FIN 丢了会怎样?服务器根本不知道客户端要关闭。客户端停在 FIN_WAIT1,"
    "重传定时器超时后重发 FIN,之后挥手照常进行。(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "The first FIN is lost",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 100, "who": "server", "do": "close" }
  ],
  "faults": [
    { "match": "client FIN #1", "drop": true }
  ]
})json"};

inline constexpr Preset kFinAckLost{
    "fin-ack-lost",
    "The ACK of the first FIN is lost",
    "第二次挥手的 ACK 丢失",
    "What if the server's ACK of the first FIN is lost? The server is already in "
    "CLOSE-WAIT, but the client, still in FIN-WAIT-1, retransmits its FIN when the timer "
    "fires; the server acknowledges it again and the client moves to FIN-WAIT-2. Had the "
    "server's own FIN come first, its acknowledgment field would have done the same job. "
    "(TIME-WAIT is shortened to 2 s here.)",
    "如果服务器对第一个 FIN 的 ACK 丢了会怎样?服务器已经进入 CLOSE_WAIT,而客户端还停在 FIN_WAIT1,"
    "定时器超时后重传 FIN;服务器再确认一次,客户端进入 FIN_WAIT2。如果服务器自己的 FIN 先到,"
    "FIN 报文里的确认号也能起到同样的作用。注意这个 ACK 丢失并不会导致 CLOSING 状态。"
    "(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "The ACK of the first FIN is lost",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 1500, "who": "server", "do": "close" }
  ],
  "faults": [
    { "match": "server ACK #1 ack=2", "drop": true }
  ]
})json"};

inline constexpr Preset kServerFinLost{
    "server-fin-lost",
    "The server's FIN is lost",
    "第三次挥手的 FIN 丢失",
    "What if the second FIN (the server's) is lost? The client waits in FIN-WAIT-2 and "
    "sends nothing; the server, in LAST-ACK, retransmits its FIN when its timer fires. When "
    "the FIN finally arrives the client acknowledges it and enters TIME-WAIT. (TIME-WAIT is "
    "shortened to 2 s here.)",
    "如果第三次挥手(服务器的 FIN)丢了会怎样?客户端在 FIN_WAIT2 里等待,什么也不发;处于 LAST_ACK 的"
    "服务器在定时器超时后重传 FIN。FIN 到达后客户端回 ACK 并进入 TIME_WAIT。"
    "(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "The server's FIN is lost",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 100, "who": "server", "do": "close" }
  ],
  "faults": [
    { "match": "server FIN #1", "drop": true }
  ]
})json"};

inline constexpr Preset kLastAckLost{
    "last-ack-lost",
    "The last ACK is lost: why TIME-WAIT",
    "第四次挥手的 ACK 丢失:为什么要有 TIME_WAIT",
    "Why does the side that closes first wait in TIME-WAIT? Its last ACK is lost here. The "
    "server, still in LAST-ACK, retransmits its FIN; because the client is still in "
    "TIME-WAIT it can acknowledge that FIN again, and it restarts its 2 MSL timer "
    "(RFC 9293 3.10.7.4). Without TIME-WAIT the FIN would meet a closed port and the server "
    "would get an RST instead of a clean close.",
    "为什么先关闭的一方要在 TIME_WAIT 等待 2MSL?这里客户端的最后一个 ACK 丢了。处于 LAST_ACK 的服务器"
    "重传 FIN;因为客户端还在 TIME_WAIT,它能再次确认这个 FIN,并重新开始 2MSL 计时"
    "(RFC 9293 3.10.7.4)。如果没有 TIME_WAIT,重传的 FIN 会碰到一个已关闭的端口,"
    "服务器收到的将是 RST,而不是正常的关闭。",
    R"json({
  "title": "The last ACK is lost: why TIME-WAIT",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 100, "who": "server", "do": "close" }
  ],
  "faults": [
    { "match": "client ACK #1 ack=2", "drop": true }
  ]
})json"};

inline constexpr Preset kSimultaneousClose{
    "simultaneous-close",
    "Simultaneous close: CLOSING",
    "同时关闭:CLOSING 状态",
    "When does CLOSING happen? When both sides close at the same moment: each sends a FIN "
    "from FIN-WAIT-1 and receives the other's FIN before the ACK of its own, so both go to "
    "CLOSING, then to TIME-WAIT when the ACKs arrive. Both sides wait in TIME-WAIT. A lost "
    "ACK does not cause CLOSING; crossing FINs do. (TIME-WAIT is shortened to 2 s here.)",
    "CLOSING 状态什么时候出现?双方同时关闭时:各自在 FIN_WAIT1 发出 FIN,并且在收到对方对自己 FIN 的 ACK "
    "之前先收到了对方的 FIN,于是双方都进入 CLOSING,收到 ACK 后再进入 TIME_WAIT,两边都要等待。"
    "CLOSING 是由两个交叉的 FIN 引起的,而不是因为 ACK 丢失。(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "Simultaneous close: CLOSING",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 300, "who": "client", "do": "close" },
    { "at_ms": 300, "who": "server", "do": "close" }
  ]
})json"};

inline constexpr Preset kThreeWayClose{
    "three-way-close",
    "Three-way close: FIN and ACK together",
    "三次挥手:FIN 与 ACK 合并",
    "Must the close take four segments? When the server has nothing left to send and closes "
    "as soon as it sees the client's FIN, its ACK and its FIN can travel in one FIN|ACK "
    "segment. The client in FIN-WAIT-1 then receives its ACK and the server's FIN at once "
    "and goes straight to TIME-WAIT, skipping FIN-WAIT-2. The merge needs the server to "
    "delay its ACK of the FIN: Linux delays it a little (tcp_fin enters pingpong, "
    "delayed-ACK mode), so captures often show a three-way close. A stack that ACKs a FIN "
    "at once, like BSD and the rfc profile, sends four segments and the client passes "
    "through FIN-WAIT-2: switch the profile to rfc to see it. Both are correct TCP. "
    "(TIME-WAIT is shortened to 2 s here.)",
    "挥手一定要四次吗?如果服务器没有数据要发,收到客户端的 FIN 后立刻关闭,它的 ACK 和 FIN 就可以"
    "合并成一个 FIN+ACK 报文。处于 FIN_WAIT1 的客户端同时收到对自己 FIN 的确认和服务器的 FIN,"
    "直接进入 TIME_WAIT,跳过 FIN_WAIT2。这种合并要求服务器推迟对 FIN 的确认:Linux 会把这个确认"
    "稍微推迟一点(tcp_fin 进入 pingpong 延迟确认模式),所以抓包时经常看到三次挥手。"
    "立即确认 FIN 的协议栈(如 BSD 和 rfc 配置)会发出四个报文,客户端也会经过 FIN_WAIT2:"
    "把配置切换到 rfc 就能看到。两种都是正确的 TCP。(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "Three-way close: FIN and ACK together",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 300, "who": "client", "do": "close" },
    { "on": "server:eof", "who": "server", "do": "close" }
  ]
})json"};

inline constexpr Preset kHalfClose{
    "half-close",
    "Half-close: the server keeps sending",
    "半关闭:服务器继续发送数据",
    "Why are there four segments in the close and not three? Because each direction closes "
    "on its own. The client calls shutdown() and sends its FIN, but the server still has "
    "data: it keeps sending, and the client (in FIN-WAIT-2) keeps receiving and "
    "acknowledging, until the server closes its side too. (TIME-WAIT is shortened to 2 s "
    "here.)",
    "为什么挥手是四次而不是三次?因为 TCP 是全双工的,两个方向分别关闭。客户端调用 shutdown() 发出 FIN,"
    "但服务器还有数据:它继续发送,处于 FIN_WAIT2 的客户端照常接收并确认,直到服务器也关闭自己这一侧。"
    "(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "Half-close: the server keeps sending",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "client", "do": "shutdown" },
    { "at_ms": 400, "who": "server", "do": "send", "bytes": 2000 },
    { "at_ms": 700, "who": "server", "do": "send", "bytes": 3000 },
    { "at_ms": 1000, "who": "server", "do": "close" }
  ]
})json"};

inline constexpr Preset kServerClosesFirst{
    "server-closes-first",
    "The server closes first",
    "服务器先关闭",
    "Who ends up in TIME-WAIT? Whoever closes first, not necessarily the client. Here the "
    "server sends its reply and closes (as an HTTP/1.0 server does), so the server does the "
    "active close and holds the TIME-WAIT, which is why busy servers can collect many "
    "TIME-WAIT connections. (TIME-WAIT is shortened to 2 s here.)",
    "谁会进入 TIME_WAIT?是先关闭的一方,不一定是客户端。这里服务器发完响应就关闭(就像 HTTP/1.0 服务器),"
    "所以服务器是主动关闭方,由它进入 TIME_WAIT。这就是繁忙的服务器上可能堆积大量 TIME_WAIT 连接的原因。"
    "(这里把 TIME_WAIT 缩短为 2 秒。)",
    R"json({
  "title": "The server closes first",
  "overrides": { "time_wait_ms": 2000 },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "on": "client:established", "who": "client", "do": "send", "bytes": 100 },
    { "at_ms": 250, "who": "server", "do": "send", "bytes": 1000 },
    { "at_ms": 250, "who": "server", "do": "close" },
    { "on": "client:eof", "after_ms": 100, "who": "client", "do": "close" }
  ]
})json"};

}  // namespace tcpviz::scenario::lessons
