// Reading classic pcap and pcapng: real loopback captures (tests/data/pcap/README.md), their
// byte-order and precision variants, and damaged files. Expected times and lengths are what
// `tshark -r <file> -T fields -e frame.time_epoch -e frame.len -e frame.cap_len
// -e frame.interface_id` printed for the fixtures (Wireshark 4.0.17), the independent witness.
#include <catch2/catch.hpp>

#include <string>

#include "core/pcap/capture.hpp"
#include "tests/core/pcap_test_util.hpp"

using namespace tcpviz;
using namespace tcpviz::pcap;
using namespace tcpviz::pcap::testing;

namespace {

// tshark: frame 1 at 1795277252.453744000, frame 12 at 1795277252.497181000 (74 and 66 bytes).
constexpr std::int64_t kHttpFirstNs = 1795277252453744000;
constexpr std::int64_t kHttpLastNs = 1795277252497181000;

void check_http_ipv4(const Capture& c) {
  REQUIRE(c.packets.size() == 12);
  CHECK(c.warnings.empty());
  CHECK(c.packets[0].link_type == kLinkEthernet);
  CHECK(c.packets[0].epoch_ns == kHttpFirstNs);
  CHECK(c.packets[11].epoch_ns == kHttpLastNs);
  CHECK(c.packets[0].t == Time(0));
  CHECK(c.packets[11].t == Time(43437));
  CHECK(c.packets[0].orig_len == 74);
  CHECK(c.packets[0].caplen == 74);
  CHECK(c.packets[11].orig_len == 66);
  CHECK_FALSE(c.packets[0].truncated);
  CHECK(c.data(c.packets[0]).size() == 74);
  // An Ethernet frame on loopback: zero MACs, EtherType 0x0800 at offset 12.
  CHECK(c.data(c.packets[0])[12] == 0x08);
  CHECK(c.data(c.packets[0])[13] == 0x00);
}

// The same file as written by a big-endian machine: every header field byte-swapped.
std::vector<std::uint8_t> to_big_endian(const std::vector<std::uint8_t>& le) {
  std::vector<std::uint8_t> be = le;
  auto swap = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = 0; i < n / 2; ++i) std::swap(be[at + i], be[at + n - 1 - i]);
  };
  swap(0, 4);
  swap(4, 2);
  swap(6, 2);
  for (std::size_t at = 8; at < 24; at += 4) swap(at, 4);
  std::size_t at = 24;
  while (at + 16 <= be.size()) {
    const std::uint32_t caplen = le[at + 8] | (le[at + 9] << 8) | (le[at + 10] << 16) | (static_cast<std::uint32_t>(le[at + 11]) << 24);
    for (std::size_t f = 0; f < 16; f += 4) swap(at + f, 4);
    at += 16 + caplen;
  }
  return be;
}

}  // namespace

TEST_CASE("pcap: a microsecond little-endian capture made by tcpdump is read whole", "[pcap][reader]") {
  auto file = load_fixture("http-ipv4.pcap");
  auto c = read_capture(file);
  REQUIRE(c.ok());
  check_http_ipv4(*c);
}

TEST_CASE("pcap: the nanosecond magic 0xa1b23c4d gives the same times", "[pcap][reader]") {
  auto c = read_capture(load_fixture("http-ipv4-ns.pcap"));
  REQUIRE(c.ok());
  check_http_ipv4(*c);
}

TEST_CASE("pcap: a capture written by a big-endian machine reads the same", "[pcap][reader]") {
  auto le = load_fixture("http-ipv4.pcap");
  auto be = to_big_endian(le);
  REQUIRE(be[0] == 0xa1);  // the magic now in big-endian order
  auto c = read_capture(be);
  REQUIRE(c.ok());
  check_http_ipv4(*c);
}

TEST_CASE("pcapng: editcap's conversion of the same capture reads the same", "[pcap][pcapng][reader]") {
  auto c = read_capture(load_fixture("http-ipv4.pcapng"));
  REQUIRE(c.ok());
  check_http_ipv4(*c);
  CHECK(c->packets[0].interface == 0);
}

