#!/usr/bin/python3
"""Hostile and malformed frames for the live host (run inside the test's namespace, with
Debian's python3-scapy): truncated frames, bad checksums, fragments, bogus TCP options,
random garbage, and optionally a SYN flood. Every frame goes to the host's MAC on `iface`.

usage: hostile_frames.py IFACE HOST_MAC HOST_IP (malformed|flood N)"""
import random
import sys

from scapy.all import Ether, IP, TCP, Raw, sendp, conf  # noqa: E402

conf.verb = 0
iface, mac, host_ip, what = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
src_ip = "192.0.2.1"
rng = random.Random(7)


def eth():
    # type given: scapy's bare Ether() says 0x9000 (loopback) when nothing is stacked on it.
    return Ether(dst=mac, src="02:00:00:00:00:01", type=0x0800)


def checksum(data):
    if len(data) % 2:
        data += b"\x00"
    total = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def raw_tcp(sport, dport, flags, offset_words, options):
    """A TCP header written byte by byte (any data offset), checksum right for src_ip -> host_ip."""
    hdr = bytearray(sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + rng.getrandbits(32).to_bytes(4, "big") +
                    b"\x00" * 4 + bytes([offset_words << 4, flags]) + (64240).to_bytes(2, "big") + b"\x00" * 4)
    hdr += options
    pseudo = bytes(map(int, src_ip.split("."))) + bytes(map(int, host_ip.split("."))) + bytes([0, 6]) + \
        len(hdr).to_bytes(2, "big")
    hdr[16:18] = checksum(pseudo + bytes(hdr)).to_bytes(2, "big")
    return bytes(hdr)


frames = []
if what == "malformed":
    # (Frames shorter than an Ethernet header cannot be sent: the kernel's packet socket
    # refuses them, so the host's "frames malformed" counter is covered by the unit tests.)
    good = bytearray(bytes(eth() / IP(src=src_ip, dst=host_ip) / TCP(dport=80, flags="S")))
    bad_ip_sum = bytearray(good); bad_ip_sum[14 + 10] ^= 0xFF           # IPv4 header checksum
    frames += [bytes(bad_ip_sum)] * 10
    bad_tcp_sum = bytearray(good); bad_tcp_sum[14 + 20 + 16] ^= 0xFF    # TCP checksum
    frames += [bytes(bad_tcp_sum)] * 10
    frames += [bytes(good)[:14 + 30]] * 10                              # IPv4 says 40, frame has 30
    frames += [bytes(eth() / IP(src=src_ip, dst=host_ip, flags="MF") / TCP(dport=80))] * 10  # fragment
    frames += [bytes(eth() / IP(src=src_ip, dst=host_ip, frag=100) / Raw(b"x" * 40))] * 10
    # Bogus TCP headers with correct checksums: option length 0, an option running past the
    # header, MSS with the wrong length, a window scale of 200, NOPs then an unknown kind,
    # a SACK block in a SYN; then data offsets 0..4 (below the 20-byte minimum).
    for opts in [b"\x02\x00\x05\xb4", b"\x08\x30\x00\x00", b"\x02\x03\x05\x00", b"\x03\x03\xc8\x00",
                 b"\x01" * 36 + b"\xfe\x04\x00\x00", b"\x05\x0a" + b"\x00" * 10]:
        pad = opts + b"\x00" * (-len(opts) % 4)
        seg = raw_tcp(rng.randint(1024, 65535), 80, 0x02, 5 + len(pad) // 4, pad)
        frames += [bytes(eth() / IP(src=src_ip, dst=host_ip, proto=6) / Raw(seg))] * 3
    for off in range(0, 5):
        seg = raw_tcp(rng.randint(1024, 65535), 80, 0x02, off, b"")
        frames.append(bytes(eth() / IP(src=src_ip, dst=host_ip, proto=6) / Raw(seg)))
    frames += [bytes(eth() / IP(src=src_ip, dst=host_ip, proto=253) / Raw(b"?" * 20))] * 5  # unknown protocol
    frames += [bytes(eth() / IP(src=src_ip, dst=host_ip) / TCP(dport=9999, flags="A"))] * 5  # no connection
    for _ in range(200):                                                 # garbage
        frames.append(bytes(eth())[:12] + bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200))))
elif what == "flood":
    n = int(sys.argv[5])
    # A spoofed source on the link that never answers ARP: the SYN,ACKs wait for a MAC.
    frames = [bytes(eth() / IP(src="192.0.2.77", dst=host_ip) /
                    TCP(sport=1024 + i % 60000, dport=80, flags="S", seq=rng.getrandbits(32)))
              for i in range(n)]
sendp(frames, iface=iface)
print("sent %d frames (%s)" % (len(frames), what))
