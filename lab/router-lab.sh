#!/usr/bin/env bash
# Firewall test topology: subscriber -- exit router -- internet side, in network namespaces.
#
#   lab/router-lab.sh up PREFIX                 build the namespaces and links (idempotent: fails if PREFIX exists)
#   lab/router-lab.sh services PREFIX WORKDIR   start opentracker + ordinary servers on the internet side
#   lab/router-lab.sh seed PREFIX WORKDIR CLIENT [ENC]
#                                               make a torrent (HTTP+UDP tracker), whitelist it and start a
#                                               seeder: CLIENT lt|tr|a2, ENC plain|prefer|forced (default prefer);
#                                               prints TORRENT=..., MAGNET=..., INFOHASH=...
#   lab/router-lab.sh stop PREFIX WORKDIR       stop everything started by services/seed (pid files)
#   lab/router-lab.sh down PREFIX               stop what still runs in the namespaces and delete them
#   lab/router-lab.sh env PREFIX                print the addresses below as shell variables
#
# Namespaces ("$PREFIX-<name>"; PREFIX should be unique per run, e.g. sw$$; keep it <= 10 chars):
#   PREFIX-sub   subscriber     eth0 10.231.1.2/24  fd00:231:1::2/64   default via the router
#   PREFIX-rtr   exit router    in0  10.231.1.1/24  fd00:231:1::1/64   (subscriber side, "inside")
#                               out0 10.231.2.1/24  fd00:231:2::1/64   (internet side)
#                               ip_forward on (v4+v6); no NAT; no rules: the firewall installs its own
#   PREFIX-isw   internet-side switch (a bridge; no addresses)
#   PREFIX-srv   servers        eth0 10.231.2.10/24 fd00:231:2::10/64  default via the router
#   PREFIX-seed  seeder         eth0 10.231.2.20/24 fd00:231:2::20/64  default via the router
# Nothing else: no link to the root namespace or the outside; names resolve via 127.0.0.1 (nothing).
#
# Services on PREFIX-srv (after `services`):
#   opentracker  TCP+UDP 10.231.2.10:6969  (Debian whitelist build; whitelist WORKDIR/trk/whitelist, reloaded by `seed`)
#   HTTP         TCP 80    (IPv4+IPv6) python3 http.server over WORKDIR/www (file.bin = 1 MiB random, index.html)
#   HTTPS        TCP 443   openssl s_server -WWW over WORKDIR/www (self-signed; curl -k)
#   DNS          UDP+TCP 53 dnsmasq: www.lab.test A 10.231.2.10, lab.test TXT
#   SSH          TCP 22    OpenSSH sshd, key login as root with WORKDIR/ssh/id (command: ssh -i WORKDIR/ssh/id ...)
#   iperf3       TCP 5201  iperf3 -s (TCP and UDP tests; --idle-timeout 30)
# Seeder on PREFIX-seed (after `seed`): port 6881 TCP+uTP (lt, a2) or 51413 (tr); DHT node on UDP 6881
# for lt (magnet links work when the leecher bootstraps to 10.231.2.20:6881).
# Every process runs under `timeout` (LAB_SERVICE_MAX_S, default 1800 s) and is stopped by `stop`/`down`.
# Drive it from Java with `ip netns exec PREFIX-sub <client>` (see lab/README.md).
set -euo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
MAXS="${LAB_SERVICE_MAX_S:-1800}"

SUB4=10.231.1.2 RIN4=10.231.1.1 ROUT4=10.231.2.1 SRV4=10.231.2.10 SEED4=10.231.2.20
SUB6=fd00:231:1::2 RIN6=fd00:231:1::1 ROUT6=fd00:231:2::1 SRV6=fd00:231:2::10 SEED6=fd00:231:2::20

die() { echo "router-lab: $*" >&2; exit 1; }
usage() { sed -n '2,12p' "$0" >&2; exit 2; }
ns() { printf '%s-%s' "$PFX" "$1"; }
offloads_off() { ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true; }

add_ns() {
  local n; n=$(ns "$1")
  ip netns add "$n"
  ip -n "$n" link set lo up
  mkdir -p "/etc/netns/$n"; echo "nameserver 127.0.0.1" > "/etc/netns/$n/resolv.conf"
}

