#!/usr/bin/env bash
# Record every lab scenario (or the ones named) into OUTDIR, then merge the per-scenario results into
# OUTDIR/labels.csv and OUTDIR/scenarios.json (the shared corpus's format) and print a summary.
#   lab/record-all.sh OUTDIR [SCENARIO...]
# Each scenario runs in its own namespaces (unique prefix) under a hard time bound.
set -euo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [SCENARIO...]" >&2; exit 2; }
OUT="$1"; shift
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
if [ $# -gt 0 ]; then SCNS=("$@"); else mapfile -t SCNS < <("$LAB_DIR/record.sh" --list); fi
PER_SCENARIO_MAX="${LAB_SCENARIO_MAX_S:-150}"

JOBS="${LAB_JOBS:-2}"   # scenarios at once (each in its own namespaces); clients idle most of the time

run_one() {  # output goes to OUTDIR/logs/SCENARIO/record.log; one summary line to stderr
  local s="$1" t0=$SECONDS rc=0
  mkdir -p "$OUT/logs/$s"
  timeout -k 10 "$PER_SCENARIO_MAX" "$LAB_DIR/record.sh" "$s" "$OUT" > "$OUT/logs/$s/record.log" 2>&1 || rc=$?
  echo "[lab] $s: $((SECONDS - t0)) s wall, exit $rc: $(tail -n 1 "$OUT/logs/$s/record.log")" >&2
  return $rc
}

t_all=$SECONDS
declare -A PIDS=()
# if we are stopped, stop the running scenarios too (their own EXIT traps delete their namespaces)
stop_children() { local p; for p in "${PIDS[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; done; }
trap stop_children EXIT
trap 'exit 130' INT TERM HUP
failed=()
reap() {  # wait for one job, remember failures
  local pid s
  wait -n -p pid || true
  for s in "${!PIDS[@]}"; do
    if [ "${PIDS[$s]}" = "$pid" ]; then
      wait "$pid" 2>/dev/null || failed+=("$s")
      unset "PIDS[$s]"
    fi
  done
}
for s in "${SCNS[@]}"; do
  while [ ${#PIDS[@]} -ge "$JOBS" ]; do reap; done
  run_one "$s" & PIDS[$s]=$!
done
while [ ${#PIDS[@]} -gt 0 ]; do reap; done

# merge: labels.csv (one header) and scenarios.json (a list), like the shared corpus
"$PY" - "$OUT" "${SCNS[@]}" <<'PYEOF'
import csv, json, os, sys
out, scns = sys.argv[1], sys.argv[2:]
rows, infos, header = [], [], None
for s in scns:
    lp, sp = os.path.join(out, s + ".labels.csv"), os.path.join(out, s + ".scenario.json")
    if not (os.path.exists(lp) and os.path.exists(sp)):
        continue
    with open(lp, newline="") as fh:
        r = list(csv.reader(fh))
    header = r[0]; rows += r[1:]
    with open(sp) as fh:
        infos.append(json.load(fh))
    os.remove(lp); os.remove(sp)
if header:
    with open(os.path.join(out, "labels.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n"); w.writerow(header); w.writerows(rows)
    with open(os.path.join(out, "scenarios.json"), "w") as fh:
        json.dump(infos, fh, indent=1); fh.write("\n")
print(f"\n{'scenario':<22} {'seconds':>7}  {'result':<10} {'flows':>5}  per label", file=sys.stderr)
for i in infos:
    print(f"{i['scenario']:<22} {i['seconds']:>7.1f}  {i['result'][:10]:<10} {sum(i['flows'].values()):>5}  "
          + ", ".join(f"{k.replace('bittorrent-', 'bt-')}={v}" for k, v in i["flows"].items())
          + (f"  [{i['unexplained_flows']} unexplained]" if i["unexplained_flows"] else "")
          + (f"  [{i['unverified_flows']} unverified]" if i["unverified_flows"] else ""), file=sys.stderr)
by = {}
for r in rows:
    by.setdefault(r[6], [0, 0]); by[r[6]][0] += 1; by[r[6]][1] += r[15] == "yes"
print(f"\n{'label':<30} {'flows':>5} {'verified':>8}", file=sys.stderr)
for k in sorted(by):
    print(f"{k:<30} {by[k][0]:>5} {by[k][1]:>8}", file=sys.stderr)
print(f"{'total':<30} {len(rows):>5}", file=sys.stderr)
PYEOF
echo "[lab] ${#SCNS[@]} scenarios in $((SECONDS - t_all)) s -> $OUT (labels.csv, scenarios.json)" >&2
if [ ${#failed[@]} -gt 0 ]; then echo "[lab] failed: ${failed[*]}" >&2; exit 1; fi