TEST_CASE("pcapng: dumpcap's nanosecond timestamps (if_tsresol 9) are exact", "[pcap][pcapng][reader]") {
  auto c = read_capture(load_fixture("refused.pcapng"));
  REQUIRE(c.ok());
  REQUIRE(c->packets.size() == 4);
  // tshark: frame 1 at 1795277254.657657480, frame 4 at 1795277254.712507550.
  CHECK(c->packets[0].epoch_ns == 1795277254657657480);
  CHECK(c->packets[3].epoch_ns == 1795277254712507550);
  CHECK(c->packets[3].t == Time(54850));  // 54.850070 ms, whole microseconds
  CHECK(c->packets[1].orig_len == 54);
}

TEST_CASE("pcapng: two sections each with their own interface", "[pcap][pcapng][reader]") {
  auto c = read_capture(load_fixture("two-sections.pcapng"));
  REQUIRE(c.ok());
  REQUIRE(c->packets.size() == 16);
  CHECK(c->warnings.empty());
  // tshark numbers interfaces per section (frame.interface_id 0 in both); this reader numbers
  // them across the file so the two stay apart.
  CHECK(c->packets[11].interface == 0);
  CHECK(c->packets[12].interface == 1);
  CHECK(c->packets[12].epoch_ns == 1795277254657657480);
  CHECK(c->packets[12].t == Time(2203913));  // tshark: frame 13 at +2.203913480 s
}

TEST_CASE("pcapng: big-endian sections and power-of-two timestamp resolution", "[pcap][pcapng][reader]") {
  for (bool big : {false, true}) {
    Writer w{big, {}};
    pcapng_block(w, 0x0A0D0D0Au, pcapng_shb_body(big));
    // if_tsresol 0x8A: units of 2^-10 s (draft-ietf-opsawg-pcapng 4.2, MSB set).
    pcapng_block(w, 1, pcapng_idb_body(big, 101, 65535, 0x8A));
    pcapng_block(w, 0x00000BAD, {1, 2, 3, 4});  // unknown: skipped by its length
    pcapng_block(w, 6, pcapng_epb_body(big, 0, 5 * 1024 + 512, {0x45, 0, 0, 20}, 60));
    // A Simple Packet Block: interface 0, no timestamp (takes the previous packet's).
    Writer spb{big, {}};
    spb.u32(3).bytes({0x60, 0, 0});
    pcapng_block(w, 3, spb.out);
    auto c = read_capture(w.out);
    REQUIRE(c.ok());
    REQUIRE(c->packets.size() == 2);
    CHECK(c->warnings.empty());
    CHECK(c->packets[0].epoch_ns == 5500000000);  // 5.5 s
    CHECK(c->packets[0].link_type == kLinkRaw);
    CHECK(c->packets[0].caplen == 4);
    CHECK(c->packets[0].orig_len == 60);
    CHECK(c->packets[0].truncated);
    CHECK(c->packets[1].caplen == 3);  // min(original length 3, what the block holds 4)
    CHECK(c->packets[1].epoch_ns == 5500000000);
  }
}

TEST_CASE("capture: empty input and unknown magic are errors naming what was found", "[pcap][reader]") {
  auto empty = read_capture({});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "empty file");

  std::vector<std::uint8_t> json = {'{', '"', 'a', '"', ':', '1', '}'};
  auto bad = read_capture(json);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "not a pcap or pcapng file: magic 0x7b226122 at offset 0");
}

TEST_CASE("pcap: a file header cut short is an error", "[pcap][reader]") {
  auto file = load_fixture("http-ipv4.pcap");
  file.resize(20);
  auto c = read_capture(file);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message.find("24") != std::string::npos);
}

TEST_CASE("pcap: a cut-off record keeps the packets before it and names its offset", "[pcap][reader]") {
  auto file = load_fixture("http-ipv4.pcap");
  // Records: 24 + (16 + 74) + (16 + 74) = 204 is where the third one starts.
  SECTION("record header cut") {
    file.resize(204 + 10);
    auto c = read_capture(file);
    REQUIRE(c.ok());
    CHECK(c->packets.size() == 2);
    REQUIRE(c->warnings.size() == 1);
    CHECK(c->warnings[0].find("offset 204") != std::string::npos);
  }
  SECTION("packet data cut") {
    file.resize(204 + 16 + 30);
    auto c = read_capture(file);
    REQUIRE(c.ok());
    CHECK(c->packets.size() == 2);
    REQUIRE(c->warnings.size() == 1);
    CHECK(c->warnings[0].find("offset 204") != std::string::npos);
    CHECK(c->warnings[0].find("past the end") != std::string::npos);
  }
}

