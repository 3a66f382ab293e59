// Parsing and evaluating the seq/ack expressions of injected segments ("snd.nxt",
// "iss-1000", "rcv.nxt+1000", "12345"). The simulator evaluates them with the variables of
// the connection the injected segment claims to belong to.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/scenario/scenario.hpp"
#include "core/util/result.hpp"

namespace tcpviz::scenario {

// The message of an error has no JSON pointer; the caller adds it.
Result<SeqExpr> parse_seq_expr(std::string_view text);

struct SeqVariables {
  std::uint32_t iss = 0, irs = 0, snd_nxt = 0, snd_una = 0, rcv_nxt = 0;
};
// The value modulo 2^32.
std::uint32_t evaluate_seq_expr(const SeqExpr& e, const SeqVariables& vars);

}  // namespace tcpviz::scenario
