#!/usr/bin/env bash
# Makes the real capture fixtures under tests/data/pcap/ (tests/core/pcap_*_test.cpp read
# them). Everything runs inside a throw-away network namespace on its loopback interface, so
# only loopback traffic is captured and nothing on the machine is touched; the namespace is
# deleted on exit. Needs root, ip, tcpdump, dumpcap, editcap, curl, python3.
#
#   http-ipv4.pcap       curl fetches a small file from python3 -m http.server on 127.0.0.1
#                        (tcpdump -w: classic pcap, microseconds, little-endian)
#   http-ipv4-ns.pcap    the same file converted by editcap to nanosecond pcap
#   http-ipv4.pcapng     the same file converted by editcap to pcapng
#   refused.pcapng       curl to a closed port: SYN answered by RST|ACK (dumpcap -w, pcapng),
#                        then curl to ::1 on a closed port (IPv6)
#   http-ipv6.pcap       curl -6 to the http.server on [::1] (tcpdump -w)
#   reuse-and-reset.pcap two connections on one 4-tuple: four-segment close, then an RST
#   two-sections.pcapng  http-ipv4.pcapng and refused.pcapng concatenated (two sections)
#   lo-sll2.pcap         tcpdump -Z root -i any (Linux cooked v2 headers, DLT 276) during a curl
#   simultaneous-close.pcap  two kernels close at the same moment over a 200 ms path: both FINs
#                        cross, both ends go through CLOSING to TIME-WAIT (RFC 9293 figure 13)
#
#   scripts/make_capture_fixtures.sh                      makes them all
#   scripts/make_capture_fixtures.sh simultaneous-close   makes only that one
# The expected values in the tests come from tshark reading these files (see the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/data/pcap
mkdir -p "$out"
ns="tcpviz-fix-$$"
pids=()
extra_ns=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  for n in "${extra_ns[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$tmp"
}
tmp="$(mktemp -d)"
trap cleanup EXIT
ip netns add "$ns"
inns() { ip netns exec "$ns" "$@"; }
inns ip link set lo up
chmod 755 "$tmp"
printf 'tcpviz capture fixture\n' >"$tmp/hello.txt"

# 8. A real simultaneous close (RFC 9293 section 3.6, figure 13): both kernels in FIN-WAIT-1
# when the other's FIN arrives, so both go through CLOSING to TIME-WAIT. On loopback the FINs
# never cross (each arrives before the other end closes: 10 of 10 tries gave an ordinary
# close), and this kernel has no netem qdisc, so the two ends get a slow path of their own:
# namespaces A (client, 192.0.2.1) and B (server, 192.0.2.2) joined by two TAP devices whose
# frames a small python3 delay line in a third namespace passes on 200 ms later. Both
# programs call shutdown(SHUT_WR) at one agreed moment (an absolute time both were given),
# so each FIN leaves while the other is still 200 ms away. tcpdump on A's TAP is the capture
# point (the client's host). `ss` in both namespaces shows the kernel states as it happens.
make_simultaneous_close() {
  local a="tcpviz-fix-a-$$" b="tcpviz-fix-b-$$" m="tcpviz-fix-m-$$"
  local dir="$tmp/simultaneous"
  mkdir -p "$dir"
  extra_ns+=("$a" "$b" "$m")  # deleted by cleanup() on exit, with every PID in pids
  ip netns add "$a"; ip netns add "$b"; ip netns add "$m"
  cat >"$dir/delay_line.py" <<'PYTHON'
# Two TAP devices; every frame read from one is written to the other `delay` seconds later.
import fcntl, heapq, os, select, struct, sys, time
TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454CA, 0x0002, 0x1000
def tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd
a, b = tap(sys.argv[1]), tap(sys.argv[2])
delay, end = float(sys.argv[3]), time.monotonic() + float(sys.argv[4])
open(sys.argv[5], "w").close()  # ready
queue, n = [], 0
while time.monotonic() < end:
    wait = min(0.02, max(0.0, queue[0][0] - time.monotonic())) if queue else 0.02
    ready, _, _ = select.select([a, b], [], [], wait)
    for fd in ready:
        n += 1
        heapq.heappush(queue, (time.monotonic() + delay, n, b if fd == a else a, os.read(fd, 65536)))
    while queue and queue[0][0] <= time.monotonic():
        _, _, out, frame = heapq.heappop(queue)
        os.write(out, frame)
PYTHON
  cat >"$dir/end.py" <<'PYTHON'
# One end of the connection: exchange a line, say so (a file), wait for the moment the script
# names once both ends are ready, shutdown(SHUT_WR) then, read until the peer's FIN, close.
import os, socket, sys, time
role, dir = sys.argv[1], sys.argv[2]
if role == "server":
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("192.0.2.2", 7072)); srv.listen(1)
    open(os.path.join(dir, "listening"), "w").close()
    s, _ = srv.accept(); s.recv(100); s.sendall(b"pong\n")
