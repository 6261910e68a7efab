# shellcheck shell=bash
# Seawall lab: network-namespace helpers. Source this file; do not execute it.
#
#   . lab/netns.sh
#   lab_init              # unique prefix, EXIT trap that deletes everything created below
#   lab_hub_up            # hub-mode bridge (own namespace) + monitor namespace
#   lab_host trk 10.210.0.1
#   lab_capture_start out.pcap ; ... ; lab_capture_stop
#   lab_bg trk 30 opentracker ...          # background, bounded, killed on exit
#   lab_run p1 10 curl ...                 # foreground, bounded
#
# Every object lives inside namespaces named "$LAB_PFX-<name>" (LAB_PFX unique per run); the root
# namespace only ever holds those names. No namespace gets a default route or a link to the outside:
# hosts see the lab /24 and a 224.0.0.0/4 route (LSD multicast) on their one veth, nothing else.
# Each host namespace resolves names through 127.0.0.1 (/etc/netns/NS/resolv.conf), where nothing
# listens, so clients' built-in bootstrap host names fail without a packet leaving.

LAB_PFX=""
LAB_NS=()          # namespaces created, in creation order
LAB_PIDS=()        # background processes started (pids of their `timeout` wrappers)
LAB_CAP_PID=""
LAB_HUB=0
LAB_TMP_CLEAN=()   # files/dirs to remove on exit
LAB_SUBNET_PREFIX="${LAB_SUBNET_PREFIX:-24}"

lab_log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
lab_die() { lab_log "ERROR: $*"; exit 1; }

lab_require() {
  local missing=() c
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] || lab_die "missing programs: ${missing[*]} (see lab/README.md: apt-get install ...)"
}

# lab_init [TAG]: choose the unique prefix and install the cleanup trap.
lab_init() {
  [ "$(id -u)" -eq 0 ] || lab_die "the lab needs root (network namespaces)"
  lab_require ip bridge ethtool timeout
  local tag="${1:-l}"
  LAB_PFX="sw${tag}$$$(printf '%04x' $((RANDOM & 0xffff)))"
  trap lab_cleanup EXIT
  trap 'exit 130' INT TERM HUP
}

lab_ns() { printf '%s-%s' "$LAB_PFX" "$1"; }

# Quietly run a command inside a lab namespace (no time bound: only for short ip/sysctl calls).
lab_in() { local n; n=$(lab_ns "$1"); shift; ip netns exec "$n" "$@"; }

_lab_ns_add() {
  local name="$1" ns; ns=$(lab_ns "$name")
  ip netns add "$ns" || lab_die "cannot create namespace $ns"
  LAB_NS+=("$ns")
  # IPv4-only lab: no router solicitations, MLD or DAD frames in the captures.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$ns" link set lo up
  mkdir -p "/etc/netns/$ns"
  echo "nameserver 127.0.0.1" > "/etc/netns/$ns/resolv.conf"
  LAB_TMP_CLEAN+=("/etc/netns/$ns")
}

_lab_offloads_off() {   # NS DEV: MTU-sized frames with real checksums, as on a wire
  ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
  ip netns exec "$1" ethtool -K "$2" sg off ufo off lro off >/dev/null 2>&1 || true
}

# lab_hub_up: a bridge in namespace "sw" with ageing 0 (every frame flooded: a hub), multicast
# snooping off, STP off, and a monitor port leading to namespace "mon" (interface mon0).
lab_hub_up() {
  _lab_ns_add sw
  _lab_ns_add mon
  local sw mon; sw=$(lab_ns sw); mon=$(lab_ns mon)
  ip -n "$sw" link add br0 type bridge ageing_time 0 stp_state 0 mcast_snooping 0 forward_delay 0
  ip link add mon0 netns "$mon" type veth peer name m0 netns "$sw"
  ip -n "$sw" link set m0 master br0
  _lab_offloads_off "$sw" m0; _lab_offloads_off "$mon" mon0
  ip -n "$sw" link set m0 up
  ip -n "$mon" link set mon0 up
  ip -n "$sw" link set br0 up
  LAB_HUB=1
}

# lab_host NAME IPV4 [IPV6]: namespace NAME with eth0=IPV4/24 on the hub; with IPV6 (a ULA), IPv6 is
# switched on in that namespace only and eth0 also gets IPV6/64.
lab_host() {
  local name="$1" addr="$2" addr6="${3:-}"
  [ "$LAB_HUB" -eq 1 ] || lab_die "lab_hub_up first"
  _lab_ns_add "$name"
  local ns sw port; ns=$(lab_ns "$name"); sw=$(lab_ns sw); port="v-$name"
  ip link add eth0 netns "$ns" type veth peer name "$port" netns "$sw"
  ip -n "$sw" link set "$port" master br0
  _lab_offloads_off "$ns" eth0; _lab_offloads_off "$sw" "$port"
  ip -n "$ns" addr add "$addr/$LAB_SUBNET_PREFIX" dev eth0
  if [ -n "$addr6" ]; then
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 \
      net.ipv6.conf.eth0.disable_ipv6=0 net.ipv6.conf.eth0.accept_ra=0 net.ipv6.conf.eth0.router_solicitations=0
    ip -n "$ns" addr add "$addr6/64" dev eth0 nodad
  fi
  ip -n "$ns" link set eth0 up
  ip -n "$sw" link set "$port" up
  ip -n "$ns" route add 224.0.0.0/4 dev eth0
}

