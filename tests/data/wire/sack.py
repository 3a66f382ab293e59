from scapy.all import *
conf.verb = 0
iface = "va"
src, dst, sport, dport = "10.9.0.3", "10.9.0.2", 40000, 7778
opts = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1000, 0)), ("NOP", None), ("WScale", 7)]
eth = Ether(src="02:00:00:00:0a:01", dst="02:00:00:00:0b:02")
syn = eth/IP(src=src, dst=dst, flags="DF")/TCP(sport=sport, dport=dport, flags="S", seq=1000, window=64240, options=opts)
sa = srp1(syn, iface=iface, timeout=2)
sa.show()
isn = sa[TCP].seq
tsval = sa[TCP].options
ts_peer = dict(sa[TCP].options).get("Timestamp", (0, 0))[0]
def seg(seq, data, ts):
    return eth/IP(src=src, dst=dst, flags="DF")/TCP(sport=sport, dport=dport, flags="PA", seq=1001+seq, ack=isn+1, window=502,
        options=[("NOP", None), ("NOP", None), ("Timestamp", (ts, ts_peer))])/data
sendp(eth/IP(src=src, dst=dst, flags="DF")/TCP(sport=sport, dport=dport, flags="A", seq=1001, ack=isn+1, window=502,
        options=[("NOP", None), ("NOP", None), ("Timestamp", (1001, ts_peer))]), iface=iface)
sendp(seg(0, b"a"*100, 1002), iface=iface)
time.sleep(0.05)
sendp(seg(200, b"c"*100, 1003), iface=iface)
time.sleep(0.05)
sendp(seg(400, b"e"*100, 1004), iface=iface)
time.sleep(0.05)
sendp(seg(600, b"g"*100, 1005), iface=iface)
time.sleep(0.3)
sendp(eth/IP(src=src, dst=dst, flags="DF")/TCP(sport=sport, dport=dport, flags="R", seq=1001+700), iface=iface)
