// Built-in lessons about opening a connection (internal to presets.cpp). Each is an
// ordinary scenario JSON; the questions are the ones students ask about 三次握手.
#pragma once

#include "core/scenario/presets.hpp"

namespace tcpviz::scenario::lessons {

inline constexpr Preset kNormal{
    "normal",
    "Open, send, close",
    "三次握手、传数据、四次挥手",
    "What does a whole connection look like? The three-way handshake (SYN, SYN-ACK, ACK), a "
    "request and a reply, then the four-way close (FIN, ACK, FIN, ACK). The side that closes "
    "first ends in TIME-WAIT and waits 2 MSL (a fixed 60 s on Linux) before the connection "
    "is really gone.",
    "一条完整的 TCP 连接是什么样的?先三次握手(SYN、SYN+ACK、ACK),然后客户端发请求、服务器回数据,"
    "最后四次挥手(FIN、ACK、FIN、ACK)。先关闭的一方进入 TIME_WAIT,要等 2MSL(Linux 固定 60 秒)"
    "之后连接才真正消失。注意:第三次握手的报文只有 ACK,没有 SYN;回应 FIN 的 ACK 也不带 FIN。",
    R"json({
  "title": "Open, send, close",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "on": "client:established", "who": "client", "do": "send", "bytes": 100 },
    { "at_ms": 300, "who": "server", "do": "send", "bytes": 1000 },
    { "at_ms": 600, "who": "client", "do": "close" },
    { "on": "server:eof", "after_ms": 100, "who": "server", "do": "close" }
  ]
})json"};

inline constexpr Preset kSynLost{
    "syn-lost",
    "The SYN is lost",
    "第一次握手的 SYN 丢失",
    "What if the client's SYN never arrives? The server knows nothing, so only the client can "
    "repair it: its retransmission timer fires after the initial RTO of 1 s (RFC 6298) and "
    "the SYN is sent again, with the same sequence number.",
    "如果客户端的 SYN 丢了会怎样?服务器什么都没收到,只能由客户端来补救:重传定时器在初始 RTO "
    "1 秒(RFC 6298)后超时,客户端用同一个序号重发 SYN,握手随后正常完成。",
    R"json({
  "title": "The SYN is lost",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [
    { "match": "client SYN #1", "drop": true }
  ]
})json"};

inline constexpr Preset kSynLostGiveUp{
    "syn-lost-give-up",
    "Every SYN is lost: the client gives up",
    "SYN 一直丢失:客户端放弃连接",
    "How long does connect() keep trying? Every SYN is dropped. Linux first retransmits "
    "the SYN at 1 s intervals (tcp_syn_linear_timeouts = 4), then doubles the timeout for "
    "tcp_syn_retries = 6 more tries, and about 131 s after connect() reports a timeout to "
    "the application. Compare the profiles: linux-classic doubles from the start (SYN at 0, "
    "1, 3, 7, 15, 31, 63 s, failure at 127 s).",
    "connect() 会尝试多久?这里每个 SYN 都被丢弃。Linux 先以 1 秒的间隔重传 SYN"
    "(tcp_syn_linear_timeouts = 4),之后再按翻倍的超时时间重试 tcp_syn_retries = 6 次,"
    "大约 131 秒后向应用报告连接超时。可以切换到 linux-classic 对比:从一开始就翻倍"
    "(SYN 在 0、1、3、7、15、31、63 秒发出,127 秒时失败)。",
    R"json({
  "title": "Every SYN is lost: the client gives up",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [
    { "match": "client SYN *", "drop": true }
  ]
})json"};

