#!/bin/bash
# A lab for tcpviz's live modes: network namespaces with TAP devices and documentation-range
# addresses (RFC 5737), nothing routed anywhere else.
#
#   scripts/live-lab.sh up      create the lab (idempotent: an existing lab is removed first)
#   scripts/live-lab.sh down    remove everything `up` created
#   scripts/live-lab.sh status  show what exists
#
# Host mode: namespace tcpviz-a holds tap0. The namespace's kernel owns 192.0.2.1/24 on it;
# the project's user-space host attaches to the same TAP (run inside tcpviz-a, where the
# device lives) and answers as 192.0.2.2. The kernel and our host then talk over tap0.
#
# Relay mode: tcpviz-a holds tapr (198.51.100.1/24), tcpviz-b holds tapr (198.51.100.2/24).
# Each TAP is the only link of its namespace's kernel; the relay attaches to both and carries
# frames between them. A TAP must be opened in the namespace where it lives, so the relay is
# given "NETNS:TAP" and enters each namespace just long enough to open the device (an open
# TAP fd keeps working from any namespace). Moving a TAP with `ip link set DEV netns NS` after
# opening it also works, but then a crashed relay leaves the lab half-built; the lab keeps
# every device in its namespace from the start.
set -eu

NS_A=tcpviz-a
NS_B=tcpviz-b
CLI=${TCPVIZ_CLI:-build/native/tcpviz-cli}

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "live-lab: needs root (CAP_NET_ADMIN) to create namespaces and TAP devices" >&2
    exit 1
  fi
  [ -c /dev/net/tun ] || { echo "live-lab: /dev/net/tun is missing (modprobe tun)" >&2; exit 1; }
}

down() {
  ip netns del "$NS_A" 2>/dev/null || true
  ip netns del "$NS_B" 2>/dev/null || true
}

up() {
  down
  ip netns add "$NS_A"
  ip netns add "$NS_B"
  for ns in "$NS_A" "$NS_B"; do ip netns exec "$ns" ip link set lo up; done
  # Host mode.
  ip netns exec "$NS_A" ip tuntap add dev tap0 mode tap
  ip netns exec "$NS_A" ip addr add 192.0.2.1/24 dev tap0
  ip netns exec "$NS_A" ip link set tap0 up
  # Relay mode.
  ip netns exec "$NS_A" ip tuntap add dev tapr mode tap
  ip netns exec "$NS_A" ip addr add 198.51.100.1/24 dev tapr
  ip netns exec "$NS_A" ip link set tapr up
  ip netns exec "$NS_B" ip tuntap add dev tapr mode tap
  ip netns exec "$NS_B" ip addr add 198.51.100.2/24 dev tapr
  ip netns exec "$NS_B" ip link set tapr up
  cat <<TXT
live-lab is up.

Host mode (our user-space TCP host as 192.0.2.2 on tap0 in $NS_A):
  ip netns exec $NS_A $CLI live --tap tap0 --ip 192.0.2.2/24 --serve http:80 --serve echo:7 --trace /tmp/host.json
  ip netns exec $NS_A curl http://192.0.2.2/
  ip netns exec $NS_A sh -c 'echo hello | nc -q1 192.0.2.2 7'
  with a fault:  ... --fault "server SYN|ACK #1 drop"
  active open:   ip netns exec $NS_A nc -l 192.0.2.1 8080 &
                 ip netns exec $NS_A $CLI live --tap tap0 --connect 192.0.2.1:8080
  witness:       ip netns exec $NS_A tcpdump -i tap0 -nn

Relay mode (two kernels, 198.51.100.1 in $NS_A and 198.51.100.2 in $NS_B, through us):
  $CLI live --relay $NS_A:tapr $NS_B:tapr --fault "client FIN #1 drop" --trace /tmp/relay.json
  ip netns exec $NS_B nc -l 198.51.100.2 5000 > /tmp/received &
  ip netns exec $NS_A sh -c 'head -c 1000000 /dev/urandom | nc -N 198.51.100.2 5000'

Remove everything:  scripts/live-lab.sh down
TXT
}

status() {
  for ns in "$NS_A" "$NS_B"; do
    if ip netns list | grep -qw "$ns"; then
      echo "== $ns"
      ip netns exec "$ns" ip -brief addr
    else
      echo "== $ns: absent"
    fi
  done
}

case "${1:-}" in
  up) need_root; up ;;
  down) need_root; down; echo "live-lab is down." ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
