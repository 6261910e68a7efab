#!/usr/bin/env bash
# Smoke test of the capture lab: record one short scenario with real clients (python3-libtorrent +
# opentracker + mktorrent) in fresh namespaces, then check that the capture is a non-empty pcap, that
# its flows are labelled and verified, and that no namespace of this run is left behind.
#   lab/selftest.sh [SCENARIO]     (default lt-tcp-plain-http; root)
# Exit 0 = passed, 1 = failed (reason printed), 3 = cannot run here (not root / programs missing).
set -uo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCN="${1:-lt-tcp-plain-http}"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3

skip() { echo "selftest: SKIPPED: $*"; exit 3; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
for c in ip bridge ethtool tcpdump tshark opentracker mktorrent timeout; do
  command -v "$c" >/dev/null 2>&1 || skip "missing program $c"
done
"$PY" -c 'import libtorrent' 2>/dev/null || skip "python3-libtorrent is not installed"

OUT="$(mktemp -d /tmp/seawall-selftest.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
TAG="st$$"
fails=0
check() { if eval "$2"; then echo "ok   - $1"; else echo "FAIL - $1"; fails=$((fails + 1)); fi; }

t0=$SECONDS
LAB_TAG="$TAG" timeout -k 10 120 "$LAB_DIR/record.sh" "$SCN" "$OUT" > "$OUT/record.log" 2>&1
rc=$?
check "record.sh $SCN exits 0 (took $((SECONDS - t0)) s)" '[ $rc -eq 0 ]' || true
PCAP="$OUT/$SCN.pcap" LABELS="$OUT/$SCN.labels.csv" INFO="$OUT/$SCN.scenario.json"
check "capture written" '[ -s "$PCAP" ]'
npk=$(cd "$LAB_DIR" && "$PY" -c '
import sys, pcapio
r = pcapio.Reader(sys.argv[1]); print(sum(1 for _ in r))' "$PCAP" 2>/dev/null || echo 0)
check "capture holds packets ($npk)" '[ "${npk:-0}" -gt 20 ]'
check "labels.csv has the corpus columns" \
  '[ "$(head -n 1 "$LABELS" 2>/dev/null)" = "pcap,protocol,ip_a,port_a,ip_b,port_b,label,client,scenario,packets,bytes,payload_bytes,rel_start_s,duration_s,tshark_protocols,verified,check" ]'
nplain=$(awk -F, '$7=="bittorrent-tcp-plain" && $16=="yes"' "$LABELS" 2>/dev/null | wc -l)
ntrk=$(awk -F, '$7=="bittorrent-tracker-http" && $16=="yes"' "$LABELS" 2>/dev/null | wc -l)
nbad=$(awk -F, 'NR>1 && $16=="no"' "$LABELS" 2>/dev/null | wc -l)
case "$SCN" in
  lt-tcp-plain-http) check "verified peer-wire flows ($nplain) and tracker flows ($ntrk)" '[ "$nplain" -ge 1 ] && [ "$ntrk" -ge 1 ]' ;;
  *) check "labelled flows" '[ "$(($(wc -l < "$LABELS") - 1))" -ge 1 ]' ;;
esac
check "no flow failed its payload check ($nbad)" '[ "$nbad" -eq 0 ]'
check "every flow explained by the setup" 'grep -q "\"unexplained_flows\": 0" "$INFO"'
check "download completed" 'grep -q "\"result\": \"ok\"" "$INFO"'
# trim.py: 5 packets per flow, labels carried over with counters recomputed on the cut capture
"$PY" "$LAB_DIR/trim.py" "$PCAP" "$OUT/cut.pcap" --per-flow 5 --labels "$LABELS" --labels-out "$OUT/cut.csv" 2>/dev/null
check "trim.py keeps every labelled flow" '[ "$(wc -l < "$OUT/cut.csv" 2>/dev/null)" = "$(wc -l < "$LABELS")" ]'
check "trim.py keeps at most 5 packets per flow" '[ "$(awk -F, "NR>1 && \$10>5" "$OUT/cut.csv" | wc -l)" -eq 0 ]'
check "trim.py keeps labels and verdicts" '[ "$(cut -d, -f7,16 "$OUT/cut.csv" | md5sum)" = "$(cut -d, -f7,16 "$LABELS" | md5sum)" ]'
check "no namespace of this run left" '! ip netns list | grep -q "^sw$TAG"'
if [ $fails -ne 0 ]; then
  echo "--- record.log"; tail -n 30 "$OUT/record.log"
  echo "selftest: $fails check(s) failed"; exit 1
fi
echo "selftest: passed"
