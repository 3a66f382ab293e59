// parse_scenario: JSON text -> a validated Scenario (SCENARIO_FORMAT.md). Two passes: a SAX
// pass that checks the syntax (giving the byte offset of an error, since the web build has no
// exceptions to carry nlohmann's message), bounds the nesting and rejects duplicate keys
// (nlohmann would silently keep the last one); then field-by-field validation of the DOM.
#include <set>
#include <string>
#include <vector>

#include "core/scenario/parse.hpp"
#include "core/scenario/parse_parts.hpp"
#include "core/tcp/profile.hpp"

namespace tcpviz::scenario {
namespace {

using detail::Json;

class SyntaxChecker : public nlohmann::json_sax<Json> {
 public:
  std::string error;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (!keys_.back().insert(k).second) {
      error = detail::child_pointer(pointer(), k) + ": duplicate key";
      return false;
    }
    current_key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1,
    // column 5: syntax error while parsing value - unexpected '}'"; keep what follows "- ".
    std::string what = ex.what();
    std::size_t dash = what.rfind(" - ");
    std::string reason = dash == std::string::npos ? "syntax error" : what.substr(dash + 3);
    error = "JSON syntax error at byte " + std::to_string(position > 0 ? position - 1 : 0) +
            ": " + reason;
    return false;
  }

 private:
  struct Level {
    bool is_object;
    std::size_t index;  // next array element
    std::string key;    // the key of this level in its parent
  };

  std::string pointer() const {
    std::string p;
    for (std::size_t i = 1; i < levels_.size(); ++i) p += levels_[i].key;
    return p;
  }
  // The path segment a new value gets in the current container.
  std::string segment() {
    if (levels_.empty()) return "";
    Level& top = levels_.back();
    if (top.is_object) return detail::child_pointer("", current_key_);
    return "/" + std::to_string(top.index++);
  }
  bool value() {
    segment();
    return true;
  }
  bool open(bool is_object) {
    std::string seg = segment();
    if (levels_.size() >= detail::kMaxDepth) {
      error = pointer() + seg + ": nested too deeply (at most " +
              std::to_string(detail::kMaxDepth) + " levels)";
      return false;
    }
    levels_.push_back(Level{is_object, 0, seg});
    keys_.emplace_back();
    return true;
  }
  bool close() {
    levels_.pop_back();
    keys_.pop_back();
    return true;
  }

  std::vector<Level> levels_;
  std::vector<std::set<std::string>> keys_;
  std::string current_key_;
};

Result<Json> parse_json_checked(std::string_view text) {
  if (text.size() > detail::kMaxScenarioBytes) {
    return Error{"scenario is " + std::to_string(text.size()) + " bytes (at most " +
                 std::to_string(detail::kMaxScenarioBytes) + ")"};
  }
  SyntaxChecker checker;
  bool ok = Json::sax_parse(text.begin(), text.end(), &checker, Json::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) return Error{checker.error.empty() ? "JSON syntax error" : checker.error};
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error{"JSON syntax error"};
  return doc;
}

}  // namespace

Result<Scenario> parse_scenario(std::string_view json_text) {
  auto doc = parse_json_checked(json_text);
  if (!doc) return doc.error();
  const Json& j = *doc;
  auto known = detail::check_object(j, "", {"title", "profile", "overrides", "link", "client",
                                            "server", "actions", "faults", "until_ms"});
  if (!known) return known.error();

  Scenario s = default_scenario();
  if (const Json* v = detail::member(j, "title")) {
    auto t = detail::read_string(*v, "/title", detail::kMaxTitle);
    if (!t) return t.error();
    s.title = std::move(*t);
  }
  if (const Json* v = detail::member(j, "profile")) {
    auto p = detail::read_string(*v, "/profile", 32);
    if (!p) return p.error();
    if (!tcp::profile_by_name(*p)) {
      return detail::field_error("/profile", "unknown profile '" + *p +
                                                 "' (expected rfc, linux or linux-classic)");
    }
    s.profile_name = std::move(*p);
  }
  if (const Json* v = detail::member(j, "overrides")) {
    auto r = detail::parse_overrides(*v, "/overrides", s.overrides);
    if (!r) return r.error();
  }
  if (const Json* v = detail::member(j, "link")) {
    auto r = detail::parse_link(*v, "/link", s);
    if (!r) return r.error();
  }
  if (const Json* v = detail::member(j, "client")) {
    auto r = detail::parse_side(*v, "/client", s.sides[0]);
    if (!r) return r.error();
  }
  if (const Json* v = detail::member(j, "server")) {
    auto r = detail::parse_side(*v, "/server", s.sides[1]);
    if (!r) return r.error();
  }
  if (s.sides[0].ip == s.sides[1].ip && s.sides[0].port == s.sides[1].port) {
    return detail::field_error("/server/port",
                               "the server's address and port are the client's; a connection "
                               "needs two different ends");
  }
  const Json* actions = detail::member(j, "actions");
  if (actions == nullptr) {
    return detail::field_error("/actions", "missing (a scenario needs its list of actions)");
  }
  if (auto r = detail::parse_actions(*actions, "/actions", s.actions); !r) return r.error();
  if (const Json* v = detail::member(j, "faults")) {
    auto r = detail::parse_faults(*v, "/faults", s.faults);
    if (!r) return r.error();
  }
  if (const Json* v = detail::member(j, "until_ms")) {
    auto u = detail::read_ms(*v, "/until_ms", Duration{}, detail::kMaxTime);
    if (!u) return u.error();
    s.until = *u;
  }
  return s;
}

}  // namespace tcpviz::scenario
