#!/usr/bin/python3
"""Sends malformed and random TCP/UDP packets to DST through the router (raw IPv4 socket; the
kernel fills in the IP header's length and checksum, everything after it is ours).

malformed.py DST SEED COUNT SRC: a fixed set of broken headers, then COUNT seeded random packets,
all from SRC (the sender's own address)."""
import random
import socket
import struct
import sys

dst = sys.argv[1]
rnd = random.Random(int(sys.argv[2]))
count = int(sys.argv[3])
own = sys.argv[4]


def ip(proto, payload):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), rnd.randrange(65536), 0, 64, proto, 0,
                       socket.inet_aton(own), socket.inet_aton(dst)) + payload


def tcp(sport, dport, flags, offset_words=5, extra=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, rnd.randrange(1 << 32), rnd.randrange(1 << 32),
                       offset_words << 4, flags, 65535, 0, 0) + extra


def udp(sport, dport, length, payload):
    return struct.pack("!HHHH", sport, dport, length, 0) + payload


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    cases = [
        ip(6, tcp(40001, 6881, 0x18, offset_words=15)),                   # data offset past the end
        ip(6, tcp(40002, 6881, 0x18, offset_words=2)),                    # data offset below 5 words
        ip(6, tcp(40003, 6881, 0x18)[:12]),                               # truncated TCP header
        ip(6, tcp(40004, 6881, 0x02, 8, b"\x02\x04\x05" + b"\xff" * 9)),  # SYN with broken options
        ip(6, tcp(40005, 6881, 0xff, 5, b"\x13BitTorrent protocol")),     # every flag, truncated handshake
        ip(17, udp(40006, 6881, 4000, b"d1:ad2:id20:")),                  # UDP length beyond the packet
        ip(17, udp(40007, 6881, 3, b"garbage")),                          # UDP length below its header
        ip(17, udp(40008, 6881, 8, b"")),                                 # empty UDP
        ip(17, b"\x00\x01"),                                              # truncated UDP header
        ip(6, b""),                                                       # no TCP header at all
    ]
    for pkt in cases:
        s.sendto(pkt, (dst, 0))
    for _ in range(count):
        proto = rnd.choice((6, 17))
        body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 120)))
        if proto == 6 and len(body) >= 20 and rnd.random() < 0.5:
            body = tcp(rnd.randrange(1024, 65536), rnd.choice((6881, 80, 51413)), rnd.randrange(256),
                       rnd.randrange(16), body[20:])
        s.sendto(ip(proto, body), (dst, 0))
    print("sent %d" % (len(cases) + count))


if __name__ == "__main__":
    main()
