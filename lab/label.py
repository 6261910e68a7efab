#!/usr/bin/env python3
"""Label every TCP/UDP flow of one lab capture from the lab setup, then verify it against the payload.

  label.py --meta META.txt --pcap X.pcap --labels X.labels.csv --scenario-json X.scenario.json

META.txt is written by record.sh (which host ran which client, on which port, with which settings).
The label comes from that setup: tracker address -> tracker classes, LSD group -> LSD, flows between
two hosts that ran BitTorrent software -> peer wire / uTP / DHT, anything in a negative scenario ->
not-bittorrent:<what>. Where the setup allows two answers (a client that may or may not encrypt; a
UDP port that may carry uTP or DHT) the payload decides and the `check` column says so. `verified`
is yes when the payload agrees with the label, no when it does not, n/a when there is no payload.

Flows are tshark's tcp.stream/udp.stream (like the shared corpus); payloads are decoded here.
Output columns are exactly those of ../shared/corpus/bittorrent-lab/labels.csv.
"""
import argparse
import csv
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapio  # noqa: E402
from bencode import BencodeError, decode as bdecode  # noqa: E402

COLUMNS = ["pcap", "protocol", "ip_a", "port_a", "ip_b", "port_b", "label", "client", "scenario",
           "packets", "bytes", "payload_bytes", "rel_start_s", "duration_s", "tshark_protocols",
           "verified", "check"]
HS = b"\x13BitTorrent protocol"
BTP = b"BitTorrent protocol"
LSD_GROUPS = {"239.192.152.143", "ff15::efc0:988f"}
UDP_TRACKER_MAGIC = 0x41727101980
# negatives whose protocol tshark recognises: the flow must show it (proves the server really spoke it)
NEGATIVE_DISSECTOR = {"not-bittorrent:http": "HTTP", "not-bittorrent:dns": "DNS",
                      "not-bittorrent:ssh": "SSH", "not-bittorrent:tls": "TLS"}


class Flow:
    def __init__(self, proto, a, b, first_index, ts):
        self.proto = proto
        self.a, self.b = a, b            # (ip, port): a = sender of the first packet
        self.first_index = first_index
        self.t0 = self.t1 = ts
        self.packets = self.bytes = self.payload_bytes = 0
        self.protocols = set()
        self.segs = {True: [], False: []}  # from a? -> [(seq, payload)] (tcp)
        self.isn = {}
        self.datagrams = []                # [(from_a, payload)] (udp)

    def add(self, pk, rec, col):
        fa = (pk.src, pk.sport) == self.a
        self.packets += 1
        self.bytes += rec.orig_len
        self.payload_bytes += len(pk.payload)
        self.t1 = rec.ts
        if col:
            self.protocols.add(col)
        if self.proto == "tcp":
            if pk.flags & 0x02:  # SYN
                self.isn[fa] = (pk.seq + 1) & 0xFFFFFFFF
            if pk.payload:
                self.segs[fa].append((pk.seq, pk.payload))
        else:
            self.datagrams.append((fa, pk.payload))

    def stream(self, from_a):
        """The reassembled byte stream of one direction (TCP)."""
        segs = self.segs[from_a]
        if not segs:
            return b""
        isn = self.isn.get(from_a, segs[0][0])
        out = bytearray()
        for rel, data in sorted((((s - isn) & 0xFFFFFFFF), d) for s, d in segs):
            if rel > len(out) + (1 << 30):  # before the ISN (wrapped): ignore
                continue
            if rel + len(data) <= len(out):
                continue
            out += data[max(0, len(out) - rel):]
        return bytes(out)

    def first_payload(self, from_a):
        for fa, d in self.datagrams:
            if fa == from_a and d:
                return d
        segs = self.segs[from_a]
        return segs[0][1] if segs else b""


