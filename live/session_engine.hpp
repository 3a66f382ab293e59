// The engine a LiveSession's reader thread drives: the pure Host or Relay behind one small
// interface, so the loop in session.cpp is the same for both modes (session_engines.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/scenario/scenario.hpp"
#include "core/trace/trace.hpp"
#include "core/util/time.hpp"
#include "live/session.hpp"
#include "live/session_snapshot.hpp"

namespace tcpviz::live {

class SessionEngine {
 public:
  virtual ~SessionEngine() = default;
  virtual void begin(Time now) = 0;  // host mode: opens the --connect connections
  virtual void frame_arrived(Time now, std::size_t port, std::span<const std::uint8_t> frame) = 0;
  virtual void advance(Time now) = 0;
  virtual std::optional<Time> next_deadline() const = 0;
  virtual void flush(FrameIo& io) = 0;  // writes the outbox and clears it
  virtual std::vector<std::string> take_log() = 0;
  // Whether this engine can take new fault rules while it runs (see session_engines.cpp).
  virtual bool faults_editable() const = 0;
  virtual void set_faults(const std::vector<scenario::Fault>& faults) = 0;
  virtual void finish(Time now) = 0;
  virtual const trace::Trace& trace() const = 0;
  virtual std::vector<SessionCounter> counters() const = 0;
  // Changes whenever the trace or the counters may have changed (frames in or out, entries
  // recorded): the loop publishes a new snapshot only then.
  virtual std::uint64_t change_mark() const = 0;
};

std::unique_ptr<SessionEngine> make_session_engine(const LiveSessionConfig& config);

// Replacing the fault rules of a running Host or Relay needs a `set_faults(rules)` member on
// it (which must reset the rules' `#n` counts, sim::FaultRules::reset). Detected at compile
// time, so the session takes it up as soon as the engine offers it; until then the rules
// given at start stay in force and the live panel says a restart is needed to change them.
template <class Pure>
constexpr bool kCanSetFaults =
    requires(Pure& p, const std::vector<scenario::Fault>& f) { p.set_faults(f); };

}  // namespace tcpviz::live
