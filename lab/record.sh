#!/usr/bin/env bash
# Record one lab scenario with real Debian clients into OUTDIR/SCENARIO.pcap, label its flows
# (OUTDIR/SCENARIO.labels.csv) and describe it (OUTDIR/SCENARIO.scenario.json).
#   lab/record.sh SCENARIO OUTDIR        (root; lab/record.sh --list prints the scenarios)
# See lab/README.md for the topology, the scenarios and the pitfalls.
set -euo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$LAB_DIR/netns.sh"

PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
TRK=10.210.0.1
P=(unused 10.210.0.11 10.210.0.12 10.210.0.13 10.210.0.14)
P6=(unused fd00:210::11 fd00:210::12 fd00:210::13 fd00:210::14)   # only in IPv6 scenarios
LSD_GROUP=239.192.152.143
PAYLOAD_KIB="${LAB_PAYLOAD_KIB:-512}"
DONE_TIMEOUT="${LAB_DONE_TIMEOUT:-40}"   # max seconds for the leechers to finish
CLIENT_MAX=90                            # hard bound on every client process

SCENARIOS=(
  lt-tcp-plain-http lt-tcp-enc-http lt-utp-plain-http lt-utp-enc-http lt-udp-tracker lt-dht-magnet lt-lsd-magnet
  lt-lsd6-magnet
  tr-tcp-plain-http tr-tcp-enc-http tr-utp-http tr-udp-tracker
  a2-tcp-plain-http a2-tcp-enc-http a2-udp-tracker-lpd a2-dht-magnet
  qb-tcp-plain-http qb-tcp-enc-http qb-utp-http qb-dht-lsd-magnet
  rt-tcp-plain-http rt-tcp-enc-http rt-udp-tracker
  mix-rt-qb-tr-a2 mix-lt-qb-rt-neg
  neg-http neg-dns neg-ssh neg-iperf3-tcp neg-iperf3-udp neg-random-tcp neg-tls
)

usage() { echo "usage: $0 SCENARIO OUTDIR   (scenarios: ${SCENARIOS[*]})" >&2; exit 2; }
if [ "${1:-}" = "--list" ]; then printf '%s\n' "${SCENARIOS[@]}"; exit 0; fi
[ $# -eq 2 ] || usage
SCN="$1"; OUT="$2"
printf '%s\n' "${SCENARIOS[@]}" | grep -qx -- "$SCN" || { echo "unknown scenario: $SCN" >&2; usage; }
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"

ver() {  # upstream version of a Debian package
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null | sed -E 's/^[0-9]+://; s/-[^-]*$//'
}
V_LT="libtorrent-rasterbar-$(ver python3-libtorrent)-python"
V_TR="transmission-daemon-$(ver transmission-daemon)"
V_A2="aria2-$(ver aria2)"
V_QB="qbittorrent-nox-$(ver qbittorrent-nox)"
V_RT="rtorrent-$(ver rtorrent)"
V_OT="opentracker-$(ver opentracker)"

# ---------------------------------------------------------------------------------------------
# Scenario metadata (read by label.py): one "key=value" per line.
W=""; META=""
meta() { printf '%s=%s\n' "$1" "$2" >> "$META"; }
# meta_peer IP CLIENT enc=plain|forced|prefer tcp=0|1 utp=0|1 dht=0|1 lsd=0|1 port=N
meta_peer() { local ip="$1" client="$2"; shift 2; printf 'peer=%s|%s|%s\n' "$ip" "$client" "$*" >> "$META"; }

setup() {  # setup NPEERS [v6]: work dir, hub, tracker host and NPEERS peers (v6: peers dual-stack)
  local n="$1" v6="${2:-}" i
  W="$(mktemp -d "/tmp/seawall-lab.XXXXXX")"; chmod 755 "$W"
  if [ -n "${LAB_KEEP:-}" ]; then lab_log "keeping work dir $W"; else LAB_TMP_CLEAN+=("$W"); fi
  META="$W/meta.txt"; : > "$META"
  meta scenario "$SCN"
  lab_init "${LAB_TAG:-l}"
  lab_hub_up
  lab_host trk "$TRK"
  for i in $(seq "$n"); do
    if [ -n "$v6" ]; then lab_host "p$i" "${P[$i]}" "${P6[$i]}"; else lab_host "p$i" "${P[$i]}"; fi
    mkdir -p "$W/p$i"
  done
  mkdir -p "$W/trk"; chmod 755 "$W/trk"
  lab_wait_link
}

# make_torrent ANNOUNCE|"" -> $W/data/payload.bin, $W/t.torrent, INFOHASH, MAGNET
make_torrent() {
  local announce="$1"
  mkdir -p "$W/data"
  head -c $((PAYLOAD_KIB * 1024)) /dev/urandom > "$W/data/sw-$SCN.bin"
  PAYLOAD="$W/data/sw-$SCN.bin"
  local args=(-l 16 -n "sw-$SCN.bin" -o "$W/t.torrent")
  [ -n "$announce" ] && args+=(-a "$announce")
  mktorrent "${args[@]}" "$PAYLOAD" >/dev/null
  INFOHASH=$("$PY" "$LAB_DIR/torrent.py" infohash "$W/t.torrent")
  MAGNET="magnet:?xt=urn:btih:$INFOHASH&dn=sw-$SCN.bin"
  meta info_hash "$INFOHASH"
  meta payload_bytes "$((PAYLOAD_KIB * 1024))"
}

# wait_seeder: until the tracker counts a complete peer (the seeder announced), so that leechers get it
# in their first announce reply. The scrape goes over trk's loopback: not on the captured segment.
wait_seeder() {
  local i q; q=$(printf '%s' "$INFOHASH" | sed 's/../%&/g')
  for i in $(seq 150); do
    if lab_run trk 2 curl -s "http://$TRK:6969/scrape?info_hash=$q" 2>/dev/null | grep -aq '8:completei[1-9]'; then
      return 0
    fi
    sleep 0.1
  done
  lab_log "warning: the seeder has not announced after 15 s"
}

seed_dir() { mkdir -p "$W/$1/dl"; cp "$PAYLOAD" "$W/$1/dl/"; }

# opentracker as Debian builds it (whitelist mode), TCP+UDP 6969 on the tracker host.
start_tracker() {
  echo "$INFOHASH" > "$W/trk/whitelist"
  chmod 644 "$W/trk/whitelist"
  LAB_CWD="$W/trk" lab_bg trk "$CLIENT_MAX" opentracker -i "$TRK" -p 6969 -P 6969 -d "$W/trk" -u nobody \
      -w whitelist > "$W/trk/ot.log" 2>&1
  TRACKER_PID=$LAB_LAST_PID
  lab_wait_port trk tcp 6969 5
  meta tracker "$TRK:6969|$V_OT"
}

# --- clients -----------------------------------------------------------------------------------
# Each start_* leaves the pid in LAB_LAST_PID; they are stopped gracefully by stop_all.
CLIENT_PIDS=()

start_lt() {  # start_lt pN ROLE(seed|leech|node) ENC TRANSPORT [extra lt_client args...]
  local h="$1" role="$2" enc="$3" tr="$4"; shift 4
  local ip="${LT_IP:-${P[${h#p}]}}"
  local args=(--ip "$ip" --port 6881 --enc "$enc" --transport "$tr" --max-seconds "$CLIENT_MAX")
  case "$role" in
    seed) seed_dir "$h"; args+=(--save "$W/$h/dl" --seed) ;;
    leech) mkdir -p "$W/$h/dl"; args+=(--save "$W/$h/dl") ;;
    node) ;;
  esac
  lab_bg "$h" $((CLIENT_MAX + 10)) "$PY" "$LAB_DIR/clients/lt_client.py" "${args[@]}" "$@" > "$W/$h/lt.log" 2>&1
  CLIENT_PIDS+=("$LAB_LAST_PID")
}
lt_flags() {  # meta flags for an lt peer
  local enc="$1" tr="$2" dht="$3" lsd="$4" tcp=1 utp=1
  [ "$tr" = utp ] && tcp=0; [ "$tr" = tcp ] && utp=0
  echo "enc=$enc tcp=$tcp utp=$utp dht=$dht lsd=$lsd port=6881"
}

