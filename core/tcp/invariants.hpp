// RFC invariants of one connection, checked by the tests after every event.
#pragma once

#include <optional>
#include <string>

#include "core/tcp/connection.hpp"

namespace tcpviz::tcp {

// nullopt when every invariant holds; otherwise a sentence naming the broken one, e.g.
// "SND.UNA=5 is after SND.NXT=3". Checks: SND.UNA =< SND.NXT (RFC 9293 3.3.1), no timer in
// CLOSED or LISTEN, the 2MSL timer armed in TIME-WAIT and only it, a retransmission timer
// whenever sequence space is unacknowledged (RFC 6298 5.1), FIN-WAIT-2 only after our FIN
// was acknowledged, RCV.NXT = IRS+1 once a SYN was received.
std::optional<std::string> check_invariants(const Connection& c);

}  // namespace tcpviz::tcp
