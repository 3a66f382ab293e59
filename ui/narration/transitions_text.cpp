// What each state change means, in our own words (RFC 9293 section 3.5 and 3.6, figure 5).
// {who}/{peer} are the two sides; {to} is the new state's name as the user chose to see it.
#include <array>
#include <cctype>

#include "ui/layout/labels.hpp"
#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui::narration {

namespace {

using S = tcp::State;

struct TransitionText {
  S from, to;
  std::string_view en, zh, rfc;
};

constexpr std::array kTexts{
    TransitionText{S::Closed, S::Listen,
                   "The {who} opens a listening socket (a passive open) and waits in {to} for a SYN.",
                   "{who}调用 listen()（被动打开），进入 {to}，等待 SYN 到来。", "RFC 9293 3.5"},
    TransitionText{S::Closed, S::SynSent,
                   "The {who} calls connect(): it sends a SYN carrying its initial sequence number and "
                   "enters {to} (the first step of the three-way handshake).",
                   "{who}调用 connect()：发送带有初始序列号（ISN）的 SYN，进入 {to}。这是三次握手的第一次。",
                   "RFC 9293 3.5"},
    TransitionText{S::Listen, S::SynReceived,
                   "The {who} got the SYN. It answers with one segment that both acknowledges the "
                   "{peer}'s SYN and carries its own SYN (SYN-ACK), and enters {to}.",
                   "{who}收到 SYN，用一个报文同时确认对方的 SYN 并发送自己的 SYN（SYN+ACK），进入 {to}。"
                   "这是第二次握手。",
                   "RFC 9293 3.5"},
    TransitionText{S::SynSent, S::Established,
                   "The {who} got the SYN-ACK acknowledging its SYN: it now knows both initial sequence "
                   "numbers. It sends the final ACK (ACK flag only, no SYN) and is {to}.",
                   "{who}收到确认自己 SYN 的 SYN+ACK，双方的初始序列号都已知道。它发出最后的 ACK，进入 {to}。"
                   "第三次握手只置 ACK 位，不置 SYN 位（有些笔记写 SYN=1，是错的）。",
                   "RFC 9293 3.10.7.3"},
    TransitionText{S::SynSent, S::SynReceived,
                   "The {who} got a SYN while waiting for a SYN-ACK: both sides opened at once "
                   "(simultaneous open). It acknowledges the SYN and enters {to}.",
                   "{who}在等待 SYN+ACK 时收到了对方的 SYN：双方同时打开。它确认这个 SYN，进入 {to}。",
                   "RFC 9293 3.5 (figure 7)"},
    TransitionText{S::SynReceived, S::Established,
                   "The {who} got the ACK of its SYN: the three-way handshake is complete and the "
                   "{who} is {to}. Each side has now seen its own SYN acknowledged.",
                   "{who}收到对自己 SYN 的确认：三次握手完成，进入 {to}。双方各自的 SYN 都得到了确认。",
                   "RFC 9293 3.10.7.4"},
    TransitionText{S::Established, S::FinWait1,
                   "The {who}'s application closed the connection: it sends a FIN (\"I have no more data\") "
                   "and enters {to}, waiting for that FIN to be acknowledged.",
                   "{who}的应用程序关闭连接：发送 FIN（“我没有数据要发了”），进入 {to}，等待对方确认这个 FIN。"
                   "这是四次挥手的第一次。",
                   "RFC 9293 3.6"},
    TransitionText{S::Established, S::CloseWait,
                   "The {who} got the {peer}'s FIN: the {peer} will send no more data, but the {who} "
                   "still may. It acknowledges the FIN and waits in {to} until its own application "
                   "closes.",
                   "{who}收到对方的 FIN：对方不会再发数据了，但{who}自己还可以发。它确认这个 FIN，"
                   "在 {to} 中等待自己的应用程序关闭。这个 ACK 只置 ACK 位，序列号接着原来的编号，不是随机数。",
                   "RFC 9293 3.6"},
    TransitionText{S::FinWait1, S::FinWait2,
                   "The {who}'s FIN was acknowledged: {to}. Its direction of the connection is closed; "
                   "it keeps receiving until the {peer} sends its own FIN.",
                   "{who}的 FIN 得到确认，进入 {to}。它这一方向已经关闭（半关闭），但还会继续接收，直到对方发来 FIN。",
                   "RFC 9293 3.6"},
    TransitionText{S::FinWait1, S::Closing,
                   "The {who} got the {peer}'s FIN before the ACK of its own FIN: both sides closed at "
                   "the same time, so the two FINs crossed on the wire. It acknowledges the FIN and "
                   "enters {to}, still waiting for its own FIN's ACK.",
                   "{who}在自己的 FIN 被确认之前收到了对方的 FIN：双方同时关闭，两个 FIN 在网络上交叉而过。"
                   "它确认对方的 FIN，进入 {to}，继续等待自己 FIN 的确认。CLOSING 来自同时关闭，"
                   "而不是单纯因为某个 ACK 丢了。",
                   "RFC 9293 3.6 (figure 13)"},
    TransitionText{S::FinWait1, S::TimeWait,
                   "The {who} got the {peer}'s FIN together with the ACK of its own FIN: it "
                   "acknowledges the FIN and goes straight to {to}.",
                   "{who}收到的报文既确认了自己的 FIN，又带有对方的 FIN：它确认后直接进入 {to}。",
                   "RFC 9293 3.10.7.4"},
    TransitionText{S::FinWait2, S::TimeWait,
                   "The {who} got the {peer}'s FIN and acknowledged it: {to}. It waits 2MSL (Linux: a "
                   "fixed 60 s) so that, if this last ACK is lost, the {peer}'s retransmitted FIN can "
                   "still be answered, and so that old duplicate segments die out before the same "
                   "ports are reused.",
                   "{who}收到对方的 FIN 并确认，进入 {to}。它要等待 2MSL（Linux 固定 60 秒）：如果最后这个 ACK 丢了，"
                   "对方会重传 FIN，{who}还能再次确认；同时让旧连接的报文在网络中消失，不会混进使用同样端口的新连接。",
                   "RFC 9293 3.6"},
    TransitionText{S::Closing, S::TimeWait,
                   "The {who}'s FIN was acknowledged at last: {to}, the 2MSL wait begins.",
                   "{who}的 FIN 终于得到确认，进入 {to}，开始 2MSL 等待。", "RFC 9293 3.10.7.4"},
    TransitionText{S::CloseWait, S::LastAck,
                   "The {who}'s application closed too: it sends its own FIN and waits in {to} for "
                   "the ACK of it.",
                   "{who}的应用程序也关闭了：发送自己的 FIN，在 {to} 中等待对它的确认。这是四次挥手的第三次。",
                   "RFC 9293 3.6"},
    TransitionText{S::LastAck, S::Closed,
                   "The {who} got the ACK of its FIN: the connection is gone on this side ({to}). "
                   "Only the side that closed first waits in TIME-WAIT.",
                   "{who}收到对自己 FIN 的确认，连接在这一侧结束（{to}）。只有先关闭的一方需要等待 TIME_WAIT。",
                   "RFC 9293 3.6"},
    TransitionText{S::TimeWait, S::Closed,
                   "The {who}'s TIME-WAIT timer expired (2MSL): {to}. The same 4-tuple may now be "
                   "used by a new connection.",
                   "{who}的 TIME_WAIT 计时器到期（2MSL），进入 {to}。同样的四元组现在可以被新连接使用了。",
                   "RFC 9293 3.6"},
};

}  // namespace

