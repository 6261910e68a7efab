#!/usr/bin/env bash
# Throughput through a VPN-exit router (lab/router-lab.sh) with no queue, with Seawall, and with the
# smallest NFQUEUE reader in C (nfq-accept.c, libnetfilter_queue, NF_ACCEPT for everything), side by
# side; then Seawall's per-packet verdict latency (p50/p90/p99) under new-flow churn.
#
#   firewall/bench/bench.sh [ROUNDS] [SECONDS]      (root; defaults 5 rounds of 5 s runs)
#
# Needs: iperf3, iptables, ethtool, gcc + libnetfilter-queue-dev (for the C reader), curl, jq, a JDK 25.
# Rounds interleave the configurations, so a load change on a shared machine hits all of them; the
# table gives the median and min-max of the rounds. Offloads (TSO/GSO/GRO) are switched back on in the
# lab: a real exit router has them, and GSO is what lets a queue reader keep up at all.
set -euo pipefail
ROUNDS="${1:-5}"; SECS="${2:-5}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/firewall/bench"
[ "$(id -u)" -eq 0 ] || { echo "bench.sh: needs root (network namespaces)" >&2; exit 2; }
for c in iperf3 iptables ethtool gcc curl jq; do command -v "$c" >/dev/null || { echo "bench.sh: $c missing" >&2; exit 2; }; done
. "$ROOT/scripts/java-env.sh"
JAR="$ROOT/cli/target/seawall.jar"
if [ ! -f "$JAR" ]; then (cd "$ROOT" && ./mvnw -q -B -pl cli -am package -Dmaven.test.skip=true) >&2; fi

P="swb$(printf '%05d' $(( $$ % 100000 )))"
W="$(mktemp -d /tmp/seawall-bench.XXXXXX)"; chmod 755 "$W"
PIDS=()
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  sleep 1
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  "$ROOT/lab/router-lab.sh" down "$P" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -Wall -o "$W/nfq-accept" "$HERE/nfq-accept.c" -lnetfilter_queue

"$ROOT/lab/router-lab.sh" up "$P" >/dev/null
eval "$("$ROOT/lab/router-lab.sh" env "$P")"
for x in "sub eth0" "rtr in0" "rtr out0" "srv eth0" "seed eth0" "isw p-rtr" "isw p-srv" "isw p-seed"; do
  set -- $x
  ip netns exec "$P-$1" ethtool -K "$2" tso on gso on gro on tx on rx on sg on >/dev/null 2>&1 || true
done
in_ns() { local n="$1"; shift; ip netns exec "$P-$n" "$@"; }

timeout 3600 ip netns exec "$P-srv" iperf3 -s -p 5202 >/dev/null 2>&1 & PIDS+=($!)
mkdir -p "$W/www"; echo "seawall bench" > "$W/www/index.html"
( cd "$W/www" && exec timeout 3600 ip netns exec "$P-srv" /usr/bin/python3 -m http.server 8080 --bind "$SRV4" ) >/dev/null 2>&1 & PIDS+=($!)
for i in $(seq 50); do in_ns srv ss -Htln 'sport = :5202' | grep -q . && in_ns srv ss -Htln 'sport = :8080' | grep -q . && break; sleep 0.1; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

READER_PID=""
start_config() {  # none | conntrack | seawall | c-accept | c-accept-gso
  case "$1" in
    none) READER_PID="" ;;
    conntrack)  # the connection tracking every configuration below pays (and any NAT-ing exit has)
      READER_PID=""; in_ns rtr iptables -A FORWARD -m connmark --mark 0x1/0x1 -j RETURN ;;
    seawall)
      timeout 3600 ip netns exec "$P-rtr" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
        -XX:-UsePerfData -Xss512k -jar "$JAR" firewall --queues 0 > "$W/seawall.log" 2>&1 &
      PIDS+=($!); READER_PID=$!
      for i in $(seq 300); do grep -q "running with" "$W/seawall.log" && break; sleep 0.1; done
      grep -q "running with" "$W/seawall.log" || { cat "$W/seawall.log" >&2; exit 1; }
      READER_PID=$(pgrep -P "$READER_PID" java || echo "$READER_PID") ;;
    c-accept|c-accept-gso)
      local gso=""; [ "$1" = c-accept-gso ] && gso=gso
      timeout 3600 ip netns exec "$P-rtr" "$W/nfq-accept" 0 $gso 2> "$W/c.log" &
      PIDS+=($!); READER_PID=$!
      sleep 0.3
      READER_PID=$(pgrep -P "$READER_PID" nfq-accept || echo "$READER_PID")
      in_ns rtr iptables -A FORWARD -j NFQUEUE --queue-num 0 --queue-bypass ;;
  esac
}
stop_config() {
  case "$1" in
    conntrack) in_ns rtr iptables -D FORWARD -m connmark --mark 0x1/0x1 -j RETURN; in_ns rtr conntrack -F >/dev/null 2>&1 || true ;;
    c-accept|c-accept-gso) in_ns rtr iptables -D FORWARD -j NFQUEUE --queue-num 0 --queue-bypass ;;
  esac
  if [ -n "$READER_PID" ]; then
    kill -TERM "$READER_PID" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$READER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ "$1" = seawall ] && in_ns rtr iptables -S | grep -q SEAWALL; then echo "bench.sh: Seawall left rules behind" >&2; exit 1; fi
}

