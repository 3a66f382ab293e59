// Shared by the pcap and pcapng readers: appending a packet to a Capture and, once the whole
// file is read, turning absolute timestamps into times since the first packet.
#pragma once

#include <cstdint>
#include <span>

#include "core/pcap/capture.hpp"

namespace tcpviz::pcap {

struct PacketRecord {
  std::span<const std::uint8_t> data;  // the captured bytes
  std::int64_t epoch_ns = 0;
  std::uint32_t link_type = 0;
  std::uint32_t orig_len = 0;
  std::uint32_t interface = 0;
  std::uint64_t file_offset = 0;
};

// False (with a warning) when the capture cannot hold more: the reader stops there.
bool append_packet(Capture& capture, const PacketRecord& record);

// Sets every packet's `t` from its epoch time, relative to the first packet in file order
// (the order the capture tool wrote them, as Wireshark's "time since first frame").
void finish_times(Capture& capture);

// "0x%08x", for magic numbers and block types in messages.
std::string hex32(std::uint32_t v);

}  // namespace tcpviz::pcap
