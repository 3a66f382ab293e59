#!/bin/bash
# Hostile input to the live host (python3-scapy inside the test's namespace): truncated frames,
# bad IPv4 and TCP checksums, IPv4 fragments, bogus TCP options, data offsets below 5, unknown
# protocols, segments for no connection, random garbage, then a SYN flood. Nothing may crash,
# the counters must show each kind was dropped (RFC 1122 3.2.1.2: discard bad checksums silently),
# the host must still serve curl, the SYN backlog cap must hold, and memory must stay bounded.
set -u
cd "$(dirname "$0")"
source ./lib.sh
live_require curl
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import scapy" 2>/dev/null || live_skip "python3-scapy is missing"
live_find_cli

NS=tcpviz-h$$
D=$LIVE_TEST_DIR
live_make_host_ns "$NS"
ip netns exec "$NS" "$LIVE_CLI" live --tap tap0 --ip 192.0.2.2/24 --serve http:80 --backlog 64 \
  --max-conns 256 --quiet >"$D/host.log" 2>&1 &
HOST_PID=$!
LIVE_TEST_PIDS+=($HOST_PID)
sleep 0.3

ip netns exec "$NS" /usr/bin/python3 ./hostile_frames.py tap0 02:00:00:00:00:02 192.0.2.2 malformed ||
  live_fail "scapy could not send"
sleep 0.5
kill -0 "$HOST_PID" 2>/dev/null || live_fail "the host died on malformed input: $(cat "$D/host.log")"
ip netns exec "$NS" curl -sS -m 5 http://192.0.2.2/ >"$D/curl1.out" || live_fail "curl after malformed input failed"
echo "ok   the host survived the malformed frames and still serves curl"

ip netns exec "$NS" /usr/bin/python3 ./hostile_frames.py tap0 02:00:00:00:00:02 192.0.2.2 flood 3000 ||
  live_fail "scapy could not send the flood"
sleep 0.5
kill -0 "$HOST_PID" 2>/dev/null || live_fail "the host died in the SYN flood: $(tail -5 "$D/host.log")"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$HOST_PID/status)
echo "ok   the host survived a 3000-SYN flood (RSS ${rss_kb} kB)"
[ "$rss_kb" -lt 200000 ] || live_fail "RSS ${rss_kb} kB after the flood: memory not bounded"
# A clean stop on SIGINT, as a user's Ctrl-C.
kill -INT "$HOST_PID"
live_wait_pid "$HOST_PID" 10 || live_fail "the host exited with an error after SIGINT: $(tail -3 "$D/host.log")"
grep -q "stopped (signal)" "$D/host.log" || live_fail "the host did not report a stop by signal"
cat "$D/host.log"

counter() {  # counter "ipv4 ... bad-checksum": the number after the words, within a group
  python3 - "$D/host.log" "$1" "$2" <<'PY'
import re, sys
line = [l for l in open(sys.argv[1]) if l.startswith("counters:")][-1]
group = [g for g in line[len("counters:"):].split("|") if g.strip().startswith(sys.argv[2])][0]
print(re.search(r"(?:^|\s)" + re.escape(sys.argv[3]) + r" (\d+)", group).group(1))
PY
}
check_min() {
  local got
  got=$(counter "$1" "$2")
  [ "$got" -ge "$3" ] || live_fail "counter $1 $2 is $got, expected at least $3"
  echo "ok   $1 $2 = $got (>= $3)"
}
check_min ipv4 bad-checksum 10
check_min ipv4 malformed 10
check_min ipv4 fragments-dropped 20
check_min ipv4 unknown-protocol 5
check_min tcp bad-checksum 10
check_min tcp malformed 5
check_min tcp rst-no-connection 5
check_min tcp syn-backlog-drops 2000
opened=$(counter tcp opened)
[ "$opened" -le 256 ] || live_fail "$opened connections opened, over the cap"
echo "ok   at most the caps' worth of connections were opened ($opened)"
echo "PASS: $(basename "$0")"
