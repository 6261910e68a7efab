#!/usr/bin/env bash
# Engine throughput: `seawall analyze` against nDPI's `ndpiReader -q` on the same capture, one core
# each (taskset), side by side. Prints, per engine, the median over ROUNDS interleaved runs of wall
# time, CPU time (user + sys), packets per CPU-second and peak RSS; then the ratios. With --jmh it
# also runs the JMH hot-loop benchmark (steady state, file reading left out; JMH_ROUNDS rounds of
# forks without detectors, with them, and with the foundation's engine) and compares it with nDPI's
# own "Packet Processing Time" (its steady state, start-up left out).
#
# Detection's cost is shown two ways: against the same build with `--detectors none` (flow
# accounting alone), and against the foundation's engine, the last commit before any detector
# (FOUNDATION, built once from this clone's history into bench/target/), run with the same JVM
# settings: the benchmark as the foundation left it.
#
# Input: bench/mixed.pcap, the 407 MB reference capture (1,223,460 packets, 91 k flows), built
# from nDPI's regression captures by ../shared/tools/make-bench-pcap.sh when missing.
#
# Usage: bench/analyze-vs-ndpi.sh [--jmh] [ROUNDS] [CAPTURE]
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/scripts/java-env.sh"

JMH=0
if [ "${1:-}" = "--jmh" ]; then JMH=1; shift; fi
ROUNDS=${1:-7}
CAPTURE=${2:-$ROOT/bench/mixed.pcap}
CPU=${SEAWALL_BENCH_CPU:-1}

for tool in ndpiReader taskset /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install libndpi-bin util-linux time" >&2; exit 1; }
done
if [ ! -f "$CAPTURE" ]; then
  MAKER="$ROOT/../shared/tools/make-bench-pcap.sh"
  [ -x "$MAKER" ] || { echo "no $CAPTURE and no $MAKER to build it" >&2; exit 1; }
  echo "building $CAPTURE with $MAKER ..." >&2
  (cd "$ROOT" && OUT="$CAPTURE" "$MAKER" >&2)
fi

"$ROOT/seawall" --version >/dev/null # build the jar and its AOT cache first, outside the timings

FOUNDATION=${SEAWALL_FOUNDATION:-02d9e58} # "StreamInspector: the engine for byte-stream users", before detectors
FDIR="$ROOT/bench/target/foundation-$FOUNDATION"
if [ ! -f "$FDIR/cli/target/seawall.jar" ]; then
  if git -C "$ROOT" cat-file -e "$FOUNDATION^{commit}" 2>/dev/null; then
    echo "building the foundation's engine ($FOUNDATION) in $FDIR ..." >&2
    rm -rf "$FDIR" && mkdir -p "$FDIR"
    git -C "$ROOT" archive "$FOUNDATION" | tar -x -C "$FDIR"
    (cd "$FDIR" && ./mvnw -q -B -Dmaven.test.skip=true package >&2) || { echo "building $FOUNDATION failed" >&2; exit 1; }
  else
    echo "commit $FOUNDATION is not in this clone's history: the foundation's rows are left out" >&2
  fi
fi
FJAR=""
if [ -f "$FDIR/cli/target/seawall.jar" ]; then
  FJAR="$FDIR/cli/target/seawall.jar"
  SEAWALL_JAR="$FJAR" "$ROOT/seawall" --version >/dev/null # its AOT cache, outside the timings
fi
PACKETS=$(capinfos -c -M "$CAPTURE" 2>/dev/null | awk -F': *' '/Number of packets/ {gsub(/[^0-9]/,"",$2); print $2}')
[ -n "$PACKETS" ] || PACKETS=$(tshark -r "$CAPTURE" -T fields -e frame.number 2>/dev/null | tail -1)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

measure() { # name command... -> appends "wall cpu rss_kb" to $WORK/name
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" taskset -c "$CPU" "$@" >/dev/null 2>"$WORK/err" || {
    echo "$name failed:" >&2; cat "$WORK/err" >&2; exit 1; }
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$WORK/t" >> "$WORK/$name"
}

