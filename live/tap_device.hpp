// A Linux TAP device (Documentation/networking/tuntap.rst): the project's end of a virtual
// Ethernet link. The kernel (or a namespace's kernel) sees an ordinary interface; every frame
// it sends on it is read here, and every frame written here arrives on it as if received.
// Native Linux only; nothing in core/ includes this.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/util/result.hpp"

namespace tcpviz::live {

// Largest frame read or written: a 1500-byte MTU plus the 14-byte Ethernet header (no FCS,
// no VLAN tag: the TAP gives frames without the FCS).
inline constexpr std::size_t kMaxFrameLen = 1514;
// With TapOptions::tso: a virtio_net_hdr, an Ethernet header and an IPv4 packet of up to 64 KiB.
inline constexpr std::size_t kMaxTsoFrameLen = 10 + 14 + 65535;

struct TapOptions {
  // IFF_VNET_HDR with TUNSETOFFLOAD(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6): every frame starts
  // with a struct virtio_net_hdr (live/link_frames.hpp), and the kernel may hand over TCP
  // segments of up to 64 KiB still to be cut at the MTU, with checksums left partial; frames
  // written may be such segments too (the receiving kernel takes them as if GRO had merged
  // them). Without it (the default) offloads are switched off, so the kernel cuts and
  // checksums every segment itself and no frame is longer than the MTU (kMaxFrameLen).
  bool tso = false;
};

class TapDevice {
 public:
  // Attaches to the TAP named `name` (created beforehand with `ip tuntap add dev NAME mode tap`,
  // or created here if it does not exist and we have CAP_NET_ADMIN), with IFF_TAP|IFF_NO_PI:
  // reads and writes are whole Ethernet frames with no packet-information prefix. The fd is
  // non-blocking. Errors name the device and say what to do (no /dev/net/tun, not root, ...).
  static Result<TapDevice> open(const std::string& name, TapOptions options = {});
  // "NETNS:NAME" attaches to the TAP NAME inside the named network namespace (as made by
  // `ip netns add NETNS`, /run/netns/NETNS): the thread enters it only to open the device and
  // returns to its own namespace; the fd keeps working from anywhere. A plain NAME is open().
  // This is how relay mode reaches two TAPs that live in two different namespaces.
  static Result<TapDevice> open_spec(const std::string& spec, TapOptions options = {});

  TapDevice(TapDevice&& other) noexcept;
  TapDevice& operator=(TapDevice&& other) noexcept;
  TapDevice(const TapDevice&) = delete;
  TapDevice& operator=(const TapDevice&) = delete;
  ~TapDevice();

  // One frame into `buffer`: its length, or 0 when no frame is waiting (EAGAIN).
  Result<std::size_t> read_frame(std::span<std::uint8_t> buffer);
  // Writes one whole frame. A full device queue (EAGAIN) or a down link (EIO) drops the frame,
  // as a real link does, and is reported as `false` rather than an error.
  Result<bool> write_frame(std::span<const std::uint8_t> frame);

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }

 private:
  TapDevice(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  int fd_ = -1;
  std::string name_;
};

// Waits until one of `fds` is readable or `timeout` passes (negative: wait forever).
// Returns the index of a readable fd, -1 on timeout or on EINTR (a signal to look at).
int wait_readable(std::span<const int> fds, std::chrono::milliseconds timeout);

}  // namespace tcpviz::live
