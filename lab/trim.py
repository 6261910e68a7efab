#!/usr/bin/env python3
"""Keep the first N packets of every flow of a pcap, to make repo-sized fixtures.

  trim.py IN.pcap OUT.pcap --per-flow N [--labels IN.csv --labels-out OUT.csv]

A flow is a direction-independent TCP/UDP 5-tuple; later IPv4/IPv6 fragments follow their first
fragment. Frames that are not TCP/UDP (ARP, IGMP, ICMP...) are kept up to N per (kind, addresses),
or dropped with --drop-other. Records are copied byte for byte (same timestamps and link type).

With --labels, the rows of a labels.csv made for IN (columns as in the shared corpus) are rewritten
for OUT: pcap name, packets, bytes, payload_bytes, rel_start_s, duration_s and tshark_protocols are
recomputed on OUT; label, client, scenario, verified and check are kept, because they were decided
on the whole flow. Rows whose flow is absent from IN are an error.
"""
import argparse
import csv
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapio  # noqa: E402


def other_key(linktype, data):
    """A grouping key for non-TCP/UDP frames: ethertype (+ IP protocol and addresses)."""
    if linktype == pcapio.LINKTYPE_ETHERNET and len(data) >= 14:
        et = struct.unpack_from("!H", data, 12)[0]
        if et == 0x0800 and len(data) >= 34:
            a, b = data[26:30], data[30:34]
            return ("ip", data[23]) + tuple(sorted((a, b)))
        return ("eth", et)
    return ("link", linktype)


def trim(src, dst, per_flow, drop_other=False):
    r = pcapio.Reader(src)
    w = pcapio.Writer(dst, r.global_header)
    counts, frags = {}, {}
    kept = total = 0
    try:
        for rec in r:
            total += 1
            pk = pcapio.decode(r.linktype, rec.data)
            key = pcapio.flow_key(pk)
            if pk.frag_id is not None and (pk.frag_offset or pk.more_frags):
                fk = (pk.src, pk.dst, pk.frag_id)
                if key is not None:
                    frags[fk] = key
                else:
                    key = frags.get(fk)
            if key is None:
                if drop_other:
                    continue
                key = other_key(r.linktype, rec.data)
            n = counts.get(key, 0)
            if n < per_flow:
                counts[key] = n + 1
                w.write(rec)
                kept += 1
    finally:
        r.close()
        w.close()
    return kept, total


def relabel(labels_in, labels_out, pcap_out):
    import label as lb
    flows, t_first = lb.read_flows(pcap_out)
    by_tuple = {}
    for f in sorted(flows, key=lambda x: x.first_index):
        by_tuple.setdefault((f.proto, f.a[0], str(f.a[1]), f.b[0], str(f.b[1])), []).append(f)
    seen = {}
    with open(labels_in, newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        t = (row["protocol"], row["ip_a"], row["port_a"], row["ip_b"], row["port_b"])
        k = seen.get(t, 0)
        seen[t] = k + 1
        cands = by_tuple.get(t, [])
        if k >= len(cands):
            raise SystemExit(f"{labels_in}: flow {'/'.join(t)} (occurrence {k + 1}) not found in {pcap_out}")
        f = cands[k]
        row.update(pcap=os.path.basename(pcap_out), packets=f.packets, bytes=f.bytes,
                   payload_bytes=f.payload_bytes, rel_start_s=f"{f.t0 - t_first:.6f}",
                   duration_s=f"{f.t1 - f.t0:.6f}", tshark_protocols="|".join(sorted(f.protocols)))
        out.append(row)
    with open(labels_out, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=lb.COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    return len(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--per-flow", type=int, required=True, metavar="N")
    ap.add_argument("--drop-other", action="store_true", help="drop frames that are not TCP/UDP")
    ap.add_argument("--labels", help="labels.csv of INPUT to rewrite for OUTPUT")
    ap.add_argument("--labels-out")
    a = ap.parse_args()
    if a.per_flow < 1:
        ap.error("--per-flow must be at least 1")
    if bool(a.labels) != bool(a.labels_out):
        ap.error("--labels and --labels-out go together")
    if os.path.abspath(a.input) == os.path.abspath(a.output):
        ap.error("OUTPUT must differ from INPUT")
    try:
        kept, total = trim(a.input, a.output, a.per_flow, a.drop_other)
    except (OSError, pcapio.PcapError) as e:
        print(f"trim.py: {e}", file=sys.stderr)
        return 1
    msg = f"{a.output}: kept {kept} of {total} packets"
    if a.labels:
        msg += f", {relabel(a.labels, a.labels_out, a.output)} labelled flows"
    print(msg, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