inline constexpr Preset kSynAckLost{
    "synack-lost",
    "The SYN-ACK is lost",
    "第二次握手的 SYN+ACK 丢失",
    "What if the server's SYN-ACK is lost? Both sides are waiting now: the client in "
    "SYN-SENT retransmits its SYN when its timer fires, and the server in SYN-RECEIVED "
    "retransmits its SYN-ACK when its own timer fires. Linux answers the repeated SYN with "
    "its SYN-ACK at once, so whichever comes first repairs the handshake. RFC 9293 answers "
    "it only with a bare ACK (that SYN is already acknowledged), which the client in "
    "SYN-SENT ignores: switch the profile to rfc to see the server's own timer repair it.",
    "如果服务器的 SYN+ACK 丢了会怎样?此时双方都在等待:处于 SYN_SENT 的客户端在定时器超时后重传 SYN,"
    "处于 SYN_RCVD 的服务器在自己的定时器超时后重传 SYN+ACK。Linux 收到重复的 SYN 会立即再回一个 "
    "SYN+ACK,所以哪个先到都能把握手补完。RFC 9293 对它只回一个纯 ACK(这个 SYN 已经被确认过),"
    "处于 SYN_SENT 的客户端会忽略这个 ACK:把配置切换到 rfc,就能看到是服务器自己的定时器补完了握手。",
    R"json({
  "title": "The SYN-ACK is lost",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [
    { "match": "server SYN|ACK #1", "drop": true }
  ]
})json"};

inline constexpr Preset kHandshakeAckLost{
    "handshake-ack-lost",
    "The third handshake segment (ACK) is lost",
    "第三次握手的 ACK 丢失",
    "What if the last ACK of the handshake is lost? The client is already ESTABLISHED and "
    "does not know. The server stays in SYN-RECEIVED and retransmits its SYN-ACK after its "
    "timeout; the client answers that old SYN-ACK with a new ACK, and the server becomes "
    "ESTABLISHED. The ACK itself is never retransmitted: nothing acknowledges an ACK.",
    "如果第三次握手的 ACK 丢了会怎样?客户端已经进入 ESTABLISHED,并不知道 ACK 丢了。"
    "服务器停在 SYN_RCVD,超时后重传 SYN+ACK;客户端收到这个重复的 SYN+ACK 后再回一个 ACK,"
    "服务器这才进入 ESTABLISHED。ACK 本身不会被重传:没有谁会确认一个纯 ACK。",
    R"json({
  "title": "The third handshake segment (ACK) is lost",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [
    { "match": "client ACK #1", "drop": true }
  ]
})json"};

inline constexpr Preset kHandshakeAckLostClientSends{
    "handshake-ack-lost-client-sends",
    "Handshake ACK lost, but the client sends data at once",
    "第三次握手的 ACK 丢失,但客户端马上发送数据",
    "The handshake's ACK is lost, but the client sends a request right away. Every data "
    "segment carries the ACK flag and the same acknowledgment number, so the data completes "
    "the handshake: the server goes from SYN-RECEIVED to ESTABLISHED when the data arrives "
    "(RFC 9293 3.10.7.4) and never needs to retransmit its SYN-ACK.",
    "第三次握手的 ACK 丢了,但客户端紧接着发送了请求数据。每个数据报文都带 ACK 标志和同样的确认号,"
    "所以这个数据报文就替代了丢失的 ACK:服务器收到数据时从 SYN_RCVD 进入 ESTABLISHED"
    "(RFC 9293 3.10.7.4),根本不需要重传 SYN+ACK。",
    R"json({
  "title": "Handshake ACK lost, but the client sends data at once",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "on": "client:established", "who": "client", "do": "send", "bytes": 100 }
  ],
  "faults": [
    { "match": "client ACK #1", "drop": true }
  ]
})json"};

