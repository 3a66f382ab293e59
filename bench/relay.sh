#!/bin/bash
# Relay-mode throughput: SIZE_MB (default 20) of random bytes from one namespace's kernel to
# another's through `tcpviz-cli live --relay`, timed end to end, with the relay's recording on
# (every segment kept, up to the trace caps). Prints MB/s and the relay's CPU time. Needs root;
# creates and removes its own namespaces (198.51.100.0/24, RFC 5737), stops only its own PIDs.
#   TCPVIZ_CLI=build/native/tcpviz-cli SIZE_MB=50 bench/relay.sh
set -u
cd "$(dirname "$0")/.."
source tests/live/lib.sh
live_require nc
live_find_cli
SIZE_MB=${SIZE_MB:-20}
A=tcpviz-ba$$
B=tcpviz-bb$$
D=$LIVE_TEST_DIR
for ns in "$A" "$B"; do
  ip netns add "$ns" || live_fail "cannot create namespace $ns"
  LIVE_TEST_NETNS+=("$ns")
  ip netns exec "$ns" ip tuntap add dev tapr mode tap
done
ip netns exec "$A" ip addr add 198.51.100.1/24 dev tapr
ip netns exec "$B" ip addr add 198.51.100.2/24 dev tapr
ip netns exec "$A" ip link set tapr up
ip netns exec "$B" ip link set tapr up

"$LIVE_CLI" live --relay "$A:tapr" "$B:tapr" --quiet >"$D/relay.log" 2>&1 &
RELAY_PID=$!
LIVE_TEST_PIDS+=($RELAY_PID)
ip netns exec "$B" nc -l 198.51.100.2 5001 >/dev/null &
LIVE_TEST_PIDS+=($!)
sleep 0.5
start=$(date +%s.%N)
head -c $((SIZE_MB * 1000000)) /dev/urandom | ip netns exec "$A" timeout 120 nc -N 198.51.100.2 5001
end=$(date +%s.%N)
cpu_ticks=$(awk '{print $14 + $15}' /proc/$RELAY_PID/stat)
kill -INT "$RELAY_PID"
live_wait_pid "$RELAY_PID" 10 >/dev/null
tail -2 "$D/relay.log"
awk -v s="$start" -v e="$end" -v mb="$SIZE_MB" -v t="$cpu_ticks" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "relay: %d MB in %.2f s = %.1f MB/s, relay CPU %.2f s\n", mb, e - s, mb / (e - s), t / hz }'
