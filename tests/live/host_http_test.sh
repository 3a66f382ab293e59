#!/bin/bash
# Host mode against the real Linux kernel: in a namespace of its own, `curl` (the kernel's TCP)
# fetches http://192.0.2.2/ from the project's user-space host on a TAP. The trace must show the
# handshake, request, answer and close with the right states on our side, and tcpdump on the
# TAP (the independent witness) must have seen the same segments.
#   LIVE_FAULT / LIVE_FAULT2 add --fault rules, LIVE_EXPECT names the extra checks
#   (see host_fault_test.sh and host_syn_retransmit_test.sh).
set -u
cd "$(dirname "$0")"
source ./lib.sh
live_require tcpdump tshark curl python3
live_find_cli

NS=tcpviz-t$$
D=$LIVE_TEST_DIR
live_make_host_ns "$NS"
live_start_witness "$NS" tap0 "$D/witness.pcap"

FAULT_ARGS=()
EXPECT=http
if [ -n "${LIVE_FAULT:-}" ]; then
  FAULT_ARGS=(--fault "$LIVE_FAULT")
  EXPECT=${LIVE_EXPECT:-synack-dropped}
fi
if [ -n "${LIVE_FAULT2:-}" ]; then FAULT_ARGS+=(--fault "$LIVE_FAULT2"); fi
DURATION=${LIVE_DURATION:-3}
ip netns exec "$NS" "$LIVE_CLI" live --tap tap0 --ip 192.0.2.2/24 --serve http:80 --serve echo:7 \
  "${FAULT_ARGS[@]}" --duration "$DURATION" --trace "$D/trace.json" --pcap "$D/host.pcap" >"$D/host.log" 2>&1 &
HOST_PID=$!
LIVE_TEST_PIDS+=($HOST_PID)
sleep 0.3

ip netns exec "$NS" curl -sS -m 5 http://192.0.2.2/ >"$D/curl.out" 2>"$D/curl.err"
CURL_RC=$?
live_wait_pid "$HOST_PID" $((DURATION + 5))
HOST_RC=$?
sleep 0.3
live_stop_pid "$LIVE_WITNESS_PID"

echo "--- host log"; cat "$D/host.log"
[ "$CURL_RC" = 0 ] || live_fail "curl failed ($CURL_RC): $(cat "$D/curl.err")"
grep -q "hello from the tcpviz user-space TCP host" "$D/curl.out" || live_fail "curl got: $(cat "$D/curl.out")"
echo "ok   curl got the HTTP answer"
[ "$HOST_RC" = 0 ] || live_fail "the host exited with $HOST_RC"
grep -q "payload-missing 0" "$D/host.log" || live_fail "the host lost payload bytes"
python3 ./check_trace.py --trace "$D/trace.json" --witness "$D/witness.pcap" --expect "$EXPECT" ||
  live_fail "trace checks failed (LIVE_KEEP=1 keeps $D)"
# The pcap we wrote holds every recorded segment (dropped ones too, seen at the sender's side).
n_pcap=$(tshark -r "$D/host.pcap" -Y tcp 2>/dev/null | wc -l)
n_trace=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$D/trace.json")
[ "$n_pcap" = "$n_trace" ] && [ "$n_pcap" -gt 0 ] || live_fail "pcap has $n_pcap TCP segments, trace $n_trace"
echo "ok   our pcap opens in tshark with all $n_pcap segments"
echo "PASS: $(basename "$0") ${LIVE_FAULT:-} ${LIVE_FAULT2:-}"
