"""The torrent both swarm scripts share: 4 MiB of random bytes in SEED_DIR, 256 KiB pieces."""
import os

import libtorrent as lt


def make_torrent(seed_dir):
    """Writes the payload into seed_dir and returns the bencoded .torrent."""
    with open(os.path.join(seed_dir, "payload.bin"), "wb") as f:
        f.write(os.urandom(4 << 20))
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(seed_dir, "payload.bin"))
    ct = lt.create_torrent(fs, 256 * 1024)
    lt.set_piece_hashes(ct, seed_dir)
    return lt.bencode(ct.generate())
