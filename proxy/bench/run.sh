#!/usr/bin/env bash
# SOCKS5 benchmark: Seawall (inspection on) against Dante and microsocks (Debian packages), same
# machine, same load client and HTTP sink (socksbench.c), loopback only. Rounds are interleaved;
# medians with min-max are printed side by side, with the no-proxy ceiling ("direct").
#   proxy/bench/run.sh [ROUNDS]          (default 3)
# Wall-clock rates depend on what else runs on the machine, so the CPU time each proxy used per GiB
# and per connection is printed too (each proxy runs in its own cgroup, so all of its processes and
# threads count), and that of the load client and sink together (their own cgroups): a proxy can
# move work to its peers (with splice the client's reads cost more), and on one machine all of it
# shares the same cores. Load averages are printed at both ends.
# Needs: gcc, danted (dante-server), microsocks, a JDK 25 (scripts/java-env.sh). Run as root (Dante
# drops to nobody; cgroups). Ports 127.0.0.1:18099 (sink) and 11081-11086 must be free.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
W=$(mktemp -d /tmp/sw-socksbench.XXXXXX)
PIDS=()
CGS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # Dante's own processes end with their parent; whatever is still in a group after that is killed
  # (not at once: children killed before their parent reaps them stay as zombies and pin the group).
  for c in "${CGS[@]}"; do
    for i in $(seq 100); do
      [ -n "$(cat "$c/cgroup.procs" 2>/dev/null)" ] || break
      [ "$i" = 50 ] && for p in $(cat "$c/cgroup.procs"); do kill "$p" 2>/dev/null || true; done
      sleep 0.1
    done
    rmdir "$c" 2>/dev/null || echo "note: $c still holds exited processes; remove it later with rmdir" >&2
  done
  rm -rf "$W"
}
trap cleanup EXIT
for c in gcc danted microsocks; do command -v $c >/dev/null || { echo "missing: $c" >&2; exit 2; }; done

# CPU accounting: cgroup v2 (cpu.stat) or v1 (cpuacct.usage); without either, CPU columns show "-".
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then CGROOT=/sys/fs/cgroup; CGV=2
elif [ -w /sys/fs/cgroup/cpuacct ]; then CGROOT=/sys/fs/cgroup/cpuacct; CGV=1
else CGROOT=""; CGV=0; fi
cg() { # cg NAME: creates the group, prints its path (empty without cgroups)
  [ "$CGV" = 0 ] && return 0
  local d="$CGROOT/sw-socksbench-$$-$1"
  mkdir "$d" 2>/dev/null || { echo ""; return 0; }
  echo "$d"
}
usage_us() { # microseconds of CPU used so far by group $1
  if [ -z "$1" ]; then echo 0
  elif [ "$CGV" = 2 ]; then awk '/^usage_usec/ {print $2}' "$1/cpu.stat"
  else echo $(( $(cat "$1/cpuacct.usage") / 1000 )); fi
}
# start_in GROUP CMD...: starts CMD in the background inside GROUP (its children too)
start_in() {
  local g=$1; shift
  ( [ -z "$g" ] || echo "$BASHPID" > "$g/cgroup.procs"; exec "$@" ) & PIDS+=($!)
}

gcc -O2 -pthread -o "$W/socksbench" "$ROOT/proxy/bench/socksbench.c"
SINK=18099; DANTE=11081; MICRO=11082; SEAWALL=11083; MINIMAL=11084; SPLICE=11085; SPIN=11086
declare -A CG PORT=([direct]=0 [dante]=$DANTE [microsocks]=$MICRO [minimal]=$MINIMAL [seawall]=$SEAWALL \
  [splice]=$SPLICE [spin]=$SPIN)
for n in dante microsocks minimal seawall splice spin; do
  CG[$n]=$(cg $n)
  [ -z "${CG[$n]}" ] || CGS+=("${CG[$n]}")
done
CG[direct]=""
for n in client sink; do # the load client and the sink, measured per proxy they ran against
  CG[$n]=$(cg $n)
  [ -z "${CG[$n]}" ] || CGS+=("${CG[$n]}")
done

start_in "${CG[sink]}" "$W/socksbench" serve $SINK

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
start_in "${CG[dante]}" danted -f "$W/danted.conf" -N 2 -p "$W/danted.pid" >/dev/null 2>"$W/danted.log"
start_in "${CG[microsocks]}" microsocks -i 127.0.0.1 -p $MICRO >/dev/null 2>&1
start_in "${CG[minimal]}" "$W/socksbench" relay $MINIMAL

. "$ROOT/scripts/java-env.sh"
JAR="$ROOT/cli/target/seawall.jar"
# (Re)built when missing or older than any source, so that an unattended run measures the checkout.
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) \
    -newer "$JAR" -type f -print -quit)" ]; then
  echo "building the seawall jar ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl cli -am package -Dmaven.test.skip=true) >&2
fi
for n in seawall splice; do
  start_in "${CG[$n]}" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders \
    --enable-native-access=ALL-UNNAMED -jar "$JAR" \
    proxy --listen 127.0.0.1:${PORT[$n]} --allow 127.0.0.0/8 --max-connections 100000 --max-per-user 100000 \
    --bulk-relay $([ $n = splice ] && echo splice || echo copy) ${SEAWALL_ARGS:-} >/dev/null 2>"$W/$n.log"
