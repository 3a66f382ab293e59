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
# The expected values in the tests come from tshark reading these files (see the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/data/pcap
mkdir -p "$out"
ns="tcpviz-fix-$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$tmp"
}
tmp="$(mktemp -d)"
trap cleanup EXIT
ip netns add "$ns"
inns() { ip netns exec "$ns" "$@"; }
inns ip link set lo up
chmod 755 "$tmp"
printf 'tcpviz capture fixture\n' >"$tmp/hello.txt"

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

# No simultaneous close: without netem (not in this kernel) two threads racing shutdown()
# on loopback never made the FINs cross (each second FIN acknowledged the first, 10 of 10
# tries); the tests build a simultaneous close by hand instead.

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
