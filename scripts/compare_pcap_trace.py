#!/usr/bin/env python3
"""Compares what tshark decodes from an exported pcap with the trace it was exported from.

    compare_pcap_trace.py <trace.json> <tshark fields file>

The fields file is `tshark -T fields -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.len`
of the exported pcap. Every trace segment must appear in the capture with the same flags,
sequence number, acknowledgment number (when ACK is set) and payload length, and nothing
else may: the two are compared as multisets, so the check does not depend on the order the
writer chose for segments sent at the same moment. Exit 1 with the differences otherwise.
"""
import collections
import json
import sys

FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20,
             "ECE": 0x40, "CWR": 0x80}


def trace_segments(path):
    with open(path, encoding="utf-8") as f:
        trace = json.load(f)
    out = collections.Counter()
    for s in trace["segments"]:
        bits = 0
        for name in filter(None, s["flags"].split("|")):
            bits |= FLAG_BITS[name]
        ack = s["ack"] if bits & FLAG_BITS["ACK"] else None
        out[(bits, s["seq"], ack, s["len"])] += 1
    return out


def capture_segments(path):
    out = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            flags, seq, ack, length = line.rstrip("\n").split("\t")
            bits = int(flags, 16)
            out[(bits, int(seq), int(ack) if bits & FLAG_BITS["ACK"] else None, int(length))] += 1
    return out


def main():
    want, got = trace_segments(sys.argv[1]), capture_segments(sys.argv[2])
    if want == got:
        return 0
    for key in sorted((want - got).keys(), key=str):
        print(f"  in the trace, not in the capture: flags=0x{key[0]:02x} seq={key[1]} ack={key[2]} len={key[3]}")
    for key in sorted((got - want).keys(), key=str):
        print(f"  in the capture, not in the trace: flags=0x{key[0]:02x} seq={key[1]} ack={key[2]} len={key[3]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
