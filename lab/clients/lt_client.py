#!/usr/bin/python3
"""A python3-libtorrent (libtorrent-rasterbar) peer for the Seawall lab.

Runs one session until SIGTERM/SIGINT (or --max-seconds), then stops gracefully so that the
'stopped' announces and FINs are part of the capture. Every feature that would reach outside the
lab (UPnP, NAT-PMP, DHT/LSD unless asked for, PEX) is off; the DHT is bootstrapped only to the lab
addresses given on the command line.
"""
import argparse
import signal
import sys
import time

import libtorrent as lt

ENC = {
    # (out/in policy, allowed level)
    "plain": (lt.enc_policy.pe_disabled, lt.enc_level.plaintext),
    "forced": (lt.enc_policy.pe_forced, lt.enc_level.rc4),
    "prefer": (lt.enc_policy.pe_enabled, lt.enc_level.both),
}


def settings(a):
    pol, level = ENC[a.enc]
    tcp = a.transport in ("tcp", "both")
    utp = a.transport in ("utp", "both")
    s = {
        "listen_interfaces": f"[{a.ip}]:{a.port}" if ":" in a.ip else f"{a.ip}:{a.port}",
        "outgoing_interfaces": "",
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_ip_notifier": False,
        "enable_lsd": a.lsd,
        "enable_dht": a.dht is not None,
        "dht_bootstrap_nodes": a.dht or "",
        # one flat /24: do not throw away nodes that share a prefix, nor unverified ids
        "dht_restrict_routing_ips": False,
        "dht_restrict_search_ips": False,
        "dht_prefer_verified_node_ids": False,
        "enable_outgoing_tcp": tcp,
        "enable_incoming_tcp": tcp,
        "enable_outgoing_utp": utp and not a.no_outgoing_utp,
        "enable_incoming_utp": utp,
        "out_enc_policy": pol,
        "in_enc_policy": pol,
        "allowed_enc_level": level,
        "prefer_rc4": a.enc == "forced",
        "allow_multiple_connections_per_ip": True,
        "seeding_outgoing_connections": not a.no_seed_outgoing,
        "announce_to_all_trackers": True,
        "local_service_announce_interval": 5,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
        "user_agent": "",
    }
    try:
        lt.default_settings()["dht_ignore_dark_internet"]
        s["dht_ignore_dark_internet"] = False
    except KeyError:
        pass
    return s


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ip", required=True)
    p.add_argument("--port", type=int, default=6881)
    p.add_argument("--torrent")
    p.add_argument("--magnet")
    p.add_argument("--save", default=".")
    p.add_argument("--seed", action="store_true", help="data already in --save: seed without checking")
    p.add_argument("--enc", choices=ENC, default="plain")
    p.add_argument("--transport", choices=("tcp", "utp", "both"), default="tcp")
    p.add_argument("--dht", help="comma list of ip:port bootstrap nodes (DHT on)")
    p.add_argument("--lsd", action="store_true")
    p.add_argument("--no-seed-outgoing", action="store_true",
                   help="a seed waits for leechers to connect (each leecher's own settings then shape its flow)")
    p.add_argument("--no-outgoing-utp", action="store_true",
                   help="accept uTP but connect out over TCP only (keeps one protocol per UDP 5-tuple)")
    p.add_argument("--dht-announce-every", type=float, default=0, metavar="S",
                   help="force a DHT announce/get_peers every S seconds (a lab's DHT is tiny and young: "
                        "libtorrent's own 15-minute interval would miss the other peers)")
    p.add_argument("--max-seconds", type=float, default=120)
    a = p.parse_args()

    ses = lt.session(settings(a), 0)  # no default plugins: no PEX
    ses.add_extension("ut_metadata")  # magnet links need metadata exchange
    if a.dht:
        for node in a.dht.split(","):
            host, port = node.rsplit(":", 1)
            ses.add_dht_node((host, int(port)))

    h = None
    if a.torrent or a.magnet:
        atp = lt.parse_magnet_uri(a.magnet) if a.magnet else lt.add_torrent_params()
        if a.torrent:
            atp.ti = lt.torrent_info(a.torrent)
        atp.save_path = a.save
        if a.seed:
            atp.flags |= lt.torrent_flags.seed_mode
        h = ses.add_torrent(atp)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    t0 = time.monotonic()
    next_announce = t0 + a.dht_announce_every
    while not stop and time.monotonic() - t0 < a.max_seconds:
        if h is not None and a.dht_announce_every and time.monotonic() >= next_announce:
            h.force_dht_announce()
            next_announce += a.dht_announce_every
        for al in ses.pop_alerts():
            if al.category() & lt.alert.category_t.error_notification:
                print("lt:", al.message(), file=sys.stderr, flush=True)
        time.sleep(0.1)
    if h is not None:
        st = h.status()
        print(f"lt: state={st.state} progress={st.progress:.3f} peers={st.num_peers}", file=sys.stderr)
        h.pause()
    # give the 'stopped' announce and the peer FINs a moment to leave
    ses.pause()
    time.sleep(0.8)
    del ses


if __name__ == "__main__":
    main()
