// The "why?" of a decision in Chinese. The core records each decision as a static English
// template with numbers kept apart (core/tcp/effects.hpp, Decision): the template text is the
// decision's identity, so a Chinese template with the same "{0}".."{3}" placeholders is looked
// up by it and filled with the same values. The step names ("fifth: ACK") follow RFC 9293
// section 3.10.7's numbered checks. tests/ui/narration_test.cpp runs every preset in every
// profile and fails if a decision made there has no entry here.
#include <array>
#include <string_view>

#include "ui/narration/narration.hpp"

namespace tcpviz::ui::narration {

namespace {

struct ZhText {
  std::string_view en, zh;
};

// Steps: the RFC 9293 3.10.7.4 checks are "first" (sequence number) .. "eighth" (FIN).
constexpr std::array kSteps{
    ZhText{"OPEN", "OPEN 调用"},
    ZhText{"SEND", "SEND 调用"},
    ZhText{"CLOSE", "CLOSE 调用"},
    ZhText{"ABORT", "ABORT 调用"},
    ZhText{"retransmission: give up", "重传：放弃"},
    ZhText{"zero window probe", "零窗口探测"},
    ZhText{"retransmission timeout", "重传超时"},
    ZhText{"tail loss probe", "尾部丢包探测（TLP）"},
    ZhText{"RTT sample", "RTT 采样"},
    ZhText{"RTT timing", "RTT 计时"},
    ZhText{"RTT sample from TSecr", "从回显时间戳得到的 RTT 采样"},
    ZhText{"partial ACK after a timeout", "超时后的部分确认"},
    ZhText{"RTO after a retransmitted SYN", "SYN 重传后的 RTO"},
    ZhText{"first: sequence number", "第一步：检查序列号"},
    ZhText{"second: RST", "第二步：检查 RST"},
    ZhText{"fourth: SYN", "第四步：检查 SYN"},
    ZhText{"fifth: ACK", "第五步：检查 ACK"},
    ZhText{"seventh: text", "第七步：处理数据"},
    ZhText{"eighth: FIN", "第八步：检查 FIN"},
    ZhText{"CLOSED: RST", "CLOSED：收到 RST"},
    ZhText{"CLOSED: reset", "CLOSED：回复复位"},
    ZhText{"LISTEN: RST", "LISTEN：收到 RST"},
    ZhText{"LISTEN: ACK", "LISTEN：收到 ACK"},
    ZhText{"LISTEN: SYN", "LISTEN：收到 SYN"},
    ZhText{"LISTEN: other", "LISTEN：其他报文"},
    ZhText{"SYN-SENT: ACK check", "SYN-SENT：检查 ACK"},
    ZhText{"SYN-SENT: resend the SYN soon", "SYN-SENT：提前重传 SYN"},
    ZhText{"SYN-SENT: RST check", "SYN-SENT：检查 RST"},
    ZhText{"SYN-SENT: no SYN", "SYN-SENT：没有 SYN"},
    ZhText{"SYN-SENT: SYN,ACK", "SYN-SENT：收到 SYN,ACK"},
    ZhText{"SYN-SENT: SYN", "SYN-SENT：收到 SYN"},
    ZhText{"SYN-RECEIVED: SYN,ACK", "SYN-RECEIVED：收到 SYN,ACK"},
    ZhText{"SYN-RECEIVED: SYN again", "SYN-RECEIVED：再次收到 SYN"},
    ZhText{"TIME-WAIT: new SYN", "TIME-WAIT：新的 SYN"},
    ZhText{"TIME-WAIT: old SYN", "TIME-WAIT：旧的 SYN"},
    ZhText{"TIME-WAIT reopened: ISS", "重新打开 TIME-WAIT：初始序列号"},
    ZhText{"TIME-WAIT: FIN again", "TIME-WAIT：再次收到 FIN"},
    ZhText{"TIME-WAIT: bare ACK", "TIME-WAIT：不带数据的 ACK"},
    ZhText{"TIME-WAIT: other segment", "TIME-WAIT：其他报文"},
    ZhText{"TIME-WAIT: timeout", "TIME-WAIT：超时"},
    ZhText{"FIN-WAIT-2: timeout", "FIN-WAIT-2：超时"},
    ZhText{"send: window full", "发送：窗口已满"},
    ZhText{"delayed ACK", "延迟确认"},
    ZhText{"ACK rate limit", "ACK 限速"},
    ZhText{"app: no connection", "应用：没有连接"},
    ZhText{"app: already listening", "应用：已在监听"},
    ZhText{"app: connect refused", "应用：connect 失败"},
    ZhText{"app: connect reuses TIME-WAIT", "应用：connect 复用 TIME-WAIT"},
    ZhText{"host reboot", "主机重启"},
    ZhText{"app: close the listener", "应用：关闭监听套接字"},
    ZhText{"app: one TCB per passive OPEN", "应用：一次被动打开只有一个 TCB"},
};

constexpr std::array kTexts{
    // User calls (RFC 9293 3.10.1-3.10.5).
    ZhText{"error: connection already exists (the TCB is not CLOSED)",
           "错误：连接已经存在（TCB 不处于 CLOSED）"},
    ZhText{"error: connection does not exist ({0} bytes refused)",
           "错误：连接不存在（拒绝了 {0} 字节）"},
    ZhText{"error: connection closing ({0} bytes refused)", "错误：连接正在关闭（拒绝了 {0} 字节）"},
    ZhText{"CLOSE in SYN-RECEIVED with no data queued: send a FIN (SEQ={0}) now, without waiting "
           "for the ACK of our SYN, and enter FIN-WAIT-1",
           "在 SYN-RECEIVED 状态调用 CLOSE，且没有排队的数据：不等对方确认我们的 SYN，立即发送 FIN（SEQ={0}），"
           "进入 FIN-WAIT-1"},
    ZhText{"CLOSE in SYN-RECEIVED with {0} bytes queued: the FIN waits until the handshake "
           "completes (ESTABLISHED) and the data has been sent",
           "在 SYN-RECEIVED 状态调用 CLOSE，但还有 {0} 字节在排队：FIN 要等到握手完成（ESTABLISHED）、"
           "这些数据发出之后再发送"},
    ZhText{"error: connection does not exist", "错误：连接不存在"},
    ZhText{"the application aborts a synchronized connection: send RST with SEQ=SND.NXT={0} "
           "and forget the connection",
           "应用程序中止了一个已同步的连接：发送 SEQ=SND.NXT={0} 的 RST，然后丢弃这个连接"},
    ZhText{"the application aborts a synchronized connection: Linux sends RST,ACK with SEQ={0} "
           "(SND.NXT, or the end of the peer's window if that comes first) and ACK=RCV.NXT={1}, "
           "with the window and timestamps like any segment (RFC 9293 3.10.5 sends a bare RST), "
           "and forgets the connection",
           "应用程序中止了一个已同步的连接：Linux 发送 SEQ={0}（即 SND.NXT；若对方窗口的右端在它之前，则用窗口右端）、"
           "ACK=RCV.NXT={1} 的 RST,ACK，和普通报文一样带窗口和时间戳（RFC 9293 3.10.5 只发一个单纯的 RST），"
           "然后丢弃这个连接"},
    // Retransmission (RFC 9293 3.8, RFC 6298).
    ZhText{"the SYN was sent {0} times without an answer, and the wait after the last one "
           "ran out {1} ms after the first: give up, the connection attempt times out",
           "SYN 发送了 {0} 次都没有回应，最后一次之后的等待在第一个 SYN 发出 {1} 毫秒后也到期了：放弃，连接尝试超时"},
    ZhText{"SEQ={0} was retransmitted {1} times without an acknowledgment: give up, the "
           "connection times out",
           "SEQ={0} 已重传 {1} 次仍未被确认：放弃，连接超时"},
    ZhText{"the application has closed the socket, so Linux allows this orphaned connection {0} "
           "ms (tcp_orphan_retries: 8 retransmissions at the minimum RTO) from the first "
           "retransmission of SEQ={1}; {2} ms have passed after {3} retransmissions: give up, the "
           "connection times out",
           "应用程序已经关闭了套接字，所以 Linux 给这个孤儿连接的时间是从 SEQ={1} 第一次重传算起 {0} 毫秒"
           "（tcp_orphan_retries：按最小 RTO 重传 8 次所需的时间）；现在已经过去 {2} 毫秒、重传了 {3} 次：放弃，连接超时"},
    ZhText{"the peer's window has been zero and {0} bytes wait: send one byte (SEQ={1}) to ask "
           "for a window update",
           "对方窗口一直为零，还有 {0} 字节等待发送：发送一个字节（SEQ={1}），请对方通告新的窗口"},
    ZhText{"no ACK for SEQ={0} before the timer expired: retransmission #{1}; wait {2} ms for the "
           "next one",
           "计时器到期前没有收到对 SEQ={0} 的确认：第 {1} 次重传；下一次要等 {2} 毫秒"},
    ZhText{"no ACK for the last segment within the probe timeout ({0} ms: 2*SRTT plus 200 ms "
           "with one segment in flight or 2 ms with more, or the RTO if sooner): send it again "
           "(SEQ={1}) as a tail loss probe, to draw an ACK before a retransmission timeout. It "
           "is not a timeout: the RTO is not doubled and the retransmission timer restarts with "
           "RTO={2} ms",
           "探测超时（{0} 毫秒：在途只有一个报文段时为 2*SRTT 加 200 毫秒，有多个时加 2 毫秒，"
           "若 RTO 更早则取 RTO）"
           "内没有收到对最后一个报文段的确认：把它作为尾部丢包探测再发一次（SEQ={1}），"
           "争取在重传超时之前引出一个 ACK。这不算超时：RTO 不加倍，重传计时器以 RTO={2} "
           "毫秒重新开始"},
    ZhText{"the probe timer expired, but the last probe's episode is still open: no ACK has "
           "gone beyond SND.NXT={0}, where it ended (an ACK exactly there does not close it), "
           "and Linux allows one probe per episode. No probe now: the retransmission timer "
           "waits for the RTO of the oldest segment, {1} ms from now",
           "探测计时器到期，但上一次探测的这一轮还没有结束：还没有哪个 ACK 越过它结束时的 "
           "SND.NXT={0}（恰好等于它的 ACK 不算结束），而 Linux 每一轮只发一次探测。所以这次不探测："
           "重传计时器改为等待最早的报文段的 RTO，还有 {1} 毫秒"},
    ZhText{"measured R'={0} us: SRTT=7/8*SRTT+1/8*R'={1} us, RTTVAR=3/4*RTTVAR+1/4*|SRTT-R'|={2} "
           "us; SRTT+max(G, 4*RTTVAR) is below the minimum RTO, so it is rounded up: RTO={3} us",
           "测得往返时间 R'={0} 微秒：SRTT=7/8*SRTT+1/8*R'={1} 微秒，RTTVAR=3/4*RTTVAR+1/4*|SRTT - R'|={2} "
           "微秒；SRTT+4*RTTVAR（4*RTTVAR 至少取时钟粒度 G）低于 RTO 的最小值，所以向上取到最小值：RTO={3} 微秒"},
    ZhText{"measured R'={0} us: SRTT=7/8*SRTT+1/8*R'={1} us, RTTVAR=3/4*RTTVAR+1/4*|SRTT-R'|={2} "
           "us, so RTO=SRTT+max(G, 4*RTTVAR)={3} us",
           "测得往返时间 R'={0} 微秒：SRTT=7/8*SRTT+1/8*R'={1} 微秒，RTTVAR=3/4*RTTVAR+1/4*|SRTT - R'|={2} "
           "微秒，因此 RTO=SRTT+4*RTTVAR（4*RTTVAR 至少取时钟粒度 G）={3} 微秒"},
    ZhText{"measured R'={0} us: SRTT=7/8*SRTT+1/8*R'={1} us, RTTVAR=3/4*RTTVAR+1/4*|SRTT-R'|={2} "
           "us; SRTT+max(G, 4*RTTVAR) is above the maximum RTO, so it is capped: RTO={3} us",
           "测得往返时间 R'={0} 微秒：SRTT=7/8*SRTT+1/8*R'={1} 微秒，RTTVAR=3/4*RTTVAR+1/4*|SRTT - R'|={2} "
           "微秒；SRTT+4*RTTVAR（4*RTTVAR 至少取时钟粒度 G）超过 RTO 的最大值，所以取最大值：RTO={3} 微秒"},
    ZhText{"first measurement R={0} us: SRTT=R={1} us, RTTVAR=R/2={2} us; SRTT+max(G, 4*RTTVAR) "
           "is below the minimum RTO, so it is rounded up: RTO={3} us",
           "第一次测得往返时间 R={0} 微秒：SRTT=R={1} 微秒，RTTVAR=R/2={2} 微秒；SRTT+4*RTTVAR（4*RTTVAR 至少取时钟粒度 G）"
           "低于 RTO 的最小值，所以向上取到最小值：RTO={3} 微秒"},
    ZhText{"first measurement R={0} us: SRTT=R={1} us, RTTVAR=R/2={2} us, so RTO=SRTT+max(G, "
           "4*RTTVAR)={3} us",
           "第一次测得往返时间 R={0} 微秒：SRTT=R={1} 微秒，RTTVAR=R/2={2} 微秒，因此 "
           "RTO=SRTT+4*RTTVAR（4*RTTVAR 至少取时钟粒度 G）={3} 微秒"},
    ZhText{"first measurement R={0} us: SRTT=R={1} us, RTTVAR=R/2={2} us; SRTT+max(G, 4*RTTVAR) "
           "is above the maximum RTO, so it is capped: RTO={3} us",
           "第一次测得往返时间 R={0} 微秒：SRTT=R={1} 微秒，RTTVAR=R/2={2} 微秒；SRTT+4*RTTVAR（4*RTTVAR 至少取时钟粒度 G）"
           "超过 RTO 的最大值，所以取最大值：RTO={3} 微秒"},
    ZhText{"measured R={0} us: SRTT={1} us; Linux's variance term rttvar_us={2} us (never below "
           "TCP_RTO_MIN, decaying once per RTT), so RTO=SRTT+rttvar_us={3} us",
           "测得往返时间 R={0} 微秒：SRTT={1} 微秒；Linux 的偏差项为 {2} 微秒（不低于 RTO 的最小值，"
           "每个 RTT 只衰减一次），因此 RTO=SRTT+偏差项={3} 微秒"},
    ZhText{"ACK={0} covers a retransmitted segment, so Karn's rule cannot tell which copy it "
           "answers; but it echoes our timestamp TSecr={1}, sent {2} ms ago: Linux takes R={3} "
           "us from it",
           "ACK={0} 确认的是重传过的报文，按卡恩算法无法判断它回应的是哪一份；但它回显了我们的时间戳 {1}，"
           "那是 {2} 毫秒前发出的：Linux 由此得到 R={3} 微秒"},
    ZhText{"ACK={0} covers the retransmission but not everything sent before the timeout (up to "
           "{1}): retransmit the next segment from {0} at once",
           "ACK={0} 确认了重传的报文，但没有确认超时前发出的全部内容（直到 {1}）：立即从 {0} 开始重传下一个报文"},
    ZhText{"the handshake needed a retransmission and gave no RTT sample: data starts with "
           "RTO={0} ms",
           "握手过程中发生过重传，没有得到 RTT 样本：数据传输以 RTO={0} 毫秒开始"},
    // RFC 9293 3.10.7.4, fifth: the ACK field.
    ZhText{"the ACK bit is off: every segment after the handshake must carry it, drop it",
           "ACK 位没有置 1：握手之后的每个报文都必须带 ACK，丢弃它"},
    ZhText{"SEG.ACK={0} is not in (SND.UNA={1}, SND.NXT={2}]: it does not acknowledge our SYN, so "
           "send RST with SEQ={0}",
           "SEG.ACK={0} 不在 (SND.UNA={1}, SND.NXT={2}] 之内：它没有确认我们的 SYN，于是发送 SEQ={0} 的 RST"},
    ZhText{"SEG.ACK={0} acknowledges our SYN (ISS={1}): the three-way handshake is complete",
           "SEG.ACK={0} 确认了我们的 SYN（ISS={1}）：三次握手完成"},
    ZhText{"SEG.ACK={0} acknowledges data we never sent (SND.NXT={1}): send an ACK and drop it",
           "SEG.ACK={0} 确认了我们从未发送的数据（SND.NXT={1}）：回一个 ACK，丢弃该报文"},
    ZhText{"SEG.ACK={0} acknowledges data we never sent (SND.NXT={1}): Linux drops the segment "
           "without an answer (RFC 9293 would send an ACK)",
           "SEG.ACK={0} 确认了我们从未发送的数据（SND.NXT={1}）：Linux 丢弃该报文，不作任何回应"
           "（按 RFC 9293 会回一个 ACK）"},
    ZhText{"SEG.ACK={0} is older than SND.UNA-MAX.SND.WND={1}-{2}: too old to be real, send an "
           "ACK and drop it",
           "SEG.ACK={0} 比 SND.UNA-MAX.SND.WND={1}-{2} 还旧：旧得不可能是真的，回一个 ACK，丢弃该报文"},
    ZhText{"SEG.ACK={0} acknowledges our FIN: our direction is closed, wait for the peer's FIN",
           "SEG.ACK={0} 确认了我们的 FIN：我们这个方向已经关闭，等待对方的 FIN"},
    ZhText{"SEG.ACK={0} acknowledges our FIN after both FINs crossed: enter TIME-WAIT",
           "两个 FIN 交叉之后，SEG.ACK={0} 确认了我们的 FIN：进入 TIME-WAIT"},
    ZhText{"SEG.ACK={0} acknowledges our FIN: both directions are closed, and the side that "
           "closed second needs no TIME-WAIT",
           "SEG.ACK={0} 确认了我们的 FIN：两个方向都已关闭，后关闭的一方不需要 TIME-WAIT"},
    ZhText{"TIME-WAIT expects only a retransmitted FIN: this segment (ACK={0}) needs nothing",
           "TIME-WAIT 只等待对方重传的 FIN：这个报文（ACK={0}）不需要任何处理"},
    ZhText{"this retransmission ends at SEQ={0}, not after RCV.NXT={1}: RFC 9293's window test "
           "would refuse it, but Linux's tcp_sequence() accepts it because it does not end "
           "before RCV.WUP={2} (RCV.NXT when we last sent a window). The data or FIN in it "
           "arrived before; Linux keeps its TSval={3} as TS.Recent, which our ACKs and later "
           "segments echo",
           "这个重传报文结束于 SEQ={0}，没有超过 RCV.NXT={1}：按 RFC 9293 的窗口检查它不可接受，"
           "但 Linux 接受它，因为它的结束位置不早于上次通告窗口时的接收位置 {2}。"
           "它携带的数据或 FIN 之前已经收到过；Linux 记下它的时间戳 {3}：我们的 ACK 和之后的报文都回显这个时间戳"},
    ZhText{"the peer's SYN,ACK (SEQ={0}) arrived again although we are synchronized (the peer "
           "resends it when our ACK of it is lost; the network may also deliver a copy or a "
           "late one). Linux answers a SYN on a synchronized connection with a challenge ACK "
           "(SEQ=SND.NXT={1}, ACK=RCV.NXT={2}), which gives the peer the ACK it may be missing",
           "对方的 SYN,ACK（SEQ={0}）在连接已同步后又到了（我们对它的 ACK 丢失时对方会重发它；网络也可能送来一个副本或迟到的报文）。"
           "Linux 对已同步连接上的 SYN 一律回复挑战 ACK（SEQ=SND.NXT={1}，ACK=RCV.NXT={2}），"
           "对方若缺少那个 ACK，这就补上了"},
    // Seventh: segment text.
    ZhText{"{0} bytes after the peer's FIN: the peer already said it sends nothing more, ignore "
           "them",
           "对方的 FIN 之后又来了 {0} 字节：对方已经表示不再发送数据，忽略它们"},
    ZhText{"{0} new bytes arrived but our application has closed the socket and can never read "
           "them: send RST with SEQ=SEG.ACK={1}, built from the arriving segment as Linux does, "
           "and close. The peer resets only if {1} is exactly its RCV.NXT",
           "收到 {0} 字节新数据，但我们的应用程序已经关闭套接字，再也读不到它们：像 Linux 那样根据到达的报文"
           "构造 RST，SEQ=SEG.ACK={1}，然后关闭。只有当 {1} 正好等于对方的 RCV.NXT 时，对方才会复位连接"},
    ZhText{"{0} new bytes arrived but our application has closed the socket and can never read "
           "them: send RST with SEQ=SND.NXT={1} (the form of an ABORT, RFC 9293 3.10.5) to show "
           "that data was lost, and close",
           "收到 {0} 字节新数据，但我们的应用程序已经关闭套接字，再也读不到它们：发送 SEQ=SND.NXT={1} 的 RST"
           "（与 ABORT 的形式相同，RFC 9293 3.10.5），表明有数据丢失，然后关闭"},
    ZhText{"SEG.SEQ={0} is ahead of RCV.NXT={1}: {2} bytes are missing before it. Hold it for "
           "later and ACK {1} at once (a duplicate ACK)",
           "SEG.SEQ={0} 超前于 RCV.NXT={1}：它前面缺了 {2} 字节。先把它存起来，并立即确认 {1}（重复 ACK）"},
    ZhText{"this segment fills the gap: {0} held bytes follow it, RCV.NXT jumps to {1}",
           "这个报文填上了空缺：后面还有 {0} 字节已存的数据，RCV.NXT 直接跳到 {1}"},
    // Eighth: the FIN bit.
    ZhText{"FIN at SEQ={0} but bytes from RCV.NXT={1} are still missing: hold it for later and ACK "
           "{1} at once (a duplicate ACK)",
           "FIN 位于 SEQ={0}，但从 RCV.NXT={1} 开始的数据还没到：先把它存起来，并立即确认 {1}（重复 ACK）"},
    ZhText{"FIN with SEQ={0}: the peer will send no more data. Enter CLOSE-WAIT until our "
           "application closes too",
           "收到 SEQ={0} 的 FIN：对方不会再发送数据。进入 CLOSE-WAIT，等我们的应用程序也关闭"},
    ZhText{"no data has arrived on this connection, so Linux's delayed-ACK timeout (ato) is "
           "still 0: the ACK of the FIN leaves at the next timer tick, {0} ms later, not after "
           "the {1} ms of a connection that has received data",
           "这个连接还没有收到过数据，所以 Linux 的延迟确认时间仍为 0：对 FIN 的 ACK 在下一个时钟节拍发出，"
           "即 {0} 毫秒后，而不是收到过数据的连接所等的 {1} 毫秒"},
    ZhText{"FIN,ACK: the peer acknowledges our FIN and closes its side in one segment. ACK it and "
           "wait {0} ms in TIME-WAIT in case that ACK is lost",
           "FIN,ACK：对方用一个报文既确认了我们的 FIN，又关闭了它那一侧。确认它，并在 TIME-WAIT 等待 {0} 毫秒，"
           "以防这个 ACK 丢失"},
    ZhText{"the peer's FIN arrived before the ACK of our FIN (SND.UNA={0}, SND.NXT={1}): both "
           "sides are closing at once, enter CLOSING",
           "对方的 FIN 先于对我们 FIN 的确认到达（SND.UNA={0}，SND.NXT={1}）：双方同时关闭，进入 CLOSING"},
    ZhText{"the peer's FIN: both directions are closed. ACK it and wait {0} ms in TIME-WAIT in "
           "case that ACK is lost",
           "收到对方的 FIN：两个方向都已关闭。确认它，并在 TIME-WAIT 等待 {0} 毫秒，以防这个 ACK 丢失"},
    // RFC 9293 3.10.7.1 (CLOSED) and 3.10.7.2 (LISTEN).
    ZhText{"no connection exists and the segment is a RST: discard it silently (a RST is never "
           "answered)",
           "连接不存在，而这个报文是 RST：悄悄丢弃（RST 永远不需要回应）"},
    ZhText{"no connection exists: answer with RST, taking its SEQ from the segment's ACK={0} so "
           "the sender accepts it",
           "连接不存在：回复 RST，它的 SEQ 取自该报文的 ACK={0}，这样发送方才会接受它"},
    ZhText{"no connection exists and the segment has no ACK: answer with RST,ACK where SEQ=0 and "
           "ACK=SEG.SEQ+SEG.LEN={0}+{1}",
           "连接不存在且报文不带 ACK：回复 RST,ACK，其中 SEQ=0，ACK=SEG.SEQ+SEG.LEN={0}+{1}"},
    ZhText{"a listener has sent nothing a RST could answer: ignore it",
           "监听方没有发过任何可以被 RST 回应的报文：忽略它"},
    ZhText{"a listener has sent nothing to acknowledge, so ACK={0} is bad: answer with RST SEQ={0}",
           "监听方没有发过任何需要确认的报文，所以 ACK={0} 是错误的：回复 SEQ={0} 的 RST"},
    ZhText{"a SYN with SEQ={0}: remember IRS={0}, expect RCV.NXT={1} next, and answer with our "
           "own SYN (ISS={2}) acknowledging theirs",
           "收到 SEQ={0} 的 SYN：记下 IRS={0}，下一个期望 RCV.NXT={1}，并用自己的 SYN（ISS={2}）回复，同时确认对方的 SYN"},
    ZhText{"neither RST, ACK nor SYN: a listener has nothing to do with it, drop it",
           "既不是 RST，也不是 ACK 或 SYN：监听方不处理这种报文，丢弃它"},
    // RFC 9293 3.10.7.3 (SYN-SENT).
    ZhText{"RST with ACK={0} does not acknowledge our SYN (ISS={1}, SND.NXT={2}): drop it",
           "ACK={0} 的 RST 没有确认我们的 SYN（ISS={1}，SND.NXT={2}）：丢弃它"},
    ZhText{"SEG.ACK={0} is not in (ISS={1}, SND.NXT={2}]: it does not acknowledge our SYN (an "
           "answer to an old duplicate SYN, or an ACK of another incarnation of this connection), "
           "so send RST with SEQ={0} and keep waiting",
           "SEG.ACK={0} 不在 (ISS={1}, SND.NXT={2}] 之内：它没有确认我们的 SYN（它回应的是一个旧的重复 SYN，"
           "或者是这个连接另一个化身的 ACK），于是发送 SEQ={0} 的 RST 并继续等待"},
    ZhText{"our SYN has not been retransmitted yet, so Linux brings its retransmission "
           "forward to {0} ms from now (TCP_TIMEOUT_MIN): the RST just sent clears the "
           "peer's old connection, and the SYN follows it",
           "我们的 SYN 还没有重传过，所以 Linux 把它的重传提前到 {0} 毫秒之后（内核的最小定时器"
           "时长）：刚发出的 RST 清除对端的旧连接，新的 SYN 紧随其后"},
    ZhText{"a RST without an ACK of our SYN could be forged or old: drop it",
           "没有确认我们 SYN 的 RST 可能是伪造的或旧的：丢弃它"},
    ZhText{"RST acknowledging our SYN (ACK={0}): nobody listens on that port, the connection is "
           "refused",
           "RST 确认了我们的 SYN（ACK={0}）：该端口没有人监听，连接被拒绝"},
    ZhText{"neither SYN nor RST: nothing to synchronize with, drop the segment",
           "既没有 SYN 也没有 RST：没有可以同步的内容，丢弃该报文"},
    ZhText{"SYN,ACK with SEQ={0} acknowledges our SYN (ACK={1}): both sides are synchronized, "
           "send the third segment, an ACK of {2}",
           "SEQ={0} 的 SYN,ACK 确认了我们的 SYN（ACK={1}）：双方已经同步，发送第三个报文，确认号为 {2} 的 ACK"},
    ZhText{"a SYN without ACK (SEQ={0}) while our own SYN is out: a simultaneous open. Answer "
           "with SYN,ACK (SEQ=ISS={1}, ACK={2})",
           "自己的 SYN 还没被确认时收到了不带 ACK 的 SYN（SEQ={0}）：这是同时打开。回复 SYN,ACK（SEQ=ISS={1}，ACK={2}）"},
    // SYN-RECEIVED and TIME-WAIT special cases.
    ZhText{"simultaneous open: the peer's SYN,ACK (SEQ={0}) acknowledges our SYN with ACK={1}: "
           "both sides are synchronized",
           "同时打开：对方的 SYN,ACK（SEQ={0}）以 ACK={1} 确认了我们的 SYN：双方已经同步"},
    ZhText{"Linux also treats the SYN,ACK as a repeated segment, since its SYN ends at "
           "RCV.NXT={0}: it answers with an ACK at once, one segment more than RFC 9293's "
           "Figure 7",
           "Linux 还把这个 SYN,ACK 当作一个重复的报文段，因为它的 SYN 正好结束在 RCV.NXT={0}："
           "它立即回一个 ACK，比 RFC 9293 图 7 多出一个报文段"},
    ZhText{"the peer's SYN (SEQ={0}) arrived again: Linux takes it to mean that our SYN,ACK "
           "was lost (it may also be a late or duplicated copy) and sends the SYN,ACK again",
           "对方的 SYN（SEQ={0}）又到了一次：Linux 认为这说明我们的 SYN,ACK 丢了（它也可能只是一个迟到或重复的副本），"
           "于是再发一次 SYN,ACK"},
    ZhText{"the peer sent its SYN (SEQ={0}) again, but RCV.NXT={1} is already past it: the "
           "segment is not acceptable, so send an ACK (SEQ=SND.NXT, ACK=RCV.NXT) and drop it; our "
           "SYN,ACK goes again only when our retransmission timer expires",
           "对方又发来了它的 SYN（SEQ={0}），但 RCV.NXT={1} 已经在它之后：这个报文不可接受，于是回一个 ACK"
           "（SEQ=SND.NXT，ACK=RCV.NXT）并丢弃它；我们的 SYN,ACK 要等自己的重传计时器到期才会再发"},
    ZhText{"the new connection's ISS={0} (RFC 6528 clock) is larger than {1}, the largest "
           "sequence number the old incarnation used, as reopening TIME-WAIT requires",
           "新连接的 ISS={0}（RFC 6528 时钟）大于旧连接实例用过的最大序列号 {1}，满足重新打开 TIME-WAIT 的要求"},
    ZhText{"the RFC 6528 ISN {0} is not larger than {1}, the largest sequence number the old "
           "incarnation used, which reopening TIME-WAIT requires: ISS={2}, the smallest value "
           "that is",
           "RFC 6528 给出的 ISN {0} 不大于旧连接实例用过的最大序列号 {1}，而重新打开 TIME-WAIT 要求大于它："
           "ISS={2}，即满足要求的最小值"},
    ZhText{"Linux does not use the clock here: the new connection's ISS={0} is the old "
           "incarnation's SND.NXT={1} + 65537 (tcp_tw_isn), beyond every sequence number it used",
           "Linux 在这里不使用时钟：新连接的 ISS={0} 是旧连接实例的 SND.NXT={1} 加 65537（tcp_tw_isn），"
           "超过了它用过的所有序列号"},
    ZhText{"a SYN with SEQ={0} beyond the old connection's RCV.NXT={1} cannot be an old "
           "duplicate: end TIME-WAIT early and let the listener take it",
           "SEQ={0} 的 SYN 超过了旧连接的 RCV.NXT={1}，不可能是旧的重复报文：提前结束 TIME-WAIT，交给监听方处理"},
    ZhText{"a SYN with SEQ={0}, not beyond the old connection's RCV.NXT={1}, but with TSval={2} "
           "newer than the old connection's TS.Recent={3}: the timestamp shows it is not an old "
           "duplicate, so end TIME-WAIT early and let the listener take it",
           "SEQ={0} 的 SYN 没有超过旧连接的 RCV.NXT={1}，但它的时间戳 TSval={2} 比旧连接的 TS.Recent={3} 更新："
           "时间戳表明它不是旧的重复报文，于是提前结束 TIME-WAIT，交给监听方处理"},
    ZhText{"a SYN with SEQ={0} not beyond RCV.NXT={1} could be an old duplicate: answer with an "
           "ACK of the old connection and stay in TIME-WAIT",
           "SEQ={0} 的 SYN 没有超过 RCV.NXT={1}，可能是旧的重复报文：用旧连接的 ACK 回应，并留在 TIME-WAIT"},
    ZhText{"{0} bytes have arrived since the last ACK, more than one full-sized segment "
           "(RMSS={1}): Linux ACKs now instead of waiting",
           "自上次 ACK 以来已经收到 {0} 字节，超过一个满长报文段（RMSS={1}）：Linux 立即确认，不再等待"},
    ZhText{"{0} bytes have arrived since the last ACK, at least two full-sized segments "
           "(2*RMSS={1}): an ACK is due now, not after the delay",
           "自上次 ACK 以来已经收到 {0} 字节，至少相当于两个满长报文段（2*RMSS={1}）：现在就该确认，而不是等到延迟结束"},
    ZhText{"the SYN,ACK carries our SYN's sequence number ISS={0} a second time; Linux sends "
           "the SYN's own buffer again with a new send time, so the ACK of it will be timed "
           "from now",
           "这个 SYN,ACK 第二次带上了我们 SYN 的序列号 ISS={0}；Linux 重新发送的是同一个 SYN 缓冲区，"
           "并更新了它的发送时间，所以对它的 ACK 将从现在开始计时"},
    ZhText{"the SYN,ACK carries our SYN's sequence number ISS={0} a second time, so the ACK "
           "of it cannot tell which copy it answers: no RTT sample from it (Karn's rule)",
           "这个 SYN,ACK 第二次带上了我们 SYN 的序列号 ISS={0}，所以对它的 ACK 分不清回应的是哪一份："
           "不从它取 RTT 样本（Karn 算法）"},
    ZhText{"the peer's FIN (SEQ={0}) arrived again (the peer resends it when our ACK of it is "
           "lost; the network may also deliver a copy): ACK it again and restart the 2MSL "
           "timer ({1} ms). The eighth step says so; the first check alone would only ACK it, "
           "as it lies before RCV.NXT, but restarting the timer here is what TIME-WAIT is for",
           "对方的 FIN（SEQ={0}）又到了（我们对它的 ACK 丢失时对方会重发它；网络也可能送来一个副本）：再确认一次，"
           "并重新开始 2MSL 计时（{1} 毫秒）。这是第八步的规定；只看第一步检查的话，它位于 RCV.NXT 之前，"
           "只会得到一个 ACK，但在这里重新计时正是 TIME_WAIT 存在的意义"},
    ZhText{"a segment without data at RCV.NXT={0}: Linux counts it as in window, sends nothing "
           "and restarts the TIME-WAIT timer ({1} ms)",
           "RCV.NXT={0} 处一个不带数据的报文：Linux 认为它在窗口内，什么也不发送，并重新开始 TIME-WAIT 计时（{1} 毫秒）"},
    ZhText{"SEG.SEQ={0} (SEG.LEN={1}) is not a bare ACK at RCV.NXT={2}: Linux answers it with an "
           "ACK of the old connection (SEQ=SND.NXT, ACK=RCV.NXT) and, because it carries ACK, "
           "restarts the TIME-WAIT timer ({3} ms)",
           "SEG.SEQ={0}（SEG.LEN={1}）不是 RCV.NXT={2} 处不带数据的 ACK：Linux 用旧连接的 ACK"
           "（SEQ=SND.NXT，ACK=RCV.NXT）回应它，并且因为它带有 ACK 位，重新开始 TIME-WAIT 计时（{3} 毫秒）"},
    ZhText{"SEG.SEQ={0} (SEG.LEN={1}) is not a bare ACK at RCV.NXT={2}: Linux answers it with an "
           "ACK of the old connection (SEQ=SND.NXT, ACK=RCV.NXT); without the ACK bit it does not "
           "restart the TIME-WAIT timer",
           "SEG.SEQ={0}（SEG.LEN={1}）不是 RCV.NXT={2} 处不带数据的 ACK：Linux 用旧连接的 ACK"
           "（SEQ=SND.NXT，ACK=RCV.NXT）回应它；它没有 ACK 位，所以不重新开始 TIME-WAIT 计时"},
    // First: sequence number check; second: RST; fourth: SYN.
    ZhText{"RST with SEQ={0} is outside the receive window [RCV.NXT={1}, {2}): drop it silently",
           "SEQ={0} 的 RST 在接收窗口 [RCV.NXT={1}, {2}) 之外：悄悄丢弃"},
    ZhText{"SEG.SEQ={0} (SEG.LEN={1}) is outside the receive window [RCV.NXT={2}, {3}): an old or "
           "duplicate segment; send an ACK and drop it",
           "SEG.SEQ={0}（SEG.LEN={1}）在接收窗口 [RCV.NXT={2}, {3}) 之外：这是旧的或重复的报文；回一个 ACK，丢弃它"},
    ZhText{"RST with SEQ={0} is not exactly RCV.NXT={1}: TIME-WAIT ignores it",
           "SEQ={0} 的 RST 不正好等于 RCV.NXT={1}：TIME-WAIT 忽略它"},
    ZhText{"RST with SEQ={0} is inside the window but not exactly RCV.NXT={1}: it may be forged, "
           "so send a challenge ACK and drop it (a real peer answers with an exact RST)",
           "SEQ={0} 的 RST 在窗口内，但不正好等于 RCV.NXT={1}：它可能是伪造的，于是发送挑战 ACK 并丢弃它"
           "（真正的对方会回一个序号正好的 RST）"},
    ZhText{"RST with SEQ={0} is inside the window, though not exactly RCV.NXT={1}: for a "
           "half-open connection Linux checks only the window (no RFC 5961 challenge ACK), so "
           "it forgets the connection without an answer; the listener goes on listening",
           "SEQ={0} 的 RST 在窗口内，虽然不正好等于 RCV.NXT={1}：对半开连接，Linux 只检查窗口"
           "（不发 RFC 5961 的挑战 ACK），于是不作任何回应就丢弃这个连接；监听方继续监听"},
    ZhText{"RST with SEQ=RCV.NXT={0} after a simultaneous open: the connection is refused",
           "同时打开之后收到 SEQ=RCV.NXT={0} 的 RST：连接被拒绝"},
    ZhText{"RST with SEQ=RCV.NXT={0}: the peer never wanted this connection (an old duplicate "
           "SYN). Forget it; the listener goes on listening",
           "收到 SEQ=RCV.NXT={0} 的 RST：对方从未想建立这个连接（旧的重复 SYN）。丢弃它；监听方继续监听"},
    ZhText{"RST with SEQ=RCV.NXT={0}: the SYN we answered was an old duplicate. Return to LISTEN; "
           "the user need not be informed",
           "收到 SEQ=RCV.NXT={0} 的 RST：我们回应的那个 SYN 是旧的重复报文。回到 LISTEN；不必通知用户"},
    ZhText{"RST with SEQ={0}, one before RCV.NXT={1}: the peer's FIN took that number, and "
           "after a FIN Linux accepts an RST there as if it were exact (RFC 9293 would drop "
           "it as outside the window)",
           "RST 的 SEQ={0}，比 RCV.NXT={1} 小一：这个序列号是对方的 FIN 占用的。收到 FIN 之后，Linux 把落在这里的 RST "
           "当作正好匹配来接受（按 RFC 9293 它在接收窗口之外，应当丢弃）"},
    ZhText{"RST with SEQ exactly RCV.NXT={0}: the peer reset the connection; queued data is lost",
           "收到 SEQ 正好等于 RCV.NXT={0} 的 RST：对方复位了连接；排队中的数据都丢失了"},
    ZhText{"RST in TIME-WAIT: ignored (RFC 1337), so an old RST cannot cut TIME-WAIT short",
           "TIME-WAIT 中收到 RST：忽略（RFC 1337），这样旧的 RST 就不能提前结束 TIME-WAIT"},
    ZhText{"RST with SEQ=RCV.NXT={0} in TIME-WAIT: enter CLOSED at once (the TIME-WAIT "
           "assassination of RFC 1337)",
           "TIME-WAIT 中收到 SEQ=RCV.NXT={0} 的 RST：立即进入 CLOSED（即 RFC 1337 所说的 TIME-WAIT 暗杀）"},
    ZhText{"RST with SEQ=RCV.NXT={0} while closing: enter CLOSED",
           "关闭过程中收到 SEQ=RCV.NXT={0} 的 RST：进入 CLOSED"},
    ZhText{"a different SYN (SEQ={0}, expected the one before RCV.NXT={1}) in SYN-RECEIVED: give "
           "up this half-open connection",
           "SYN-RECEIVED 中收到一个不同的 SYN（SEQ={0}，期望的是 RCV.NXT={1} 之前的那个）：放弃这个半开连接"},
    ZhText{"a different SYN (SEQ={0}, expected the one before RCV.NXT={1}) inside the window "
           "of this half-open connection: Linux answers it with a reset built from that SYN "
           "alone, as a closed port would (RFC 9293 3.10.7.1), and forgets the connection; "
           "the listener goes on listening",
           "这个半开连接的窗口内收到一个不同的 SYN（SEQ={0}，期望的是 RCV.NXT={1} 之前的那个）："
           "Linux 只根据这个 SYN 构造一个 RST 回应它，就像关闭的端口那样（RFC 9293 3.10.7.1），"
           "并丢弃这个连接；监听方继续监听"},
    ZhText{"a SYN (SEQ={0}) on a synchronized connection: it may be forged, or the peer "
           "restarted. Send a challenge ACK (SEQ=SND.NXT={1}, ACK=RCV.NXT={2}) and drop it; a "
           "restarted peer answers that ACK with a RST",
           "已同步的连接上收到 SYN（SEQ={0}）：它可能是伪造的，也可能是对方重启了。发送挑战 ACK"
           "（SEQ=SND.NXT={1}，ACK=RCV.NXT={2}）并丢弃它；重启过的对方会用 RST 回应这个 ACK"},
    // Sending and timers.
    ZhText{"the last answer to an invalid segment left {0} ms ago, less than "
           "tcp_invalid_ratelimit ({1} ms): nothing is sent this time, so two confused ends "
           "cannot keep answering each other (RFC 9293 would answer every time)",
           "上一次回应无效报文是在 {0} 毫秒前，小于 tcp_invalid_ratelimit（{1} 毫秒）：这次什么也不发，"
           "这样两个状态不一致的端点就不会没完没了地互相回应（按 RFC 9293 每次都要回应）"},
    ZhText{"{0} bytes wait: {1} bytes are in flight and the peer's window SND.WND={2} is full",
           "{0} 字节等待发送：已有 {1} 字节在途，对方的窗口 SND.WND={2} 已满"},
    ZhText{"the TIME-WAIT timer ({0} ms) expired: no segment of this connection can still be in "
           "the network and no FIN came again while we waited, so it is closed",
           "TIME-WAIT 计时器（{0} 毫秒）到期：这个连接的报文不可能还留在网络中，等待期间对方也没有再发来 FIN，连接关闭"},
    ZhText{"the TIME-WAIT timer ({0} ms) expired and the TCB is deleted; this wait is shorter "
           "than 2 MSL ({1} ms), so segments of this connection may still be in the network and "
           "reach a new connection on the same ports",
           "TIME-WAIT 计时器（{0} 毫秒）到期，TCB 被删除；这次等待短于 2MSL（{1} 毫秒），所以这个连接的报文"
           "可能还留在网络中，并被同一端口上的新连接收到"},
    ZhText{"the application closed the socket and the peer sent no FIN for {0} ms: Linux drops "
           "the connection silently (RFC 9293 would wait forever)",
           "应用程序已关闭套接字，而对方在 {0} 毫秒内没有发来 FIN：Linux 悄悄丢弃这个连接（按 RFC 9293 会一直等下去）"},
    ZhText{"the delayed-ACK timer expired with no data to piggyback the ACK on: send a pure ACK "
           "for RCV.NXT={0}",
           "延迟确认计时器到期，没有数据可以捎带 ACK：发送一个确认 RCV.NXT={0} 的纯 ACK"},
    // The simulator's own decisions about application calls (core/sim/simulation.cpp).
    ZhText{"The application's call has no connection (and no listener) to act on: nothing happens",
           "应用程序的调用没有可作用的连接（也没有监听方）：什么也不发生"},
    ZhText{"The application is already listening on this port: the second listen does nothing",
           "应用程序已经在这个端口上监听：第二次 listen 不起作用"},
    ZhText{"connect: the 4-tuple is still used by connection {0}, which is not in TIME-WAIT; the "
           "call fails (Linux: EADDRINUSE) and nothing is sent",
           "connect：这个四元组仍被连接 {0} 占用，而它不在 TIME-WAIT；调用失败（Linux：EADDRINUSE），什么也不发送"},
    ZhText{"connect: connection {0} still sits in TIME-WAIT on this 4-tuple; like Linux with "
           "tcp_tw_reuse, the new connection takes the 4-tuple over and the old TCB is dropped",
           "connect：连接 {0} 仍在这个四元组上处于 TIME-WAIT；与开启 tcp_tw_reuse 的 Linux 一样，"
           "新连接接管这个四元组，旧的 TCB 被丢弃"},
    ZhText{"The host restarts: it forgets every TCB (listening ones too) without sending anything; "
           "its peer learns of it only when it next sends (RFC 9293 3.5.1 half-open connections)",
           "主机重启：它忘掉所有 TCB（包括监听的），什么也不发送；对方只有在下次发送时才会发现"
           "（RFC 9293 3.5.1 半开连接）"},
    ZhText{"The application holds only the listening socket (the half-open connection in "
           "SYN-RECEIVED was never accepted), so its close acts on the listener: LISTEN -> CLOSED. "
           "The pending connection dies with it: Linux drops a request whose listener no longer "
           "listens (inet_csk_listen_stop, reqsk_timer_handler): nothing is sent, no SYN,ACK is "
           "retransmitted, and a later segment for it finds no socket and is answered with RST",
           "应用程序只持有监听套接字（处于 SYN-RECEIVED 的半开连接从未被 accept），所以它的关闭作用于"
           "监听套接字：LISTEN -> CLOSED。等待中的连接随之消失：监听套接字不再监听时，Linux 丢弃它的连接请求"
           "（inet_csk_listen_stop、reqsk_timer_handler）：什么也不发送，不再重传 SYN,ACK，之后属于这个连接的"
           "报文找不到套接字，会收到 RST"},
    ZhText{"In RFC 9293 a passive OPEN makes one TCB: the SYN moved it from LISTEN to "
           "SYN-RECEIVED, so the call acts on that connection (CLOSE or ABORT in SYN-RECEIVED), "
           "and nothing listens on the port any more: the simulator's separate listener ends too",
           "在 RFC 9293 中，一次被动打开只建立一个 TCB：SYN 已把它从 LISTEN 变为 SYN-RECEIVED，所以这个调用"
           "作用于该连接（SYN-RECEIVED 状态下的 CLOSE 或 ABORT），端口上不再有监听：模拟器中单独的监听方也随之结束"},
};

}  // namespace

std::optional<std::string> decision_text_zh(const tcp::Decision& d) {
  for (const ZhText& t : kTexts) {
    if (t.en == d.text) {
      tcp::Decision zh = d;
      zh.text = t.zh;  // same placeholders, same values
      return tcp::render_decision_text(zh);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> decision_step_zh(std::string_view step) {
  for (const ZhText& s : kSteps) {
    if (s.en == step) return s.zh;
  }
  return std::nullopt;
}

std::string decision_text(const tcp::Decision& d, Language lang) {
  if (lang == Language::Zh) {
    if (auto zh = decision_text_zh(d)) return std::move(*zh);
  }
  return tcp::render_decision_text(d);
}

std::string decision_step(std::string_view step, Language lang) {
  if (lang == Language::Zh) {
    if (auto zh = decision_step_zh(step)) return std::string(*zh);
  }
  return std::string(step);
}

}  // namespace tcpviz::ui::narration
