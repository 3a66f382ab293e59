// Ties what the connections report (tcp::Effects) to the trace. For the length of a run the
// trace's transitions, decisions and application events live in the simulator's Effects: the
// connections stamp each record with the label set before each input (begin_input), so they
// are appended straight to the trace, with no copy. What is left to do after an input is the
// timer records (Armed opens one, Cancelled or Fired closes it, one still armed when the run
// ends stays Pending). Segments are recorded here as they are sent; the simulator decides
// their fate on the link.
#pragma once

#include <cstdint>
#include <optional>

#include "core/sim/host.hpp"
#include "core/tcp/effects.hpp"
#include "core/trace/trace.hpp"

namespace tcpviz::sim {

class Recorder {
 public:
  // The start of a run: `fx` takes the trace's (cleared) transition, decision and app-event
  // vectors, and finish() gives them back. A swap, not a copy: both keep their capacity, so a
  // warm simulator allocates nothing for them.
  void bind(trace::Trace& out, tcp::Effects& fx);

  // Before an input to endpoint `e` of `who`: the label the connection stamps on its records
  // (a listener's records carry the number of the connection it would make next).
  void begin_input(trace::Side who, const Endpoint& e, Time now,
                   std::optional<std::uint32_t> segment) {
    const std::uint32_t conn =
        e.listener ? static_cast<std::uint32_t>(out_->conns.size()) : e.conn;
    fx_->begin_input(tcp::Label{now, conn, who, segment});
  }
  // After the input: its timer changes become timer records, and its records take `e.conn`
  // if the simulator numbered the connection only after the input (a listener's copy).
  void record(trace::Side who, Endpoint& e, Time now);
  // A transition the simulator makes on its own (a reboot, a TIME-WAIT taken over).
  void transition(trace::Side who, std::uint32_t conn, Time now, tcp::State from, tcp::State to,
                  std::string_view cause, std::string_view rfc);
  void decision(trace::Side who, std::uint32_t conn, Time now,
                std::optional<std::uint32_t> segment, const tcp::Decision& what);
  // An application event the simulator reports on its own (`closed` of a TCB it ended).
  void app_event(trace::Side who, std::uint32_t conn, Time now, tcp::AppEventKind kind);
  // A segment put on the wire at `sent` by `from` for connection `conn`: its record, with its
  // trace id (its index) and its relative numbers. The simulator fills in its fate.
  // Inline, and room is tested here and made out of line (a tail call, recorder.cpp): with the
  // vector's growth path inlined, every call saved and restored six registers.
  trace::Segment& segment(trace::Side from, std::uint32_t conn, const wire::TcpSegment& seg,
                          Time sent) {
    trace::Trace& t = *out_;
    if (t.segments.size() == t.segments.capacity()) return segment_growing(from, conn, seg, sent);
    // Relative numbers as Wireshark shows them: to the sender's ISN, the ack to the receiver's.
    // Before an ISN is known (a reply for a connection this side never had) the raw value
    // shows.
    std::uint32_t from_isn = 0;
    std::uint32_t to_isn = 0;
    if (conn < t.conns.size()) {
      const auto& isn = t.conns[conn].isn;
      const auto& f = isn[static_cast<std::size_t>(from)];
      const auto& r = isn[static_cast<std::size_t>(trace::peer_of(from))];
      if (f) from_isn = f->raw();
      if (r) to_isn = r->raw();
    }
    const auto id = static_cast<std::uint32_t>(t.segments.size());
    trace::Segment& s = t.segments.emplace_back();
    s.id = id;
    s.conn = conn;
    s.from = from;
    s.tcp = seg;
    s.sent = sent;
    s.arrive = sent;
    s.rel_seq = seg.seq.raw() - from_isn;
    if (seg.flags.ack()) s.rel_ack = seg.ack.raw() - to_isn;
    return s;
  }
  // Closes every timer record `e` still has open (its TCB is gone).
  void close_timers(Endpoint& e, Time now, trace::TimerEnd how);
  // The end of the run: the records go back to the trace, open timers stay Pending, segments
  // not yet arrived are InFlight. `arrivals_pending` is false when the run handled every event
  // it queued: then every segment not dropped has arrived by `end`, and the segments need no
  // look.
  void finish(Time end, bool arrivals_pending);
  // After finish(): transitions, decisions and application events naming connection `first`
  // or later (connections the run never made) name `to` instead.
  void relabel_missing(std::uint32_t first, std::uint32_t to);

 private:
  trace::Segment& segment_growing(trace::Side from, std::uint32_t conn,
                                  const wire::TcpSegment& seg, Time sent);

  trace::Trace* out_ = nullptr;
  tcp::Effects* fx_ = nullptr;
};

}  // namespace tcpviz::sim
