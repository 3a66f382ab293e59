// Writing a trace as a classic pcap file, so a simulated lesson can be opened in Wireshark
// next to a real capture.
//
// Choices, and why:
// - Link type Ethernet (LINKTYPE_ETHERNET, 1), not raw IP: students meet TCP in Wireshark
//   inside Ethernet frames (that is what their own captures show), and Wireshark's columns,
//   coloring rules and "Follow TCP stream" behave identically either way. The MAC addresses
//   are made up from the range RFC 7042 section 2.1.2 reserves for documentation,
//   00:00:5e:00:53:00-ff: the client is ...:01, the server ...:02. Frames are not padded to
//   the 60-byte Ethernet minimum, as a capture on the sending host shows them.
// - Timestamps are the segments' `sent` times: the capture point is the sender's side of the
//   link (like tcpdump on the sending host). With a link delay, a segment and the reply it
//   caused are therefore one round trip apart, as a client-side capture shows them.
// - Dropped segments are written: they were sent, and a capture at the sender's side sees
//   every segment the sender puts on the wire; the loss happens further along the path. The
//   retransmission that follows then shows in Wireshark as "TCP Retransmission".
// - Bytes: trace::segment_bytes() -- the captured bytes when the trace came from a capture,
//   otherwise IPv4 + TCP built from the fields with a synthetic payload (core/trace/bytes.hpp).
// - Microsecond timestamps (magic 0xa1b2c3d4, little-endian, as tcpdump writes on x86):
//   trace times are whole microseconds, so nothing is lost.
#pragma once

#include <cstdint>
#include <vector>

#include "core/trace/trace.hpp"

namespace tcpviz::pcap {

struct PcapWriteOptions {
  // The wall-clock time of trace time 0, in microseconds since 1970. The default (0) keeps the
  // output a pure function of the trace; Wireshark then shows times from 1970-01-01.
  std::int64_t start_epoch_us = 0;
};

struct PcapExport {
  std::vector<std::uint8_t> file;
  std::uint32_t written = 0;
  std::uint32_t skipped = 0;  // segments whose bytes could not be built (segment_bytes() empty)
};

PcapExport write_pcap(const trace::Trace& trace, const PcapWriteOptions& options = {});

}  // namespace tcpviz::pcap
