// The desktop app's live session (live/session.hpp) without a TAP: a fake frame source feeds
// crafted frames to the session's reader thread, and the test reads what the UI thread would
// see through snapshot_if_changed(). Protocol facts checked here come from RFC 826 (ARP),
// RFC 9293 3.5 (the handshake) and the recorder's caps (trace_recorder.hpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario/parse.hpp"
#include "core/tcp/profile.hpp"
#include "core/wire/packet_builder.hpp"
#include "core/wire/tcp_codec.hpp"
#include "live/link_frames.hpp"
#include "live/session.hpp"
#include "live/session_engine.hpp"

using namespace tcpviz;
using namespace tcpviz::live;
using namespace std::chrono_literals;

namespace {

const wire::MacAddress kPeerMac{{0x02, 0, 0, 0, 0, 0x01}};
const wire::MacAddress kHostMac{{0x02, 0, 0, 0, 0, 0x02}};
const wire::Ipv4Address kPeerIp = wire::Ipv4Address::from_octets(192, 0, 2, 1);
const wire::Ipv4Address kHostIp = wire::Ipv4Address::from_octets(192, 0, 2, 2);

// Frames the test pushes are read by the session's thread; frames it writes are kept.
class FakeFrameIo final : public FrameIo {
 public:
  explicit FakeFrameIo(std::size_t ports) : in_(ports), out_(ports) {}
  std::size_t port_count() const override { return in_.size(); }
  void wait(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] {
      for (const auto& q : in_) if (!q.empty()) return true;
      return false;
    });
  }
  Result<std::size_t> read_frame(std::size_t port, std::span<std::uint8_t> buffer) override {
    std::lock_guard lock(mutex_);
    if (in_[port].empty()) return std::size_t{0};
    auto f = std::move(in_[port].front());
    in_[port].pop_front();
    std::copy(f.begin(), f.end(), buffer.begin());
    return f.size();
  }
  void write_frame(std::size_t port, std::span<const std::uint8_t> frame) override {
    std::lock_guard lock(mutex_);
    out_[port].emplace_back(frame.begin(), frame.end());
  }

  // Test side.
  void push(std::size_t port, std::vector<std::uint8_t> frame) {
    {
      std::lock_guard lock(mutex_);
      in_[port].push_back(std::move(frame));
    }
    cv_.notify_all();
  }
  std::vector<std::vector<std::uint8_t>> written(std::size_t port) {
    std::lock_guard lock(mutex_);
    return out_[port];
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::deque<std::vector<std::uint8_t>>> in_;
  std::vector<std::vector<std::vector<std::uint8_t>>> out_;
};

LiveSessionConfig host_config() {
  LiveSessionConfig c;
  c.mode = SessionMode::Host;
  c.host.services.push_back(ServiceSpec{ServiceKind::Http, 80});
  c.host.profile = *tcp::profile_by_name("linux");
  c.host.isn_key = SipKey{1, 2};
  c.description = "test host";
  c.publish_interval = from_ms(5);
  return c;
}

std::vector<std::uint8_t> arp_request_for_host() {
  std::vector<std::uint8_t> f(60, 0);
  write_ethernet(f, EthernetHeader{wire::MacAddress::broadcast(), kPeerMac, kEtherTypeArp});
  write_arp(std::span(f).subspan(14), ArpPacket{kArpRequest, kPeerMac, kPeerIp, {}, kHostIp});
  return f;
}

std::vector<std::uint8_t> tcp_frame(const wire::TcpSegment& seg, wire::Ipv4Address src = kPeerIp,
                                    wire::Ipv4Address dst = kHostIp) {
  auto packet = wire::build_ipv4_tcp(seg, {}, wire::Ipv4TcpAddressing{src, dst, 1, 64});
  REQUIRE(packet.ok());
  std::vector<std::uint8_t> f(14 + packet->size());
  write_ethernet(f, EthernetHeader{kHostMac, kPeerMac, kEtherTypeIpv4});
  std::copy(packet->begin(), packet->end(), f.begin() + 14);
  return f;
}