echo "capture: $CAPTURE ($PACKETS packets), CPU $CPU, $ROUNDS rounds (+1 warm-up), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure seawall "$ROOT/seawall" analyze "$CAPTURE"; : > "$WORK/seawall"   # warm-up (page cache)
measure ndpi ndpiReader -q -i "$CAPTURE"; : > "$WORK/ndpi"
for i in $(seq "$ROUNDS"); do
  measure seawall "$ROOT/seawall" analyze "$CAPTURE"
  measure baseline "$ROOT/seawall" analyze --detectors none "$CAPTURE"
  [ -z "$FJAR" ] || measure foundation env SEAWALL_JAR="$FJAR" "$ROOT/seawall" analyze "$CAPTURE"
  measure ndpi ndpiReader -q -i "$CAPTURE"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
row() { # name -> "wall cpu pps rss_mib"
  local wall cpu rss
  wall=$(cut -d' ' -f1 "$WORK/$1" | median); cpu=$(cut -d' ' -f2 "$WORK/$1" | median); rss=$(cut -d' ' -f3 "$WORK/$1" | median)
  echo "$wall $cpu $(awk -v p="$PACKETS" -v c="$cpu" 'BEGIN {printf "%.0f", p / c}') $(awk -v r="$rss" 'BEGIN {printf "%.0f", r / 1024}')"
}
read -r SW_WALL SW_CPU SW_PPS SW_RSS <<<"$(row seawall)"
read -r ND_WALL ND_CPU ND_PPS ND_RSS <<<"$(row ndpi)"
read -r BL_WALL BL_CPU BL_PPS BL_RSS <<<"$(row baseline)"

echo
echo "whole process, medians of $ROUNDS runs (CPU = user + sys, one core):"
printf "%-28s %8s %8s %14s %10s\n" engine "wall s" "CPU s" "pkts/CPU-s" "peak RSS"
printf "%-28s %8s %8s %14s %7s MiB\n" "seawall analyze" "$SW_WALL" "$SW_CPU" "$SW_PPS" "$SW_RSS"
printf "%-28s %8s %8s %14s %7s MiB\n" "  same, --detectors none" "$BL_WALL" "$BL_CPU" "$BL_PPS" "$BL_RSS"
if [ -n "$FJAR" ]; then
  read -r FD_WALL FD_CPU FD_PPS FD_RSS <<<"$(row foundation)"
  printf "%-28s %8s %8s %14s %7s MiB\n" "  foundation ($FOUNDATION)" "$FD_WALL" "$FD_CPU" "$FD_PPS" "$FD_RSS"
fi
printf "%-28s %8s %8s %14s %7s MiB\n" "ndpiReader -q (nDPI $(dpkg-query -W -f '${Version}' libndpi-bin 2>/dev/null))" "$ND_WALL" "$ND_CPU" "$ND_PPS" "$ND_RSS"
printf "ratio (packets per CPU-second): %.2fx; detection costs %.1f%% over flow accounting alone" \
  "$(awk -v a="$SW_PPS" -v b="$ND_PPS" 'BEGIN {print a / b}')" "$(awk -v a="$SW_CPU" -v b="$BL_CPU" 'BEGIN {print (a / b - 1) * 100}')"
printf " (median of the rounds' own ratios: %.1f%%)\n" \
  "$(paste -d' ' "$WORK/baseline" "$WORK/seawall" | awk '{print ($5 / $2 - 1) * 100}' | median)"
if [ -n "$FJAR" ]; then
  printf "against the foundation's engine: %+.1f%% CPU (median of the rounds' own ratios: %+.1f%%; per round: %s)\n" \
    "$(awk -v a="$SW_CPU" -v b="$FD_CPU" 'BEGIN {print (a / b - 1) * 100}')" \
    "$(paste -d' ' "$WORK/foundation" "$WORK/seawall" | awk '{print ($5 / $2 - 1) * 100}' | median)" \
    "$(paste -d' ' "$WORK/foundation" "$WORK/seawall" | awk '{printf "%s%+.1f%%", (NR > 1 ? ", " : ""), ($5 / $2 - 1) * 100}')"
