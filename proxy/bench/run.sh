#!/usr/bin/env bash
# SOCKS5 benchmark: Seawall (inspection on) against Dante and microsocks (Debian packages), same
# machine, same load client and HTTP sink (socksbench.c), loopback only. Rounds are interleaved;
# medians with min-max are printed side by side.
#   proxy/bench/run.sh [ROUNDS]          (default 3)
# Needs: gcc, danted (dante-server), microsocks, a JDK 25 (scripts/java-env.sh). Run as root (Dante
# drops to nobody). Ports 127.0.0.1:18099 (sink) and 11081-11083 must be free.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
W=$(mktemp -d /tmp/sw-socksbench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
for c in gcc danted microsocks; do command -v $c >/dev/null || { echo "missing: $c" >&2; exit 2; }; done

gcc -O2 -pthread -o "$W/socksbench" "$ROOT/proxy/bench/socksbench.c"
SINK=18099; DANTE=11081; MICRO=11082; SEAWALL=11083

"$W/socksbench" serve $SINK & PIDS+=($!)

cat > "$W/danted.conf" <<CONF
logoutput: stderr
internal: 127.0.0.1 port = $DANTE
external: 127.0.0.1
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
  log: error
}
socks pass {
  from: 127.0.0.0/8 to: 127.0.0.0/8
  command: connect bind udpassociate bindreply udpreply
  log: error
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0
  log: error
}
CONF
danted -f "$W/danted.conf" -N 2 -p "$W/danted.pid" 2>"$W/danted.log" & PIDS+=($!)
microsocks -i 127.0.0.1 -p $MICRO >/dev/null 2>&1 & PIDS+=($!)

. "$ROOT/scripts/java-env.sh"
JAR="$ROOT/cli/target/seawall.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -pl cli -am package -Dmaven.test.skip=true)
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -jar "$JAR" \
  proxy --listen 127.0.0.1:$SEAWALL --allow 127.0.0.0/8 --max-connections 100000 --max-per-user 100000 \
  2>"$W/seawall.log" & PIDS+=($!)

for port in $SINK $DANTE $MICRO $SEAWALL; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done
grep -q "BitTorrent filter OFF" "$W/seawall.log" && { echo "inspection is off" >&2; exit 1; }

load() { "$W/socksbench" load "$1" $SINK "${@:2}" | awk '{print $1}'; }
echo "warming up the JVM ..." >&2
load $SEAWALL conn 20000 8 >/dev/null; load $SEAWALL big 2 2 >/dev/null

declare -A R
TESTS=("big 1 1" "big 4 4" "conn 3000 1" "conn 10000 8")
NAMES=("throughput, 1 stream (Gbit/s)" "throughput, 4 streams (Gbit/s)" "connections/s, 1 thread" "connections/s, 8 threads")
for r in $(seq "$ROUNDS"); do
  echo "round $r/$ROUNDS ..." >&2
  for t in "${!TESTS[@]}"; do
    for p in dante:$DANTE microsocks:$MICRO seawall:$SEAWALL; do
      v=$(load "${p#*:}" ${TESTS[$t]} || echo fail)
      R[$t,${p%%:*}]+="$v "
    done
  done
done

stat() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "-"; exit}; printf "%s (%s-%s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
med() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "\n%-32s | %-22s | %-22s | %-22s | %s\n" "test (median of $ROUNDS, min-max)" "Dante" "microsocks" "Seawall (inspecting)" "Seawall/Dante"
printf -- "---------------------------------|------------------------|------------------------|------------------------|--------------\n"
for t in "${!TESTS[@]}"; do
  d=$(echo "${R[$t,dante]}" | med); s=$(echo "${R[$t,seawall]}" | med)
  ratio=$(awk -v s="$s" -v d="$d" 'BEGIN { if (d > 0) printf "%.2fx", s / d; else print "-" }')
  printf "%-32s | %-22s | %-22s | %-22s | %s\n" "${NAMES[$t]}" "$(echo "${R[$t,dante]}" | stat)" \
    "$(echo "${R[$t,microsocks]}" | stat)" "$(echo "${R[$t,seawall]}" | stat)" "$ratio"
done
echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; client: proxy/bench/socksbench.c"
