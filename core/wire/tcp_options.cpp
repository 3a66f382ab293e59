// TCP options: parsing the options area and laying options out again (RFC 9293 section
// 3.1 and 3.2, RFC 7323, RFC 2018).
#include <string>

#include "core/wire/byte_order.hpp"
#include "core/wire/tcp_codec.hpp"

namespace tcpviz::wire {
namespace {

constexpr std::size_t kMssLen = 4;
constexpr std::size_t kWindowScaleLen = 3;
constexpr std::size_t kSackPermittedLen = 2;
constexpr std::size_t kTimestampsLen = 10;
constexpr std::size_t kSackBlockLen = 8;

std::string option_where(std::uint8_t kind, std::size_t offset) {
  return "TCP option kind " + std::to_string(kind) + " at header offset " + std::to_string(offset);
}

void keep_unknown(TcpOptions& o, std::span<const std::uint8_t> option) {
  // The area is at most 40 bytes, so everything kept always fits; the check only guards
  // callers that pass a larger area.
  if (o.unknown_len + option.size() > o.unknown.size()) return;
  for (std::uint8_t b : option) o.unknown[o.unknown_len++] = b;
}

// Interprets one well-delimited option (kind, length, data). Returns false when the option is
// not one this code understands with that length, or repeats one already seen.
bool take_known(TcpOptions& o, std::span<const std::uint8_t> opt) {
  const std::uint8_t kind = opt[0];
  const std::size_t len = opt.size();
  switch (kind) {
    case kTcpOptMss:
      if (len != kMssLen || o.mss) return false;
      o.mss = load_be16(opt, 2);
      return true;
    case kTcpOptWindowScale:
      // A shift above 14 is clamped by the receiver (RFC 7323 section 2.3), but the value
      // on the wire is what a capture shows, so it is kept as sent.
      if (len != kWindowScaleLen || o.window_scale) return false;
      o.window_scale = opt[2];
      return true;
    case kTcpOptSackPermitted:
      if (len != kSackPermittedLen || o.sack_permitted) return false;
      o.sack_permitted = true;
      return true;
    case kTcpOptSack: {
      // RFC 2018 section 3: length 2 + 8n, at most 4 blocks fit in 40 bytes.
      if (o.sack_count != 0 || len < 2 + kSackBlockLen || (len - 2) % kSackBlockLen != 0 ||
          (len - 2) / kSackBlockLen > o.sack.size()) {
        return false;
      }
      const std::size_t n = (len - 2) / kSackBlockLen;
      for (std::size_t i = 0; i < n; ++i) {
        o.sack[i].left = SeqNum(load_be32(opt, 2 + i * kSackBlockLen));
        o.sack[i].right = SeqNum(load_be32(opt, 6 + i * kSackBlockLen));
      }
      o.sack_count = static_cast<std::uint8_t>(n);
      return true;
    }
    case kTcpOptTimestamps:
      if (len != kTimestampsLen || o.timestamps) return false;
      o.timestamps = Timestamps{load_be32(opt, 2), load_be32(opt, 6)};
      return true;
    default:
      return false;
  }
}

// Writes bytes when there is room and counts them always, so one routine both measures
// and emits a layout.
class OptionWriter {
 public:
  explicit OptionWriter(std::span<std::uint8_t> out) : out_(out) {}
  void put(std::uint8_t b) {
    if (len_ < out_.size()) out_[len_] = b;
    ++len_;
  }
  void put16(std::uint16_t v) {
    put(static_cast<std::uint8_t>(v >> 8));
    put(static_cast<std::uint8_t>(v));
  }
  void put32(std::uint32_t v) {
    put16(static_cast<std::uint16_t>(v >> 16));
    put16(static_cast<std::uint16_t>(v));
  }
  std::size_t len() const { return len_; }

