// SIGINT/SIGTERM as a readable file descriptor (signalfd(2)), so the live loop polls for a
// stop request next to its TAPs without a signal handler or a global flag.
#pragma once

namespace tcpviz::live {

class StopSignals {
 public:
  StopSignals();   // blocks SIGINT and SIGTERM for this thread and opens the signalfd
  ~StopSignals();  // closes it and restores the previous signal mask
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int fd() const { return fd_; }
  // Reads the pending signal; returns its number (0 if none).
  int take();

 private:
  int fd_ = -1;
  unsigned char old_mask_[128]{};  // a sigset_t, kept opaque to keep <signal.h> out of here
};

}  // namespace tcpviz::live