def tshark_columns(path):
    """frame number -> (stream key, Protocol column) from tshark with default settings."""
    cmd = ["tshark", "-n", "-r", path, "-T", "fields", "-E", "separator=\t",
           "-e", "frame.number", "-e", "tcp.stream", "-e", "udp.stream", "-e", "_ws.col.Protocol"]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if res.returncode != 0:
        raise SystemExit(f"tshark failed on {path}: {res.stderr.decode(errors='replace').strip()}")
    out = {}
    for line in res.stdout.decode(errors="replace").splitlines():
        f = line.split("\t")
        if len(f) < 4 or not f[0]:
            continue
        # for ICMP errors tshark also dissects the quoted header; the first value is the outer one
        tcp, udp = f[1].split(",")[0], f[2].split(",")[0]
        key = ("tcp", int(tcp)) if tcp else ("udp", int(udp)) if udp else None
        out[int(f[0])] = (key, f[3])
    return out


def read_flows(path, use_tshark=True):
    cols = tshark_columns(path) if use_tshark else {}
    r = pcapio.Reader(path)
    flows, order, t_first = {}, [], None
    try:
        for rec in r:
            if t_first is None:
                t_first = rec.ts
            pk = pcapio.decode(r.linktype, rec.data)
            if pk.proto is None:
                continue
            skey, col = cols.get(rec.index, (None, ""))
            key = skey if skey and skey[0] == pk.proto else pcapio.flow_key(pk)
            f = flows.get(key)
            if f is None:
                f = flows[key] = Flow(pk.proto, (pk.src, pk.sport), (pk.dst, pk.dport), rec.index, rec.ts)
                order.append(f)
            f.add(pk, rec, col)
    finally:
        r.close()
    return order, (t_first or 0.0)


# --- payload checks --------------------------------------------------------------------------------
def is_krpc(d):
    try:
        v = bdecode(d)
    except (BencodeError, ValueError, IndexError):
        return False
    return isinstance(v, dict) and v.get(b"y") in (b"q", b"r", b"e") and b"t" in v


def utp_payload(d):
    """The payload after a valid uTP v1 header (with its extension chain), or None."""
    if len(d) < 20 or d[0] & 0x0F != 1 or d[0] >> 4 > 4:
        return None
    ext, off = d[1], 20
    while ext:
        if off + 2 > len(d):
            return None
        ext, ln = d[off], d[off + 1]
        off += 2 + ln
        if off > len(d):
            return None
    if d[0] >> 4 == 2 and off != len(d):  # ST_STATE carries no payload
        return None
    return d[off:]


def is_udp_tracker_connect(d):
    return len(d) >= 16 and struct.unpack("!QI", d[:12]) == (UDP_TRACKER_MAGIC, 0)


def check_peer_wire(f, init_enc):
    """-> (label, verified, check) for a TCP flow between two BitTorrent peers.

    What the first bytes may be is decided by the initiator's setting (the responder's only decides
    whether the connection goes on): plain -> plaintext handshake, forced -> MSE/PE with RC4,
    anything else -> either.
    """
    ia, rb = f.stream(True), f.stream(False)
    if init_enc == "forced":
        allowed, why = {"rc4"}, "initiator forces MSE/PE RC4"
    elif init_enc == "plain":
        allowed, why = {"plain"}, "initiator has encryption disabled"
    else:
        allowed, why = {"plain", "mse-plain", "rc4"}, "client allows both plaintext and MSE/PE"
    if not ia and not rb:
        lab = "bittorrent-tcp-encrypted" if allowed == {"rc4"} else "bittorrent-tcp-plain"
        return lab, "n/a", "no payload (connection attempt); label from configuration"
    if ia.startswith(HS):
        content = "plain"
        check = "starts with \\x13BitTorrent protocol"
    elif BTP in ia or BTP in rb:
        content = "mse-plain"
        io, ro = ia.find(BTP), rb.find(BTP)
        check = (f"MSE/PE handshake that negotiated PLAINTEXT crypto: first {len(f.first_payload(True))} "
                 f"payload bytes are the obfuscated DH exchange, then the BitTorrent handshake/messages "
                 f"follow in cleartext (initiator offset {io - 1 if io > 0 else io}, responder offset "
                 f"{ro - 1 if ro > 0 else ro})")
    else:
        content = "rc4"
        n = len(f.first_payload(True))
        check = (f"RC4: no 'BitTorrent protocol' anywhere in either direction, first payload {n} bytes "
                 f"(MSE DH key+pad)")
        if n < 96:
            # seen from transmission 3.00 (encryption preferred) towards aria2: a 68-byte high-entropy
            # first flight, then RST. Neither a DH key nor a plaintext handshake: not verifiable.
            return ("bittorrent-tcp-encrypted", "no",
                    f"high-entropy first payload of {n} bytes: shorter than an MSE DH key (96) and not a "
                    f"plaintext handshake; label from configuration, content unverified")
    lab = "bittorrent-tcp-plain" if content == "plain" else "bittorrent-tcp-encrypted"
    if content in allowed:
        src = "label from configuration" if len(allowed) == 1 else f"label chosen from content ({why})"
        return lab, "yes", f"{check}; {src}"
    return lab, "no", f"{check}; CONFLICT: {why}"


