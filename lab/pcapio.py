"""Classic pcap reading/writing and a small IPv4/IPv6 TCP/UDP decoder for the lab tools.

Standard library only. Reads both byte orders and micro/nanosecond timestamps; writes records back
byte for byte (same header), so a trimmed capture keeps the original timestamps and link type.
pcapng is refused with a clear message (tcpdump in the lab writes classic pcap).
"""
import struct

MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1e-6),
    b"\xa1\xb2\xc3\xd4": (">", 1e-6),
    b"\x4d\x3c\xb2\xa1": ("<", 1e-9),
    b"\xa1\xb2\x3c\x4d": (">", 1e-9),
}
LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6 = 1, 101, 228, 229


class PcapError(Exception):
    pass


class Record:
    __slots__ = ("index", "ts", "header", "data", "orig_len")

    def __init__(self, index, ts, header, data, orig_len):
        self.index, self.ts, self.header, self.data, self.orig_len = index, ts, header, data, orig_len


class Reader:
    """Iterates Records (index counts from 1, like tshark's frame.number)."""

    def __init__(self, path):
        self.path = path
        self.f = open(path, "rb")
        gh = self.f.read(24)
        if len(gh) < 24:
            raise PcapError(f"{path}: too short for a pcap header ({len(gh)} bytes)")
        if gh[:4] == b"\x0a\x0d\x0d\x0a":
            raise PcapError(f"{path}: pcapng is not supported here; convert with: editcap -F pcap IN OUT")
        if gh[:4] not in MAGICS:
            raise PcapError(f"{path}: not a pcap file (magic {gh[:4].hex()})")
        self.endian, self.tsunit = MAGICS[gh[:4]]
        self.global_header = gh
        self.linktype = struct.unpack(self.endian + "I", gh[20:24])[0] & 0x0FFFFFFF
        self.rec = struct.Struct(self.endian + "IIII")

    def __iter__(self):
        i, off = 0, 24
        while True:
            h = self.f.read(16)
            if not h:
                return
            if len(h) < 16:
                raise PcapError(f"{self.path}: truncated record header at offset {off}")
            sec, frac, incl, orig = self.rec.unpack(h)
            if incl > 0x4000000:
                raise PcapError(f"{self.path}: implausible record length {incl} at offset {off}")
            data = self.f.read(incl)
            if len(data) < incl:
                raise PcapError(f"{self.path}: truncated final record at offset {off} "
                                f"({len(data)} of {incl} bytes)")
            i += 1
            off += 16 + incl
            yield Record(i, sec + frac * self.tsunit, h, data, orig)

    def close(self):
        self.f.close()


class Writer:
    def __init__(self, path, global_header):
        self.f = open(path, "wb")
        self.f.write(global_header)

    def write(self, rec):
        self.f.write(rec.header)
        self.f.write(rec.data)

    def close(self):
        self.f.close()


class Packet:
    """Decoded view of one frame: proto is 'tcp', 'udp' or None (anything else)."""
    __slots__ = ("proto", "src", "dst", "sport", "dport", "payload", "flags", "seq", "ipproto",
                 "frag_id", "frag_offset", "more_frags")

    def __init__(self):
        self.proto = self.src = self.dst = self.sport = self.dport = None
        self.payload = b""
        self.flags = 0
        self.seq = 0
        self.ipproto = None
        self.frag_id = None
        self.frag_offset = 0
        self.more_frags = False


def _ip4(b):
    return ".".join(str(x) for x in b)


def _ip6(b):
    import ipaddress
    return str(ipaddress.IPv6Address(bytes(b)))


def decode(linktype, data):
    """Best-effort decode; never raises on malformed frames (returns a Packet with proto None)."""
    p = Packet()
    try:
        off = 0
        if linktype == LINKTYPE_ETHERNET:
            if len(data) < 14:
                return p
            et = struct.unpack_from("!H", data, 12)[0]
            off = 14
            while et in (0x8100, 0x88A8) and len(data) >= off + 4:
                et = struct.unpack_from("!H", data, off + 2)[0]
                off += 4
            if et == 0x0800:
                return _ipv4(p, data, off)
            if et == 0x86DD:
                return _ipv6(p, data, off)
            return p
        if linktype in (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6):
            if data and data[0] >> 4 == 4:
                return _ipv4(p, data, 0)
            if data and data[0] >> 4 == 6:
                return _ipv6(p, data, 0)
        return p
    except (struct.error, IndexError, ValueError):
        return Packet()


def _ipv4(p, data, off):
    ihl = (data[off] & 0x0F) * 4
    total = struct.unpack_from("!H", data, off + 2)[0]
    ident, fragw = struct.unpack_from("!HH", data, off + 4)
    p.ipproto = data[off + 9]
    p.src, p.dst = _ip4(data[off + 12:off + 16]), _ip4(data[off + 16:off + 20])
    end = min(len(data), off + total) if total >= ihl else len(data)
    p.frag_id = ident
    p.frag_offset = (fragw & 0x1FFF) * 8
    p.more_frags = bool(fragw & 0x2000)
    if p.frag_offset:
        return p  # a later fragment: no L4 header here
    return _l4(p, data, off + ihl, end)


def _ipv6(p, data, off):
    plen = struct.unpack_from("!H", data, off + 4)[0]
    nxt = data[off + 6]
    p.src, p.dst = _ip6(data[off + 8:off + 24]), _ip6(data[off + 24:off + 40])
    end = min(len(data), off + 40 + plen)
    off += 40
    while nxt in (0, 43, 60, 44):
        if nxt == 44:
            fo = struct.unpack_from("!H", data, off + 2)[0]
            p.frag_id = struct.unpack_from("!I", data, off + 4)[0]
            p.frag_offset = fo & 0xFFF8
            p.more_frags = bool(fo & 1)
            nxt = data[off]
            off += 8
            if p.frag_offset:
                p.ipproto = nxt
                return p
            continue
        nxt, hl = data[off], (data[off + 1] + 1) * 8
        off += hl
    p.ipproto = nxt
    return _l4(p, data, off, end)


def _l4(p, data, off, end):
    if p.ipproto == 6 and end - off >= 20:
        p.sport, p.dport, p.seq = struct.unpack_from("!HHI", data, off)
        doff = (data[off + 12] >> 4) * 4
        p.flags = data[off + 13]
        p.payload = bytes(data[off + doff:end])
        p.proto = "tcp"
    elif p.ipproto == 17 and end - off >= 8:
        p.sport, p.dport = struct.unpack_from("!HH", data, off)
        p.payload = bytes(data[off + 8:end])
        p.proto = "udp"
    return p


def flow_key(pk):
    """Direction-independent 5-tuple key, or None for non-TCP/UDP frames."""
    if pk.proto is None:
        return None
    a, b = (pk.src, pk.sport), (pk.dst, pk.dport)
    return (pk.proto,) + (a + b if a <= b else b + a)
