#!/bin/bash
# Shared helpers for the live-mode tests (sourced). Every test creates its own network
# namespace(s) with documentation-range addresses (RFC 5737 192.0.2.0/24), runs everything
# that sends traffic inside them, and removes them on exit; it ends only the processes it
# started, by PID.

LIVE_TEST_PIDS=()
LIVE_TEST_NETNS=()
LIVE_TEST_DIR=""

live_skip() {
  echo "SKIP: $*"
  exit 0
}

live_fail() {
  echo "FAIL: $*"
  exit 1
}

live_cleanup() {
  local pid ns
  for pid in "${LIVE_TEST_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -INT "$pid" 2>/dev/null
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  for ns in "${LIVE_TEST_NETNS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  if [ -n "$LIVE_TEST_DIR" ] && [ -z "${LIVE_KEEP:-}" ]; then rm -rf "$LIVE_TEST_DIR"; fi
}

# Skips (exit 0 with a message) unless we can create namespaces and TAP devices.
live_require() {
  [ "$(id -u)" = 0 ] || live_skip "live tests need root (CAP_NET_ADMIN) to create namespaces and TAP devices"
  [ -c /dev/net/tun ] || live_skip "/dev/net/tun is missing"
  command -v ip >/dev/null || live_skip "iproute2 (ip) is missing"
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || live_skip "$tool is missing"
  done
  trap live_cleanup EXIT
  LIVE_TEST_DIR=$(mktemp -d /tmp/tcpviz-live-test.XXXXXX)
}

# The binary that has the `live` subcommand: $TCPVIZ_CLI, else the canonical build, else the
# live engineer's dev build.
live_find_cli() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  local c
  for c in "${TCPVIZ_CLI:-}" "$root/build/native/tcpviz-cli" "$root/build/dev-live/tcpviz-live"; do
    if [ -n "$c" ] && [ -x "$c" ] && "$c" live --help >/dev/null 2>&1; then
      LIVE_CLI="$c"
      return 0
    fi
  done
  live_skip "no tcpviz-cli with the 'live' command (build it, or set TCPVIZ_CLI)"
}

# live_make_host_ns NAME: a namespace with tap0 whose kernel side is 192.0.2.1/24.
live_make_host_ns() {
  local ns=$1
  ip netns add "$ns" || live_fail "cannot create namespace $ns"
  LIVE_TEST_NETNS+=("$ns")
  ip netns exec "$ns" ip link set lo up
  ip netns exec "$ns" ip tuntap add dev tap0 mode tap || live_fail "cannot create tap0 in $ns"
  ip netns exec "$ns" ip addr add 192.0.2.1/24 dev tap0
  ip netns exec "$ns" ip link set tap0 up
}

# live_start_witness NS DEV FILE: tcpdump on DEV inside NS; waits until it listens.
live_start_witness() {
  local ns=$1 dev=$2 file=$3
  ip netns exec "$ns" tcpdump -i "$dev" -U -nn -w "$file" 'tcp or arp' 2>"$file.err" &
  LIVE_TEST_PIDS+=($!)
  LIVE_WITNESS_PID=$!
  for _ in $(seq 1 50); do
    grep -q "listening on" "$file.err" 2>/dev/null && return 0
    sleep 0.1
  done
  live_fail "tcpdump did not start: $(cat "$file.err")"
}

live_stop_pid() {
  local pid=$1
  kill -INT "$pid" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  return 0
}

# Waits up to $2 seconds for PID $1 to exit; returns its status.
live_wait_pid() {
  local pid=$1 limit=$2
  for _ in $(seq 1 $((limit * 10))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid"; return $?; }
    sleep 0.1
  done
  live_fail "process $pid did not stop within $limit s"
}