Line transition_line(trace::Side who, tcp::State from, tcp::State to, Language lang,
                     bool linux_names) {
  const bool zh = lang == Language::Zh;
  trace::Trace none;
  const std::string who_words = side_words(none, who, lang);
  const std::string peer_words = side_words(none, trace::peer_of(who), lang);
  const std::string to_name(layout::state_label(to, linux_names));
  for (const TransitionText& t : kTexts) {
    if (t.from == from && t.to == to) {
      std::string text = fill(zh ? t.zh : t.en, {{"who", who_words}, {"peer", peer_words},
                                                 {"to", to_name}});
      if (!zh && !text.empty()) text[0] = static_cast<char>(std::toupper(text[0]));
      return {std::move(text), std::string(t.rfc)};
    }
  }
  // Aborts, resets, timeouts and anything unusual: say what changed.
  const std::string from_name(layout::state_label(from, linux_names));
  if (to == S::Closed) {
    return {fill(zh ? "{who}的连接从 {from} 直接结束（{to}）：被复位、超时或被中止。"
                    : "The {who}'s connection went from {from} straight to {to}: it was reset, "
                      "timed out or aborted.",
                 {{"who", who_words}, {"from", from_name}, {"to", to_name}}),
            "RFC 9293 3.10.7"};
  }
  return {fill(zh ? "{who}：{from} → {to}。" : "The {who}: {from} -> {to}.",
               {{"who", who_words}, {"from", from_name}, {"to", to_name}}),
          ""};
}

}  // namespace tcpviz::ui::narration
