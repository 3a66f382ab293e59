// What each state change means, in our own words (RFC 9293 section 3.5 and 3.6, figure 5).
// {who}/{peer} are the two sides; {to} is the new state's name as the user chose to see it.
#include <algorithm>
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
                   "still may. {ack_fin} It waits in {to} until its own application closes.",
                   "{who}收到对方的 FIN：对方不会再发数据了，但{who}自己还可以发。{ack_fin}"
                   "它在 {to} 中等待自己的应用程序关闭。",
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
                   "The {who} got the {peer}'s FIN and acknowledged it: {to}. It waits 2MSL (RFC 9293: "
                   "MSL is 2 minutes; Linux: a fixed 60 s) so that, if this last ACK is lost, the "
                   "{peer}'s retransmitted FIN can still be answered, and so that old duplicate "
                   "segments die out before the same ports are reused.",
                   "{who}收到对方的 FIN 并确认，进入 {to}。它要等待 2MSL（RFC 9293 规定 MSL 为 2 分钟；Linux 固定 60 秒）："
                   "如果最后这个 ACK 丢了，对方会重传 FIN，{who}还能再次确认；同时让旧连接的报文在网络中消失，"
                   "不会混进使用同样端口的新连接。",
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
    TransitionText{S::SynReceived, S::Listen,
                   "The {who} gives up this half-open connection and is back in {to}: its "
                   "listener waits for the next SYN.",
                   "{who}放弃了这个半连接，回到 {to}：它的监听套接字继续等待下一个 SYN。",
                   "RFC 9293 3.10.7.4"},
    TransitionText{S::TimeWait, S::Closed,
                   "The {who}'s TIME-WAIT timer expired (2MSL): {to}. The same 4-tuple may now be "
                   "used by a new connection.",
                   "{who}的 TIME_WAIT 计时器到期（2MSL），进入 {to}。同样的四元组现在可以被新连接使用了。",
                   "RFC 9293 3.6"},
};

// Variants the trace decides (ui/narration/narration.hpp: derived from the trace, so true
// for every run). Each replaces the table's text for one state pair in one situation.
struct Variant {
  std::string_view en, zh, rfc;
};

constexpr Variant kShutdown{
    "The {who}'s application shut down its sending direction (shutdown()), without closing the "
    "socket: it sends a FIN (\"I have no more data\") and enters {to}, waiting for that FIN to be "
    "acknowledged. It can still receive what the {peer} sends (a half-close).",
    "{who}的应用程序调用 shutdown() 只关闭了自己的发送方向，套接字并没有关闭：发送 FIN（“我没有数据要发了”），"
    "进入 {to}，等待对方确认这个 FIN。它仍然可以接收对方发来的数据（半关闭）。",
    "RFC 9293 3.6.1"};

constexpr Variant kSimultaneousClose{
    "The {who}'s application closed the connection: it sends a FIN and enters {to}. The {peer} "
    "closes too before this FIN reaches it, so the two FINs cross: a simultaneous close, not "
    "the four-way close's usual order.",
    "{who}的应用程序关闭连接：发送 FIN，进入 {to}。对方在收到这个 FIN 之前也关闭了，两个 FIN 在网络中交错："
    "这是同时关闭，不是四次挥手通常的顺序。",
    "RFC 9293 3.6 (figure 13)"};

constexpr Variant kSimultaneousOpenDone{
    "The {who} got the ACK of its SYN: the handshake is complete and the {who} is {to}. This was "
    "a simultaneous open: each side sent a SYN and a SYN-ACK, four segments in all, so it is not "
    "a three-way handshake.",
    "{who}收到对自己 SYN 的确认：握手完成，进入 {to}。这是同时打开：双方各发了一个 SYN 和一个 SYN+ACK，"
    "一共四个报文，所以不是三次握手。",
    "RFC 9293 3.5 (figure 7)"};

constexpr Variant kFinInSameSegment{
    "The {who}'s application closed at once: its FIN goes out in the same segment as the ACK of "
    "the {peer}'s FIN, so this close takes three segments, not four. It waits in {to} for the ACK "
    "of its FIN.",
    "{who}的应用程序也立即关闭了：它的 FIN 和对对方 FIN 的确认放在同一个报文里发出，所以这次关闭只用三个报文，"
    "不是四个。它在 {to} 中等待对自己 FIN 的确认。",
    "RFC 9293 3.6"};