iperf() {  # STREAMS -> Gbit/s received
  in_ns sub iperf3 -c "$SRV4" -p 5202 -t "$SECS" -P "$1" -J 2>/dev/null \
    | jq -r '(.end.sum_received.bits_per_second // 0) / 1e9' 2>/dev/null || echo 0
}

CONFIGS=(none conntrack seawall c-accept c-accept-gso)
declare -A R1 R4 CPU
QUEUED=""
echo "bench.sh: $ROUNDS rounds x ${SECS}s, configurations: ${CONFIGS[*]}" >&2
for r in $(seq "$ROUNDS"); do
  for k in $(seq 0 $(( ${#CONFIGS[@]} - 1 ))); do
    cfg=${CONFIGS[$(( (k + r) % ${#CONFIGS[@]} ))]}  # each round starts elsewhere: no configuration always follows another
    start_config "$cfg"
    c0=0; [ -n "$READER_PID" ] && c0=$(cpu_ticks "$READER_PID")
    a=$(iperf 1); b=$(iperf 4)
    c1=0; [ -n "$READER_PID" ] && c1=$(cpu_ticks "$READER_PID")
    if [ "$cfg" = seawall ]; then
      QUEUED+="$(in_ns rtr curl -s http://127.0.0.1:9108/metrics | awk '$1 == "seawall_firewall_packets_queued_total" {printf "%d", $2}') "
    fi
    R1[$cfg]+="$a "; R4[$cfg]+="$b "
    CPU[$cfg]+="$(awk -v t=$((c1 - c0)) -v s="$SECS" 'BEGIN {printf "%.0f", 100 * t / 100 / (2 * s)}') "
    stop_config "$cfg"
    printf '  round %d %-13s 1 stream %6.2f Gbit/s, 4 streams %6.2f Gbit/s\n' "$r" "$cfg" "$a" "$b" >&2
  done
done

stats() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f (%.2f-%.2f)", m, v[1], v[NR]}'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
base1=$(echo "${R1[none]}" | median); base4=$(echo "${R4[none]}" | median)
echo
echo "| configuration | 1 stream Gbit/s, median (min-max) | vs no queue | 4 streams Gbit/s | vs no queue | reader CPU % of one core |"
echo "|---|---|---|---|---|---|"
for cfg in "${CONFIGS[@]}"; do
  m1=$(echo "${R1[$cfg]}" | median); m4=$(echo "${R4[$cfg]}" | median)
  printf '| %s | %s | %.0f %% | %s | %.0f %% | %s |\n' "$cfg" "$(echo "${R1[$cfg]}" | stats)" \
    "$(awk -v a="$m1" -v b="$base1" 'BEGIN {print 100 * a / b}')" "$(echo "${R4[$cfg]}" | stats)" \
    "$(awk -v a="$m4" -v b="$base4" 'BEGIN {print 100 * a / b}')" "$([ "$cfg" = none ] && echo - || echo "${CPU[$cfg]}" | median)"
done

echo
echo "Packets Seawall queued per round (two iperf3 runs, 1 + 4 streams, with their control connections): $QUEUED"

# Verdict latency under churn: 1000 short HTTP connections and 1000 DNS-like UDP flows through Seawall.
start_config seawall
for i in $(seq 1000); do echo "url = \"http://$SRV4:8080/index.html\""; echo "output = /dev/null"; done > "$W/curl.cfg"
t0=$(date +%s.%N)
in_ns sub curl -s --no-progress-meter -K "$W/curl.cfg" --parallel --parallel-max 8 2>/dev/null || true
t1=$(date +%s.%N)
in_ns sub /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(1000):
    s.sendto(b'\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03www\x04test\x00\x00\x01\x00\x01', ('$SRV4', 10000 + i))
"
sleep 1
M=$(in_ns rtr curl -s http://127.0.0.1:9108/metrics)
q() {  # quantile from the histogram's cumulative buckets, interpolated within the bucket (as Prometheus does)
  echo "$M" | awk -v q="$1" -F'[{}" ]+' '/^seawall_firewall_verdict_latency_seconds_bucket/ {
      le = ($3 == "+Inf") ? 1e9 : $3 + 0; n++; b[n] = le; c[n] = $NF + 0 }
    END { total = c[n]; want = q * total; pb = 0; pc = 0
      for (i = 1; i <= n; i++) { if (c[i] >= want) { f = (c[i] > pc) ? (want - pc) / (c[i] - pc) : 1;
        printf "%.1f", (pb + f * (b[i] - pb)) * 1e6; exit } pb = b[i]; pc = c[i] } }'
}
n=$(echo "$M" | awk '$1 == "seawall_firewall_packets_queued_total" {printf "%d", $2}')
flows=$(echo "$M" | awk '$1 ~ /^seawall_firewall_flows_judged_total/ {s += $2} END {printf "%d", s}')
maxl=$(echo "$M" | awk '$1 == "seawall_firewall_verdict_latency_seconds_max" {printf "%.1f", $2 * 1e6}')
rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$READER_PID/status")
stop_config seawall
echo
echo "Verdict latency (receive to verdict sent, per queued packet) under churn: $n packets queued, $flows flows judged,"
printf '1000 HTTP connections (8 in parallel) in %.1f s + 1000 one-packet UDP flows: p50 %s µs, p90 %s µs, p99 %s µs, max %s µs\n' \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" "$(q 0.5)" "$(q 0.9)" "$(q 0.99)" "$maxl"
echo "Seawall resident memory after the churn: $rss MiB (1 queue, default --max-flows 65536, JVM defaults + SerialGC)"
