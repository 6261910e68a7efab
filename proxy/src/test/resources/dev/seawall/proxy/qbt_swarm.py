#!/usr/bin/python3
"""A libtorrent seeder and a qbittorrent-nox leecher on loopback; the leecher's peer connections go
through a SOCKS5 proxy.

qbt_swarm.py DIR PROXYPORT {plain|forced} SECONDS
Makes a 4 MiB torrent and seeds it from a libtorrent session on 127.0.0.1. Starts qbittorrent-nox
(its own profile in DIR, Web UI on a free loopback port), sets SOCKS5 127.0.0.1:PROXYPORT for peer
connections and the encryption mode (plain: disabled, forced: required) through the Web API, checks
that the settings took, then keeps offering the seeder as a peer. Prints 'COMPLETE <seconds>' or
'INCOMPLETE <progress>'. TCP only; no DHT, LSD, PeX, UPnP, NAT-PMP, trackers or peer-country
look-ups: nothing leaves loopback. Exit status 2 when qbittorrent-nox would not start or take the
settings (the message says which).
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import libtorrent as lt
from swarm_torrent import make_torrent

d, proxy_port, enc, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
seed_dir, leech_dir, profile = (os.path.join(d, n) for n in ("seed", "leech", "qbt"))
for p in (seed_dir, leech_dir, os.path.join(profile, "qBittorrent", "config")):
    os.makedirs(p, exist_ok=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


torrent = os.path.join(d, "t.torrent")
with open(torrent, "wb") as f:
    f.write(make_torrent(seed_dir))
ti = lt.torrent_info(torrent)

pol = lt.enc_policy.pe_forced if enc == "forced" else lt.enc_policy.pe_disabled
seeder = lt.session({
    "listen_interfaces": "127.0.0.1:0", "enable_upnp": False, "enable_natpmp": False, "enable_lsd": False,
    "enable_dht": False, "enable_ip_notifier": False, "out_enc_policy": pol, "in_enc_policy": pol,
    "allowed_enc_level": lt.enc_level.rc4 if enc == "forced" else lt.enc_level.plaintext,
    "enable_incoming_utp": False, "enable_outgoing_utp": False, "allow_multiple_connections_per_ip": True,
}, 0)
sp = lt.add_torrent_params()
sp.ti = ti
sp.save_path = seed_dir
sp.flags |= lt.torrent_flags.seed_mode
seeder.add_torrent(sp)
seed_port = seeder.listen_port()

web = free_port()
with open(os.path.join(profile, "qBittorrent", "config", "qBittorrent.conf"), "w") as f:
    f.write(f"""[LegalNotice]
Accepted=true

[BitTorrent]
Session\\Port={free_port()}
Session\\Interface=lo
Session\\InterfaceName=lo
Session\\DHTEnabled=false
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\BTProtocol=TCP
Session\\QueueingSystemEnabled=false
Session\\MultiConnectionsPerIp=true

[Network]
PortForwardingEnabled=false

[Preferences]
Connection\\UPnP=false
Connection\\ResolvePeerCountries=false
General\\UseRandomPort=false
WebUI\\Address=127.0.0.1
WebUI\\Port={web}
WebUI\\LocalHostAuth=false
WebUI\\CSRFProtection=false
WebUI\\HostHeaderValidation=false
""")
env = dict(os.environ, HOME=profile, QT_QPA_PLATFORM="offscreen")
qbt = subprocess.Popen(["qbittorrent-nox", "--profile=" + profile, "--webui-port=%d" % web],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = "http://127.0.0.1:%d/api/v2/" % web


def api(path, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data), timeout=5) as r:
        return r.read().decode()


def fail(message):
    print("SETUP " + message)
    sys.exit(2)


try:
    for _ in range(100):
        try:
            api("app/version")
            break
        except OSError:
            time.sleep(0.2)
    else:
        fail("qbittorrent-nox Web API did not answer")
    # qBittorrent 4.5: proxy_type 2 = SOCKS5; encryption 0 prefer, 1 require, 2 disable.
    api("app/setPreferences", {"json": json.dumps({
        "proxy_type": 2, "proxy_ip": "127.0.0.1", "proxy_port": proxy_port, "proxy_peer_connections": True,
        "proxy_torrents_only": False, "proxy_auth_enabled": False, "encryption": 1 if enc == "forced" else 2,
        "dht": False, "pex": False, "lsd": False, "upnp": False, "resolve_peer_countries": False,
        "bittorrent_protocol": 1, "anonymous_mode": False})})
    prefs = json.loads(api("app/preferences"))
    want = {"proxy_type": 2, "proxy_port": proxy_port, "proxy_peer_connections": True,
            "encryption": 1 if enc == "forced" else 2, "resolve_peer_countries": False}
    wrong = {k: prefs.get(k) for k, v in want.items() if prefs.get(k) != v}
    if wrong:
        fail("settings not taken: %s" % wrong)
    with open(torrent, "rb") as f:
        body = f.read()
    boundary = "swqbt%d" % os.getpid()
    payload = (("--%s\r\nContent-Disposition: form-data; name=\"savepath\"\r\n\r\n%s\r\n" % (boundary, leech_dir)).encode()
               + ("--%s\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"t.torrent\"\r\n"
                  "Content-Type: application/x-bittorrent\r\n\r\n" % boundary).encode()
               + body + ("\r\n--%s--\r\n" % boundary).encode())
    req = urllib.request.Request(base + "torrents/add", data=payload,
                                 headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    with urllib.request.urlopen(req, timeout=5) as r:
        if r.read().decode().strip() != "Ok.":
            fail("torrent not added")
    h = str(ti.info_hash())
    t0 = time.monotonic()
    next_peer = 0.0
    progress = 0.0
    while time.monotonic() - t0 < limit:
        now = time.monotonic() - t0
        if now >= next_peer:  # a peer whose connection failed is forgotten: keep offering it
            try:
                api("torrents/addPeers", {"hashes": h, "peers": "127.0.0.1:%d" % seed_port})
            except OSError:
                pass
            next_peer = now + 1.0
        info = json.loads(api("torrents/info?hashes=" + h))
        if info:
            progress = info[0]["progress"]
            if progress >= 1.0:
                print("COMPLETE %.1f" % (time.monotonic() - t0))
                break
        time.sleep(0.2)
    else:
        print("INCOMPLETE %.3f" % progress)
finally:
    qbt.terminate()
    try:
        qbt.wait(10)
    except subprocess.TimeoutExpired:
        qbt.kill()
