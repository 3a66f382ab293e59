// The seq/ack expressions of an injected segment (SCENARIO_FORMAT.md, "inject"): a number, or
// one of the side's TCB variables (RFC 9293 3.3.1 names) plus or minus a number.
#include "core/scenario/seq_expr.hpp"

#include <cctype>

namespace tcpviz::scenario {
namespace {

constexpr std::uint64_t kMaxU32 = 0xFFFFFFFFull;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Decimal digits only, at most 2^32 - 1.
std::optional<std::uint64_t> parse_u32_text(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > kMaxU32) return std::nullopt;
  return v;
}

}  // namespace

Result<SeqExpr> parse_seq_expr(std::string_view text) {
  constexpr std::string_view kExpected =
      "expected a number or iss, irs, snd.nxt, snd.una, rcv.nxt with an optional +N or -N";
  std::string_view s = trim(text);
  if (s.size() > 64) return Error{"expression too long (at most 64 characters)"};
  SeqExpr e;
  if (auto n = parse_u32_text(s)) {
    e.offset = static_cast<std::int64_t>(*n);
    e.text = seq_expr_to_string(e);
    return e;
  }
  std::size_t op = s.find_first_of("+-");
  std::string_view var = trim(s.substr(0, op));
  bool known = false;
  for (auto v : {SeqExpr::Var::Iss, SeqExpr::Var::Irs, SeqExpr::Var::SndNxt,
                 SeqExpr::Var::SndUna, SeqExpr::Var::RcvNxt}) {
    std::string_view name = seq_var_name(v);
    bool same = name.size() == var.size();
    for (std::size_t i = 0; same && i < name.size(); ++i) {
      same = std::tolower(static_cast<unsigned char>(var[i])) == name[i];
    }
    if (same) {
      e.var = v;
      known = true;
    }
  }
  if (!known) {
    return Error{"'" + std::string(s) + "': " + std::string(kExpected)};
  }
  if (op != std::string_view::npos) {
    auto n = parse_u32_text(trim(s.substr(op + 1)));
    if (!n) {
      return Error{"'" + std::string(s) + "': the offset after '" + std::string(1, s[op]) +
                   "' must be a number from 0 to 4294967295"};
    }
    e.offset = s[op] == '-' ? -static_cast<std::int64_t>(*n) : static_cast<std::int64_t>(*n);
  }
  e.text = seq_expr_to_string(e);
  return e;
}

std::string seq_expr_to_string(const SeqExpr& e) {
  if (e.var == SeqExpr::Var::None) return std::to_string(e.offset);
  std::string out(seq_var_name(e.var));
  if (e.offset > 0) out += "+" + std::to_string(e.offset);
  if (e.offset < 0) out += "-" + std::to_string(-e.offset);
  return out;
}

std::uint32_t evaluate_seq_expr(const SeqExpr& e, const SeqVariables& vars) {
  std::uint32_t base = 0;
  switch (e.var) {
    case SeqExpr::Var::None: base = 0; break;
    case SeqExpr::Var::Iss: base = vars.iss; break;
    case SeqExpr::Var::Irs: base = vars.irs; break;
    case SeqExpr::Var::SndNxt: base = vars.snd_nxt; break;
    case SeqExpr::Var::SndUna: base = vars.snd_una; break;
    case SeqExpr::Var::RcvNxt: base = vars.rcv_nxt; break;
  }
  // Sequence space is modulo 2^32 (RFC 9293 3.4): "iss-1000" wraps below zero.
  return base + static_cast<std::uint32_t>(static_cast<std::uint64_t>(e.offset) & kMaxU32);
}

}  // namespace tcpviz::scenario