# lab_wait_link: wait until every bridge port forwards (no STP, but carrier takes a moment).
lab_wait_link() {
  local sw i; sw=$(lab_ns sw)
  for i in $(seq 50); do
    if ! ip -n "$sw" -br link show master br0 | grep -qv ' UP '; then return 0; fi
    sleep 0.1
  done
  lab_log "warning: not every bridge port is up"
}

# lab_bg NS SECONDS CMD...: start CMD in namespace NS in the background, killed after SECONDS (and
# on exit). Prints nothing; the pid is appended to LAB_PIDS and left in LAB_LAST_PID.
lab_bg() {
  local name="$1" secs="$2"; shift 2
  local ns; ns=$(lab_ns "$name")
  # LAB_CWD: working directory for the program (a subshell, so the caller's cwd is untouched)
  ( if [ -n "${LAB_CWD:-}" ]; then cd "$LAB_CWD" || exit 1; fi
    exec timeout -k 3 "$secs" ip netns exec "$ns" "$@" ) &
  LAB_LAST_PID=$!
  LAB_PIDS+=("$LAB_LAST_PID")
}

# lab_run NS SECONDS CMD...: run CMD in namespace NS in the foreground, bounded in time.
lab_run() {
  local name="$1" secs="$2"; shift 2
  timeout -k 3 "$secs" ip netns exec "$(lab_ns "$name")" "$@"
}

# lab_stop PID [SIGNAL]: stop one background process we started and wait for it (max 5 s).
lab_stop() {
  local pid="$1" sig="${2:-TERM}" child i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  # The pid is `timeout`; signal its child (the real program) so that it exits gracefully.
  for child in $(pgrep -P "$pid" 2>/dev/null); do kill -s "$sig" "$child" 2>/dev/null || true; done
  kill -s "$sig" "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 0
}

# lab_stop_many SIGNAL SECONDS PID...: signal all at once (graceful shutdowns overlap), wait up to
# SECONDS for all of them, then kill what is left.
lab_stop_many() {
  local sig="$1" secs="$2" pid child i alive; shift 2
  for pid in "$@"; do
    for child in $(pgrep -P "$pid" 2>/dev/null); do kill -s "$sig" "$child" 2>/dev/null || true; done
  done
  for i in $(seq $((secs * 10))); do
    alive=0
    for pid in "$@"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  return 0
}

# lab_wait_port NS PROTO PORT [SECONDS]: wait until something listens on PORT (tcp/udp) in NS.
lab_wait_port() {
  local name="$1" proto="$2" port="$3" secs="${4:-10}" i flag
  [ "$proto" = udp ] && flag=-uln || flag=-tln
  for i in $(seq $((secs * 10))); do
    if lab_in "$name" ss -H "$flag" "sport = :$port" 2>/dev/null | grep -q .; then return 0; fi
    sleep 0.1
  done
  lab_log "warning: nothing listens on $proto/$port in $name after ${secs}s"
  return 1
}

# lab_capture_start FILE: tcpdump on the monitor port (every frame once), full snaplen, pcap.
lab_capture_start() {
  local file="$1" log="$1.tcpdump.log" i
  : > "$log"
  timeout -k 3 "${LAB_CAPTURE_MAX_S:-600}" ip netns exec "$(lab_ns mon)" \
    tcpdump -i mon0 -s 0 -U -n --immediate-mode -Z root -w "$file" 2>"$log" &
  LAB_CAP_PID=$!
  LAB_PIDS+=("$LAB_CAP_PID")
  for i in $(seq 50); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  grep -q 'listening on' "$log" || lab_die "tcpdump did not start: $(cat "$log")"
}

lab_capture_stop() {
  [ -n "$LAB_CAP_PID" ] || return 0
  sleep 0.3   # let the last frames reach the monitor port
  lab_stop "$LAB_CAP_PID" INT
  LAB_CAP_PID=""
}

# Kill whatever still runs inside our namespaces (only ever processes this run started there).
_lab_kill_ns_procs() {
  local ns pid
  for ns in "$@"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  sleep 0.2
  for ns in "$@"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
}

lab_cleanup() {
  local rc=$? pid ns f
  set +e
  trap - EXIT
  for pid in "${LAB_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [ ${#LAB_NS[@]} -gt 0 ] && _lab_kill_ns_procs "${LAB_NS[@]}"
  for pid in "${LAB_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for ns in "${LAB_NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  for f in "${LAB_TMP_CLEAN[@]}"; do rm -rf -- "$f"; done
  LAB_NS=(); LAB_PIDS=(); LAB_TMP_CLEAN=(); LAB_HUB=0
  exit "$rc"
}