# transmission-daemon: settings.json, then the torrent added over RPC on the namespace's loopback.
start_tr() {  # start_tr pN seed|leech ENCRYPTION(0|1|2) UTP(true|false) DHT(true|false) LPD(true|false)
  local h="$1" role="$2" enc="$3" utp="$4" dht="$5" lpd="$6" ip="${P[${1#p}]}" d="$W/$1/tr"
  mkdir -p "$d" "$W/$h/dl"
  [ "$role" = seed ] && seed_dir "$h"
  cat > "$d/settings.json" <<EOF
{
  "bind-address-ipv4": "$ip", "bind-address-ipv6": "::1",
  "peer-port": 51413, "peer-port-random-on-start": false, "port-forwarding-enabled": false,
  "dht-enabled": $dht, "lpd-enabled": $lpd, "pex-enabled": false, "utp-enabled": $utp,
  "encryption": $enc, "blocklist-enabled": false,
  "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": 9091,
  "rpc-authentication-required": false, "rpc-whitelist-enabled": false, "rpc-host-whitelist-enabled": false,
  "download-dir": "$W/$h/dl", "incomplete-dir-enabled": false, "start-added-torrents": true,
  "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false, "watch-dir-enabled": false,
  "scrape-paused-torrents-enabled": false, "message-level": 1, "preallocation": 0,
  "speed-limit-up-enabled": false, "speed-limit-down-enabled": false, "alt-speed-enabled": false
}
EOF
  lab_bg "$h" $((CLIENT_MAX + 10)) transmission-daemon -f -g "$d" > "$W/$h/tr.log" 2>&1
  CLIENT_PIDS+=("$LAB_LAST_PID")
  local pid=$LAB_LAST_PID
  lab_wait_port "$h" tcp 9091 10 || true
  if [ -n "${TR_ADD:-}" ]; then
    lab_run "$h" 10 transmission-remote 127.0.0.1:9091 -a "$TR_ADD" >> "$W/$h/tr.log" 2>&1
  else
    lab_run "$h" 10 transmission-remote 127.0.0.1:9091 -a "$W/t.torrent" >> "$W/$h/tr.log" 2>&1
  fi
  LAB_LAST_PID=$pid
}

start_a2() {  # start_a2 pN seed|leech REQUIRE(true|false) LEVEL(plain|arc4) DHT(true|false) LPD(true|false) [extra]
  local h="$1" role="$2" req="$3" lvl="$4" dht="$5" lpd="$6"; shift 6
  local ip="${P[${h#p}]}"
  mkdir -p "$W/$h/dl"
  local args=(--dir="$W/$h/dl" --listen-port=6881 --dht-listen-port=6881 --enable-dht="$dht" --enable-dht6=false
    --bt-enable-lpd="$lpd" --enable-peer-exchange=false --bt-require-crypto="$req" --bt-min-crypto-level="$lvl"
    --summary-interval=0 --console-log-level=warn --file-allocation=none --enable-rpc=false
    --bt-external-ip="$ip" --check-certificate=false --async-dns=false --bt-stop-timeout=0
    --dht-file-path="$W/$h/dht.dat" --bt-lpd-interface=eth0)
  if [ "$role" = seed ]; then
    seed_dir "$h"; args+=(--check-integrity=true --bt-seed-unverified=true --seed-ratio=0.0 --seed-time=10)
  else
    args+=(--seed-time=0)
  fi
  lab_bg "$h" $((CLIENT_MAX + 10)) aria2c "${args[@]}" "$@" > "$W/$h/a2.log" 2>&1
  CLIENT_PIDS+=("$LAB_LAST_PID")
}