else:
    s = socket.create_connection(("192.0.2.2", 7072), timeout=20); s.sendall(b"ping\n"); s.recv(100)
open(os.path.join(dir, "ready-" + role), "w").close()
go = os.path.join(dir, "go")
while not os.path.exists(go):
    time.sleep(0.01)
time.sleep(0.05)  # the file is complete
at = float(open(go).read())
time.sleep(max(0.0, at - time.time()))
s.shutdown(socket.SHUT_WR)
while s.recv(100):
    pass
s.close()
PYTHON
  ip netns exec "$m" python3 "$dir/delay_line.py" tapa tapb 0.2 60 "$dir/ready" &
  pids+=("$!")
  for _ in $(seq 50); do [[ -e "$dir/ready" ]] && break; sleep 0.1; done
  [[ -e "$dir/ready" ]] || { echo "delay line did not start" >&2; return 1; }
  ip -n "$m" link set tapa netns "$a"
  ip -n "$m" link set tapb netns "$b"
  ip -n "$a" link set lo up; ip -n "$b" link set lo up
  ip -n "$a" addr add 192.0.2.1/24 dev tapa; ip -n "$a" link set tapa up
  ip -n "$b" addr add 192.0.2.2/24 dev tapb; ip -n "$b" link set tapb up
  ip netns exec "$a" tcpdump -Z root -i tapa -s 0 -U -w "$dir/simultaneous-close.pcap" 'tcp port 7072' \
    >"$dir/tcpdump.log" 2>&1 &
  local cap_pid=$!
  pids+=("$cap_pid")
  sleep 1.5
  ip netns exec "$b" python3 "$dir/end.py" server "$dir" &
  local server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 100); do [[ -e "$dir/listening" ]] && break; sleep 0.1; done
  ip netns exec "$a" python3 "$dir/end.py" client "$dir" &
  local client_pid=$!
  pids+=("$client_pid")
  for _ in $(seq 300); do [[ -e "$dir/ready-client" && -e "$dir/ready-server" ]] && break; sleep 0.1; done
  [[ -e "$dir/ready-client" && -e "$dir/ready-server" ]] || { echo "the two ends did not connect" >&2; return 1; }
  local at; at="$(python3 -c 'import time; print(time.time() + 1.0)')"
  printf '%s' "$at" >"$dir/go.tmp"
  mv "$dir/go.tmp" "$dir/go"
  # The kernels' own view, polled while the FINs are in flight: each end's states as `ss`
  # reports them, printed when they change (CLOSING lasts about one 200 ms path delay).
  local last_a="" last_b="" now_a now_b
  for _ in $(seq 400); do
    now_a="$(ip netns exec "$a" ss -Htan '( dport = :7072 )' | awk '{print $1}' | tr '\n' ' ')"
    now_b="$(ip netns exec "$b" ss -Htan '( sport = :7072 )' | awk '$1 != "LISTEN" {print $1}' | tr '\n' ' ')"
    [[ "$now_a" != "$last_a" ]] && echo "client (namespace A): $now_a"
    [[ "$now_b" != "$last_b" ]] && echo "server (namespace B): $now_b"
    last_a="$now_a"; last_b="$now_b"
    [[ "$now_a" == "TIME-WAIT " && "$now_b" == "TIME-WAIT " ]] && break
    sleep 0.01
  done
  wait "$client_pid"; wait "$server_pid" || true
  sleep 0.5
  kill -INT "$cap_pid"; wait "$cap_pid" 2>/dev/null || true
  cp "$dir/simultaneous-close.pcap" "$out/"
  chmod 644 "$out/simultaneous-close.pcap"
}

if [[ "${1:-}" == simultaneous-close ]]; then
  make_simultaneous_close
  ls -l "$out/simultaneous-close.pcap"
  exit 0
fi

# capture <file> <tool...>: start a capture in the namespace and wait until it is listening.
start_capture() {
  local file="$1"; shift
  # Not through inns(): `$!` must be the capture tool itself (ip netns exec execs it), so
  # that SIGINT reaches it and it finishes the file.
  ip netns exec "$ns" "$@" -w "$tmp/$file" >"$tmp/$file.log" 2>&1 &
  capture_pid=$!
  pids+=("$capture_pid")
  sleep 1.5
}
stop_capture() {
  sleep 0.5
  kill -INT "$capture_pid"
  wait "$capture_pid" 2>/dev/null || true
  [[ -s "$tmp/${1:-}" || -z "${1:-}" ]] || true
}