wire::TcpSegment syn_from(std::uint16_t port, std::uint32_t isn = 1000) {
  wire::TcpSegment syn;
  syn.src_port = port;
  syn.dst_port = 80;
  syn.seq = wire::SeqNum(isn);
  syn.flags.bits = wire::TcpFlags::kSyn;
  syn.window = 64240;
  return syn;
}

// Polls as the UI does once per frame, until `done` holds or two seconds pass.
template <class Pred>
std::optional<SessionSnapshot> wait_for(const LiveSession& s, Pred done) {
  std::uint64_t seen = 0;
  std::optional<SessionSnapshot> last;
  const auto limit = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < limit) {
    if (auto snap = s.snapshot_if_changed(seen)) {
      seen = snap->generation;
      last = std::move(snap);
      if (done(*last)) return last;
    }
    std::this_thread::sleep_for(2ms);
  }
  return last;
}

}  // namespace

TEST_CASE("Live session: a SYN to the host shows as a new connection, then active after the third step of the handshake") {
  auto io = std::make_unique<FakeFrameIo>(1);
  FakeFrameIo* fake = io.get();
  auto session = LiveSession::start(host_config(), std::move(io));
  REQUIRE(session.ok());
  fake->push(0, arp_request_for_host());  // RFC 826: teaches the host our MAC
  fake->push(0, tcp_frame(syn_from(40000)));

  auto snap = wait_for(**session, [](const SessionSnapshot& s) { return !s.connections.empty(); });
  REQUIRE(snap);
  REQUIRE(snap->connections.size() == 1);
  const auto& c = snap->connections[0];
  CHECK(c.port[0] == 40000);
  CHECK(c.port[1] == 80);
  CHECK(c.ip[0] == kPeerIp.value);
  CHECK(c.status == ConnectionStatus::New);
  // RFC 9293 3.5: LISTEN answers a SYN with a SYN,ACK and moves to SYN-RECEIVED.
  CHECK_FALSE(c.state[0]);  // host mode: only our (the server's) state machine runs
  REQUIRE(c.state[1]);
  CHECK(*c.state[1] == tcp::State::SynReceived);
  CHECK(snap->running);
  CHECK(snap->trace->segments.size() == 2);

  // The SYN,ACK went out on the link; ACK it (ack = its ISN + 1) to complete the handshake.
  std::optional<wire::TcpSegment> synack;
  for (const auto& f : fake->written(0)) {
    auto ip = parse_ipv4(std::span(f).subspan(14));
    if (ip.problem != Ipv4Problem::None || ip.protocol != kIpProtocolTcpNumber) continue;
    auto tcp = wire::parse_tcp(ip.payload);
    if (tcp.ok() && tcp->segment.flags.syn()) synack = tcp->segment;
  }
  REQUIRE(synack);
  CHECK(synack->ack == wire::SeqNum(1001));
  wire::TcpSegment ack;
  ack.src_port = 40000;
  ack.dst_port = 80;
  ack.seq = wire::SeqNum(1001);
  ack.ack = synack->seq + 1;
  ack.flags.bits = wire::TcpFlags::kAck;
  ack.window = 64240;
  fake->push(0, tcp_frame(ack));
  snap = wait_for(**session, [](const SessionSnapshot& s) {
    return !s.connections.empty() && s.connections[0].status == ConnectionStatus::Active;
  });
  REQUIRE(snap);
  REQUIRE(snap->connections.size() == 1);
  CHECK(snap->connections[0].status == ConnectionStatus::Active);
  CHECK(*snap->connections[0].state[1] == tcp::State::Established);
  (*session)->stop();
}

TEST_CASE("Live session: no new snapshot while nothing happens on the link") {
  auto session = LiveSession::start(host_config(), std::make_unique<FakeFrameIo>(1));
  REQUIRE(session.ok());
  std::this_thread::sleep_for(100ms);
  auto first = (*session)->snapshot_if_changed(0);
  REQUIRE(first);
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE((*session)->snapshot_if_changed(first->generation));
}