cmd_up() {
  [ "$(id -u)" -eq 0 ] || die "needs root"
  # (a file test, not `ip netns list | grep -q`: with pipefail, grep -q quitting early can fail the pipe)
  [ -e "/run/netns/$(ns rtr)" ] && die "$(ns rtr) exists already: run 'down $PFX' first"
  trap 'echo "router-lab: up failed, removing $PFX" >&2; cmd_down >/dev/null 2>&1' ERR
  local x
  for x in sub rtr isw srv seed; do add_ns "$x"; done
  # subscriber <-> router
  ip link add eth0 netns "$(ns sub)" type veth peer name in0 netns "$(ns rtr)"
  # router <-> internet switch <-> servers, seeder
  ip -n "$(ns isw)" link add br0 type bridge stp_state 0 forward_delay 0
  ip link add out0 netns "$(ns rtr)" type veth peer name p-rtr netns "$(ns isw)"
  ip link add eth0 netns "$(ns srv)" type veth peer name p-srv netns "$(ns isw)"
  ip link add eth0 netns "$(ns seed)" type veth peer name p-seed netns "$(ns isw)"
  for x in p-rtr p-srv p-seed; do ip -n "$(ns isw)" link set "$x" master br0; ip -n "$(ns isw)" link set "$x" up; done
  ip netns exec "$(ns isw)" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip -n "$(ns isw)" link set br0 up
  # addresses and routes
  addr() { ip -n "$(ns "$1")" addr add "$3" dev "$2"; }
  addr sub eth0 "$SUB4/24";  ip -n "$(ns sub)" addr add "$SUB6/64" dev eth0 nodad
  addr rtr in0 "$RIN4/24";   ip -n "$(ns rtr)" addr add "$RIN6/64" dev in0 nodad
  addr rtr out0 "$ROUT4/24"; ip -n "$(ns rtr)" addr add "$ROUT6/64" dev out0 nodad
  addr srv eth0 "$SRV4/24";  ip -n "$(ns srv)" addr add "$SRV6/64" dev eth0 nodad
  addr seed eth0 "$SEED4/24"; ip -n "$(ns seed)" addr add "$SEED6/64" dev eth0 nodad
  for x in "sub eth0" "rtr in0" "rtr out0" "srv eth0" "seed eth0"; do
    set -- $x; offloads_off "$(ns "$1")" "$2"; ip -n "$(ns "$1")" link set "$2" up
  done
  ip -n "$(ns sub)" route add default via "$RIN4"; ip -n "$(ns sub)" -6 route add default via "$RIN6"
  for x in srv seed; do ip -n "$(ns "$x")" route add default via "$ROUT4"; ip -n "$(ns "$x")" -6 route add default via "$ROUT6"; done
  ip netns exec "$(ns rtr)" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  trap - ERR
  # wait until the path works (bridge ports forwarding, neighbours reachable)
  local i
  for i in $(seq 50); do
    ip netns exec "$(ns sub)" bash -c "exec 3<>/dev/tcp/$SRV4/9" 2>&1 | grep -q refused && break
    sleep 0.1
  done
  echo "router-lab: $PFX up (sub $SUB4 -> rtr $RIN4/$ROUT4 -> srv $SRV4, seed $SEED4)"
}

pidf() { mkdir -p "$WD/pids"; echo "$WD/pids/$1.pid"; }
bg_in() {  # bg_in NS NAME CWD CMD... : background, bounded, pid file
  local n="$1" name="$2" cwd="$3"; shift 3
  ( cd "$cwd" && exec timeout -k 3 "$MAXS" ip netns exec "$(ns "$n")" "$@" ) > "$WD/logs/$name.log" 2>&1 &
  echo $! > "$(pidf "$name")"
}
wait_port() {  # NS PROTO PORT
  local i f=-tln; [ "$2" = udp ] && f=-uln
  for i in $(seq 100); do ip netns exec "$(ns "$1")" ss -H $f "sport = :$3" | grep -q . && return 0; sleep 0.1; done
  die "nothing listens on $2/$3 in $(ns "$1") (see $WD/logs)"
}