def check_peer_udp(f, ha, hb):
    """-> (label, verified, check) for a UDP flow between two BitTorrent hosts (uTP or DHT)."""
    kinds = {"utp": 0, "dht": 0, "other": 0}
    inner_plain = False
    for _, d in f.datagrams:
        if is_krpc(d):
            kinds["dht"] += 1
            continue
        up = utp_payload(d)
        if up is not None:
            kinds["utp"] += 1
            inner_plain = inner_plain or HS in up
        else:
            kinds["other"] += 1
    n = len(f.datagrams)
    # the initiator's settings decide what it sends; the other side may not speak it (a uTP SYN to a
    # port that only answers DHT, or to a closed port, is still uTP)
    can = {"utp": ha["utp"], "dht": ha["dht"]}
    best = max(("utp", "dht"), key=lambda k: kinds[k])
    if not (can["utp"] or can["dht"]):
        return f"bittorrent-{best}", "no", "CONFLICT: initiator has neither uTP nor DHT enabled"
    if can["utp"] != can["dht"]:
        best = "utp" if can["utp"] else "dht"
    label = "bittorrent-utp" if best == "utp" else "bittorrent-dht"
    if best == "utp":
        check = (f"all {n} datagrams carry a uTP v1 header; BT handshake inside: "
                 f"{'plaintext' if inner_plain else 'not visible (MSE)'}")
    else:
        check = f"all {n} datagrams are bencoded KRPC"
    if kinds[best] == n and can[best]:
        return label, "yes", check
    return label, "no", f"{kinds['utp']} uTP, {kinds['dht']} KRPC, {kinds['other']} other of {n} datagrams"


def parse_meta(path):
    m = {"peers": {}, "servers": {}}
    with open(path) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or "=" not in line:
                continue
            k, v = line.split("=", 1)
            if k == "peer":
                ip, client, flags = v.split("|", 2)
                fl = dict(x.split("=", 1) for x in flags.split())
                m["peers"][ip] = {"client": client, "enc": fl.get("enc", "prefer"),
                                  "tcp": fl.get("tcp") == "1", "utp": fl.get("utp") == "1",
                                  "dht": fl.get("dht") == "1", "lsd": fl.get("lsd") == "1",
                                  "port": int(fl.get("port", "0"))}
            elif k == "server":  # proto|ip|port|label|client
                proto, ip, port, label, client = v.split("|", 4)
                m["servers"][(proto, ip, int(port))] = {"label": label, "client": client}
            elif k == "tracker":
                addr, client = v.split("|", 1)
                ip, port = addr.rsplit(":", 1)
                m["tracker"] = (ip, int(port), client)
            else:
                m[k] = v
    return m


def pair_client(ca, cb):
    return ca if ca == cb else f"{ca} <-> {cb}"


def label_negative(f, label, client, why):
    data = b"".join(d for _, d in f.datagrams) if f.proto == "udp" else f.stream(True) + f.stream(False)
    if not data:
        return label, client, "n/a", why.split(";")[0] + "; no payload"
    ok = BTP not in data
    check = f"{why}; 'BitTorrent protocol' " + ("absent" if ok else "PRESENT")
    want = NEGATIVE_DISSECTOR.get(label)
    if want and ok:
        ok = any(p.startswith(want) for p in f.protocols)
        check += f"; tshark dissects {want}" if ok else f"; tshark does NOT dissect {want}"
    return label, client, "yes" if ok else "no", check