TEST_CASE("Live session: past the caps the oldest segments and connections are evicted and counted") {
  auto cfg = host_config();
  cfg.caps.max_segments = 8;
  cfg.max_connections = 3;
  auto io = std::make_unique<FakeFrameIo>(1);
  FakeFrameIo* fake = io.get();
  auto session = LiveSession::start(cfg, std::move(io));
  REQUIRE(session.ok());
  fake->push(0, arp_request_for_host());
  // Ten connection attempts: each SYN and its SYN,ACK is two recorded segments.
  for (std::uint16_t i = 0; i < 10; ++i) fake->push(0, tcp_frame(syn_from(static_cast<std::uint16_t>(41000 + i))));
  auto snap = wait_for(**session, [](const SessionSnapshot& s) { return s.trace->conns.size() == 10; });
  REQUIRE(snap);
  REQUIRE(snap->trace->conns.size() == 10);
  CHECK(snap->trace->segments.size() <= 8);
  CHECK(snap->evicted_segments + snap->trace->segments.size() == 20);
  CHECK(snap->connections.size() <= 3);
  CHECK(snap->evicted_connections == 10 - snap->connections.size());
  // The newest connection is kept.
  CHECK(snap->connections.back().port[0] == 41009);
}

TEST_CASE("Live session: stop() ends the reader thread promptly and the last snapshot says so") {
  auto cfg = host_config();
  cfg.max_poll = std::chrono::milliseconds(20);
  auto session = LiveSession::start(cfg, std::make_unique<FakeFrameIo>(1));
  REQUIRE(session.ok());
  std::this_thread::sleep_for(50ms);
  CHECK((*session)->running());
  const auto t0 = std::chrono::steady_clock::now();
  (*session)->stop();
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < 500ms);  // max_poll is 20 ms; the margin is for a loaded machine
  CHECK_FALSE((*session)->running());
  auto snap = (*session)->snapshot_if_changed(0);
  REQUIRE(snap);
  CHECK_FALSE(snap->running);
  (*session)->stop();  // idempotent
}

TEST_CASE("Live session: the frame source must have one port per TAP of the mode") {
  CHECK_FALSE(LiveSession::start(host_config(), std::make_unique<FakeFrameIo>(2)).ok());
  auto relay = host_config();
  relay.mode = SessionMode::Relay;
  CHECK_FALSE(LiveSession::start(relay, std::make_unique<FakeFrameIo>(1)).ok());
}

TEST_CASE("Live session: in relay mode a frame from one TAP goes out of the other and its SYN is recorded") {
  auto cfg = host_config();
  cfg.mode = SessionMode::Relay;
  auto io = std::make_unique<FakeFrameIo>(2);
  FakeFrameIo* fake = io.get();
  auto session = LiveSession::start(cfg, std::move(io));
  REQUIRE(session.ok());
  fake->push(0, tcp_frame(syn_from(42000), kPeerIp, kHostIp));
  auto snap = wait_for(**session, [](const SessionSnapshot& s) { return !s.connections.empty(); });
  REQUIRE(snap);
  CHECK(snap->mode == SessionMode::Relay);
  CHECK(snap->connections[0].status == ConnectionStatus::New);
  CHECK(fake->written(1).size() == 1);
  CHECK(fake->written(0).empty());
}

