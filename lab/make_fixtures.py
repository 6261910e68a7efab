#!/usr/bin/env python3
"""Make the repository's small fixtures from a full lab recording (lab/record-all.sh OUTDIR).

  make_fixtures.py FULLDIR REPO_ROOT [--per-flow N] [--sample-per-flow N] [--sample SCENARIO]

Writes (replacing what is there):
  REPO_ROOT/engine/src/test/resources/lab/<scenario>.pcap   each capture trimmed to N packets per flow
  REPO_ROOT/engine/src/test/resources/lab/labels.csv        their labels (counters recomputed on the trimmed files)
  REPO_ROOT/engine/src/test/resources/lab/scenarios.json    the scenarios (with the per-flow cut)
  REPO_ROOT/samples/lab-sample.pcap + lab-sample.labels.csv the mixed scenario, trimmed
Labels, verification and checks are those decided on the full captures (see trim.py).
"""
import argparse
import csv
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import label as lb  # noqa: E402
import trim  # noqa: E402


def rows_for(labels, pcap):
    return [r for r in labels if r["pcap"] == pcap]


def cut(full_dir, pcap, rows, out_pcap, n):
    """Trim FULL_DIR/pcap to out_pcap; returns the rewritten label rows."""
    with tempfile.TemporaryDirectory() as td:
        lin, lout = os.path.join(td, "in.csv"), os.path.join(td, "out.csv")
        with open(lin, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=lb.COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        kept, total = trim.trim(os.path.join(full_dir, pcap), out_pcap, n)
        trim.relabel(lin, lout, out_pcap)
        with open(lout, newline="") as fh:
            out = list(csv.DictReader(fh))
    print(f"{os.path.relpath(out_pcap)}: {kept}/{total} packets, {len(out)} flows, "
          f"{os.path.getsize(out_pcap)} bytes", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("full_dir")
    ap.add_argument("repo_root")
    ap.add_argument("--per-flow", type=int, default=20)
    ap.add_argument("--sample-per-flow", type=int, default=16)
    ap.add_argument("--sample", default="mix-lt-qb-rt-neg")
    a = ap.parse_args()
    with open(os.path.join(a.full_dir, "labels.csv"), newline="") as fh:
        labels = list(csv.DictReader(fh))
    with open(os.path.join(a.full_dir, "scenarios.json")) as fh:
        scenarios = json.load(fh)
    bad = [s["scenario"] for s in scenarios if s["result"] != "ok" or s["unexplained_flows"] or s["unverified_flows"]]
    if bad:
        print(f"warning: scenarios not clean (incomplete, unexplained or unverified flows): {bad}", file=sys.stderr)

    res = os.path.join(a.repo_root, "engine", "src", "test", "resources", "lab")
    os.makedirs(res, exist_ok=True)
    for f in os.listdir(res):
        if f.endswith(".pcap"):
            os.remove(os.path.join(res, f))
    all_rows, infos = [], []
    for s in scenarios:
        out_pcap = os.path.join(res, s["pcap"])
        all_rows += cut(a.full_dir, s["pcap"], rows_for(labels, s["pcap"]), out_pcap, a.per_flow)
        infos.append(dict(s, trimmed_per_flow=a.per_flow))
    with open(os.path.join(res, "labels.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=lb.COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(all_rows)
    with open(os.path.join(res, "scenarios.json"), "w") as fh:
        json.dump(infos, fh, indent=1)
        fh.write("\n")

    sample = next((s for s in scenarios if s["scenario"] == a.sample), None)
    if sample is None:
        raise SystemExit(f"scenario {a.sample} is not in {a.full_dir}")
    sd = os.path.join(a.repo_root, "samples")
    os.makedirs(sd, exist_ok=True)
    sp = os.path.join(sd, "lab-sample.pcap")
    rows = cut(a.full_dir, sample["pcap"], rows_for(labels, sample["pcap"]), sp, a.sample_per_flow)
    with open(os.path.join(sd, "lab-sample.labels.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=lb.COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    total = sum(os.path.getsize(os.path.join(res, f)) for f in os.listdir(res)) + os.path.getsize(sp)
    print(f"fixtures: {len(infos)} captures + sample, {total} bytes in all", file=sys.stderr)


if __name__ == "__main__":
    main()