def label_flow(f, m):
    """-> (label, client, verified, check) or None when the setup does not explain the flow."""
    if m.get("kind") == "negative":
        return label_negative(f, m["label"], m["client"], "negative: no BitTorrent software ran in this capture")
    peers = m["peers"]
    (ia, pa), (ib, pb) = f.a, f.b
    srv = m["servers"].get((f.proto, ib, pb))
    if srv:
        return label_negative(f, srv["label"], srv["client"], "negative: ordinary service running beside "
                              "the BitTorrent clients (setup: server port)")
    tr = m.get("tracker")
    if tr and ib == tr[0] and pb == tr[1] and ia in peers:
        client = f"{peers[ia]['client']} -> {tr[2]}"
        if f.proto == "tcp":
            req = f.stream(True)
            ok = req.startswith(b"GET /announce") or req.startswith(b"GET /scrape")
            what = req.split(b"?", 1)[0].decode(errors="replace")[:20] if req else "no payload"
            return "bittorrent-tracker-http", client, ("yes" if ok else "n/a" if not req else "no"), what
        first = f.first_payload(True)
        ok = is_udp_tracker_connect(first)
        return ("bittorrent-tracker-udp", client, "yes" if ok else "no",
                "BEP15 connect magic" if ok else "first datagram is not a BEP 15 connect")
    if f.proto == "udp" and ib in LSD_GROUPS and pb == 6771 and ia in peers:
        ok = all(d.startswith(b"BT-SEARCH * HTTP/1.1") for _, d in f.datagrams)
        return "bittorrent-lsd", peers[ia]["client"], "yes" if ok else "no", "BT-SEARCH" if ok else "not BT-SEARCH"
    if ia in peers and ib in peers:
        client = pair_client(peers[ia]["client"], peers[ib]["client"])
        if f.proto == "tcp":
            lab, v, c = check_peer_wire(f, peers[ia]["enc"])
        else:
            lab, v, c = check_peer_udp(f, peers[ia], peers[ib])
        return lab, client, v, c
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--scenario-json", required=True)
    a = ap.parse_args()
    m = parse_meta(a.meta)
    flows, t_first = read_flows(a.pcap)
    name = os.path.basename(a.pcap)
    rows, unexplained, counts = [], [], {}
    for f in sorted(flows, key=lambda x: x.first_index):
        res = label_flow(f, m)
        if res is None:
            unexplained.append(f"{f.proto} {f.a[0]}:{f.a[1]} -> {f.b[0]}:{f.b[1]} ({f.packets} packets)")
            continue
        label, client, verified, check = res
        counts[label] = counts.get(label, 0) + 1
        rows.append([name, f.proto, f.a[0], f.a[1], f.b[0], f.b[1], label, client, m["scenario"],
                     f.packets, f.bytes, f.payload_bytes, f"{f.t0 - t_first:.6f}", f"{f.t1 - f.t0:.6f}",
                     "|".join(sorted(f.protocols)), verified, check])
    with open(a.labels, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    clients = {ip: p["client"] for ip, p in m["peers"].items()}
    if "tracker" in m:
        clients[m["tracker"][0]] = m["tracker"][2]
    if m.get("kind") == "negative":
        clients = {"*": m["client"]}
    not_verified = sum(1 for r in rows if r[15] == "no")
    notes = []
    if unexplained:
        notes.append(f"{len(unexplained)} flow(s) not explained by the setup (not labelled): "
                     + "; ".join(unexplained))
    if not_verified:
        notes.append(f"{not_verified} labelled flow(s) failed their payload check")
    info = {"pcap": name, "scenario": m["scenario"], "description": m.get("description", ""),
            "kind": m.get("kind", "bittorrent"), "clients": clients, "result": m.get("result", ""),
            "notes": " ".join(notes), "payload_bytes": int(m.get("payload_bytes", 0) or 0),
            "info_hash": m.get("info_hash", ""), "seconds": float(m.get("seconds", 0) or 0),
            "flows": dict(sorted(counts.items())), "unexplained_flows": len(unexplained),
            "unverified_flows": not_verified}
    with open(a.scenario_json, "w") as fh:
        json.dump(info, fh, indent=1)
        fh.write("\n")
    print(f"{name}: {len(rows)} labelled flows {dict(sorted(counts.items()))}"
          + (f"; {len(unexplained)} unexplained" if unexplained else "")
          + (f"; {not_verified} failed verification" if not_verified else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
