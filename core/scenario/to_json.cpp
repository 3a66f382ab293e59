// scenario_to_json: a Scenario back to its JSON with every default filled in (what a trace's
// "scenario" holds and what the page puts in its URL hash). parse_scenario of the result
// gives back an equal Scenario; keys keep the order of SCENARIO_FORMAT.md.
#include "core/scenario/parse.hpp"
#include "core/scenario/parse_parts.hpp"
#include "core/wire/tcp_segment.hpp"

namespace tcpviz::scenario {
namespace {

using OJson = nlohmann::ordered_json;

OJson ms(Duration d) {
  if (d.count() % 1000 == 0) return OJson(static_cast<std::int64_t>(d.count() / 1000));
  return OJson(to_ms(d));
}

OJson direction_json(const LinkDirection& d) {
  OJson o = OJson::object();
  o["delay_ms"] = ms(d.delay);
  o["jitter_ms"] = ms(d.jitter);
  o["loss_pct"] = d.loss_pct;
  o["duplicate_pct"] = d.duplicate_pct;
  return o;
}

OJson overrides_json(const Overrides& v) {
  OJson o = OJson::object();
  auto put_ms = [&](const char* key, const std::optional<Duration>& d) {
    if (d) o[key] = ms(*d);
  };
  auto put_int = [&](const char* key, const std::optional<int>& n) {
    if (n) o[key] = *n;
  };
  put_ms("rto_initial_ms", v.rto_initial);
  put_ms("rto_min_ms", v.rto_min);
  put_ms("rto_max_ms", v.rto_max);
  put_ms("rto_after_syn_retransmit_ms", v.rto_after_syn_retransmit);
  put_int("syn_retries", v.syn_retries);
  put_int("syn_linear_timeouts", v.syn_linear_timeouts);
  put_int("synack_retries", v.synack_retries);
  put_int("data_retries", v.data_retries);
  put_ms("msl_ms", v.msl);
  put_ms("time_wait_ms", v.time_wait);
  if (v.fin_wait2_timeout) {
    o["fin_wait2_timeout_ms"] = *v.fin_wait2_timeout ? ms(**v.fin_wait2_timeout) : OJson(nullptr);
  }
  put_ms("delayed_ack_ms", v.delayed_ack);
  if (v.rfc1337) o["rfc1337"] = *v.rfc1337;
  if (v.receive_window) o["receive_window"] = *v.receive_window;
  return o;
}

OJson side_json(const SideConfig& s) {
  OJson o = OJson::object();
  o["name"] = s.name;
  o["ip"] = detail::ipv4_to_text(s.ip);
  o["port"] = s.port;
  if (s.isn.size() == 1) {
    o["isn"] = s.isn[0];
  } else if (!s.isn.empty()) {
    o["isn"] = s.isn;
  }
  OJson opt = OJson::object();
  if (s.options.mss) opt["mss"] = *s.options.mss ? OJson(**s.options.mss) : OJson(false);
  if (s.options.window_scale) {
    opt["wscale"] = *s.options.window_scale ? OJson(**s.options.window_scale) : OJson(false);
  }
  if (s.options.sack) opt["sack"] = *s.options.sack;
  if (s.options.timestamps) opt["timestamps"] = *s.options.timestamps;
  if (!opt.empty()) o["options"] = std::move(opt);
  return o;
}

OJson action_json(const Action& a) {
  OJson o = OJson::object();
  if (a.at) {
    o["at_ms"] = ms(*a.at);
  } else if (a.on) {
    o["on"] = std::string(side_name(a.on->first)) + ":" +
              std::string(trigger_event_name(a.on->second));
    if (a.after.count() != 0) o["after_ms"] = ms(a.after);
  }
  o["who"] = side_name(a.who);
  o["do"] = call_name(a.call);
  if (a.call == Call::Send) o["bytes"] = a.bytes;
  return o;
}

OJson expr_json(const SeqExpr& e) {
  if (e.var == SeqExpr::Var::None) return OJson(static_cast<std::uint32_t>(e.offset));
  return OJson(seq_expr_to_string(e));
}

OJson fault_json(const Fault& f) {
  OJson o = OJson::object();
  if (f.inject) {
    const Inject& in = *f.inject;
    OJson i = OJson::object();
    i["from"] = side_name(in.from);
    i["flags"] = wire::flags_to_string(wire::TcpFlags{in.flags});
    if (in.seq) i["seq"] = expr_json(*in.seq);
    if (in.ack) i["ack"] = expr_json(*in.ack);
    if (in.len != 0) i["len"] = in.len;
    if (in.conn) i["conn"] = *in.conn;
    o["inject"] = std::move(i);
    o["arrive_ms"] = ms(in.arrive);
    return o;
  }
  if (f.match) o["match"] = match_to_string(*f.match);
  if (f.drop) o["drop"] = true;
  if (f.delay.count() != 0) o["delay_ms"] = ms(f.delay);
  if (f.duplicate != 0) {
    o["duplicate"] = f.duplicate;
    o["gap_ms"] = ms(f.gap);
  }
  return o;
}

}  // namespace

std::string scenario_to_json(const Scenario& s) {
  OJson o = OJson::object();
  if (!s.title.empty()) o["title"] = s.title;
  o["profile"] = s.profile_name;
  OJson ov = overrides_json(s.overrides);
  if (!ov.empty()) o["overrides"] = std::move(ov);
  OJson link;
  if (s.link[0] == s.link[1]) {
    link = direction_json(s.link[0]);
  } else {
    link = OJson::object();
    link["c2s"] = direction_json(s.link[0]);
    link["s2c"] = direction_json(s.link[1]);
  }
  link["seed"] = s.seed;
  o["link"] = std::move(link);
  o["client"] = side_json(s.sides[0]);
  o["server"] = side_json(s.sides[1]);
  OJson actions = OJson::array();
  for (const Action& a : s.actions) actions.push_back(action_json(a));
  o["actions"] = std::move(actions);
  OJson faults = OJson::array();
  for (const Fault& f : s.faults) faults.push_back(fault_json(f));
  o["faults"] = std::move(faults);
  if (s.until) o["until_ms"] = ms(*s.until);
  return o.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace tcpviz::scenario
