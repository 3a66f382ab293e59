#!/usr/bin/env python3
"""Drives one connection from namespace A (client) to namespace B (server) through the relay,
step by step, and at each pause reads `ss -tan` in both namespaces (the kernels' own states).

    relay_states.py NS_A NS_B PORT OUT.json

The steps (each ends in a pause with no traffic, so each kernel's state is steady):
  syn-received  the relay holds the server's SYN|ACK (a delay rule given to the relay by the
                caller): A is in SYN-SENT, B in SYN-RECV
  established   data sent and acknowledged: both ESTAB
  half-closed   the client closed, the server not yet: A FIN-WAIT-2, B CLOSE-WAIT
  closed        the server closed too: A TIME-WAIT, B has no socket left (CLOSED)
Each sample records CLOCK_MONOTONIC before and after the two `ss` calls; relay_test.sh
compares them with the states the relay inferred at those times (trace time 0 is given in the
trace's notes as a CLOCK_MONOTONIC time).
"""
import json
import subprocess
import sys
import time

ns_a, ns_b, port, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
SERVER_IP, CLIENT_IP = "198.51.100.2", "198.51.100.1"

SERVER = r"""
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(8)
print("listening", flush=True)
c, peer = s.accept()
got = b""
while len(got) < 5:
    got += c.recv(5 - len(got))  # read it all: closing with unread data would send RST (RFC 2525 2.17)
print("accepted", flush=True)
sys.stdin.readline()           # "close"
c.close(); s.close()
print("closed", flush=True)
sys.stdin.readline()
"""
CLIENT = r"""
import socket, sys
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
print("connected %d" % c.getsockname()[1], flush=True)
c.sendall(b"hello")
sys.stdin.readline()           # "close"
c.close()
print("closed", flush=True)
sys.stdin.readline()
"""


def start(ns, code):
    return subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-c", code, SERVER_IP, str(port)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def expect(proc, word):
    line = proc.stdout.readline()
    if not line.startswith(word):
        raise SystemExit("expected %r from a helper, got %r" % (word, line))
    return line


def ss_state(ns, local, peer):
    """The state `ss -tan` shows for the socket local -> peer in ns, or None (no socket)."""
    out = subprocess.run(["ip", "netns", "exec", ns, "ss", "-tan"], capture_output=True, text=True).stdout
    for line in out.splitlines()[1:]:
        f = line.split()
        if len(f) >= 5 and f[3] == local and f[4] == peer:
            return f[0]
    return None


samples = []
client_port = None


def sample(label):
    t0 = time.monotonic()
    a = ss_state(ns_a, "%s:%d" % (CLIENT_IP, client_port), "%s:%d" % (SERVER_IP, port))
    b = ss_state(ns_b, "%s:%d" % (SERVER_IP, port), "%s:%d" % (CLIENT_IP, client_port))
    t1 = time.monotonic()
    samples.append({"label": label, "t0": t0, "t1": t1, "client": a, "server": b})


def wait_for_syn_recv(deadline):
    # The client's port is known only once connect() returns, which the held SYN|ACK prevents:
    # find the SYN-SENT socket in A by its peer.
    global client_port
    while time.monotonic() < deadline:
        out = subprocess.run(["ip", "netns", "exec", ns_a, "ss", "-tan"], capture_output=True, text=True).stdout
        for line in out.splitlines()[1:]:
            f = line.split()
            if len(f) >= 5 and f[0] == "SYN-SENT" and f[4] == "%s:%d" % (SERVER_IP, port):
                client_port = int(f[3].rsplit(":", 1)[1])
                return
        time.sleep(0.01)
    raise SystemExit("no SYN-SENT socket appeared in %s" % ns_a)


server = start(ns_b, SERVER)
expect(server, "listening")
client = start(ns_a, CLIENT)
wait_for_syn_recv(time.monotonic() + 2)
time.sleep(0.05)
# The relay holds the SYN|ACK for 800 ms: less than the client's 1 s initial RTO (RFC 6298
# 2.1), so no SYN is resent while the two sockets sit in SYN-SENT and SYN-RECV.
sample("syn-received")
expect(client, "connected")
expect(server, "accepted")
time.sleep(0.4)                        # "hello" and its ACK (delayed ACK <= 200 ms) are done
sample("established")
client.stdin.write("close\n"); client.stdin.flush()
expect(client, "closed")
time.sleep(0.4)
sample("half-closed")
server.stdin.write("close\n"); server.stdin.flush()
expect(server, "closed")
time.sleep(0.4)
sample("closed")
for p in (client, server):
    p.stdin.write("exit\n"); p.stdin.flush()
    p.wait(timeout=5)
json.dump({"client_port": client_port, "server_port": port, "samples": samples}, open(out_path, "w"), indent=1)
print("sampled %d moments, client port %d" % (len(samples), client_port))