cmd_services() {
  mkdir -p "$WD/logs" "$WD/trk" "$WD/www" "$WD/ssh" && chmod 755 "$WD" "$WD/trk"
  touch "$WD/trk/whitelist"; chmod 644 "$WD/trk/whitelist"
  bg_in srv opentracker "$WD/trk" opentracker -i "$SRV4" -p 6969 -P 6969 -d "$WD/trk" -u nobody -w whitelist
  head -c 1048576 /dev/urandom > "$WD/www/file.bin"; echo '<html><body>seawall lab</body></html>' > "$WD/www/index.html"
  bg_in srv http "$WD/www" "$PY" -m http.server 80 --bind ::   # dual stack: IPv4 and IPv6
  ( cd "$WD/www" && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=lab.test ) >/dev/null 2>&1
  bg_in srv https "$WD/www" openssl s_server -accept 443 -cert cert.pem -key key.pem -WWW -quiet
  bg_in srv dns "$WD" dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --listen-address="$SRV4" \
    --bind-interfaces --port=53 --user=nobody --pid-file= --address=/lab.test/"$SRV4" --txt-record=lab.test,"seawall lab"
  [ -f "$WD/ssh/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$WD/ssh/hostkey"
  [ -f "$WD/ssh/id" ] || ssh-keygen -q -t ed25519 -N '' -f "$WD/ssh/id"
  cp "$WD/ssh/id.pub" "$WD/ssh/authorized_keys"; mkdir -p /run/sshd
  printf '%s\n' "ListenAddress $SRV4" "HostKey $WD/ssh/hostkey" "AuthorizedKeysFile $WD/ssh/authorized_keys" \
    "PermitRootLogin prohibit-password" "PasswordAuthentication no" "UsePAM no" "StrictModes no" "PidFile none" \
    "UseDNS no" "Subsystem sftp internal-sftp" > "$WD/ssh/sshd_config"
  bg_in srv sshd "$WD" /usr/sbin/sshd -D -e -f "$WD/ssh/sshd_config"
  bg_in srv iperf3 "$WD" iperf3 -s -B "$SRV4" --idle-timeout 30 --rcv-timeout 5000
  wait_port srv tcp 6969; wait_port srv udp 6969; wait_port srv tcp 80; wait_port srv tcp 443
  wait_port srv udp 53; wait_port srv tcp 22; wait_port srv tcp 5201
  echo "router-lab: services up on $SRV4 (tracker 6969, http 80, https 443, dns 53, ssh 22, iperf3 5201)"
}

cmd_seed() {
  local client="$1" enc="${2:-prefer}" d="$WD/seed-$1"
  mkdir -p "$d/dl" "$WD/logs"
  head -c 1048576 /dev/urandom > "$d/dl/sw-seed-$client.bin"
  mktorrent -l 16 -a "http://$SRV4:6969/announce" -a "udp://$SRV4:6969/announce" -n "sw-seed-$client.bin" \
    -o "$d/t.torrent" "$d/dl/sw-seed-$client.bin" >/dev/null
  local ih; ih=$("$PY" "$LAB_DIR/torrent.py" infohash "$d/t.torrent")
  echo "$ih" >> "$WD/trk/whitelist"
  # opentracker rereads its whitelist on SIGHUP
  [ -f "$WD/pids/opentracker.pid" ] && pkill -HUP -P "$(cat "$WD/pids/opentracker.pid")" 2>/dev/null || true
  case "$client" in
    lt) bg_in seed "seed-lt" "$d" "$PY" "$LAB_DIR/clients/lt_client.py" --ip "$SEED4" --port 6881 --enc "$enc" \
          --transport both --torrent "$d/t.torrent" --save "$d/dl" --seed --dht "$SRV4:6881" --max-seconds "$MAXS" ;;
    a2) local req=false lvl=plain; [ "$enc" = forced ] && { req=true; lvl=arc4; }
        bg_in seed "seed-a2" "$d" aria2c --dir="$d/dl" --listen-port=6881 --dht-listen-port=6881 --enable-dht=false \
          --bt-enable-lpd=false --enable-peer-exchange=false --bt-require-crypto=$req --bt-min-crypto-level=$lvl \
          --check-integrity=true --bt-seed-unverified=true --seed-ratio=0.0 --seed-time=$((MAXS / 60)) \
          --summary-interval=0 --console-log-level=warn --enable-rpc=false --async-dns=false "$d/t.torrent" ;;
    tr) local e=1; [ "$enc" = plain ] && e=0; [ "$enc" = forced ] && e=2
        mkdir -p "$d/tr"
        printf '{"bind-address-ipv4":"%s","peer-port":51413,"peer-port-random-on-start":false,"port-forwarding-enabled":false,"dht-enabled":false,"lpd-enabled":false,"pex-enabled":false,"utp-enabled":true,"encryption":%s,"rpc-enabled":true,"rpc-bind-address":"127.0.0.1","rpc-authentication-required":false,"rpc-whitelist-enabled":false,"rpc-host-whitelist-enabled":false,"download-dir":"%s","ratio-limit-enabled":false,"idle-seeding-limit-enabled":false}\n' \
          "$SEED4" "$e" "$d/dl" > "$d/tr/settings.json"
        bg_in seed "seed-tr" "$d" transmission-daemon -f -g "$d/tr"
        wait_port seed tcp 9091
        ip netns exec "$(ns seed)" transmission-remote 127.0.0.1:9091 -a "$d/t.torrent" >/dev/null ;;
    *) die "seed: CLIENT must be lt, tr or a2" ;;
  esac
  # return once the tracker counts the seeder, so a leecher's first announce finds it
  local q i; q=$(printf '%s' "$ih" | sed 's/../%&/g')
  for i in $(seq 300); do
    ip netns exec "$(ns srv)" curl -s "http://$SRV4:6969/scrape?info_hash=$q" 2>/dev/null | grep -aq '8:completei[1-9]' && break
    [ "$i" -eq 300 ] && die "seed: the $client seeder did not announce within 30 s (see $WD/logs/seed-$client.log)"
    sleep 0.1
  done
  printf "TORRENT=%q\n" "$d/t.torrent"
  printf "INFOHASH=%q\n" "$ih"
  printf "MAGNET=%q\n" "magnet:?xt=urn:btih:$ih&dn=sw-seed-$client.bin"
}