TEST_CASE("Live session: replaced fault rules are in force when the engine can take them") {
  auto cfg = host_config();
  auto io = std::make_unique<FakeFrameIo>(1);
  FakeFrameIo* fake = io.get();
  auto session = LiveSession::start(cfg, std::move(io));
  REQUIRE(session.ok());
  auto rule = scenario::parse_fault_flag("server SYN|ACK #1 drop");
  REQUIRE(rule.ok());
  (*session)->replace_faults({*rule});
  fake->push(0, arp_request_for_host());
  fake->push(0, tcp_frame(syn_from(43000)));
  auto snap = wait_for(**session, [](const SessionSnapshot& s) { return s.trace->segments.size() >= 2; });
  REQUIRE(snap);
  REQUIRE(snap->faults_editable);  // Host::set_faults exists: the live editor is on
  REQUIRE(snap->faults.size() == 1);
  // The next SYN,ACK is dropped on the wire: recorded with fate dropped, never written.
  CHECK(snap->trace->segments[1].fate == trace::Fate::Dropped);
  CHECK(snap->connections[0].dropped == 1);
}

TEST_CASE("A live connection's own trace starts at its SYN with segment ids from 0") {
  auto io = std::make_unique<FakeFrameIo>(1);
  FakeFrameIo* fake = io.get();
  auto session = LiveSession::start(host_config(), std::move(io));
  REQUIRE(session.ok());
  fake->push(0, arp_request_for_host());
  fake->push(0, tcp_frame(syn_from(44000)));
  std::this_thread::sleep_for(30ms);
  fake->push(0, tcp_frame(syn_from(44001, 5000)));
  auto snap = wait_for(**session, [](const SessionSnapshot& s) { return s.connections.size() == 2; });
  REQUIRE(snap);
  REQUIRE(snap->connections.size() == 2);
  const auto one = connection_trace(*snap->trace, snap->connections[1].conn, snap->now);
  REQUIRE(one.segments.size() == 2);
  CHECK(one.segments[0].id == 0);
  CHECK(one.segments[1].id == 1);
  CHECK(one.segments[0].conn == 0);
  CHECK(one.segments[0].sent == Time(0));
  CHECK(one.segments[0].tcp.src_port == 44001);
  CHECK(one.endpoints[0].port == 44001);
  REQUIRE(one.conns.size() == 1);
  // The bytes travel with the segment: its raw bytes are its own IPv4 packet.
  REQUIRE(one.segments[0].raw_len > 0);
  CHECK(one.raw_bytes.size() == one.segments[0].raw_len + one.segments[1].raw_len);
  CHECK(one.raw_bytes[one.segments[0].raw_offset] == 0x45);  // IPv4, IHL 5
  for (const auto& tr : one.transitions) CHECK(tr.conn == 0);
}

namespace {

trace::Segment seg_of(std::uint32_t id, trace::Side from, std::uint16_t flags, std::uint32_t seq,
                      std::uint32_t ack, std::uint32_t len = 0) {
  trace::Segment s;
  s.id = id;
  s.from = from;
  s.tcp.flags.bits = flags;
  s.tcp.seq = wire::SeqNum(seq);
  s.tcp.ack = wire::SeqNum(ack);
  s.tcp.payload_len = len;
  s.sent = from_ms(id);
  return s;
}

trace::Trace handshake_then(std::vector<trace::Segment> close) {
  using F = wire::TcpFlags;
  trace::Trace t;
  t.conns.emplace_back();
  t.segments = {seg_of(0, trace::Side::Client, F::kSyn, 100, 0),
                seg_of(1, trace::Side::Server, F::kSyn | F::kAck, 500, 101),
                seg_of(2, trace::Side::Client, F::kAck, 101, 501),
                seg_of(3, trace::Side::Client, F::kAck | F::kPsh, 101, 501, 10)};
  for (auto& s : close) t.segments.push_back(s);
  return t;
}

}  // namespace

