// Built-in lessons about TIME-WAIT's second job and about resets (internal to presets.cpp).
#pragma once

#include "core/scenario/presets.hpp"

namespace tcpviz::scenario::lessons {

// The timings work under every profile: the delayed data is retransmitted after one RTO
// (linux 300 ms; rfc 1 s, RFC 6298 2.4) and ACKed before the close at 1500 ms, so the first
// connection closes normally; its old copy arrives at 1950 ms, after the second connection
// is established (1850 ms) and just before the client's new data (sent at 1920, arriving at
// 1970 ms), so the ACK of the old bytes also covers the new ones.
inline constexpr Preset kShortTimeWait{
    "short-time-wait",
    "TIME-WAIT too short: an old segment corrupts a new connection",
    "TIME_WAIT 太短:旧报文混入新连接",
    "Why 2 MSL? TIME-WAIT's second job is to let old segments die out. Here TIME-WAIT is cut "
    "to 1 ms (an override; real stacks never do this) and the client reconnects from the same "
    "port. A data segment of the first connection was delayed in the network for 1.8 s; it "
    "arrives during the second connection, whose sequence numbers (the ISNs are chosen equal "
    "here to make it certain) make it look valid. The server's application receives the old "
    "connection's 100 bytes as new data, and when the client's real 100 bytes arrive a moment "
    "later they look like a duplicate and are thrown away. Nobody notices. Timestamps are "
    "off, so PAWS (RFC 7323) cannot catch it either.",
    "为什么要等 2MSL?TIME_WAIT 的第二个作用是让旧连接的报文在网络中消失。这里把 TIME_WAIT 缩短为 "
    "1 毫秒(这是为演示而设的覆盖值,真实协议栈不会这样),客户端随后用同一个端口重新连接。第一条连接的一个"
    "数据报文在网络中被延迟了 1.8 秒,它在第二条连接期间到达;由于新连接的序号恰好能接受它(这里特意让两次"
    "的 ISN 相同),服务器的应用把旧连接的 100 字节当成了新数据;片刻之后客户端真正发送的 100 字节到达,"
    "反而被当作重复报文丢弃。双方都没有察觉。时间戳选项已关闭,所以 PAWS(RFC 7323)也拦不住它。",
    R"json({
  "title": "TIME-WAIT too short: an old segment corrupts a new connection",
  "overrides": { "time_wait_ms": 1 },
  "client": { "isn": [1000, 1000], "options": { "timestamps": false } },
  "server": { "isn": [5000, 5000], "options": { "timestamps": false } },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 100, "who": "client", "do": "send", "bytes": 100 },
    { "at_ms": 1500, "who": "client", "do": "close" },
    { "on": "server:eof", "who": "server", "do": "close" },
    { "at_ms": 1700, "who": "client", "do": "connect" },
    { "at_ms": 1920, "who": "client", "do": "send", "bytes": 100 }
  ],
  "faults": [
    { "match": "client data #1", "delay_ms": 1800 }
  ]
})json"};

inline constexpr Preset kRstInEstablished{
    "rst-in-established",
    "Reset in ESTABLISHED",
    "ESTABLISHED 状态下收到 RST",
    "How does a connection end without the four-way close? The client aborts (for example "
    "it closes with SO_LINGER set to a zero timeout, or closes while unread data sits in its "
    "receive buffer, RFC 2525 2.17; a killed process, by contrast, is closed normally with a "
    "FIN): it sends an RST and forgets the connection at once. The server checks that the RST's sequence number is exactly "
    "what it expects (RFC 5961 3.2), then drops the connection and reports \"connection "
    "reset\" to its application. Nobody enters TIME-WAIT.",
    "不经过四次挥手,连接怎么结束?客户端异常终止(例如设置 SO_LINGER 超时为 0 后关闭,或者接收缓冲区里还有未读数据时"
    "就关闭,见 RFC 2525 2.17;而进程被杀时,内核照常用 FIN 关闭连接):它发出 RST,"
    "并立刻丢弃连接。服务器核对 RST 的序号正好等于自己期待的序号(RFC 5961 3.2)后,撤销连接,"
    "并向应用报告 \"Connection reset\"。双方都不会进入 TIME_WAIT。",
    R"json({
  "title": "Reset in ESTABLISHED",
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "on": "client:established", "who": "client", "do": "send", "bytes": 100 },
    { "at_ms": 400, "who": "client", "do": "abort" }
  ]
})json"};

inline constexpr Preset kSynInEstablished{
    "syn-in-established",
    "A SYN in ESTABLISHED: the challenge ACK",
    "ESTABLISHED 状态下收到 SYN:挑战 ACK",
    "What does a server do with a SYN for a connection it believes is open? The client host "
    "reboots and forgets the connection, then connects again from the same port. The server "
    "does not reset its connection on the word of a SYN (that would let an attacker kill "
    "connections); it answers with a challenge ACK (RFC 5961 4). (The new ISN is chosen inside "
    "the old receive window, the case RFC 5961 is about.) The rebooted client does "
    "not recognise that ACK and answers with an RST carrying exactly the expected sequence "
    "number, which the server accepts; the client's retransmitted SYN then opens a new "
    "connection.",
    "服务器在一个它认为仍然打开的连接上收到 SYN 会怎样?客户端主机重启后忘掉了原来的连接,又从同一个端口"
    "重新连接。服务器不会因为一个 SYN 就重置连接(否则攻击者很容易断开别人的连接),而是回一个挑战 ACK"
    "(RFC 5961 第 4 节;这里特意让新的 ISN 落在旧连接的接收窗口内,这正是 RFC 5961 讨论的情形)。重启后的客户端不认识这个 ACK,回复一个序号恰好正确的 RST,服务器接受它并撤销旧连接;"
    "客户端重传的 SYN 随后建立起新的连接。",
    R"json({
  "title": "A SYN in ESTABLISHED: the challenge ACK",
  "client": { "isn": [1000, 30000] },
  "actions": [
    { "at_ms": 0, "who": "server", "do": "listen" },
    { "at_ms": 0, "who": "client", "do": "connect" },
    { "at_ms": 300, "who": "client", "do": "reboot" },
    { "at_ms": 400, "who": "client", "do": "connect" }
  ]
})json"};

}  // namespace tcpviz::scenario::lessons
