#!/bin/bash
# The desktop app attached to live traffic: in a namespace of its own with a TAP, the app
# (under Xvfb) runs the project's host on NS:tap0 with the live panel; `curl` (the kernel's
# TCP) fetches http://192.0.2.2/ from it. The app must have seen the connection (its
# --dump-state JSON lists it, closed, with our side's state), answered it (curl got the page),
# and exited cleanly when --duration ended (the reader thread joined, the TAP closed).
# Part 2, relay mode: the app relays between two namespaces' TAPs with "client FIN #1 drop";
# nc sends a little data from A to B; the app lists the connection closed, with the dropped
# FIN and A's kernel retransmitting it (RFC 9293 3.10.8, RFC 6298), and both ends' states.
#   TCPVIZ_APP: the desktop binary (default build/native/tcpviz, else build/dev-session/tcpviz)
set -u
cd "$(dirname "$0")"
source ./lib.sh
live_require curl Xvfb python3 nc

ROOT=$(cd ../.. && pwd)
APP=""
for c in "${TCPVIZ_APP:-}" "$ROOT/build/native/tcpviz" "$ROOT/build/dev-session/tcpviz"; do
  if [ -n "$c" ] && [ -x "$c" ] && "$c" --help 2>/dev/null | grep -q -- "--tap"; then APP=$c; break; fi
done
[ -n "$APP" ] || live_skip "no desktop tcpviz with --tap (build it, or set TCPVIZ_APP)"

NS=tcpviz-d$$
D=$LIVE_TEST_DIR
live_make_host_ns "$NS"

# Our own Xvfb on a free display, stopped by PID on exit (live_cleanup).
DISPLAY_N=""
for n in $(seq 120 199); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then DISPLAY_N=$n; break; fi
done
[ -n "$DISPLAY_N" ] || live_fail "no free X display number"
Xvfb ":$DISPLAY_N" -screen 0 1280x800x24 -nolisten tcp >"$D/xvfb.log" 2>&1 &
LIVE_TEST_PIDS+=($!)
for _ in $(seq 1 50); do [ -S "/tmp/.X11-unix/X$DISPLAY_N" ] && break; sleep 0.1; done
[ -S "/tmp/.X11-unix/X$DISPLAY_N" ] || live_fail "Xvfb :$DISPLAY_N did not start: $(cat "$D/xvfb.log")"

DURATION=${LIVE_DURATION:-6}
DISPLAY=":$DISPLAY_N" "$APP" --tap "$NS:tap0" --ip 192.0.2.2/24 --serve http:80 --serve echo:7 \
  --duration "$DURATION" --dump-state "$D/state.json" --trace "$D/trace.json" >"$D/app.log" 2>&1 &
APP_PID=$!
LIVE_TEST_PIDS+=($APP_PID)
sleep 1.5
kill -0 "$APP_PID" 2>/dev/null || live_fail "the app exited early: $(cat "$D/app.log")"

ip netns exec "$NS" curl -sS -m 5 http://192.0.2.2/ >"$D/curl.out" 2>"$D/curl.err"
CURL_RC=$?
sleep 1
if command -v import >/dev/null; then
  SHOT="${TCPVIZ_SHOTS:-$D}/desktop-live.png"
  mkdir -p "$(dirname "$SHOT")"
  DISPLAY=":$DISPLAY_N" import -window root "$SHOT" 2>/dev/null && echo "screenshot: $SHOT"
  colours=$(convert "$SHOT" -format '%k' info: 2>/dev/null || echo 0)
  [ "$colours" -ge 8 ] || live_fail "the window looks blank ($colours colours in $SHOT)"
fi
live_wait_pid "$APP_PID" $((DURATION + 10))
APP_RC=$?

