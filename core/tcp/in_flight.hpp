// The segments a connection has in flight, as Linux's retransmission queue knows them: where
// each ends, when it last left (its skb timestamp) and its flags. Linux's tail loss probe
// needs their number (tp->packets_out), the oldest one's send time and the last one
// (core/tcp/tail_loss_probe.cpp).
//
// A queue that keeps its first kInline entries inside the Connection and moves to the heap
// only beyond them: every lesson has at most a few segments in flight, and a simulator that
// makes two connections per run would otherwise allocate and free on each (~650 instructions
// per lifecycle of bench_core).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/util/time.hpp"
#include "core/wire/seq.hpp"

namespace tcpviz::tcp {

struct InFlight {
  wire::SeqNum end;     // SEG.SEQ + SEG.LEN
  Time sent{};          // when it last left
  std::uint16_t flags;  // as sent: a probe resends the segment unchanged
};

class InFlightQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  InFlight& operator[](std::size_t i) { return heap_.empty() ? inline_[i] : heap_[i]; }
  const InFlight& operator[](std::size_t i) const { return heap_.empty() ? inline_[i] : heap_[i]; }
  InFlight& front() { return (*this)[0]; }
  const InFlight& front() const { return (*this)[0]; }
  InFlight& back() { return (*this)[size_ - 1]; }
  const InFlight& back() const { return (*this)[size_ - 1]; }

  void push_back(const InFlight& e) {
    if (heap_.empty()) {
      if (size_ < kInline) {
        inline_[size_++] = e;
        return;
      }
      heap_.assign(inline_.begin(), inline_.end());
    }
    heap_.push_back(e);
    ++size_;
  }

  // Removes the first n entries (n =< size()).
  void pop_front(std::size_t n) {
    if (n == 0) return;
    if (heap_.empty()) {
      std::copy(inline_.begin() + n, inline_.begin() + size_, inline_.begin());
      size_ -= n;
      return;
    }
    heap_.erase(heap_.begin(), heap_.begin() + static_cast<std::ptrdiff_t>(n));
    size_ -= n;
    if (size_ <= kInline) {  // back inside: the heap stays empty until it is needed again
      std::copy(heap_.begin(), heap_.end(), inline_.begin());
      heap_.clear();
    }
  }

 private:
  static constexpr std::size_t kInline = 4;
  std::array<InFlight, kInline> inline_{};
  std::vector<InFlight> heap_;  // all the entries once there are more than kInline
  std::size_t size_ = 0;
};

}  // namespace tcpviz::tcp
