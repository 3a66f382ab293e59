#include "live/signals.hpp"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstring>

namespace tcpviz::live {

static_assert(sizeof(sigset_t) <= 128);

StopSignals::StopSignals() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &mask, &old);
  std::memcpy(old_mask_, &old, sizeof old);
  fd_ = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

StopSignals::~StopSignals() {
  if (fd_ >= 0) ::close(fd_);
  sigset_t old;
  std::memcpy(&old, old_mask_, sizeof old);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

int StopSignals::take() {
  signalfd_siginfo info{};
  if (fd_ < 0 || ::read(fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return 0;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace tcpviz::live
