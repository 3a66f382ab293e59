#!/usr/bin/env python3
"""Checks a live-mode trace JSON against RFC 9293's handshake and close, and against an
independent witness (a tcpdump capture on the same TAP, read back with tshark).

usage: check_trace.py --trace T.json --witness W.pcap --expect http|synack-dropped|syn-retransmitted
Exit status 0 when every check holds; each failed check is printed."""
import argparse
import json
import subprocess
import sys

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
NAMES = {"SYN": SYN, "FIN": FIN, "RST": RST, "PSH": PSH, "ACK": ACK}
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def flag_bits(text):
    bits = 0
    for name in text.split("|") if text else []:
        bits |= NAMES.get(name, 0)
    return bits


def witness_segments(pcap):
    out = subprocess.run(
        ["tshark", "-r", pcap, "-Y", "tcp", "-T", "fields", "-E", "separator=,",
         "-e", "frame.time_relative", "-e", "ip.src", "-e", "tcp.flags", "-e", "tcp.seq_raw",
         "-e", "tcp.ack_raw", "-e", "tcp.len", "-e", "tcp.window_size_value"],
        capture_output=True, text=True, check=True).stdout
    segs = []
    for line in out.splitlines():
        t, src, flags, seq, ack, length, win = line.split(",")
        bits = int(flags, 16) & 0x1F
        segs.append({"t": float(t), "src": src, "flags": bits, "seq": int(seq),
                     "ack": int(ack) if bits & ACK else None, "len": int(length), "win": int(win)})
    return segs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trace", required=True)
    ap.add_argument("--witness", required=True)
    ap.add_argument("--expect", required=True, choices=["http", "synack-dropped", "syn-retransmitted"])
    ap.add_argument("--client-ip", default="192.0.2.1")
    a = ap.parse_args()

    trace = json.load(open(a.trace))
    segs = [s for s in trace["segments"] if s["conn"] == 0]
    check(len(segs) > 0, "the trace has segments of connection 0")
    kinds = [(s["from"], flag_bits(s["flags"]) & (SYN | FIN | RST | ACK), s["len"]) for s in segs]

    def has(frm, bits, data=None):
        return any(f == frm and b == bits and (data is None or (l > 0) == data) for f, b, l in kinds)

    # RFC 9293 3.5 figure 6 (three-way handshake) and 3.6 (closing).
    check(segs[0]["from"] == "client" and segs[0]["flags"] == "SYN", "first segment: the kernel's SYN")
    check(has("server", SYN | ACK), "our SYN,ACK")
    check(has("client", ACK, data=False), "the kernel's ACK of our SYN")
    check(has("client", ACK, data=True), "the request (client data)")
    check(has("server", ACK, data=True), "the answer (server data)")
    check(has("server", FIN | ACK), "our FIN")
    check(has("client", FIN | ACK), "the kernel's FIN")
    ours = [(t["from"], t["to"]) for t in trace["transitions"] if t["conn"] == 0 and t["who"] == "server"]
    for step in [("LISTEN", "SYN-RECEIVED"), ("SYN-RECEIVED", "ESTABLISHED"), ("ESTABLISHED", "FIN-WAIT-1")]:
        check(step in ours, "our transition %s -> %s" % step)
    check(bool(ours) and ours[-1][1] == "TIME-WAIT",
          "we closed first, so we end in TIME-WAIT (RFC 9293 3.6); got %s" % (ours[-1:] or "nothing"))
    events = [e["event"] for e in trace["app_events"] if e["conn"] == 0 and e["who"] == "server"]
    for e in ["accepted", "established", "eof"]:
        check(e in events, "app event '%s'" % e)

    # The witness saw exactly what crossed the link: everything the kernel sent, and what we
    # sent that no fault rule dropped. Compare per direction, in order.
    wit = witness_segments(a.witness)
    for frm, src_is_client in [("client", True), ("server", False)]:
        expected = [s for s in trace["segments"]
                    if s["from"] == frm and (frm == "client" or s["fate"] == "delivered")]
        seen = [w for w in wit if (w["src"] == a.client_ip) == src_is_client]
        exp_t = [(flag_bits(s["flags"]), s["seq"], s["ack"], s["len"], s["window"]) for s in expected]
        seen_t = [(w["flags"], w["seq"], w["ack"], w["len"], w["win"]) for w in seen]
        check(exp_t == seen_t, "witness and trace agree on the %s's %d segments (flags, seq, ack, len, window)"
              % (frm, len(exp_t)))
        if exp_t != seen_t:
            print("  trace:  ", exp_t)
            print("  witness:", seen_t)

    first_syn = next((w for w in wit if w["src"] == a.client_ip and w["flags"] == SYN), None)
    if a.expect == "synack-dropped":
        # One SYN,ACK lost: both ends' timers are running (the kernel's SYN timer and our
        # SYN,ACK timer, both 1 s: RFC 6298 2.1, Linux TCP_TIMEOUT_INIT); whichever fires first
        # repairs the handshake about 1 s after the SYN.
        dropped = [s for s in segs if s["from"] == "server" and s["fate"] == "dropped"]
        check(len(dropped) == 1 and dropped[0]["flags"] == "SYN|ACK" and dropped[0]["fault"] == 0,
              "exactly our first SYN,ACK was dropped, by fault rule 0")
        repairs = [w for w in wit if (w["src"] == a.client_ip and w["flags"] == SYN) or
                   (w["src"] != a.client_ip and w["flags"] == SYN | ACK)]
        check(first_syn is not None and len(repairs) >= 2, "the witness saw a retransmitted SYN or SYN,ACK")
        if first_syn is not None and len(repairs) >= 2:
            gap = repairs[1]["t"] - first_syn["t"]
            who = "the kernel's SYN" if repairs[1]["flags"] == SYN else "our SYN,ACK"
            check(0.8 <= gap <= 1.6, "%s was retransmitted ~1 s later (%.3f s)" % (who, gap))
        check(any(s["retransmission"] for s in segs if s["flags"] in ("SYN", "SYN|ACK")),
              "the trace marks that retransmission")
    if a.expect == "syn-retransmitted":
        dropped = [s for s in segs if s["from"] == "server" and s["fate"] == "dropped"]
        check(len(dropped) >= 2 and all(s["flags"] == "SYN|ACK" for s in dropped[:2]),
              "our first two SYN,ACKs were dropped")
        syns = [w for w in wit if w["src"] == a.client_ip and w["flags"] == SYN]
        check(len(syns) >= 2, "the witness saw the kernel's SYN retransmitted")
        if len(syns) >= 2:
            gap = syns[1]["t"] - syns[0]["t"]
            # Linux: initial RTO 1 s (RFC 6298 2.1, TCP_TIMEOUT_INIT); tcp_syn_linear_timeouts.
            check(0.8 <= gap <= 1.6, "the kernel's SYN was retransmitted ~1 s later (%.3f s)" % gap)
        retrans = [s for s in segs if s["from"] == "client" and s["flags"] == "SYN" and s["retransmission"]]
        check(len(retrans) >= 1, "the trace marks the kernel's second SYN as a retransmission")

    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
