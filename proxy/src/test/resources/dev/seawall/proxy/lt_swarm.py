#!/usr/bin/python3
"""A two-peer libtorrent swarm on loopback whose leecher goes through a SOCKS5 proxy.

lt_swarm.py DIR PROXYPORT {plain|forced} {tcp|utp} SECONDS
Makes a 4 MiB torrent, seeds it from one session on 127.0.0.1, and downloads it with a second
session whose peer connections use the SOCKS5 proxy at 127.0.0.1:PROXYPORT (TCP through CONNECT,
uTP through UDP ASSOCIATE). Prints 'COMPLETE <seconds>' or 'INCOMPLETE <progress>' and the
leecher's proxy errors. No DHT, LSD, UPnP, NAT-PMP or trackers: nothing leaves loopback.
"""
import os
import sys
import time

import libtorrent as lt
from swarm_torrent import make_torrent

d, proxy_port, enc, transport, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
seed_dir, leech_dir = os.path.join(d, "seed"), os.path.join(d, "leech")
os.makedirs(seed_dir, exist_ok=True)
os.makedirs(leech_dir, exist_ok=True)
ti = lt.torrent_info(make_torrent(seed_dir))

pol = lt.enc_policy.pe_forced if enc == "forced" else lt.enc_policy.pe_disabled
level = lt.enc_level.rc4 if enc == "forced" else lt.enc_level.plaintext
utp = transport == "utp"
common = {
    "enable_upnp": False, "enable_natpmp": False, "enable_lsd": False, "enable_dht": False,
    "enable_ip_notifier": False, "out_enc_policy": pol, "in_enc_policy": pol, "allowed_enc_level": level,
    "prefer_rc4": enc == "forced", "allow_multiple_connections_per_ip": True,
    "enable_outgoing_tcp": not utp, "enable_outgoing_utp": utp, "enable_incoming_tcp": True,
    "enable_incoming_utp": True, "user_agent": "",
    "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.peer_notification,
}
seeder = lt.session(dict(common, listen_interfaces="127.0.0.1:0"), 0)
leecher = lt.session(dict(common, listen_interfaces="127.0.0.1:0", proxy_type=lt.proxy_type_t.socks5,
                          proxy_hostname="127.0.0.1", proxy_port=proxy_port, proxy_peer_connections=True,
                          proxy_tracker_connections=True, proxy_hostnames=True), 0)
sp = lt.add_torrent_params()
sp.ti = ti
sp.save_path = seed_dir
sp.flags |= lt.torrent_flags.seed_mode
seeder.add_torrent(sp)
lp = lt.add_torrent_params()
lp.ti = lt.torrent_info(ti)
lp.save_path = leech_dir
h = leecher.add_torrent(lp)
port = seeder.listen_port()
t0 = time.monotonic()
errors = set()
next_connect = 0.0
while time.monotonic() - t0 < limit:
    now = time.monotonic() - t0
    if now >= next_connect:  # libtorrent forgets a peer whose connection failed: keep offering it
        h.connect_peer(("127.0.0.1", port))
        next_connect = now + 1.0
    for a in leecher.pop_alerts():
        if a.category() & lt.alert.category_t.error_notification:
            errors.add(type(a).__name__)
    st = h.status()
    if st.is_seeding:
        print("COMPLETE %.1f" % (time.monotonic() - t0))
        break
    time.sleep(0.1)
else:
    print("INCOMPLETE %.3f" % h.status().progress)
print("errors:", ",".join(sorted(errors)) or "-")
