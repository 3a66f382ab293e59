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

class TapDevice {
 public:
  // Attaches to the TAP named `name` (created beforehand with `ip tuntap add dev NAME mode tap`,
  // or created here if it does not exist and we have CAP_NET_ADMIN), with IFF_TAP|IFF_NO_PI:
  // reads and writes are whole Ethernet frames with no packet-information prefix. The fd is
  // non-blocking. Errors name the device and say what to do (no /dev/net/tun, not root, ...).
  static Result<TapDevice> open(const std::string& name);
  // "NETNS:NAME" attaches to the TAP NAME inside the named network namespace (as made by
  // `ip netns add NETNS`, /run/netns/NETNS): the thread enters it only to open the device and
  // returns to its own namespace; the fd keeps working from anywhere. A plain NAME is open().
  // This is how relay mode reaches two TAPs that live in two different namespaces.
  static Result<TapDevice> open_spec(const std::string& spec);

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
