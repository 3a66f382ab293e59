// FrameIo over TAP devices (tap_device.hpp): one port per TAP, a poll over all of them.
#include <optional>
#include <utility>

#include "live/session.hpp"
#include "live/tap_device.hpp"

namespace tcpviz::live {
namespace {

class TapFrameIo final : public FrameIo {
 public:
  explicit TapFrameIo(std::vector<TapDevice> taps) : taps_(std::move(taps)) {
    for (const auto& t : taps_) fds_.push_back(t.fd());
  }
  std::size_t port_count() const override { return taps_.size(); }
  void wait(std::chrono::milliseconds timeout) override { (void)wait_readable(fds_, timeout); }
  Result<std::size_t> read_frame(std::size_t port, std::span<std::uint8_t> buffer) override {
    return taps_[port].read_frame(buffer);
  }
  void write_frame(std::size_t port, std::span<const std::uint8_t> frame) override {
    (void)taps_[port].write_frame(frame);
  }

 private:
  std::vector<TapDevice> taps_;
  std::vector<int> fds_;
};

}  // namespace

Result<std::unique_ptr<FrameIo>> open_tap_io(const std::vector<std::string>& specs) {
  std::vector<TapDevice> taps;
  for (const auto& spec : specs) {
    auto tap = TapDevice::open_spec(spec);
    if (!tap) return tap.error();
    taps.push_back(std::move(tap.value()));
  }
  return std::unique_ptr<FrameIo>(std::make_unique<TapFrameIo>(std::move(taps)));
}

}  // namespace tcpviz::live
