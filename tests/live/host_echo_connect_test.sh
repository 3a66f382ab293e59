#!/bin/bash
# Host mode, the other services and an active open: the kernel's `nc` talks to our echo
# service (RFC 862) on port 7 and gets its line back; our host opens a connection itself
# (--connect, RFC 9293 3.10.1 active OPEN) to a kernel `nc` listener, sends a GET, reads the
# answer and closes after the peer's FIN.
set -u
cd "$(dirname "$0")"
source ./lib.sh
live_require nc python3
live_find_cli

NS=tcpviz-e$$
D=$LIVE_TEST_DIR
live_make_host_ns "$NS"

printf 'HTTP/1.0 200 OK\r\n\r\nhello from the kernel side\n' >"$D/answer"
ip netns exec "$NS" nc -N -l 192.0.2.1 8080 <"$D/answer" >"$D/request.txt" 2>"$D/listener.err" &
LISTENER_PID=$!
LIVE_TEST_PIDS+=($LISTENER_PID)
sleep 0.3

ip netns exec "$NS" "$LIVE_CLI" live --tap tap0 --ip 192.0.2.2/24 --serve echo:7 --serve discard:9 \
  --connect 192.0.2.1:8080 --duration 4 --trace "$D/trace.json" >"$D/host.log" 2>&1 &
HOST_PID=$!
LIVE_TEST_PIDS+=($HOST_PID)
sleep 0.5

echo "hello-echo-$$" | ip netns exec "$NS" timeout 5 nc -N 192.0.2.2 7 >"$D/echo.out" 2>"$D/echo.err"
ECHO_RC=$?
head -c 5000 /dev/urandom | ip netns exec "$NS" timeout 5 nc -N 192.0.2.2 9 >"$D/discard.out" 2>&1
DISCARD_RC=$?
live_wait_pid "$HOST_PID" 10 || live_fail "the host exited with an error: $(tail -3 "$D/host.log")"
live_wait_pid "$LISTENER_PID" 3

echo "--- host log"; cat "$D/host.log"
[ "$ECHO_RC" = 0 ] && grep -qx "hello-echo-$$" "$D/echo.out" || live_fail "echo: rc $ECHO_RC, got '$(cat "$D/echo.out")'"
echo "ok   the echo service sent the line back"
[ "$DISCARD_RC" = 0 ] && [ ! -s "$D/discard.out" ] || live_fail "discard: rc $DISCARD_RC, got $(stat -c %s "$D/discard.out") bytes"
echo "ok   the discard service took 5000 bytes and sent nothing"
grep -q "^GET / HTTP/1.0" "$D/request.txt" || live_fail "the kernel listener got: $(cat "$D/request.txt")"
echo "ok   our active open reached the kernel's listener and sent the GET"
grep -q "answer: HTTP/1.0 200 OK" "$D/host.log" || live_fail "the host did not read the answer"
echo "ok   our host read the answer"
grep -q "payload-missing 0" "$D/host.log" || live_fail "the host lost payload bytes"
python3 - "$D/trace.json" <<'PY' || live_fail "trace checks failed"
import json, sys
t = json.load(open(sys.argv[1]))
ok = True
def check(c, what):
    global ok
    print(("ok   " if c else "FAIL ") + what)
    ok &= bool(c)
ours = [(x["conn"], x["from"], x["to"]) for x in t["transitions"] if x["who"] == "client"]
check(any(f == "CLOSED" and to == "SYN-SENT" for _, f, to in ours), "our side went CLOSED -> SYN-SENT (active OPEN)")
check(any(f == "SYN-SENT" and to == "ESTABLISHED" for _, f, to in ours), "and SYN-SENT -> ESTABLISHED on the SYN,ACK")
data = sum(e.get("bytes", 0) for e in t["app_events"] if e["event"] == "data" and e["who"] == "server")
check(data >= 5000 + 10, "our servers received the echo line and the 5000 discarded bytes (%d)" % data)
sys.exit(0 if ok else 1)
PY
echo "PASS: $(basename "$0")"