fi

if [ "$JMH" = 1 ]; then
  echo
  echo "steady state:"
  JAR="$ROOT/bench/target/benchmarks.jar"
  [ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true -pl bench -am package >&2)
  # One fork per configuration per round, the configurations back to back: a shared machine
  # drifts by more than the difference measured, so the cost of detection is taken per round (the
  # ratio of neighbouring forks) and its median reported. The foundation's fork runs the same
  # benchmark class with the foundation's engine ahead of this one on the class path.
  FENGINE=$(ls "$FDIR"/engine/target/seawall-engine-*.jar 2>/dev/null | head -1 || true)
  JMH_ROUNDS=${JMH_ROUNDS:-3}
  for jit in "C2 (tiered, the JVM default)|" "C1 only (what ./seawall analyze uses)|-XX:TieredStopAtLevel=1"; do
    label=${jit%%|*}; flags=${jit#*|}
    : > "$WORK/pairs"
    for round in $(seq "$JMH_ROUNDS"); do
      for config in none bittorrent ${FENGINE:+foundation}; do
        cp="$JAR" detectors=$config
        [ "$config" = foundation ] && { cp="$FENGINE:$JAR"; detectors=none; }
        taskset -c "$CPU" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$cp" org.openjdk.jmh.Main InspectorBenchmark \
          -f 1 -wi 4 -i 6 -w 2 -r 2 ${flags:+-jvmArgsAppend "$flags"} -p capture="$CAPTURE" -p detectors="$detectors" \
          -rf csv -rff "$WORK/jmh.csv" >/dev/null 2>&1
        tr -d '\r' < "$WORK/jmh.csv" | awk -F, 'NR == 2 {printf "%s ", $5}' >> "$WORK/pairs"
      done
      echo >> "$WORK/pairs"
    done
    bt=$(awk '{print $2}' "$WORK/pairs" | median); base=$(awk '{print $1}' "$WORK/pairs" | median)
    cost=$(awk '{print ($2 / $1 - 1) * 100}' "$WORK/pairs" | median)
    printf "  Seawall PacketInspector, %-38s all detectors %7.1f ns/packet = %10.0f packets/s\n" \
      "$label" "$bt" "$(awk -v n="$bt" 'BEGIN {print 1e9 / n}')"
    printf "  Seawall PacketInspector, %-38s no detectors  %7.1f ns/packet = %10.0f packets/s\n" \
      "$label" "$base" "$(awk -v n="$base" 'BEGIN {print 1e9 / n}')"
    printf "    detection costs %.1f%% per packet (median over %d rounds; per round: %s)\n" "$cost" "$JMH_ROUNDS" \
      "$(awk '{printf "%s%.1f%%", (NR > 1 ? ", " : ""), ($2 / $1 - 1) * 100}' "$WORK/pairs")"
    if [ -n "$FENGINE" ]; then
      printf "  Seawall PacketInspector, %-38s foundation    %7.1f ns/packet\n" "$label" "$(awk '{print $3}' "$WORK/pairs" | median)"
      printf "    against the foundation's engine: %+.1f%% per packet (median over %d rounds; per round: %s)\n" \
        "$(awk '{print ($2 / $3 - 1) * 100}' "$WORK/pairs" | median)" "$JMH_ROUNDS" \
        "$(awk '{printf "%s%+.1f%%", (NR > 1 ? ", " : ""), ($2 / $3 - 1) * 100}' "$WORK/pairs")"
    fi
  done
  ndpi_ms=$(for i in 1 2 3; do taskset -c "$CPU" ndpiReader -i "$CAPTURE" 2>/dev/null \
    | awk '/Packet Processing Time/ {print $(NF-1)}' | tr -d ','; done | median)
  printf "  nDPI ndpiReader, its own packet processing time (median of 3): %s ms = %.0f packets/s\n" "$ndpi_ms" \
    "$(awk -v p="$PACKETS" -v m="$ndpi_ms" 'BEGIN {print p / (m / 1000)}')"
fi