constexpr Variant kTimeWaitShortExpired{
    "The {who}'s TIME-WAIT timer expired after {wait} ms, a wait this scenario shortened from "
    "2MSL: {to}. The same 4-tuple may now be used by a new connection.",
    "{who}的 TIME_WAIT 计时器在 {wait} 毫秒后到期（这个场景把 2MSL 缩短了），进入 {to}。同样的四元组现在可以被新连接使用了。",
    "RFC 9293 3.6"};

// State changes the table's text would misexplain: told by their cause (the trace's
// Transition::cause, as core/tcp and core/sim write it).
struct CauseText {
  S from, to;  // from == S::Closed here stands for any state
  std::string_view cause;  // how the trace's cause starts
  Variant text;
};

constexpr std::array kCauseTexts{
    CauseText{S::TimeWait, S::Closed, "rcv RST",
              {"An RST from the {peer} ended the {who}'s TIME-WAIT early: {to} at once, before "
               "2MSL had passed (the TIME-WAIT assassination RFC 1337 warns about).",
               "对方的 RST 提前结束了{who}的 TIME_WAIT：立即进入 {to}，没有等满 2MSL（RFC 1337 所说的 TIME_WAIT 暗杀）。",
               "RFC 9293 3.10.7.4; RFC 1337"}},
    CauseText{S::TimeWait, S::Closed, "SYN reopens TIME-WAIT",
              {"A new SYN for the same 4-tuple ended the {who}'s TIME-WAIT early: the old "
               "connection is {to}, and the listener takes the SYN as a new connection.",
               "同一个四元组上的新 SYN 提前结束了{who}的 TIME_WAIT：旧连接进入 {to}，监听套接字把这个 SYN 当作新连接接受。",
               "RFC 9293 3.10.7.4; RFC 6191"}},
    CauseText{S::TimeWait, S::Closed, "connect reuses TIME-WAIT 4-tuple",
              {"The {who}'s new connect() takes over the 4-tuple still in TIME-WAIT: the old "
               "connection is {to} before 2MSL has passed (Linux with tcp_tw_reuse).",
               "{who}新的 connect() 接管了仍处于 TIME_WAIT 的四元组：旧连接没等满 2MSL 就进入 {to}（Linux 的 tcp_tw_reuse）。",
               "Linux tcp_twsk_unique"}},
    CauseText{S::Closed, S::Closed, "host reboot",
              {"The {who} rebooted: it forgot this connection ({from}) without sending anything. "
               "The {peer} learns of it only when it next sends.",
               "{who}重启了：它忘掉了这个连接（{from}），什么也没有发送。对方要等到下次发送时才会发现。",
               "RFC 9293 3.5.1"}},
    CauseText{S::Listen, S::Closed, "user ",  // close or abort
              {"The {who}'s application closes its listening socket: {to}. Nothing is sent; a "
               "SYN to this port is now refused.",
               "{who}的应用程序关闭了监听套接字，进入 {to}。不发送任何报文；之后到达这个端口的 SYN 会被拒绝。",
               "RFC 9293 3.10.4, 3.10.5"}},
    CauseText{S::SynReceived, S::Closed, "listener closed",
              {"The {who}'s half-open connection ends with its listener: the application never "
               "accepted it, so it goes without sending anything; a later segment for it is "
               "refused.",
               "{who}的半连接随监听套接字一起结束：应用程序从未 accept() 它，所以它不发送任何报文就消失了；"
               "之后属于它的报文会被拒绝。",
               "Linux inet_csk_listen_stop"}},
    CauseText{S::SynReceived, S::FinWait1, "user close",
              {"The {who}'s application closed before the handshake completed: with nothing to "
               "send, it sends its FIN at once, without waiting for the ACK of its SYN, and "
               "enters {to}.",
               "{who}的应用程序在握手完成前就关闭了：没有数据要发，它立即发送 FIN，不等对自己 SYN 的确认，进入 {to}。",
               "RFC 9293 3.10.4"}},
};