TEST_CASE("RFC 9293 3.6: the live list names how a connection closed") {
  using F = wire::TcpFlags;
  using trace::Side;
  std::uint64_t evicted = 0;
  SECTION("FIN, then FIN,ACK straight back, then ACK: three segments") {
    auto t = handshake_then({seg_of(4, Side::Client, F::kFin | F::kAck, 111, 501),
                             seg_of(5, Side::Server, F::kFin | F::kAck, 501, 112),
                             seg_of(6, Side::Client, F::kAck, 112, 502)});
    auto list = summarize_connections(t, 10, evicted);
    REQUIRE(list.size() == 1);
    CHECK(list[0].status == ConnectionStatus::Closed);
    CHECK(list[0].close_kind == "three-segment");
    CHECK(list[0].bytes[0] == 10);
  }
  SECTION("FIN, ACK, later FIN, ACK: four segments") {
    auto t = handshake_then({seg_of(4, Side::Client, F::kFin | F::kAck, 111, 501),
                             seg_of(5, Side::Server, F::kAck, 501, 112),
                             seg_of(6, Side::Server, F::kFin | F::kAck, 501, 112),
                             seg_of(7, Side::Client, F::kAck, 112, 502)});
    auto list = summarize_connections(t, 10, evicted);
    CHECK(list[0].status == ConnectionStatus::Closed);
    CHECK(list[0].close_kind == "four-segment");
  }
  SECTION("each FIN sent before the other arrived: simultaneous (RFC 9293 figure 13)") {
    auto t = handshake_then({seg_of(4, Side::Client, F::kFin | F::kAck, 111, 501),
                             seg_of(5, Side::Server, F::kFin | F::kAck, 501, 111)});
    auto list = summarize_connections(t, 10, evicted);
    CHECK(list[0].status == ConnectionStatus::Closed);
    CHECK(list[0].close_kind == "simultaneous");
  }
  SECTION("one FIN only is a half-close: still closing") {
    auto t = handshake_then({seg_of(4, Side::Client, F::kFin | F::kAck, 111, 501)});
    CHECK(summarize_connections(t, 10, evicted)[0].status == ConnectionStatus::Closing);
  }
  SECTION("an RST ends it whatever came before") {
    auto t = handshake_then({seg_of(4, Side::Server, F::kRst, 501, 0)});
    CHECK(summarize_connections(t, 10, evicted)[0].status == ConnectionStatus::Reset);
  }
  SECTION("a dropped FIN never reached the peer: not closing yet") {
    auto fin = seg_of(4, Side::Client, F::kFin | F::kAck, 111, 501);
    fin.fate = trace::Fate::Dropped;
    auto t = handshake_then({fin});
    auto list = summarize_connections(t, 10, evicted);
    CHECK(list[0].status == ConnectionStatus::Active);
    CHECK(list[0].dropped == 1);
  }
}

TEST_CASE("--dump-state: the session state as JSON lists connections with status, states and counters") {
  SessionSnapshot s;
  s.mode = SessionMode::Host;
  s.running = false;
  auto t = std::make_shared<trace::Trace>();
  s.trace = t;
  SessionConnection c;
  c.conn = 3;
  c.ip = {kPeerIp.value, kHostIp.value};
  c.port = {40000, 80};
  c.status = ConnectionStatus::Closed;
  c.close_kind = "four-segment";
  c.state[1] = tcp::State::TimeWait;
  s.connections.push_back(c);
  s.counters.push_back({"tcp connections opened", 1});
  const auto text = session_state_json(s);
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["mode"] == "host");
  CHECK(j["running"] == false);
  REQUIRE(j["connections"].is_array());
  REQUIRE(j["connections"].size() == 1);
  const auto& e = j["connections"][0];
  CHECK(e["client"] == "192.0.2.1:40000");
  CHECK(e["server"] == "192.0.2.2:80");
  CHECK(e["status"] == "closed");
  CHECK(e["states"]["server"] == "TIME-WAIT");
  CHECK(e["states"]["client"].is_null());
  CHECK(j["counters"]["tcp connections opened"] == 1);
}

namespace {
struct EngineWithRuleHook {
  void set_faults(const std::vector<scenario::Fault>&) {}
};
struct EngineWithoutRuleHook {};
}  // namespace

TEST_CASE("Live session: an engine with set_faults(rules) is taken up for live rule changes") {
  STATIC_REQUIRE(kCanSetFaults<EngineWithRuleHook>);
  STATIC_REQUIRE_FALSE(kCanSetFaults<EngineWithoutRuleHook>);
}
