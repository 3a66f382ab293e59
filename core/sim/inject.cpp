#include "core/sim/inject.hpp"

#include <algorithm>

#include "core/scenario/seq_expr.hpp"

namespace tcpviz::sim {
namespace {

scenario::SeqVariables variables_of(const tcp::Tcb* tcb) {
  scenario::SeqVariables v;
  if (tcb == nullptr) return v;
  v.iss = tcb->iss.raw();
  v.irs = tcb->irs.raw();
  v.snd_nxt = tcb->snd_nxt.raw();
  v.snd_una = tcb->snd_una.raw();
  v.rcv_nxt = tcb->rcv_nxt.raw();
  return v;
}

}  // namespace

wire::TcpSegment build_injected_segment(const scenario::Inject& inject, const tcp::Tcb* vars,
                                        std::uint16_t src_port, std::uint16_t dst_port) {
  const scenario::SeqVariables v = variables_of(vars);
  wire::TcpSegment seg;
  seg.src_port = src_port;
  seg.dst_port = dst_port;
  seg.flags.bits = inject.flags;
  seg.seq = wire::SeqNum(inject.seq ? scenario::evaluate_seq_expr(*inject.seq, v) : v.snd_nxt);
  if (inject.ack) {
    seg.ack = wire::SeqNum(scenario::evaluate_seq_expr(*inject.ack, v));
  } else if (seg.flags.ack()) {
    seg.ack = wire::SeqNum(v.rcv_nxt);
  }
  // The window the claimed connection would advertise (unscaled on the wire, RFC 7323 2.3);
  // with no connection, the largest unscaled window.
  std::uint32_t window = 65535;
  if (vars != nullptr) {
    const std::uint32_t shift = seg.flags.syn() ? 0u : std::min<std::uint32_t>(vars->rcv_wscale, 14);
    window = std::min<std::uint32_t>(vars->rcv_wnd >> shift, 65535);
  }
  seg.window = static_cast<std::uint16_t>(window);
  seg.payload_len = inject.len;
  return seg;
}

}  // namespace tcpviz::sim