start_qb() {  # start_qb pN seed|leech ENCRYPTION(0 prefer|1 forced|2 off) PROTO(Both|TCP|UTP) DHT LSD [torrent|magnet]
  local h="$1" role="$2" enc="$3" proto="$4" dht="$5" lsd="$6" what="${7:-$W/t.torrent}"
  local ip="${P[${h#p}]}" prof="$W/$1/qb"
  mkdir -p "$prof/qBittorrent/config" "$W/$h/dl"
  [ "$role" = seed ] && seed_dir "$h"
  cat > "$prof/qBittorrent/config/qBittorrent.conf" <<EOF
[LegalNotice]
Accepted=true

[BitTorrent]
Session\\Port=6881
Session\\UseRandomPort=false
Session\\InterfaceAddress=$ip
Session\\DHTEnabled=$dht
Session\\LSDEnabled=$lsd
Session\\PeXEnabled=false
Session\\Encryption=$enc
Session\\BTProtocol=$proto
Session\\DefaultSavePath=$W/$h/dl
Session\\TempPathEnabled=false
Session\\QueueingSystemEnabled=false
Session\\AnnounceToAllTrackers=true
Session\\AddTorrentPaused=false
Session\\GlobalMaxRatio=-1
Session\\MultiConnectionsPerIp=true

[Network]
PortForwardingEnabled=false

[Preferences]
Connection\\UPnP=false
General\\UseRandomPort=false
WebUI\\Address=127.0.0.1
WebUI\\Port=8080
WebUI\\LocalHostAuth=false
EOF
  local args=(--profile="$prof" --save-path="$W/$h/dl" --add-paused=false)
  [ "$role" = seed ] && args+=(--skip-hash-check)
  lab_bg "$h" $((CLIENT_MAX + 10)) env HOME="$prof" QT_QPA_PLATFORM=offscreen qbittorrent-nox "${args[@]}" "$what" \
    > "$W/$h/qb.log" 2>&1
  CLIENT_PIDS+=("$LAB_LAST_PID")
}

start_rt() {  # start_rt pN seed|leech ENCRYPTION-LIST UDP_TRACKERS(yes|no)
  local h="$1" role="$2" enc="$3" udp="$4" ip="${P[${1#p}]}" d="$W/$1/rt"
  mkdir -p "$d/session" "$W/$h/dl"
  [ "$role" = seed ] && seed_dir "$h"
  cat > "$d/rtorrent.rc" <<EOF
directory.default.set = $W/$h/dl
session.path.set = $d/session
network.port_range.set = 6881-6881
network.port_random.set = no
network.bind_address.set = $ip
network.local_address.set = $ip
dht.mode.set = disable
protocol.pex.set = no
trackers.use_udp.set = $udp
protocol.encryption.set = $enc
pieces.hash.on_completion.set = no
system.daemon.set = true
load.start_verbose = $W/t.torrent
EOF
  lab_bg "$h" $((CLIENT_MAX + 10)) env HOME="$d" TERM=dumb rtorrent -n -o "import=$d/rtorrent.rc" > "$W/$h/rt.log" 2>&1
  CLIENT_PIDS+=("$LAB_LAST_PID")
}

# wait_done pN...: until each peer's downloaded file equals the payload (bounded).
wait_done() {
  local t0=$SECONDS h ok
  while :; do
    ok=1
    for h in "$@"; do cmp -s "$PAYLOAD" "$W/$h/dl/sw-$SCN.bin" || { ok=0; break; }; done
    [ $ok -eq 1 ] && return 0
    if [ $((SECONDS - t0)) -ge "$DONE_TIMEOUT" ]; then
      RESULT="incomplete: $h did not finish within ${DONE_TIMEOUT}s"
      lab_log "$SCN: $RESULT"
      return 1
    fi
    sleep 0.2
  done
}

