#!/bin/bash
# Relay mode between two real kernels, each in a namespace of its own with one TAP as its only
# link: 1 MB sent with nc from A to B arrives intact (sha256), every segment is in the trace,
# and with the client's first FIN dropped by a fault rule, A's kernel retransmits that FIN
# (RFC 9293 3.10.8 / RFC 6298 retransmission timeout) and the close still completes.
set -u
cd "$(dirname "$0")"
source ./lib.sh
live_require nc sha256sum python3 tcpdump
live_find_cli

A=tcpviz-ra$$
B=tcpviz-rb$$
D=$LIVE_TEST_DIR
for ns in "$A" "$B"; do
  ip netns add "$ns" || live_fail "cannot create namespace $ns"
  LIVE_TEST_NETNS+=("$ns")
  ip netns exec "$ns" ip link set lo up
  ip netns exec "$ns" ip tuntap add dev tapr mode tap || live_fail "cannot create tapr in $ns"
done
ip netns exec "$A" ip addr add 198.51.100.1/24 dev tapr
ip netns exec "$B" ip addr add 198.51.100.2/24 dev tapr
ip netns exec "$A" ip link set tapr up
ip netns exec "$B" ip link set tapr up

live_start_witness "$A" tapr "$D/witness_a.pcap"
head -c 1000000 /dev/urandom >"$D/payload"

"$LIVE_CLI" live --relay "$A:tapr" "$B:tapr" --fault "client FIN #1 drop" --duration 8 \
  --trace "$D/trace.json" >"$D/relay.log" 2>&1 &
RELAY_PID=$!
LIVE_TEST_PIDS+=($RELAY_PID)
sleep 0.3

ip netns exec "$B" nc -l 198.51.100.2 5000 >"$D/received" 2>"$D/nc_server.err" &
NC_PID=$!
LIVE_TEST_PIDS+=($NC_PID)
sleep 0.3
ip netns exec "$A" timeout 6 nc -N 198.51.100.2 5000 <"$D/payload" 2>"$D/nc_client.err"
CLIENT_RC=$?
live_wait_pid "$NC_PID" 6
live_wait_pid "$RELAY_PID" 12
RELAY_RC=$?
live_stop_pid "$LIVE_WITNESS_PID"

echo "--- relay log"; cat "$D/relay.log"
[ "$CLIENT_RC" = 0 ] || live_fail "nc client failed ($CLIENT_RC): $(cat "$D/nc_client.err")"
[ "$RELAY_RC" = 0 ] || live_fail "the relay exited with $RELAY_RC"
want=$(sha256sum <"$D/payload" | cut -d' ' -f1)
got=$(sha256sum <"$D/received" | cut -d' ' -f1)
[ "$want" = "$got" ] || live_fail "1 MB did not arrive intact ($(stat -c %s "$D/received") bytes, sha256 $got)"
echo "ok   1 MB arrived intact through the relay (sha256 $want)"

python3 - "$D/trace.json" "$D/witness_a.pcap" <<'PY' || live_fail "trace checks failed"
import json, subprocess, sys
t = json.load(open(sys.argv[1]))
fails = []
def check(c, what):
    print(("ok   " if c else "FAIL ") + what)
    if not c: fails.append(what)
segs = [s for s in t["segments"] if s["conn"] == 0]
data = sum(s["len"] for s in segs if s["from"] == "client" and not s["retransmission"] and s.get("copy_of") is None)
check(data >= 1000000, "the trace holds the client's 1,000,000 data bytes (%d)" % data)
fins = [s for s in segs if s["from"] == "client" and "FIN" in s["flags"]]
check(len(fins) >= 2, "the client's FIN appears at least twice (%d)" % len(fins))
check(len(fins) >= 1 and fins[0]["fate"] == "dropped" and fins[0]["fault"] == 0,
      "its first FIN was dropped by fault rule 0")
check(len(fins) >= 2 and fins[1]["retransmission"] and fins[1]["fate"] == "delivered",
      "the retransmitted FIN was delivered and is marked a retransmission")
if len(fins) >= 2:
    gap = fins[1]["sent_ms"] - fins[0]["sent_ms"]
    # Two ways Linux repairs a lost last segment, depending on what else is in flight: the
    # tail loss probe (RFC 8985 7.2, PTO = 2*SRTT with a floor of two jiffies: a few ms in a
    # namespace, seen 4.4 ms) or the retransmission timer (TCP_RTO_MIN, 200 ms). Either way
    # the resend comes later than the original and within a couple of seconds.
    check(1 <= gap <= 2000, "the FIN was retransmitted by a loss probe or the RTO (%.1f ms)" % gap)
out = subprocess.run(["tshark", "-r", sys.argv[2], "-Y", "tcp.flags.fin==1 && ip.src==198.51.100.1",
                      "-T", "fields", "-e", "frame.time_relative"], capture_output=True, text=True).stdout.split()
check(len(out) >= 2, "the witness in A saw A's kernel send the FIN %d times" % len(out))
sys.exit(1 if fails else 0)
PY
echo "PASS: $(basename "$0")"