done

for port in $SINK $DANTE $MICRO $MINIMAL $SEAWALL $SPLICE; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done
grep -q "BitTorrent filter OFF" "$W/seawall.log" "$W/splice.log" && { echo "inspection is off" >&2; exit 1; }

load() {
  ( [ -z "${CG[client]}" ] || echo "$BASHPID" > "${CG[client]}/cgroup.procs"; exec "$W/socksbench" load "$1" $SINK "${@:2}" ) |
    awk '{print $1}'
}
peers_us() { echo $(( $(usage_us "${CG[client]}") + $(usage_us "${CG[sink]}") )); }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warming up the JVM ..." >&2
for port in $SEAWALL $SPLICE; do
  load $port conn 20000 8 >/dev/null; load $port conn 5000 1 >/dev/null; load $port big 2 2 >/dev/null
done

declare -A R C E
TESTS=("big 1 1" "big 4 4" "conn 3000 1" "conn 10000 8")
UNITS=(1 4 3000 10000) # GiB or connections per test, for CPU per unit
NAMES=("throughput, 1 stream (Gbit/s)" "throughput, 4 streams (Gbit/s)" "connections/s, 1 thread" "connections/s, 8 threads")
CNAMES=("CPU per GiB, 1 stream (ms)" "CPU per GiB, 4 streams (ms)" "CPU per connection, 1 thread (us)" "CPU per connection, 8 threads (us)")
PROXIES=(direct dante microsocks minimal spin seawall splice)
for r in $(seq "$ROUNDS"); do
  echo "round $r/$ROUNDS ..." >&2
  for t in "${!TESTS[@]}"; do
    for p in "${PROXIES[@]}"; do
      # The never-sleeping relay only for the sequential client, and only while measured (it burns a core).
      if [ "$p" = spin ]; then
        [ "$t" = 2 ] || continue
        start_in "${CG[spin]}" "$W/socksbench" spin $SPIN
        for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$SPIN) 2>/dev/null && break; sleep 0.05; done
      fi
      before=$(usage_us "${CG[$p]}"); pbefore=$(peers_us)
      v=$(load "${PORT[$p]}" ${TESTS[$t]} || echo fail)
      after=$(usage_us "${CG[$p]}"); pafter=$(peers_us)
      if [ "$p" = spin ]; then kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; fi
      R[$t,$p]+="$v "
      # ms per GiB for downloads, us per connection for connection tests
      per() { awk -v d="$1" -v u=${UNITS[$t]} -v big=$([ $t -lt 2 ] && echo 1 || echo 0) \
        'BEGIN { printf "%.0f", big ? d / 1000 / u : d / u }'; }
      C[$t,$p]+="$(per $((after - before))) "
      E[$t,$p]+="$(per $((pafter - pbefore))) "
    done
  done
done

# (grep -v finding nothing must not end the script: set -e and pipefail are on)
stat() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "-"; exit}; printf "%s (%s-%s)\n", a[int((NR+1)/2)], a[1], a[NR]}'; }
med() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2fx", a / b; else print "-" }'; }
COLS=(direct dante microsocks minimal spin seawall splice)
TITLES=("direct (no proxy)" "Dante" "microsocks" "minimal C relay" "minimal, never sleeps" "Seawall (inspecting)"
  "Seawall, splice")
row() { # row LABEL VALUES... (one per column, then the ratio columns)
  printf "%-36s" "$1"; shift
  for v in "$@"; do printf " | %-22s" "$v"; done
  echo
}
cells() { # cells ARRAY TEST: "median (min-max)" per column
  local -n a=$1
  for p in "${COLS[@]}"; do
    if [ "$1" = C ] && [ "$p" = direct ]; then echo "-"; else echo "${a[$2,$p]:-}" | stat; fi
  done
}
table() { # table ARRAY TITLE RATIO...: RATIO is "num/den" of columns, higher is better for the first
  local arr=$1 title=$2; shift 2
  local heads=() ratios=("$@")
  for r in "${ratios[@]}"; do heads+=("$r"); done
  echo; row "$title" "${TITLES[@]}" "${heads[@]}"
  for t in "${!TESTS[@]}"; do
    local -n a=$arr
    local name=${NAMES[$t]}
    [ "$arr" = R ] || name=${CNAMES[$t]}
    local c=() q=()
    mapfile -t c < <(cells "$arr" "$t")
    for r in "${ratios[@]}"; do
      local n=${r%%/*} d=${r##*/}
      q+=("$(ratio "$(echo "${a[$t,$(key "$n")]:-}" | med)" "$(echo "${a[$t,$(key "$d")]:-}" | med)")")
    done
    row "$name" "${c[@]}" "${q[@]}"
  done
}
key() { case "$1" in Seawall) echo seawall ;; Dante) echo dante ;; *) echo "$1" ;; esac; }
table R "test (median of $ROUNDS, min-max)" Seawall/Dante splice/Dante minimal/Dante spin/Dante
if [ "$CGV" != 0 ]; then
  table C "CPU time of the proxy" Dante/Seawall Dante/splice
  table E "CPU time of load client + sink"
fi
echo
echo "load average (1, 5, 15 min): before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