stop_all() {  # clients first (graceful: 'stopped' announces, FINs), then the tracker
  [ ${#CLIENT_PIDS[@]} -gt 0 ] && lab_stop_many TERM 8 "${CLIENT_PIDS[@]}"
  CLIENT_PIDS=()
  [ -n "${TRACKER_PID:-}" ] && lab_stop "$TRACKER_PID" TERM
  return 0
}

RESULT=ok
bt_run() {  # bt_run SEEDER_WAIT LEECHERS... : common ending of a tracker/peer scenario
  wait_done "$@" || true
  sleep "${LAB_LINGER_S:-1}"
  stop_all
}

# ---------------------------------------------------------------------------------------------
# Scenarios. Hosts: trk 10.210.0.1 (tracker, servers), p1..p4 10.210.0.11-14.
HTTP_ANN="http://$TRK:6969/announce"
UDP_ANN="udp://$TRK:6969/announce"

scn_lt_tracker() {  # ENC TRANSPORT ANNOUNCE NLEECH DESCRIPTION
  local enc="$1" tr="$2" ann="$3" n="$4" i
  setup $((n + 1)); meta description "$5"
  make_torrent "$ann"; start_tracker; lab_capture_start "$PCAP"
  start_lt p1 seed "$enc" "$tr" --torrent "$W/t.torrent"; meta_peer "${P[1]}" "$V_LT" "$(lt_flags "$enc" "$tr" 0 0)"
  wait_seeder
  local ls=()
  for i in $(seq 2 $((n + 1))); do
    start_lt "p$i" leech "$enc" "$tr" --torrent "$W/t.torrent"; meta_peer "${P[$i]}" "$V_LT" "$(lt_flags "$enc" "$tr" 0 0)"
    ls+=("p$i")
  done
  bt_run "${ls[@]}"
}

scenario() {
  case "$SCN" in
  lt-tcp-plain-http) scn_lt_tracker plain tcp "$HTTP_ANN" 2 \
      "libtorrent seeder p1, 2 libtorrent leechers p2,p3; TCP only, encryption disabled, HTTP tracker" ;;
  lt-tcp-enc-http) scn_lt_tracker forced tcp "$HTTP_ANN" 1 \
      "libtorrent seeder p1, libtorrent leecher p2; TCP only, MSE/PE forced (RC4) both directions, HTTP tracker" ;;
  lt-utp-plain-http) scn_lt_tracker plain utp "$HTTP_ANN" 2 \
      "libtorrent seeder p1, 2 libtorrent leechers p2,p3; uTP only (TCP peer connections off), encryption disabled, HTTP tracker" ;;
  lt-utp-enc-http) scn_lt_tracker forced utp "$HTTP_ANN" 1 \
      "libtorrent seeder p1, libtorrent leecher p2; uTP only, MSE/PE forced (RC4) inside uTP, HTTP tracker" ;;
  lt-udp-tracker) scn_lt_tracker plain tcp "$UDP_ANN" 1 \
      "libtorrent seeder p1, libtorrent leecher p2; UDP tracker (BEP 15) only; TCP plain peer wire" ;;
  lt-dht-magnet)
    setup 3; meta description "trackerless: a plain libtorrent DHT node on trk (no torrent), libtorrent seeder p1 and leechers p2,p3 (magnet link) all bootstrapped to trk only; peers force a DHT announce every 2 s; TCP plain peer wire, uTP off"
    make_torrent ""; lab_capture_start "$PCAP"
    lab_bg trk $((CLIENT_MAX + 10)) "$PY" "$LAB_DIR/clients/lt_client.py" --ip "$TRK" --port 6881 --dht "${P[1]}:6881" \
      --max-seconds "$CLIENT_MAX" > "$W/trk/lt-node.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
    meta_peer "$TRK" "$V_LT (DHT node only)" "enc=plain tcp=0 utp=0 dht=1 lsd=0 port=6881"
    sleep 0.5
    start_lt p1 seed plain tcp --torrent "$W/t.torrent" --dht "$TRK:6881" --dht-announce-every 2
    meta_peer "${P[1]}" "$V_LT" "$(lt_flags plain tcp 1 0)"
    sleep 1
    start_lt p2 leech plain tcp --magnet "$MAGNET" --dht "$TRK:6881" --dht-announce-every 2; meta_peer "${P[2]}" "$V_LT" "$(lt_flags plain tcp 1 0)"
    start_lt p3 leech plain tcp --magnet "$MAGNET" --dht "$TRK:6881" --dht-announce-every 2; meta_peer "${P[3]}" "$V_LT" "$(lt_flags plain tcp 1 0)"
    bt_run p2 p3 ;;
  lt-lsd-magnet)
    setup 2; meta description "trackerless, no DHT: libtorrent seeder p1 and leecher p2 (magnet link) find each other only via Local Service Discovery (BEP 14, $LSD_GROUP:6771); TCP plain"
    make_torrent ""; lab_capture_start "$PCAP"
    start_lt p1 seed plain tcp --torrent "$W/t.torrent" --lsd; meta_peer "${P[1]}" "$V_LT" "$(lt_flags plain tcp 0 1)"
    sleep 0.5
    start_lt p2 leech plain tcp --magnet "$MAGNET" --lsd; meta_peer "${P[2]}" "$V_LT" "$(lt_flags plain tcp 0 1)"
    bt_run p2 ;;

  lt-lsd6-magnet)
    setup 2 v6; meta description "IPv6: libtorrent seeder p1 (fd00:210::11) and leecher p2 (fd00:210::12, magnet link) listen on IPv6 only and find each other via Local Service Discovery on [ff15::efc0:988f]:6771; TCP plain, no DHT, no tracker"
    make_torrent ""; lab_capture_start "$PCAP"
    LT_IP="${P6[1]}" start_lt p1 seed plain tcp --torrent "$W/t.torrent" --lsd; meta_peer "${P6[1]}" "$V_LT" "$(lt_flags plain tcp 0 1)"
    sleep 0.5
    LT_IP="${P6[2]}" start_lt p2 leech plain tcp --magnet "$MAGNET" --lsd; meta_peer "${P6[2]}" "$V_LT" "$(lt_flags plain tcp 0 1)"
    bt_run p2 ;;

  tr-tcp-plain-http|tr-tcp-enc-http|tr-utp-http|tr-udp-tracker)
    local enc=0 utp=false ann="$HTTP_ANN" d encf=plain
    case "$SCN" in
      tr-tcp-plain-http) d="transmission-daemon seeder p1 and leecher p2; encryption=0 (prefer plaintext), uTP/DHT/LPD/PEX off, HTTP tracker" ;;
      tr-tcp-enc-http) enc=2; encf=forced; d="transmission-daemon seeder p1 and leecher p2; encryption=2 (required: MSE/PE RC4), uTP/DHT/LPD/PEX off, HTTP tracker" ;;
      tr-utp-http) utp=true; d="transmission-daemon seeder p1 and leecher p2; uTP on (transmission cannot switch TCP off; it tries uTP first), encryption=0, DHT/LPD/PEX off, HTTP tracker" ;;
      tr-udp-tracker) enc=1; encf=prefer; ann="$UDP_ANN"; d="transmission-daemon seeder p1 and leecher p2; UDP tracker (BEP 15) only; encryption=1 (preferred, transmission's default), uTP/DHT off" ;;
    esac
    setup 2; meta description "$d"; make_torrent "$ann"; start_tracker; lab_capture_start "$PCAP"
    local u=0; [ "$utp" = true ] && u=1
    [ "$enc" = 0 ] && encf=prefer-plain
    start_tr p1 seed "$enc" "$utp" false false; meta_peer "${P[1]}" "$V_TR" "enc=$encf tcp=1 utp=$u dht=0 lsd=0 port=51413"
    wait_seeder
    start_tr p2 leech "$enc" "$utp" false false; meta_peer "${P[2]}" "$V_TR" "enc=$encf tcp=1 utp=$u dht=0 lsd=0 port=51413"
    bt_run p2 ;;

  a2-tcp-plain-http|a2-tcp-enc-http)
    local req=false lvl=plain encf=prefer-plain d
    if [ "$SCN" = a2-tcp-enc-http ]; then req=true; lvl=arc4; encf=forced
      d="aria2 seeder p1, aria2 leecher p2; --bt-require-crypto=true --bt-min-crypto-level=arc4 (forced MSE/PE RC4), DHT/LPD/PEX off, HTTP tracker"
    else d="aria2 seeder p1, aria2 leecher p2; --bt-require-crypto=false --bt-min-crypto-level=plain (aria2 still opens with MSE and may negotiate plaintext), DHT/LPD/PEX off, HTTP tracker"; fi
    setup 2; meta description "$d"; make_torrent "$HTTP_ANN"; start_tracker; lab_capture_start "$PCAP"
    start_a2 p1 seed "$req" "$lvl" false false "$W/t.torrent"; meta_peer "${P[1]}" "$V_A2" "enc=$encf tcp=1 utp=0 dht=0 lsd=0 port=6881"
    wait_seeder
    start_a2 p2 leech "$req" "$lvl" false false "$W/t.torrent"; meta_peer "${P[2]}" "$V_A2" "enc=$encf tcp=1 utp=0 dht=0 lsd=0 port=6881"
    bt_run p2 ;;
  a2-udp-tracker-lpd)
    setup 2; meta description "aria2 seeder p1, aria2 leecher p2; UDP tracker (BEP 15; aria2 needs --enable-dht for it, so the two also talk DHT) + Local Peer Discovery on; TCP peer wire, aria2 default crypto"
    make_torrent "$UDP_ANN"; start_tracker; lab_capture_start "$PCAP"
    start_a2 p1 seed false plain true true "$W/t.torrent"; meta_peer "${P[1]}" "$V_A2" "enc=prefer tcp=1 utp=0 dht=1 lsd=1 port=6881"
    wait_seeder
    start_a2 p2 leech false plain true true "$W/t.torrent"; meta_peer "${P[2]}" "$V_A2" "enc=prefer tcp=1 utp=0 dht=1 lsd=1 port=6881"
    bt_run p2 ;;
  a2-dht-magnet)
    setup 3; meta description "trackerless: aria2 seeder p1 and aria2 leecher p2 (magnet link), DHT on, --dht-entry-point=trk; trk and p3 run plain libtorrent DHT nodes (no torrent) so that announces are stored by third parties"
    make_torrent ""
    lab_capture_start "$PCAP"
    lab_bg trk $((CLIENT_MAX + 10)) "$PY" "$LAB_DIR/clients/lt_client.py" --ip "$TRK" --port 6881 --dht "${P[3]}:6881" \
      --max-seconds "$CLIENT_MAX" > "$W/trk/lt-node.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
    meta_peer "$TRK" "$V_LT (DHT node only)" "enc=prefer tcp=0 utp=0 dht=1 lsd=0 port=6881"
    start_lt p3 node plain tcp --dht "$TRK:6881"; meta_peer "${P[3]}" "$V_LT (DHT node only)" "enc=prefer tcp=0 utp=0 dht=1 lsd=0 port=6881"
    sleep 1
    start_a2 p1 seed false plain true false --dht-entry-point="$TRK:6881" "$W/t.torrent"
    meta_peer "${P[1]}" "$V_A2" "enc=prefer tcp=1 utp=0 dht=1 lsd=0 port=6881"
    sleep 2
    start_a2 p2 leech false plain true false --dht-entry-point="$TRK:6881" "$MAGNET" --bt-save-metadata=false
    meta_peer "${P[2]}" "$V_A2" "enc=prefer tcp=1 utp=0 dht=1 lsd=0 port=6881"
    bt_run p2 ;;

  qb-tcp-plain-http) setup 2; meta description "qbittorrent-nox seeder p1 and leecher p2; encryption disabled (Session\\Encryption=2), TCP only, DHT/LSD/PeX off, HTTP tracker"
    make_torrent "$HTTP_ANN"; start_tracker; lab_capture_start "$PCAP"
    start_qb p1 seed 2 TCP false false; meta_peer "${P[1]}" "$V_QB" "enc=plain tcp=1 utp=0 dht=0 lsd=0 port=6881"
    wait_seeder
    start_qb p2 leech 2 TCP false false; meta_peer "${P[2]}" "$V_QB" "enc=plain tcp=1 utp=0 dht=0 lsd=0 port=6881"
    bt_run p2 ;;
  qb-tcp-enc-http) setup 2; meta description "qbittorrent-nox seeder p1 and leecher p2; encryption required (Session\\Encryption=1), TCP only, DHT/LSD/PeX off, HTTP tracker"
    make_torrent "$HTTP_ANN"; start_tracker; lab_capture_start "$PCAP"
    start_qb p1 seed 1 TCP false false; meta_peer "${P[1]}" "$V_QB" "enc=forced tcp=1 utp=0 dht=0 lsd=0 port=6881"
    wait_seeder
    start_qb p2 leech 1 TCP false false; meta_peer "${P[2]}" "$V_QB" "enc=forced tcp=1 utp=0 dht=0 lsd=0 port=6881"
    bt_run p2 ;;
  qb-utp-http) setup 2; meta description "qbittorrent-nox seeder p1 and leecher p2; uTP only (Session\\BTProtocol=UTP), encryption required (MSE/PE inside uTP), DHT/LSD/PeX off, HTTP tracker"
    make_torrent "$HTTP_ANN"; start_tracker; lab_capture_start "$PCAP"
    start_qb p1 seed 1 UTP false false; meta_peer "${P[1]}" "$V_QB" "enc=forced tcp=0 utp=1 dht=0 lsd=0 port=6881"
    wait_seeder
    start_qb p2 leech 1 UTP false false; meta_peer "${P[2]}" "$V_QB" "enc=forced tcp=0 utp=1 dht=0 lsd=0 port=6881"
    bt_run p2 ;;
  qb-dht-lsd-magnet) setup 2; meta description "trackerless: qbittorrent-nox seeder p1 and leecher p2 (magnet link); DHT and LSD on (no reachable bootstrap: they find each other by LSD, then talk DHT), TCP only, encryption disabled"
    make_torrent ""; lab_capture_start "$PCAP"
    # leecher first: the seeder's start-up LSD announce then makes exactly one side connect (when both
    # hear each other at once, libtorrent may drop both simultaneous connections and not retry soon)
    start_qb p2 leech 2 TCP true true "$MAGNET"; meta_peer "${P[2]}" "$V_QB" "enc=plain tcp=1 utp=0 dht=1 lsd=1 port=6881"
    sleep 1.5
    start_qb p1 seed 2 TCP true true; meta_peer "${P[1]}" "$V_QB" "enc=plain tcp=1 utp=0 dht=1 lsd=1 port=6881"
    bt_run p2 ;;

  rt-tcp-plain-http|rt-tcp-enc-http|rt-udp-tracker)
    local enc=none encf=plain ann="$HTTP_ANN" udp=no d
    case "$SCN" in
      rt-tcp-plain-http) d="rtorrent seeder p1 and leecher p2; protocol.encryption=none, DHT/PEX off, HTTP tracker" ;;
      rt-tcp-enc-http) enc="require,require_RC4,allow_incoming,try_outgoing"; encf=forced
        d="rtorrent seeder p1 and leecher p2; protocol.encryption=require,require_RC4 (forced MSE/PE RC4), DHT/PEX off, HTTP tracker" ;;
      rt-udp-tracker) ann="$UDP_ANN"; udp=yes; d="rtorrent seeder p1 and leecher p2; UDP tracker (BEP 15), protocol.encryption=none, DHT/PEX off" ;;
    esac
    setup 2; meta description "$d"; make_torrent "$ann"; start_tracker; lab_capture_start "$PCAP"
    start_rt p1 seed "$enc" "$udp"; meta_peer "${P[1]}" "$V_RT" "enc=$encf tcp=1 utp=0 dht=0 lsd=0 port=6881"
    wait_seeder
    start_rt p2 leech "$enc" "$udp"; meta_peer "${P[2]}" "$V_RT" "enc=$encf tcp=1 utp=0 dht=0 lsd=0 port=6881"
    bt_run p2 ;;

  mix-rt-qb-tr-a2)
    setup 4; meta description "mixed swarm: rtorrent seeder p1, qbittorrent-nox leecher p2, transmission-daemon leecher p3, aria2 leecher p4; HTTP tracker; TCP, each client's default encryption preference (plaintext allowed)"
    make_torrent "$HTTP_ANN"; start_tracker; lab_capture_start "$PCAP"
    start_rt p1 seed "allow_incoming,try_outgoing,enable_retry" no; meta_peer "${P[1]}" "$V_RT" "enc=prefer tcp=1 utp=0 dht=0 lsd=0 port=6881"
    wait_seeder
    start_qb p2 leech 0 TCP false false; meta_peer "${P[2]}" "$V_QB" "enc=prefer tcp=1 utp=0 dht=0 lsd=0 port=6881"
    start_tr p3 leech 1 false false false; meta_peer "${P[3]}" "$V_TR" "enc=prefer tcp=1 utp=0 dht=0 lsd=0 port=51413"
    start_a2 p4 leech false plain false false "$W/t.torrent"; meta_peer "${P[4]}" "$V_A2" "enc=prefer tcp=1 utp=0 dht=0 lsd=0 port=6881"
    bt_run p2 p3 p4 ;;

  mix-lt-qb-rt-neg) mix_sample ;;

  neg-*) local fn="neg_${SCN#neg-}"; "${fn//-/_}" ;;
  esac
}