# 1. HTTP over IPv4.
(cd "$tmp" && exec ip netns exec "$ns" python3 -m http.server 8080 --bind 127.0.0.1 >/dev/null 2>&1) &
server_pid=$!
pids+=("$server_pid")
sleep 1
start_capture http-ipv4.pcap tcpdump -Z root -i lo -s 0 -U 'tcp port 8080'
inns curl --max-time 5 -s -o /dev/null http://127.0.0.1:8080/hello.txt
stop_capture
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
cp "$tmp/http-ipv4.pcap" "$out/"
editcap -F pcap --set-tsprec 9 "$tmp/http-ipv4.pcap" "$out/http-ipv4-ns.pcap" 2>/dev/null ||
  editcap -F nsecpcap "$tmp/http-ipv4.pcap" "$out/http-ipv4-ns.pcap"
editcap -F pcapng "$tmp/http-ipv4.pcap" "$out/http-ipv4.pcapng"

# 2. Refused connections (IPv4 then IPv6), captured as pcapng by dumpcap.
start_capture refused.pcapng dumpcap -q -i lo -f 'tcp port 9'
inns curl --max-time 5 -s -o /dev/null http://127.0.0.1:9/ || true
inns curl --max-time 5 -s -o /dev/null 'http://[::1]:9/' || true
stop_capture
cp "$tmp/refused.pcapng" "$out/"

# 3. HTTP over IPv6.
(cd "$tmp" && exec ip netns exec "$ns" python3 -m http.server 8080 --bind ::1 >/dev/null 2>&1) &
server_pid=$!
pids+=("$server_pid")
sleep 1
start_capture http-ipv6.pcap tcpdump -Z root -i lo -s 0 -U 'tcp port 8080'
inns curl --max-time 5 -s -o /dev/null 'http://[::1]:8080/hello.txt'
stop_capture
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
cp "$tmp/http-ipv6.pcap" "$out/"

# 4. A real simultaneous close: see make_simultaneous_close above.
make_simultaneous_close

# 5. Linux cooked v2 (tcpdump -Z root -i any writes DLT_LINUX_SLL2 since libpcap 1.10 ... when asked).
(cd "$tmp" && exec ip netns exec "$ns" python3 -m http.server 8080 --bind 127.0.0.1 >/dev/null 2>&1) &
server_pid=$!
pids+=("$server_pid")
sleep 1
start_capture lo-sll2.pcap tcpdump -Z root -i any -y LINUX_SLL2 -s 0 -U 'tcp port 8080'
inns curl --max-time 5 -s -o /dev/null http://127.0.0.1:8080/hello.txt
stop_capture
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
cp "$tmp/lo-sll2.pcap" "$out/"

# 6. Two incarnations of one 4-tuple (client port fixed at 50000): the first ends with a
# four-segment close begun by the server (the client answers the FIN with a pure ACK and
# closes 300 ms later); the second is aborted by the client with SO_LINGER {on, 0}, which
# sends an RST. The server's TIME-WAIT accepts the new SYN (Linux tcp_timewait_state_process).
start_capture reuse-and-reset.pcap tcpdump -Z root -i lo -s 0 -U 'tcp port 7071'
inns python3 - <<'PYTHON'
import socket, struct, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 7071)); srv.listen(2)
def connect():
    c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind(("127.0.0.1", 50000)); c.connect(("127.0.0.1", 7071))
    s, _ = srv.accept()
    return c, s
c, s = connect()
c.sendall(b"hello"); s.recv(100); s.sendall(b"world!"); c.recv(100)
s.shutdown(socket.SHUT_WR)
c.recv(100)  # EOF
time.sleep(0.3)
c.close(); time.sleep(0.1); s.close()
time.sleep(0.2)
c, s = connect()
c.sendall(b"again")
s.recv(100)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close(); time.sleep(0.1); s.close(); srv.close()
PYTHON
stop_capture
cp "$tmp/reuse-and-reset.pcap" "$out/"

# 7. Two pcapng sections in one file (valid: a pcapng file may hold several sections, each
# with its own interfaces): the HTTP capture, then the refused ones.
cat "$out/http-ipv4.pcapng" "$out/refused.pcapng" >"$out/two-sections.pcapng"
chmod 644 "$out"/*.pcap "$out"/*.pcapng

ls -l "$out"
