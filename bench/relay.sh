#!/bin/bash
# Relay-mode speed, next to the same kernels joined directly, in one run (issue 5):
#  1. throughput: iperf3 (TCP, SECONDS each) from namespace A to namespace B through
#     `tcpviz-cli live --relay` (two TAPs), then between two namespaces joined by a veth pair;
#     both printed side by side with the relay's CPU time;
#  2. connections per second: CONNS short connections (connect, close, the server closes
#     too) from A to B through the relay, then through the veth pair; the relay's trace must
#     hold every one of them with its SYN and both FINs ("no lost trace events").
# The relay records as it does in normal use: every segment's headers, payload up to its
# default snap length (the first 64 KiB of each direction whole, then 128 bytes per segment;
# RELAY_ARGS="--snaplen 0" records every byte), up to its trace caps.
# Needs root; creates and removes its own namespaces (198.51.100.0/24, RFC 5737), stops only
# its own PIDs.   TCPVIZ_CLI=build/native/tcpviz-cli SECONDS_EACH=5 CONNS=10000 bench/relay.sh
# The machine's load average is printed too: on a shared 2-core machine it moves both columns.
set -u
cd "$(dirname "$0")/.."
source tests/live/lib.sh
live_require iperf3 python3
live_find_cli
SECONDS_EACH=${SECONDS_EACH:-5}
CONNS=${CONNS:-10000}
WORKERS=${WORKERS:-2}   # client processes making the connections
RELAY_ARGS=${RELAY_ARGS:-}  # e.g. --no-tso: one frame per segment (as with fault rules)
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

# One relay for iperf3, a fresh one (whose trace is checked) for the short connections.
start_relay() {
  "$LIVE_CLI" live --relay "$RA:tapr" "$RB:tapr" --quiet $RELAY_ARGS "$@" >>"$D/relay.log" 2>&1 &
  RELAY_PID=$!
  LIVE_TEST_PIDS+=($RELAY_PID)
  sleep 0.5
}
stop_relay() {
  kill -INT "$RELAY_PID"
  live_wait_pid "$RELAY_PID" 60 >/dev/null
}

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
# User and system CPU apart: system time is the TAP reads and writes (the kernel copying
# frames in and out), user time is the relay's own work (parsing, recording, checksums).
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f %.2f", $14 / hz, $15 / hz}' "/proc/$1/stat"; }

start_relay
cpu0=$(cpu_s "$RELAY_PID")
read -r user0 sys0 < <(cpu_us "$RELAY_PID")
relay_mbs=$(iperf_mbs "$RA" "$RB" "$D/iperf_relay.json")
cpu1=$(cpu_s "$RELAY_PID")
read -r user1 sys1 < <(cpu_us "$RELAY_PID")
stop_relay
direct_mbs=$(iperf_mbs "$VA" "$VB" "$D/iperf_direct.json")
start_relay --trace "$D/relay.json"
cpu1b=$(cpu_s "$RELAY_PID")
read -r relay_made relay_cps < <(conns_per_s "$RA" "$RB")
cpu2=$(cpu_s "$RELAY_PID")
stop_relay
read -r direct_made direct_cps < <(conns_per_s "$VA" "$VB")
grep -E "^counters|relay stopped" "$D/relay.log"

# Connections the trace recorded: the iperf3 run makes 2 (control + data); every short
# connection must be there with its SYN, both FINs and nothing evicted.
python3 - "$D/relay.json" "$CONNS" "$D/relay.log" <<'PY'
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
counters = open(sys.argv[3]).read().split("segments evicted ")[-1].split()[0] if len(sys.argv) > 3 else "?"
whole = [c for c in short if flags[c]["syn"] and flags[c]["fin_c"] and flags[c]["fin_s"]]
evicted = any("evicted" in n for n in t.get("notes", []))
print("trace: %d short connections recorded (made %d), %d of them with SYN and both FINs; "
      "%d segments; evicted: %s (%s segments)" % (len(short), want, len(whole), len(t["segments"]),
                                                 "yes" if evicted else "no", counters))
# A connection without its SYN or a FIN: what the trace has of it, and when it ended.
for c in [c for c in short if c not in set(whole)][:3]:
    segs = [s for s in t["segments"] if s["conn"] == c]
    print("  incomplete conn %d: %s; trace ends at %.1f ms" % (
        c, ", ".join("%.1f %s %s" % (s["sent_ms"], s["from"], s["flags"]) for s in segs), t.get("end_ms", -1)))
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); relay: $LIVE_CLI live --relay ... $RELAY_ARGS"
printf '%-28s %12s %12s\n' "" "relay" "direct veth"
printf '%-28s %12s %12s\n' "iperf3 MB/s (A -> B)" "$relay_mbs" "$direct_mbs"
rtt() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%.2f" % (j["end"]["streams"][0]["sender"]["mean_rtt"] / 1000))' "$1" 2>/dev/null || echo "?"; }
printf '%-28s %12s %12s\n' "iperf3 mean RTT (ms)" "$(rtt "$D/iperf_relay.json")" "$(rtt "$D/iperf_direct.json")"
printf '%-28s %12s %12s\n' "connections/s ($WORKERS clients)" "$relay_cps" "$direct_cps"
printf '%-28s %12s %12s\n' "connections made" "$relay_made" "$direct_made"
# A SYN the server's full accept queue dropped is resent after 1 s (RFC 6298 2.1), which
# stalls a client: these explain a slow column.
nstat_of() { ip netns exec "$1" nstat -az "$2" 2>/dev/null | awk -v k="$2" '$1 == k { print $2 }'; }
printf '%-28s %12s %12s\n' "server listen overflows" "$(nstat_of "$RB" TcpExtListenOverflows)" "$(nstat_of "$VB" TcpExtListenOverflows)"
printf '%-28s %12s %12s\n' "client SYN retransmissions" "$(nstat_of "$RA" TcpExtTCPSynRetrans)" "$(nstat_of "$VA" TcpExtTCPSynRetrans)"
# What the relay itself costs, which the machine's load does not change: CPU seconds per MB
# carried and per connection, and the rates they allow on one core of its own.
awk -v a="$cpu0" -v b="$cpu1" -v b2="$cpu1b" -v c="$cpu2" -v mbs="$relay_mbs" -v t="$SECONDS_EACH" -v n="$CONNS" 'BEGIN {
  mb = mbs * t
  printf "relay CPU: %.2f s for %.0f MB during iperf3 (%.0f MB per CPU-second); %.2f s for %d connections (%.0f us each, %.0f per CPU-second)\n",
         b - a, mb, (b - a > 0 ? mb / (b - a) : 0), c - b2, n, (c - b2) * 1e6 / n, (c - b2 > 0 ? n / (c - b2) : 0)
}'
awk -v u="$(awk -v a="$user0" -v b="$user1" 'BEGIN { print b - a }')" \
    -v s="$(awk -v a="$sys0" -v b="$sys1" 'BEGIN { print b - a }')" -v gb="$(awk -v m="$relay_mbs" -v t="$SECONDS_EACH" 'BEGIN { print m * t / 1000 }')" 'BEGIN {
  printf "relay CPU during iperf3: user %.2f s (parsing, recording, checksums), system %.2f s (TAP reads and writes, and the receiving kernel'"'"'s input run inside the writes); per GB: user %.3f s, system %.3f s\n", u, s, (gb > 0 ? u / gb : 0), (gb > 0 ? s / gb : 0)
}'