# The repository's sample: several sub-protocols from three clients, with ordinary traffic beside them.
mix_sample() {
  setup 4
  meta description "mixed capture: libtorrent seeder p1 (accepts TCP+uTP, MSE allowed, no outgoing peer connections, LSD, DHT via a libtorrent DHT node on trk), qbittorrent-nox leecher p2 (uTP only, encryption required), rtorrent leecher p3 (TCP, RC4 required), libtorrent leecher p4 (TCP, plaintext only); HTTP tracker; meanwhile HTTP (python3 http.server on trk:80, curl from p3), DNS (dnsmasq on trk:53, dig from p4) and SSH (sshd on trk:22, from p2)"
  make_torrent "$HTTP_ANN"; start_tracker
  mkdir -p "$W/srv"; chmod 755 "$W/srv"; head -c 262144 /dev/urandom > "$W/srv/file.bin"
  LAB_CWD="$W/srv" lab_bg trk 60 "$PY" -m http.server 80 --bind "$TRK" >/dev/null 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_bg trk 60 dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
    --listen-address="$TRK" --port=53 --user=nobody --pid-file= --address=/lab.test/10.210.0.1 > /dev/null 2>&1
  CLIENT_PIDS+=("$LAB_LAST_PID")
  ssh_server
  meta server "tcp|$TRK|80|not-bittorrent:http|python3-http.server+curl"
  meta server "udp|$TRK|53|not-bittorrent:dns|dnsmasq+dig"
  meta server "tcp|$TRK|53|not-bittorrent:dns|dnsmasq+dig"
  meta server "tcp|$TRK|22|not-bittorrent:ssh|openssh-$(ver openssh-server)"
  lab_wait_port trk tcp 80; lab_wait_port trk udp 53; lab_wait_port trk tcp 22
  lab_capture_start "$PCAP"
  lab_bg trk $((CLIENT_MAX + 10)) "$PY" "$LAB_DIR/clients/lt_client.py" --ip "$TRK" --port 6881 --dht "${P[1]}:6881" \
    --max-seconds "$CLIENT_MAX" > "$W/trk/lt-node.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  meta_peer "$TRK" "$V_LT (DHT node only)" "enc=plain tcp=0 utp=0 dht=1 lsd=0 port=6881"
  start_lt p1 seed prefer both --torrent "$W/t.torrent" --no-outgoing-utp --no-seed-outgoing --lsd --dht "$TRK:6881"
  meta_peer "${P[1]}" "$V_LT" "enc=prefer tcp=1 utp=1 dht=1 lsd=1 port=6881"
  wait_seeder
  start_qb p2 leech 1 UTP false false; meta_peer "${P[2]}" "$V_QB" "enc=forced tcp=0 utp=1 dht=0 lsd=0 port=6881"
  start_rt p3 leech "require,require_RC4,allow_incoming,try_outgoing" no; meta_peer "${P[3]}" "$V_RT" "enc=forced tcp=1 utp=0 dht=0 lsd=0 port=6881"
  start_lt p4 leech plain tcp --torrent "$W/t.torrent"; meta_peer "${P[4]}" "$V_LT" "$(lt_flags plain tcp 0 0)"
  lab_run p3 20 curl -s -o /dev/null "http://$TRK/file.bin" || true
  lab_run p4 10 dig +time=1 +tries=1 @"$TRK" www.lab.test A >/dev/null || true
  lab_run p4 10 dig +tcp +time=1 +tries=1 @"$TRK" lab.test TXT >/dev/null || true
  lab_run p2 20 ssh "${SSH_OPTS[@]}" "root@$TRK" 'uname -sr; head -c 65536 /dev/zero | od | tail -1' >/dev/null || true
  bt_run p2 p3 p4
}