inline constexpr Preset kHandshakeAckLostServerSends{
    "handshake-ack-lost-server-sends",
    "Handshake ACK lost while the server wants to send",
    "第三次握手的 ACK 丢失,而服务器想先发数据",
    "The handshake's ACK is lost and the server has data to send first (as an SMTP or SSH "
    "server does). A server in SYN-RECEIVED may not send data yet (RFC 9293 3.10.2 queues "
    "it), so it retransmits its SYN-ACK until the client's ACK arrives; only then does the "
    "data leave.",
    "第三次握手的 ACK 丢了,而服务器要先说话(比如 SMTP、SSH 服务器)。处于 SYN_RCVD 的服务器还不能"
    "发送数据(RFC 9293 3.10.2 规定先排队),它只能超时重传 SYN+ACK,等到客户端的 ACK 到达、"
    "进入 ESTABLISHED 之后,数据才发出去。",
    R"json({
  "title": "Handshake ACK lost while the server wants to send",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 200, "who": "server", "do": "send", "bytes": 100 }
  ],
  "faults": [
    { "match": "client ACK #1", "drop": true }
  ]
})json"};

inline constexpr Preset kOldDuplicateSyn{
    "old-duplicate-syn",
    "Why three segments: an old duplicate SYN",
    "为什么要三次握手:旧的重复 SYN",
    "Why does the handshake need a third segment? An old SYN from an earlier attempt "
    "(injected here) reaches the server before the real one, and the server answers it. The "
    "client sees a SYN-ACK that acknowledges a sequence number it never sent, so it answers "
    "with RST, and the server drops the half-open connection. The real SYN (delayed in the "
    "network) then completes a normal handshake. With only two segments, the server would "
    "have opened a connection nobody asked for (RFC 9293 3.5, figure 8).",
    "为什么握手需要第三个报文?一个早先滞留在网络中的旧 SYN(这里用注入模拟)比真正的 SYN 先到达服务器,"
    "服务器对它回了 SYN+ACK。客户端发现这个 SYN+ACK 确认的是自己从没发过的序号,于是回 RST,"
    "服务器撤销这个半连接。随后真正的 SYN(在网络中被延迟了)到达,完成正常的三次握手。"
    "如果只有两次握手,服务器就会为一个没人要的旧请求建立连接(RFC 9293 3.5 图 8)。",
    R"json({
  "title": "Why three segments: an old duplicate SYN",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" }
  ],
  "faults": [
    { "match": "client SYN #1", "delay_ms": 100 },
    { "inject": { "from": "client", "flags": "SYN", "seq": "iss-1000" }, "arrive_ms": 20 }
  ]
})json"};

inline constexpr Preset kRefused{
    "refused",
    "Connection refused: nobody listens",
    "连接被拒绝:端口没有监听",
    "What happens when a client connects to a port where nothing listens? The server's TCP "
    "has no connection for that SYN, so it answers with RST|ACK (RFC 9293 3.10.7.1), and "
    "the client's connect() fails at once with \"connection refused\" instead of waiting "
    "for a timeout.",
    "客户端连接一个没有程序监听的端口会怎样?服务器的 TCP 找不到对应的连接,直接回复 RST+ACK"
    "(RFC 9293 3.10.7.1),客户端的 connect() 立即失败,报 \"Connection refused\",而不是等到超时。",
    R"json({
  "title": "Connection refused: nobody listens",
  "actions": [
    { "at_ms": 0, "who": "client", "do": "connect" }
  ]
})json"};

inline constexpr Preset kSimultaneousOpen{
    "simultaneous-open",
    "Simultaneous open",
    "同时打开",
    "Can both sides connect at the same moment? Both send a SYN, both SYNs cross in the "
    "network, both move from SYN-SENT to SYN-RECEIVED and answer with a SYN-ACK, and both "
    "become ESTABLISHED: one connection, four segments, no listener (RFC 9293 3.5, figure 7).",
    "双方能否同时发起连接?两边同时发出 SYN,两个 SYN 在网络中交叉而过,双方都从 SYN_SENT 进入 SYN_RCVD"
    "并回复 SYN+ACK,最后都进入 ESTABLISHED:没有监听方,用四个报文建立了一条连接"
    "(RFC 9293 3.5 图 7)。",
    R"json({
  "title": "Simultaneous open",
  "actions": [
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 0, "who": "server", "do": "connect" }
  ]
})json"};

}  // namespace tcpviz::scenario::lessons