 private:
  std::span<std::uint8_t> out_;
  std::size_t len_ = 0;
};

void put_mss(OptionWriter& w, std::uint16_t mss) {
  w.put(kTcpOptMss);
  w.put(kMssLen);
  w.put16(mss);
}
void put_timestamps(OptionWriter& w, const Timestamps& ts) {
  w.put(kTcpOptTimestamps);
  w.put(kTimestampsLen);
  w.put32(ts.value);
  w.put32(ts.echo_reply);
}
void put_window_scale(OptionWriter& w, std::uint8_t shift) {
  w.put(kTcpOptWindowScale);
  w.put(kWindowScaleLen);
  w.put(shift);
}
void put_sack_permitted(OptionWriter& w) {
  w.put(kTcpOptSackPermitted);
  w.put(kSackPermittedLen);
}
void put_sack_blocks(OptionWriter& w, const TcpOptions& o) {
  w.put(kTcpOptSack);
  w.put(static_cast<std::uint8_t>(2 + kSackBlockLen * o.sack_count));
  for (std::size_t i = 0; i < o.sack_count && i < o.sack.size(); ++i) {
    w.put32(o.sack[i].left.raw());
    w.put32(o.sack[i].right.raw());
  }
}
void put_unknown(OptionWriter& w, const TcpOptions& o) {
  for (std::size_t i = 0; i < o.unknown_len && i < o.unknown.size(); ++i) w.put(o.unknown[i]);
}
void pad_to_word(OptionWriter& w) {
  // NOPs, as Linux pads (e.g. after a 2-byte Fast Open cookie request in tcp_options_write());
  // RFC 9293 section 3.1 allows either NOPs or an EOL followed by zeros.
  while (w.len() % 4 != 0) w.put(kTcpOptNop);
}

// Linux's tcp_options_write() order, with its NOPs aligning the 32-bit fields.
void write_linux_layout(OptionWriter& w, const TcpOptions& o) {
  if (o.mss) put_mss(w, *o.mss);
  if (o.timestamps) {
    if (o.sack_permitted) {
      put_sack_permitted(w);
    } else {
      w.put(kTcpOptNop);
      w.put(kTcpOptNop);
    }
    put_timestamps(w, *o.timestamps);
  }
  if (o.sack_permitted && !o.timestamps) {
    w.put(kTcpOptNop);
    w.put(kTcpOptNop);
    put_sack_permitted(w);
  }
  if (o.window_scale) {
    w.put(kTcpOptNop);
    put_window_scale(w, *o.window_scale);
  }
  if (o.sack_count != 0) {
    w.put(kTcpOptNop);
    w.put(kTcpOptNop);
    put_sack_blocks(w, o);
  }
  put_unknown(w, o);
  pad_to_word(w);
}

// No alignment NOPs: the fallback when the Linux layout would not fit in 40 bytes.
void write_packed_layout(OptionWriter& w, const TcpOptions& o) {
  if (o.mss) put_mss(w, *o.mss);
  if (o.sack_permitted) put_sack_permitted(w);
  if (o.timestamps) put_timestamps(w, *o.timestamps);
  if (o.window_scale) put_window_scale(w, *o.window_scale);
  if (o.sack_count != 0) put_sack_blocks(w, o);
  put_unknown(w, o);
  pad_to_word(w);
}

bool linux_layout_fits(const TcpOptions& o) {
  OptionWriter counter({});
  write_linux_layout(counter, o);
  return counter.len() <= kTcpMaxOptionsLen;
}

}  // namespace

Result<TcpOptions> parse_tcp_options(std::span<const std::uint8_t> area, std::size_t header_offset) {
  TcpOptions o;
  std::size_t i = 0;
  while (i < area.size()) {
    const std::uint8_t kind = area[i];
    if (kind == kTcpOptEol) break;
    if (kind == kTcpOptNop) {
      ++i;
      continue;
    }
    // Every other kind has a length byte counting the kind and length bytes themselves.
    if (i + 1 >= area.size()) {
      return Error{option_where(kind, header_offset + i) +
                   ": the length byte is missing (the options end there)"};
    }
    const std::size_t len = area[i + 1];
    if (len < 2) {
      return Error{option_where(kind, header_offset + i) + ": length " + std::to_string(len) +
                   " is less than 2 (the kind and length bytes themselves)"};
    }
    if (len > area.size() - i) {
      return Error{option_where(kind, header_offset + i) + ": length " + std::to_string(len) +
                   " runs past the end of the options (" + std::to_string(area.size() - i) +
                   " bytes left)"};
    }
    const auto option = area.subspan(i, len);
    if (!take_known(o, option)) {
      if (o.unknown_len + len > o.unknown.size()) {
        return Error{option_where(kind, header_offset + i) + ": more than " +
                     std::to_string(o.unknown.size()) + " bytes of unknown options"};
      }
      keep_unknown(o, option);
    }
    i += len;
  }
  return o;
}

std::size_t tcp_options_len(const TcpOptions& options) {
  OptionWriter counter({});
  if (linux_layout_fits(options)) {
    write_linux_layout(counter, options);
  } else {
    write_packed_layout(counter, options);
  }
  return counter.len();
}

std::size_t tcp_header_len(const TcpOptions& options) {
  return kTcpMinHeaderLen + tcp_options_len(options);
}

Result<std::size_t> emit_tcp_options(const TcpOptions& options, std::span<std::uint8_t> out) {
  if (options.sack_count > options.sack.size()) {
    return Error{"TCP options: sack_count " + std::to_string(options.sack_count) + " is more than the " +
                 std::to_string(options.sack.size()) + " SACK blocks an option can carry (RFC 2018 3)"};
  }
  if (options.unknown_len > options.unknown.size()) {
    return Error{"TCP options: unknown_len " + std::to_string(options.unknown_len) + " is more than " +
                 std::to_string(options.unknown.size())};
  }
  const std::size_t len = tcp_options_len(options);
  if (len > kTcpMaxOptionsLen) {
    return Error{"TCP options need " + std::to_string(len) + " bytes, more than the " +
                 std::to_string(kTcpMaxOptionsLen) + " a header can hold (RFC 9293 3.1)"};
  }
  if (len > out.size()) {
    return Error{"TCP options need " + std::to_string(len) + " bytes but the buffer has " +
                 std::to_string(out.size())};
  }
  OptionWriter w(out.first(len));
  if (linux_layout_fits(options)) {
    write_linux_layout(w, options);
  } else {
    write_packed_layout(w, options);
  }
  return w.len();
}

}  // namespace tcpviz::wire
