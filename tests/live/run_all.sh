#!/bin/bash
# Runs every live-mode test (each skips with a message when not root or without /dev/net/tun).
# Set TCPVIZ_CLI to the binary with the `live` command if it is not build/native/tcpviz-cli.
cd "$(dirname "$0")"
failed=0
for t in host_http_test.sh host_fault_test.sh host_syn_retransmit_test.sh host_echo_connect_test.sh \
         host_hostile_test.sh relay_test.sh; do
  echo "=== $t"
  if ./"$t" >"/tmp/tcpviz-live-$t.log" 2>&1; then
    tail -1 "/tmp/tcpviz-live-$t.log"
  else
    cat "/tmp/tcpviz-live-$t.log"
    failed=$((failed + 1))
  fi
  rm -f "/tmp/tcpviz-live-$t.log"
done
t=desktop_live_test.sh; echo "=== $t"; if ./"$t" >"/tmp/tcpviz-live-$t.log" 2>&1; then tail -1 "/tmp/tcpviz-live-$t.log"; else cat "/tmp/tcpviz-live-$t.log"; failed=$((failed + 1)); fi; rm -f "/tmp/tcpviz-live-$t.log"  # desktop app (session)
[ "$failed" = 0 ] && echo "live tests: all passed (or skipped)" || echo "live tests: $failed failed"
exit $((failed > 0))
