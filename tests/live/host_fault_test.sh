#!/bin/bash
# Host mode with a fault rule on real traffic (SCENARIO_FORMAT.md "--fault"): our first
# SYN,ACK is dropped. Both ends then hold a 1 s timer (RFC 6298 2.1; Linux TCP_TIMEOUT_INIT):
# the kernel's SYN retransmission and our SYN,ACK retransmission. Our SYN,ACK timer started a
# fraction of a millisecond after the kernel's SYN timer, and in practice fires first, so the
# witness usually shows our SYN,ACK again ~1 s later; either repair is accepted. The connection
# completes. host_syn_retransmit_test.sh forces the kernel's SYN retransmission.
cd "$(dirname "$0")"
LIVE_FAULT="server SYN|ACK #1 drop" LIVE_EXPECT=synack-dropped LIVE_DURATION=4 exec ./host_http_test.sh
