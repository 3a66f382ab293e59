#!/bin/bash
# Host mode: our first two SYN,ACKs are dropped, so the kernel has no answer when its SYN
# timer fires and retransmits its SYN ~1 s later (Linux: initial RTO 1 s, tcp_syn_linear_timeouts);
# the witness on the TAP sees both SYNs and the connection still completes.
cd "$(dirname "$0")"
LIVE_FAULT="server SYN|ACK #1 drop" LIVE_FAULT2="server SYN|ACK #2 drop" LIVE_EXPECT=syn-retransmitted \
  LIVE_DURATION=6 exec ./host_http_test.sh
