#include "live/isn.hpp"

#include <sys/random.h>

#include <chrono>

namespace tcpviz::live {

SipKey random_sip_key() {
  SipKey key;
  std::uint64_t words[2] = {0, 0};
  if (::getrandom(words, sizeof words, 0) == static_cast<ssize_t>(sizeof words)) {
    key.k0 = words[0];
    key.k1 = words[1];
    return key;
  }
  key.k0 = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  key.k1 = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  return key;
}

}  // namespace tcpviz::live