// Linux's TCP_TIMEWAIT_LEN: the shortest TIME-WAIT a real stack uses (RFC 9293 asks 2MSL,
// 4 minutes). A shorter one in a trace is a scenario override.
constexpr Duration kShortestRealTimeWait = from_ms(60'000);

bool has_transition(const trace::Trace& t, const trace::Transition& x, S from, S to) {
  for (const trace::Transition& y : t.transitions) {
    if (y.t > x.t) break;
    if (y.conn == x.conn && y.who == x.who && y.from == from && y.to == to) return true;
  }
  return false;
}

template <class Pred>
const trace::Segment* sent_at(const trace::Trace& t, const trace::Transition& x, Pred pred) {
  const auto first = std::partition_point(t.segments.begin(), t.segments.end(),
                                          [&](const trace::Segment& s) { return s.sent < x.t; });
  for (auto it = first; it != t.segments.end() && it->sent == x.t; ++it) {
    if (it->from == x.who && it->conn == x.conn && pred(*it)) return &*it;
  }
  return nullptr;
}

const trace::Timer* timer_of(const trace::Trace& t, const trace::Transition& x, tcp::TimerKind k,
                             bool fired_now) {
  for (const trace::Timer& y : t.timers) {
    if (y.conn != x.conn || y.who != x.who || y.kind != k) continue;
    if (fired_now ? (y.end == trace::TimerEnd::Fired && y.end_t == x.t) : y.armed == x.t) return &y;
  }
  return nullptr;
}

std::string ms_words(Duration d) { return std::to_string(d.count() / 1000); }

}  // namespace

