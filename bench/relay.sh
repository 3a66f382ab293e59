#!/bin/bash
# Relay-mode speed, next to the same kernels joined directly, in one run (issue 5):
#  1. throughput: iperf3 (TCP, SECONDS each) from namespace A to namespace B through
#     `tcpviz-cli live --relay` (two TAPs), then between two namespaces joined by a veth pair;
#     both printed side by side with the relay's CPU time;
#  2. connections per second: CONNS short connections (connect, close, the server closes
#     too) from A to B through the relay, then through the veth pair; the relay's trace must
#     hold every one of them with its SYN and both FINs ("no lost trace events").
# The relay records everything (up to its trace caps), as it does in normal use.
# Needs root; creates and removes its own namespaces (198.51.100.0/24, RFC 5737), stops only
# its own PIDs.   TCPVIZ_CLI=build/native/tcpviz-cli SECONDS_EACH=5 CONNS=10000 bench/relay.sh
set -u
cd "$(dirname "$0")/.."
source tests/live/lib.sh
live_require iperf3 python3
live_find_cli
SECONDS_EACH=${SECONDS_EACH:-5}
CONNS=${CONNS:-10000}
WORKERS=${WORKERS:-2}   # client processes making the connections
D=$LIVE_TEST_DIR
RA=tcpviz-bra$$ RB=tcpviz-brb$$   # through the relay
VA=tcpviz-bva$$ VB=tcpviz-bvb$$   # joined by a veth pair

for ns in "$RA" "$RB" "$VA" "$VB"; do
  ip netns add "$ns" || live_fail "cannot create namespace $ns"
  LIVE_TEST_NETNS+=("$ns")
  ip netns exec "$ns" ip link set lo up
  # Many short connections leave the client's ports in TIME-WAIT for 60 s (Linux
  # TCP_TIMEWAIT_LEN): give the client namespace a wide port range, only inside it.
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
done
for ns in "$RA" "$RB"; do ip netns exec "$ns" ip tuntap add dev tapr mode tap; done
ip link add vethb$$ netns "$VA" type veth peer name vethb$$ netns "$VB" ||
  live_fail "cannot create the veth pair"
ip netns exec "$RA" ip addr add 198.51.100.1/24 dev tapr
ip netns exec "$RB" ip addr add 198.51.100.2/24 dev tapr
ip netns exec "$VA" ip addr add 198.51.100.1/24 dev vethb$$
ip netns exec "$VB" ip addr add 198.51.100.2/24 dev vethb$$
for ns in "$RA" "$RB"; do ip netns exec "$ns" ip link set tapr up; done
for ns in "$VA" "$VB"; do ip netns exec "$ns" ip link set vethb$$ up; done

"$LIVE_CLI" live --relay "$RA:tapr" "$RB:tapr" --quiet --trace "$D/relay.json" >"$D/relay.log" 2>&1 &
RELAY_PID=$!
LIVE_TEST_PIDS+=($RELAY_PID)
sleep 0.5

# iperf3 A -> B; prints MB/s (10^6 bytes per second, received).
iperf_mbs() {
  local a=$1 b=$2 out=$3
  ip netns exec "$b" iperf3 -s -1 -B 198.51.100.2 -p 5201 >/dev/null 2>&1 &
  local server=$!
  LIVE_TEST_PIDS+=($server)
  sleep 0.3
  ip netns exec "$a" timeout $((SECONDS_EACH + 20)) iperf3 -c 198.51.100.2 -p 5201 -t "$SECONDS_EACH" -J >"$out" 2>&1
  live_wait_pid "$server" 10 >/dev/null
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%.1f" % (j["end"]["sum_received"]["bytes"] / j["end"]["sum_received"]["seconds"] / 1e6))' "$out" 2>/dev/null || echo "error"
}

# CONNS connections A -> B; prints "connections/s made".
conns_per_s() {
  local a=$1 b=$2
  ip netns exec "$b" python3 -c '
import socket, sys
n = int(sys.argv[1])
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.51.100.2", 5300)); s.listen(4096)
print("ready", flush=True)
for _ in range(n):
    c, _ = s.accept(); c.close()
' "$CONNS" >"$D/accept.out" 2>&1 &
  local server=$!
  LIVE_TEST_PIDS+=($server)
  for _ in $(seq 1 50); do grep -q ready "$D/accept.out" 2>/dev/null && break; sleep 0.1; done
  ip netns exec "$a" python3 -c '
import os, socket, sys, time
n, workers = int(sys.argv[1]), int(sys.argv[2])
t0 = time.monotonic()
pids = []
for w in range(workers):
    pid = os.fork()
    if pid == 0:
        for _ in range(n // workers + (1 if w < n % workers else 0)):
            c = socket.create_connection(("198.51.100.2", 5300), timeout=5)
            c.close()
        os._exit(0)
    pids.append(pid)
ok = all(os.waitpid(p, 0)[1] == 0 for p in pids)
made = n if ok else 0
print("%d %.1f" % (made, made / (time.monotonic() - t0)))
' "$CONNS" "$WORKERS"
  live_wait_pid "$server" 30 >/dev/null
}

cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

cpu0=$(cpu_s "$RELAY_PID")
relay_mbs=$(iperf_mbs "$RA" "$RB" "$D/iperf_relay.json")
cpu1=$(cpu_s "$RELAY_PID")
direct_mbs=$(iperf_mbs "$VA" "$VB" "$D/iperf_direct.json")
read -r relay_made relay_cps < <(conns_per_s "$RA" "$RB")
cpu2=$(cpu_s "$RELAY_PID")
read -r direct_made direct_cps < <(conns_per_s "$VA" "$VB")

kill -INT "$RELAY_PID"
live_wait_pid "$RELAY_PID" 60 >/dev/null
grep -E "^counters|relay stopped" "$D/relay.log"

# Connections the trace recorded: the iperf3 run makes 2 (control + data); every short
# connection must be there with its SYN, both FINs and nothing evicted.
python3 - "$D/relay.json" "$CONNS" <<'PY'
import json, sys
from collections import defaultdict
t = json.load(open(sys.argv[1]))
want = int(sys.argv[2])
flags = defaultdict(lambda: {"syn": 0, "fin_c": 0, "fin_s": 0, "port": None})
for s in t["segments"]:
    f = flags[s["conn"]]
    if "SYN" in s["flags"] and "ACK" not in s["flags"]: f["syn"] += 1
    if "FIN" in s["flags"]: f["fin_c" if s["from"] == "client" else "fin_s"] += 1
short = [c["conn"] for c in t["conns"] if c["server"]["port"] == 5300]
whole = [c for c in short if flags[c]["syn"] and flags[c]["fin_c"] and flags[c]["fin_s"]]
evicted = any("evicted" in n for n in t.get("notes", []))
print("trace: %d short connections recorded (made %d), %d of them with SYN and both FINs; "
      "%d segments; evicted: %s" % (len(short), want, len(whole), len(t["segments"]), "yes" if evicted else "no"))
PY
printf '%-28s %12s %12s\n' "" "relay" "direct veth"
printf '%-28s %12s %12s\n' "iperf3 MB/s (A -> B)" "$relay_mbs" "$direct_mbs"
printf '%-28s %12s %12s\n' "connections/s ($WORKERS clients)" "$relay_cps" "$direct_cps"
printf '%-28s %12s %12s\n' "connections made" "$relay_made" "$direct_made"
echo "relay CPU: $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.2f", b - a}') s during iperf3 ($SECONDS_EACH s), $(awk -v a="$cpu1" -v b="$cpu2" 'BEGIN{printf "%.2f", b - a}') s during the connections"
