// base64url (RFC 4648 section 5) for the page's URL hash, and scenario links.
#include <catch2/catch.hpp>

#include "core/scenario/link.hpp"
#include "core/scenario/parse.hpp"

using namespace tcpviz;
using namespace tcpviz::scenario;

TEST_CASE("base64url matches the RFC 4648 section 10 test vectors without padding", "[scenario][link]") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("foob") == "Zm9vYg");
  CHECK(base64url_encode("fooba") == "Zm9vYmE");
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
  // The URL-safe alphabet: 62 is '-', 63 is '_' (RFC 4648 section 5).
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(*base64url_decode("Zm9vYg") == "foob");
  CHECK(*base64url_decode("Zm9vYg==") == "foob");
  CHECK(*base64url_decode("-_8") == "\xfb\xff");
}

TEST_CASE("base64url round trip over every byte value", "[scenario][link]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n < all.size(); n += 37) {
    std::string part = all.substr(n);
    auto back = base64url_decode(base64url_encode(part));
    REQUIRE(back.ok());
    CHECK(*back == part);
  }
}

TEST_CASE("base64url rejects bad input with a reason", "[scenario][link]") {
  CHECK(base64url_decode("Zm9v+A").error().message.find("'+' at offset 4") != std::string::npos);
  CHECK(base64url_decode("Zm9v/A").error().message.find("'/'") != std::string::npos);
  CHECK_FALSE(base64url_decode("Z").ok());          // 6 bits cannot be a byte
  CHECK_FALSE(base64url_decode("Zh").ok());         // non-zero pad bits
  CHECK_FALSE(base64url_decode("Zg=").ok());        // padding not ending a group of four
  CHECK_FALSE(base64url_decode("Zm 9v").ok());
  CHECK_FALSE(base64url_decode(std::string(kMaxLinkChars + 1, 'A')).ok());
}

TEST_CASE("a scenario survives its link", "[scenario][link]") {
  auto s = parse_scenario(R"({"title": "x", "actions": [{"at_ms": 0, "who": "server", "do": "listen"}],
                              "faults": [{"match": "server SYN|ACK #1", "drop": true}]})");
  REQUIRE(s.ok());
  std::string link = scenario_to_link(*s);
  CHECK(link.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  auto back = scenario_from_link("#" + link);
  REQUIRE(back.ok());
  CHECK(*back == *s);
  CHECK(scenario_from_link("").error().message.find("empty") != std::string::npos);
  CHECK(scenario_from_link("#e30").error().message == "link: scenario: /actions: missing (a scenario needs its list of actions)");
}