ssh_server() {  # sshd on trk:22 with a key for root (files in $W/srv; client options in SSH_OPTS)
  mkdir -p "$W/srv"; chmod 755 "$W/srv"
  ssh-keygen -q -t ed25519 -N '' -f "$W/srv/hostkey"; ssh-keygen -q -t ed25519 -N '' -f "$W/srv/id"
  cp "$W/srv/id.pub" "$W/srv/authorized_keys"; chmod 600 "$W/srv/authorized_keys"
  mkdir -p /run/sshd
  printf '%s\n' "ListenAddress $TRK" "Port 22" "HostKey $W/srv/hostkey" "AuthorizedKeysFile $W/srv/authorized_keys" \
    "PermitRootLogin prohibit-password" "PasswordAuthentication no" "KbdInteractiveAuthentication no" "UsePAM no" \
    "StrictModes no" "PidFile none" "UseDNS no" "Subsystem sftp internal-sftp" > "$W/srv/sshd_config"
  lab_bg trk 60 /usr/sbin/sshd -D -e -f "$W/srv/sshd_config" > "$W/srv/sshd.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  SSH_OPTS=(-i "$W/srv/id" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR)
}

# --- negatives: no BitTorrent software runs during these captures ------------------------------
negative() {  # negative LABEL CLIENT DESCRIPTION NPEERS
  setup "$4"; meta kind negative; meta label "$1"; meta client "$2"; meta description "$3"
  mkdir -p "$W/srv"; chmod 755 "$W/srv"
  lab_capture_start "$PCAP"
}
neg_http() {
  negative not-bittorrent:http "python3-http.server+curl" "HTTP/1.0 and 1.1: python3 -m http.server on $TRK:8000 and :80; curl GET/HEAD and a python urllib client from p1,p2" 2
  head -c 393216 /dev/urandom > "$W/srv/file.bin"; echo '<html><body>lab</body></html>' > "$W/srv/index.html"
  LAB_CWD="$W/srv" lab_bg trk 60 "$PY" -m http.server 8000 --bind "$TRK" >/dev/null 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  LAB_CWD="$W/srv" lab_bg trk 60 "$PY" -m http.server 80 --bind "$TRK" >/dev/null 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_wait_port trk tcp 8000; lab_wait_port trk tcp 80
  lab_run p1 20 curl -s -o /dev/null "http://$TRK:8000/file.bin"
  lab_run p1 20 curl -s -I -o /dev/null "http://$TRK:8000/index.html"
  lab_run p2 20 curl -s --http1.0 -o /dev/null "http://$TRK/index.html"
  lab_run p2 20 "$PY" -c "import urllib.request as u; u.urlopen('http://$TRK/file.bin').read()"
  stop_all
}
neg_dns() {
  negative not-bittorrent:dns "dnsmasq+dig" "DNS: dnsmasq authoritative-style answers for lab.test on $TRK:53, dig queries over UDP from p1,p2 and over TCP from p2" 2
  lab_bg trk 60 dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
    --listen-address="$TRK" --port=53 --user=nobody --pid-file= --address=/lab.test/10.210.0.1 \
    --host-record=www.lab.test,10.210.0.80 --txt-record=lab.test,"seawall lab" --mx-host=lab.test,mail.lab.test \
    > "$W/srv/dnsmasq.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_wait_port trk udp 53
  local q
  for q in "www.lab.test A" "lab.test TXT" "lab.test MX" "nx.example AAAA"; do
    # shellcheck disable=SC2086
    lab_run p1 10 dig +time=1 +tries=1 @"$TRK" $q >/dev/null || true
  done
  lab_run p2 10 dig +time=1 +tries=1 @"$TRK" www.lab.test A >/dev/null || true
  lab_run p2 10 dig +tcp +time=1 +tries=1 @"$TRK" lab.test TXT >/dev/null || true
  stop_all
}
neg_ssh() {
  negative not-bittorrent:ssh "openssh-$(ver openssh-server)" "SSH: OpenSSH sshd on $TRK:22, key login from p2, a remote command and an scp of 256 KiB" 2
  lab_require /usr/sbin/sshd ssh scp ssh-keygen
  ssh_server
  lab_wait_port trk tcp 22
  head -c 262144 /dev/urandom > "$W/p2/blob.bin"
  local o=("${SSH_OPTS[@]}")
  lab_run p2 20 ssh "${o[@]}" "root@$TRK" 'uname -sr; ls / | head -3' >/dev/null || RESULT="ssh command failed"
  lab_run p2 20 scp -q "${o[@]}" "$W/p2/blob.bin" "root@$TRK:$W/srv/blob.bin" || RESULT="scp failed"
  stop_all
}
neg_iperf3_tcp() {
  negative not-bittorrent:iperf3-tcp "iperf3-$(ver iperf3)" "iperf3 TCP bulk stream (512 KiB) p1 -> $TRK:5201, plus its control connection" 1
  lab_bg trk 60 iperf3 -s -1 -B "$TRK" --idle-timeout 20 --rcv-timeout 5000 > "$W/srv/iperf3.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_wait_port trk tcp 5201
  lab_run p1 20 iperf3 -c "$TRK" -n 512K > /dev/null || RESULT="iperf3 failed"
  stop_all
}
neg_iperf3_udp() {
  negative not-bittorrent:iperf3-udp "iperf3-$(ver iperf3)" "iperf3 UDP stream (512 KiB at 20 Mbit/s) p1 -> $TRK:5201, plus its TCP control connection" 1
  lab_bg trk 60 iperf3 -s -1 -B "$TRK" --idle-timeout 20 --rcv-timeout 5000 > "$W/srv/iperf3.log" 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_wait_port trk tcp 5201
  lab_run p1 20 iperf3 -c "$TRK" -u -b 20M -n 512K > /dev/null || RESULT="iperf3 failed"
  stop_all
}
neg_random_tcp() {
  negative not-bittorrent:random-tcp "socat-$(ver socat)" "opaque high-entropy TCP: socat streams 384 KiB of random bytes p1 -> $TRK:7000, and a bidirectional random exchange on :7002 from p2" 2
  head -c 393216 /dev/urandom > "$W/p1/r.bin"; head -c 4096 /dev/urandom > "$W/p2/q.bin"; head -c 65536 /dev/urandom > "$W/srv/a.bin"
  lab_bg trk 30 socat -u TCP-LISTEN:7000,bind="$TRK",reuseaddr OPEN:/dev/null > /dev/null 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_bg trk 30 socat TCP-LISTEN:7002,bind="$TRK",reuseaddr SYSTEM:"head -c 300 /dev/urandom; cat > /dev/null & sleep 0.2; cat $W/srv/a.bin" \
    > /dev/null 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_wait_port trk tcp 7000; lab_wait_port trk tcp 7002
  lab_run p1 20 socat -u "OPEN:$W/p1/r.bin" "TCP:$TRK:7000" || RESULT="socat 7000 failed"
  lab_run p2 20 socat -t 2 "OPEN:$W/p2/q.bin" "TCP:$TRK:7002" > /dev/null || RESULT="socat 7002 failed"
  stop_all
}
neg_tls() {
  negative not-bittorrent:tls "openssl-$(ver openssl)+curl" "TLS: openssl s_server -WWW on $TRK:4433 (self-signed), curl -k fetches 384 KiB over TLS 1.3 and TLS 1.2 from p1,p2" 2
  ( cd "$W/srv" && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=lab.test ) >/dev/null 2>&1
  head -c 393216 /dev/urandom > "$W/srv/file.bin"
  LAB_CWD="$W/srv" lab_bg trk 60 openssl s_server -accept "$TRK:4433" -cert cert.pem -key key.pem -WWW -quiet \
    > /dev/null 2>&1; CLIENT_PIDS+=("$LAB_LAST_PID")
  lab_wait_port trk tcp 4433
  lab_run p1 20 curl -sk -o /dev/null "https://$TRK:4433/file.bin" || RESULT="curl tls1.3 failed"
  lab_run p2 20 curl -sk --tls-max 1.2 -o /dev/null "https://$TRK:4433/file.bin" || RESULT="curl tls1.2 failed"
  stop_all
}

# ---------------------------------------------------------------------------------------------
PCAP="$OUT/$SCN.pcap"
rm -f "$PCAP" "$OUT/$SCN.labels.csv" "$OUT/$SCN.scenario.json"
T0=$(date +%s.%N)
scenario
lab_capture_stop
T1=$(date +%s.%N)
meta result "$RESULT"
meta seconds "$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b-a}')"
grep -q '^kind=' "$META" || meta kind bittorrent
# keep the clients' logs next to the capture for debugging (small)
mkdir -p "$OUT/logs/$SCN"
for h in trk p1 p2 p3 p4; do for f in "$W/$h"/*.log; do [ -f "$f" ] && cp "$f" "$OUT/logs/$SCN/$h-$(basename "$f")"; done; done 2>/dev/null || true
rm -f "$PCAP.tcpdump.log"
"$PY" "$LAB_DIR/label.py" --meta "$META" --pcap "$PCAP" --labels "$OUT/$SCN.labels.csv" --scenario-json "$OUT/$SCN.scenario.json"
lab_log "$SCN: $RESULT in $(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b-a}') s"