Line transition_line(const trace::Trace& t, const trace::Transition& x, Language lang,
                     bool linux_names) {
  const bool zh = lang == Language::Zh;
  const S from = x.from;
  const S to = x.to;
  const std::string who_words = side_words(t, x.who, lang);
  const std::string peer_words = side_words(t, trace::peer_of(x.who), lang);
  const std::string to_name(layout::state_label(to, linux_names));
  const std::string from_name(layout::state_label(from, linux_names));

  // The ACK of the peer's FIN: sent now, or held back by the delayed-ACK timer (Linux marks
  // the socket pingpong on a FIN and delays it, tcp_fin), or unknown without a trace.
  std::string ack_fin;
  if (from == S::Established && to == S::CloseWait) {
    if (sent_at(t, x, [](const trace::Segment& s) { return s.tcp.flags.ack(); })) {
      ack_fin = zh ? "它立即确认这个 FIN。" : "It acknowledges the FIN at once.";
    } else if (timer_of(t, x, tcp::TimerKind::DelayedAck, false)) {
      ack_fin = zh ? "它稍后才确认这个 FIN：Linux 会把这个 ACK 稍微延迟，看能否让自己的数据或 FIN 顺带捎上它。"
                   : "It will acknowledge the FIN a little later: Linux delays this ACK briefly, "
                     "in case its own data or FIN can carry it.";
    } else {
      ack_fin = zh ? "它要确认这个 FIN。" : "It must acknowledge the FIN.";
    }
  }
  std::string wait;
  const trace::Timer* tw = nullptr;
  if (to == S::TimeWait) tw = timer_of(t, x, tcp::TimerKind::TimeWait, false);
  if (from == S::TimeWait && to == S::Closed) tw = timer_of(t, x, tcp::TimerKind::TimeWait, true);
  if (tw) wait = ms_words(tw->deadline - tw->armed);
  const bool short_wait = tw && tw->deadline - tw->armed < kShortestRealTimeWait;

  const Variant* variant = nullptr;
  if (from == S::Established && to == S::FinWait1) {
    // Both sides leave ESTABLISHED for FIN-WAIT-1: each closed before the other's FIN came.
    for (const trace::Transition& y : t.transitions) {
      if (y.conn == x.conn && y.who != x.who && y.from == S::Established && y.to == S::FinWait1) {
        variant = &kSimultaneousClose;
      }
    }
    if (x.cause == "user shutdown") variant = &kShutdown;
  }
  if (from == S::SynReceived && to == S::Established &&
      has_transition(t, x, S::SynSent, S::SynReceived)) {
    variant = &kSimultaneousOpenDone;
  }
  if (from == S::CloseWait && to == S::LastAck &&
      sent_at(t, x, [](const trace::Segment& s) { return s.tcp.flags.fin() && s.tcp.flags.ack(); }) &&
      !sent_at(t, x, [](const trace::Segment& s) { return !s.tcp.flags.fin() && s.tcp.flags.ack(); })) {
    // Only when the peer's FIN arrived at this same moment: otherwise its ACK went earlier.
    bool fin_now = false;
    for (const trace::Transition& y : t.transitions) {
      if (y.t == x.t && y.conn == x.conn && y.who == x.who && y.from == S::Established &&
          y.to == S::CloseWait) {
        fin_now = true;
      }
    }
    if (fin_now) variant = &kFinInSameSegment;
  }
  if (from == S::TimeWait && to == S::Closed && short_wait) variant = &kTimeWaitShortExpired;

  const auto values = [&](std::string_view tmpl) {
    return fill(tmpl, {{"who", who_words},
                       {"peer", peer_words},
                       {"to", to_name},
                       {"ack_fin", ack_fin},
                       {"wait", wait}});
  };
  const auto finish = [&](std::string text, std::string_view rfc) {
    if (to == S::TimeWait && tw) {
      text += short_wait
                  ? values(zh ? "这个场景把等待缩短为 {wait} 毫秒，远少于 2MSL：在真实网络里这不足以让旧报文消失，"
                                "这里只是为了节省演示时间。"
                              : " This scenario shortens the wait to {wait} ms, far less than "
                                "2MSL: in a real network that is too short for old segments to "
                                "die out; here it only saves time.")
                  : values(zh ? "这里等待 {wait} 毫秒。" : " Here it waits {wait} ms.");
    }
    if (!zh && !text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return Line{std::move(text), std::string(rfc)};
  };
  for (const CauseText& c : kCauseTexts) {
    if ((c.from == from || c.from == S::Closed) && c.to == to &&
        x.cause.substr(0, c.cause.size()) == c.cause) {
      variant = &c.text;
    }
  }
  if (variant) {
    return finish(fill(zh ? variant->zh : variant->en, {{"who", who_words},
                                                        {"peer", peer_words},
                                                        {"from", from_name},
                                                        {"to", to_name},
                                                        {"ack_fin", ack_fin},
                                                        {"wait", wait}}),
                  variant->rfc);
  }
  for (const TransitionText& tt : kTexts) {
    if (tt.from == from && tt.to == to) return finish(values(zh ? tt.zh : tt.en), tt.rfc);
  }
  // Aborts, resets, timeouts and anything unusual: say what changed, by its cause when the
  // trace names one of these.
  struct EndText {
    std::string_view cause, en, zh;
  };
  static constexpr std::array kEnds{
      EndText{"rcv RST", "The {who}'s connection was reset by the {peer}: {from} -> {to} at once.",
              "{who}的连接被对方复位：立即从 {from} 进入 {to}。"},
      EndText{"retransmission limit",
              "The {who} gives up: its retransmissions went unanswered, so the connection times "
              "out ({from} -> {to}).",
              "{who}放弃了：重传一直没有得到回应，连接超时（{from} → {to}）。"},
      EndText{"user abort",
              "The {who}'s application aborted the connection: {from} -> {to} at once, without "
              "a FIN.",
              "{who}的应用程序中止了连接：立即从 {from} 进入 {to}，不发 FIN。"},
      EndText{"user close",
              "The {who}'s application closed the connection before anything was established: "
              "{from} -> {to}, nothing to tell the {peer}.",
              "{who}的应用程序在连接建立之前就关闭了：从 {from} 进入 {to}，不需要通知对方。"},
      EndText{"FIN-WAIT-2 timeout",
              "The {who} stops waiting for the {peer}'s FIN: its application has closed the "
              "socket, and Linux's FIN-WAIT-2 timeout ends the connection ({from} -> {to}).",
              "{who}不再等待对方的 FIN：应用程序已经关闭了套接字，Linux 的 FIN_WAIT2 超时结束了这个连接（{from} → {to}）。"},
      EndText{"rcv data after close",
              "New data arrived after the {who}'s application closed the socket: nobody can "
              "read it, so the {who} resets the connection ({from} -> {to}).",
              "{who}的应用程序关闭套接字之后又来了新数据：没有人能读取它，所以{who}复位了连接（{from} → {to}）。"},
  };
  if (from == S::SynSent && to == S::Closed && x.cause == "rcv RST") {
    return {fill(zh ? "{who}的连接请求被拒绝：对方用 RST 回答了它的 SYN（{from} → {to}）。"
                    : "The {who}'s connection attempt is refused: the {peer} answered its SYN "
                      "with RST ({from} -> {to}).",
                 {{"who", who_words}, {"peer", peer_words}, {"from", from_name}, {"to", to_name}}),
            std::string(x.rfc)};
  }
  for (const EndText& e : kEnds) {
    if (to == S::Closed && x.cause == e.cause) {
      return {fill(zh ? e.zh : e.en, {{"who", who_words},
                                      {"peer", peer_words},
                                      {"from", from_name},
                                      {"to", to_name}}),
              std::string(x.rfc)};
    }
  }
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

Line transition_line(trace::Side who, tcp::State from, tcp::State to, Language lang,
                     bool linux_names) {
  const trace::Trace none;
  trace::Transition x;
  x.who = who;
  x.from = from;
  x.to = to;
  return transition_line(none, x, lang, linux_names);
}

}  // namespace tcpviz::ui::narration
