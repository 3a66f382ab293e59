# Crafted frames (no 802.1Q module or AccECN in this kernel): built from captured frames by
# inserting VLAN tags or changing flag bits, checksums recomputed here; tshark decodes them
# (WITNESS.txt) and confirms the checksums, so the expected values still come from outside
# the code under test.
import struct
from extract_lib import frames, write_pcap
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b)//2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
def set_tcp_flags(frame, bits):
    f = bytearray(frame)
    ip = 14; ihl = (f[ip] & 0xf) * 4; tcp = ip + ihl
    tot = struct.unpack("!H", f[ip+2:ip+4])[0]
    f[tcp+12] = (f[tcp+12] & 0xf0) | ((bits >> 8) & 1)
    f[tcp+13] = bits & 0xff
    f[tcp+16:tcp+18] = b"\0\0"
    seg = bytes(f[tcp:ip+tot])
    pseudo = bytes(f[ip+12:ip+20]) + struct.pack("!BBH", 0, 6, len(seg))
    f[tcp+16:tcp+18] = struct.pack("!H", csum(pseudo + seg))
    return bytes(f)
lo4 = frames("lo4.pcap"); veth = frames("veth_first3.pcap")
syn = veth[2]
dot1q = syn[:12] + struct.pack("!HH", 0x8100, (5 << 13) | 100) + syn[12:]
qinq = syn[:12] + struct.pack("!HH", 0x88a8, (3 << 13) | (1 << 12) | 200) + struct.pack("!HH", 0x8100, 300) + syn[12:]
triple = syn[:12] + struct.pack("!HHHHHH", 0x88a8, 1, 0x8100, 2, 0x8100, 3) + syn[12:]
ae_ack = set_tcp_flags(lo4[2], 0x110)
all9 = set_tcp_flags(lo4[2], 0x1ff)
write_pcap("crafted.pcap", [dot1q, qinq, triple, ae_ack, all9])