cmd_stop() {
  local f pid c
  for f in "$WD"/pids/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    for c in $(pgrep -P "$pid" 2>/dev/null); do kill -TERM "$c" 2>/dev/null || true; done
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

cmd_down() {
  local x n pid
  for x in sub rtr isw srv seed; do
    n=$(ns "$x")
    [ -e "/run/netns/$n" ] || continue
    for pid in $(ip netns pids "$n" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  sleep 0.3
  for x in sub rtr isw srv seed; do
    n=$(ns "$x")
    for pid in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$n" 2>/dev/null || true
    rm -rf "/etc/netns/$n"
  done
}

cmd_env() {
  cat <<EOF
SUB_NS=$(ns sub) RTR_NS=$(ns rtr) SRV_NS=$(ns srv) SEED_NS=$(ns seed) ISW_NS=$(ns isw)
SUB4=$SUB4 RIN4=$RIN4 ROUT4=$ROUT4 SRV4=$SRV4 SEED4=$SEED4
SUB6=$SUB6 RIN6=$RIN6 ROUT6=$ROUT6 SRV6=$SRV6 SEED6=$SEED6
RTR_IN_IF=in0 RTR_OUT_IF=out0
EOF
}

[ $# -ge 2 ] || usage
CMD="$1" PFX="$2"
[[ "$PFX" =~ ^[A-Za-z0-9_]{1,20}$ ]] || die "PREFIX must be 1-20 letters/digits/_"
case "$CMD" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  services) [ $# -eq 3 ] || usage; WD="$3"; mkdir -p "$WD"; WD="$(cd "$WD" && pwd)"; cmd_services ;;
  seed) [ $# -ge 4 ] || usage; WD="$3"; mkdir -p "$WD"; WD="$(cd "$WD" && pwd)"; cmd_seed "$4" "${5:-prefer}" ;;
  stop) [ $# -eq 3 ] || usage; WD="$(cd "$3" && pwd)"; cmd_stop ;;
  *) usage ;;
esac