TEST_CASE("pcap: absurd and inconsistent captured lengths", "[pcap][reader]") {
  SECTION("beyond any real packet: the reader stops there") {
    auto file = make_pcap(kLinkRaw, {{1, 2, 3}, {4, 5, 6}});
    // The second record starts at 24 + 16 + 3 = 43; its caplen field at 43 + 8.
    file[51] = 0x00;
    file[52] = 0x00;
    file[53] = 0x10;  // 0x00100000 = 1 MiB
    auto c = read_capture(file);
    REQUIRE(c.ok());
    CHECK(c->packets.size() == 1);
    REQUIRE(c->warnings.size() == 1);
    CHECK(c->warnings[0].find("offset 43") != std::string::npos);
  }
  SECTION("above the snap length: kept, with a warning") {
    auto file = make_pcap(kLinkRaw, {{1, 2, 3, 4, 5, 6, 7, 8}});
    file[16] = 4;  // snaplen 4
    file[17] = file[18] = file[19] = 0;
    auto c = read_capture(file);
    REQUIRE(c.ok());
    CHECK(c->packets.size() == 1);
    REQUIRE(c->warnings.size() == 1);
    CHECK(c->warnings[0].find("snap length 4") != std::string::npos);
  }
  SECTION("caplen below the original length marks the packet truncated") {
    auto file = make_pcap(kLinkRaw, {{1, 2, 3}});
    file[24 + 12] = 200;  // orig_len 200
    auto c = read_capture(file);
    REQUIRE(c.ok());
    REQUIRE(c->packets.size() == 1);
    CHECK(c->packets[0].truncated);
    CHECK(c->packets[0].orig_len == 200);
    CHECK(c->packets[0].caplen == 3);
  }
}

TEST_CASE("pcapng: a block length that lies stops the reader at that block", "[pcap][pcapng][reader]") {
  auto file = load_fixture("http-ipv4.pcapng");
  // Walk to the third block after the section header and interface (the second packet).
  auto u32 = [&](std::size_t at) {
    return file[at] | (file[at + 1] << 8) | (file[at + 2] << 16) | (static_cast<std::uint32_t>(file[at + 3]) << 24);
  };
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) at += u32(at + 4);  // SHB, IDB, first EPB
  const std::string where = "offset " + std::to_string(at);
  auto set_len = [&](std::uint32_t len) {
    file[at + 4] = static_cast<std::uint8_t>(len);
    file[at + 5] = static_cast<std::uint8_t>(len >> 8);
    file[at + 6] = static_cast<std::uint8_t>(len >> 16);
    file[at + 7] = static_cast<std::uint8_t>(len >> 24);
  };
  const std::uint32_t real = u32(at + 4);
  SECTION("not a multiple of 4") { set_len(real + 2); }
  SECTION("below the minimum") { set_len(8); }
  SECTION("beyond the end") { set_len(0x00F00000u); }
  SECTION("trailing copy differs") { set_len(real + 4); }
  auto c = read_capture(file);
  REQUIRE(c.ok());
  CHECK(c->packets.size() == 1);
  REQUIRE(c->warnings.size() == 1);
  CHECK(c->warnings[0].find(where) != std::string::npos);
}

TEST_CASE("pcapng: a damaged first section header is an error", "[pcap][pcapng][reader]") {
  auto file = load_fixture("http-ipv4.pcapng");
  SECTION("byte-order magic") {
    file[8] = 0x11;
    auto c = read_capture(file);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("byte-order magic") != std::string::npos);
  }
  SECTION("cut short") {
    file.resize(20);
    auto c = read_capture(file);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("offset 0") != std::string::npos);
  }
}

TEST_CASE("pcapng: a packet naming an undescribed interface is skipped", "[pcap][pcapng][reader]") {
  Writer w{false, {}};
  pcapng_block(w, 0x0A0D0D0Au, pcapng_shb_body(false));
  pcapng_block(w, 1, pcapng_idb_body(false, 1, 65535));
  pcapng_block(w, 6, pcapng_epb_body(false, 3, 0, {1, 2, 3, 4}, 4));
  pcapng_block(w, 6, pcapng_epb_body(false, 0, 7, {1, 2, 3, 4}, 4));
  auto c = read_capture(w.out);
  REQUIRE(c.ok());
  CHECK(c->packets.size() == 1);
  REQUIRE(c->warnings.size() == 1);
  CHECK(c->warnings[0].find("interface 3") != std::string::npos);
  CHECK(c->packets[0].epoch_ns == 7000);  // default resolution: microseconds
}