echo "--- app log"; cat "$D/app.log"
[ "$CURL_RC" = 0 ] || live_fail "curl failed ($CURL_RC): $(cat "$D/curl.err")"
grep -q "hello from the tcpviz user-space TCP host" "$D/curl.out" || live_fail "curl got: $(cat "$D/curl.out")"
echo "ok   curl got the HTTP answer from the app's host"
[ "$APP_RC" = 0 ] || live_fail "the app exited with $APP_RC"
echo "ok   the app exited cleanly after --duration $DURATION"
[ -s "$D/state.json" ] || live_fail "no --dump-state output"
python3 - "$D/state.json" <<'PY' || live_fail "state checks failed (LIVE_KEEP=1 keeps $D)"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["mode"] == "host", s["mode"]
assert s["running"] is False, "the session should have stopped"
http = [c for c in s["connections"] if c["server"] == "192.0.2.2:80" and c["client"].startswith("192.0.2.1:")]
assert len(http) == 1, s["connections"]
c = http[0]
# RFC 9293 3.6: the HTTP/1.0 answer ends with FINs both ways.
assert c["status"] == "closed", c
assert c["segments"] >= 7, c  # SYN, SYN-ACK, ACK, request, answer, FINs and their ACKs
assert c["bytes"]["to_client"] > 0 and c["bytes"]["to_server"] > 0, c
assert c["states"]["server"] in ("CLOSED", "LAST-ACK", "TIME-WAIT"), c
assert s["counters"]["tcp connections opened"] >= 1, s["counters"]
print("ok   the app saw %s -> %s: %s (%s), %d segments, our side %s" % (
    c["client"], c["server"], c["status"], c["close_kind"], c["segments"], c["states"]["server"]))
PY
[ -s "$D/trace.json" ] || live_fail "no --trace output"

# --- Part 2: relay mode between two kernels.
A=tcpviz-da$$
B=tcpviz-db$$
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
DISPLAY=":$DISPLAY_N" "$APP" --relay "$A:tapr" "$B:tapr" --fault "client FIN #1 drop" \
  --duration "$DURATION" --dump-state "$D/relay_state.json" >"$D/relay_app.log" 2>&1 &
RELAY_APP_PID=$!
LIVE_TEST_PIDS+=($RELAY_APP_PID)
sleep 1.5
kill -0 "$RELAY_APP_PID" 2>/dev/null || live_fail "the relay app exited early: $(cat "$D/relay_app.log")"
ip netns exec "$B" nc -l 198.51.100.2 5000 >"$D/received" 2>/dev/null &
NC_PID=$!
LIVE_TEST_PIDS+=($NC_PID)
sleep 0.3
echo "hello through the desktop relay" | ip netns exec "$A" timeout 4 nc -N 198.51.100.2 5000
live_wait_pid "$NC_PID" 5
live_wait_pid "$RELAY_APP_PID" $((DURATION + 10))
RELAY_RC=$?
grep -q "hello through the desktop relay" "$D/received" || live_fail "B did not get the data through the relay"
echo "ok   data crossed the app's relay"
[ "$RELAY_RC" = 0 ] || live_fail "the relay app exited with $RELAY_RC: $(cat "$D/relay_app.log")"
python3 - "$D/relay_state.json" <<'PY' || live_fail "relay state checks failed (LIVE_KEEP=1 keeps $D)"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["mode"] == "relay", s["mode"]
conns = [c for c in s["connections"] if c["server"] == "198.51.100.2:5000"]
assert len(conns) == 1, s["connections"]
c = conns[0]
assert c["dropped"] >= 1, c          # the client's first FIN, by the rule
assert c["retransmissions"] >= 1, c  # A's kernel sent that FIN again
assert c["status"] == "closed", c
assert s["faults"] == ["client FIN #1"], s["faults"]
print("ok   the relay app saw %s -> %s: %s, %d dropped, %d retransmitted, states %s" % (
    c["client"], c["server"], c["status"], c["dropped"], c["retransmissions"], c["states"]))
PY
echo "PASS: $(basename "$0")"
