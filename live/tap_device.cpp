#include "live/tap_device.hpp"

#include <fcntl.h>
#include <sched.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

namespace tcpviz::live {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

Result<TapDevice> TapDevice::open(const std::string& name, TapOptions options) {
  if (name.empty() || name.size() >= IFNAMSIZ) {
    return Error{"tap device name '" + name + "' must be 1.." + std::to_string(IFNAMSIZ - 1) +
                 " characters"};
  }
  int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      return Error{"/dev/net/tun does not exist: load the tun module (modprobe tun) or run where "
                   "TUN/TAP is available"};
    }
    return Error{"cannot open /dev/net/tun: " + errno_text(err) +
                 (err == EACCES || err == EPERM ? " (needs root or CAP_NET_ADMIN)" : "")};
  }
  ifreq req{};
  req.ifr_flags = IFF_TAP | IFF_NO_PI | (options.tso ? IFF_VNET_HDR : 0);
  std::memcpy(req.ifr_name, name.data(), name.size());
  if (::ioctl(fd, TUNSETIFF, &req) < 0) {
    int err = errno;
    ::close(fd);
    std::string msg = "cannot attach to tap device '" + name + "': " + errno_text(err);
    if (err == EPERM || err == EACCES) {
      msg += " (needs CAP_NET_ADMIN, or a device created with `ip tuntap add dev " + name +
             " mode tap user <you>`)";
    } else if (err == EINVAL || err == EBUSY) {
      msg += " (is '" + name + "' a TUN device, or a TAP without IFF_NO_PI, or already attached?)";
    }
    return Error{msg};
  }
  // The offloads the kernel may use when it sends to us (drivers/net/tun.c set_offload). Set
  // every time, because a persistent TAP keeps what its last user set: a TAP left with TSO on
  // would hand a relay without virtio_net_hdr frames larger than the MTU.
  const unsigned long offload = options.tso ? (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6) : 0;
  if (::ioctl(fd, TUNSETOFFLOAD, offload) < 0) {
    int err = errno;
    ::close(fd);
    return Error{"cannot set offloads on tap device '" + name + "': " + errno_text(err)};
  }
  return TapDevice(fd, name);
}

Result<TapDevice> TapDevice::open_spec(const std::string& spec, TapOptions options) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos) return open(spec, options);
  const std::string netns = spec.substr(0, colon);
  const std::string name = spec.substr(colon + 1);
  if (netns.empty() || netns.find('/') != std::string::npos) {
    return Error{"'" + spec + "': expected NETNS:TAP with a namespace name from `ip netns list`"};
  }
  int own = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (own < 0) return Error{"cannot open /proc/self/ns/net: " + errno_text(errno)};
  const std::string path = "/run/netns/" + netns;
  int target = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    int err = errno;
    ::close(own);
    return Error{"no network namespace '" + netns + "' (" + path + ": " + errno_text(err) + ")"};
  }
  if (::setns(target, CLONE_NEWNET) < 0) {
    int err = errno;
    ::close(own);
    ::close(target);
    return Error{"cannot enter network namespace '" + netns + "': " + errno_text(err) +
                 " (needs CAP_SYS_ADMIN)"};
  }
  auto tap = open(name, options);
  // Back to where we were, whatever happened; failing that, stop rather than run misplaced.
  const bool back = ::setns(own, CLONE_NEWNET) == 0;
  ::close(own);
  ::close(target);
  if (!back) return Error{"cannot return to the original network namespace: " + errno_text(errno)};
  if (!tap) return Error{tap.error().message + " (in namespace '" + netns + "')"};
  return tap;
}

TapDevice::TapDevice(TapDevice&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), name_(std::move(other.name_)) {}

TapDevice& TapDevice::operator=(TapDevice&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    name_ = std::move(other.name_);
  }
  return *this;
}

TapDevice::~TapDevice() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::size_t> TapDevice::read_frame(std::span<std::uint8_t> buffer) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) return std::size_t{0};
    return Error{"read from tap '" + name_ + "': " + errno_text(err)};
  }
}

Result<bool> TapDevice::write_frame(std::span<const std::uint8_t> frame) {
  for (;;) {
    ssize_t n = ::write(fd_, frame.data(), frame.size());
    if (n >= 0) return static_cast<std::size_t>(n) == frame.size();
    int err = errno;
    if (err == EINTR) continue;
    // EIO: the interface is down (not yet `ip link set up`); EAGAIN: the queue is full.
    if (err == EAGAIN || err == EWOULDBLOCK || err == EIO) return false;
    return Error{"write to tap '" + name_ + "': " + errno_text(err)};
  }
}

int wait_readable(std::span<const int> fds, std::chrono::milliseconds timeout) {
  std::array<pollfd, 4> polls{};
  std::size_t count = fds.size() < polls.size() ? fds.size() : polls.size();
  for (std::size_t i = 0; i < count; ++i) polls[i] = pollfd{fds[i], POLLIN, 0};
  int ms = timeout.count() < 0 ? -1 : static_cast<int>(timeout.count());
  int n = ::poll(polls.data(), count, ms);
  if (n <= 0) return -1;
  for (std::size_t i = 0; i < count; ++i) {
    if (polls[i].revents & (POLLIN | POLLERR | POLLHUP)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace tcpviz::live
