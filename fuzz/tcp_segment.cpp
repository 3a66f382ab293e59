// Fuzz target: TCP header parsing and emitting (core/wire/tcp_codec.hpp).
// Properties: parse never crashes; whatever parses can be emitted again (options that came
// from at most 40 bytes always fit, packed if Linux's layout would not), the emitted bytes
// parse to the same value (the checksum aside: emit computes it) and verify, and emitting
// that value once more gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/wire/tcp_codec.hpp"

using namespace tcpviz::wire;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const auto parsed = parse_tcp(bytes);
  const auto view = TcpView::check(bytes);
  require(parsed.ok() == view.ok());
  if (!parsed.ok()) {
    require(!parsed.error().message.empty());
    return 0;
  }
  require(view->payload().size() == parsed->payload.size());

  const TcpSegment& seg = parsed->segment;
  const std::size_t header_len = tcp_header_len(seg.options);
  require(header_len <= kTcpMaxHeaderLen);
  const PseudoHeader pseudo = Ipv4PseudoHeader{Ipv4Address{0xC0000201u}, Ipv4Address{0xC0000202u}};
  std::vector<std::uint8_t> out(header_len + parsed->payload.size() + 8, 0xA5);
  const auto n = emit_tcp(seg, parsed->payload, pseudo, out);
  require(n.ok());
  require(*n == header_len + parsed->payload.size());
  for (std::size_t i = *n; i < out.size(); ++i) require(out[i] == 0xA5);
  out.resize(*n);
  require(tcp_checksum_ok(out, pseudo));

  const auto again = parse_tcp(out);
  require(again.ok());
  TcpSegment expected = seg;
  expected.checksum = again->segment.checksum;
  require(again->segment == expected);

  std::vector<std::uint8_t> out2(out.size());
  const auto n2 = emit_tcp(again->segment, again->payload, pseudo, out2);
  require(n2.ok() && *n2 == out.size());
  require(out2 == out);
  return 0;
}
