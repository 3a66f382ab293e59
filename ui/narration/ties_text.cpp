// A tie the simulator had to break: a segment arrived at the very instant one of the
// receiver's timers was due. SCENARIO_FORMAT.md fixes the order (arrivals, then timers), so
// the arrival was handled first and stopped or restarted the timer; on a real host timers run
// a few milliseconds late and either may come first (a 6.18 kernel, SYN,ACK lost twice with
// 50 ms each way: two runs in three resent the SYN,ACK on its timer just before the client's
// SYN came, and the handshake ended a second earlier than here). The trace shows the tie as a
// timer cancelled at its own deadline.
#include "ui/narration/fill.hpp"
#include "ui/narration/narration.hpp"

namespace tcpviz::ui::narration {

namespace {

std::string_view timer_words(tcp::TimerKind k, Language lang) {
  const bool zh = lang == Language::Zh;
  switch (k) {
    case tcp::TimerKind::Retransmit: return zh ? "重传" : "retransmission";
    case tcp::TimerKind::TimeWait: return zh ? "TIME-WAIT " : "TIME-WAIT";
    case tcp::TimerKind::FinWait2: return zh ? "FIN-WAIT-2 " : "FIN-WAIT-2";
    case tcp::TimerKind::DelayedAck: return zh ? "延迟确认" : "delayed-ACK";
  }
  return "";
}

}  // namespace

std::optional<Line> timer_tie_line(const trace::Trace& t, Time at, Language lang) {
  for (const trace::Timer& x : t.timers) {
    if (x.end != trace::TimerEnd::Cancelled || x.end_t != at || x.deadline != at) continue;
    const std::string who = side_words(t, x.who, lang);
    const std::string timer(timer_words(x.kind, lang));
    if (lang == Language::Zh) {
      return Line{fill("同一时刻{who}的{timer}计时器也恰好到期。本模拟器对同一时刻的事件先处理到达的报文、"
                       "再处理计时器，所以这里是报文的处理停掉或重启了这个计时器；真实主机的计时器总会晚几毫秒，"
                       "两者谁先都有可能，接下来发送的报文也可能因此不同。",
                       {{"who", who}, {"timer", timer}}),
                  ""};
    }
    return Line{fill("At this same instant the {who}'s {timer} timer was due too. tcpviz handles "
                     "an arriving segment before a timer due at the same moment, so here the "
                     "arrival stopped or restarted that timer; on a real host timers run a few "
                     "milliseconds late and either may come first, which can change what is "
                     "sent next.",
                     {{"who", who}, {"timer", timer}}),
                ""};
  }
  return std::nullopt;
}

}  // namespace tcpviz::ui::narration
