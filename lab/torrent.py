#!/usr/bin/env python3
"""torrent.py infohash FILE.torrent : prints the v1 info-hash (40 hex) of a .torrent file."""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bencode import decode_prefix  # noqa: E402


def info_hash(raw):
    if raw[:1] != b"d":
        raise ValueError("not a bencoded dictionary")
    i = 1
    while raw[i:i + 1] != b"e":
        k, i = decode_prefix(raw, i)
        start = i
        _, i = decode_prefix(raw, i)
        if k == b"info":
            return hashlib.sha1(raw[start:i]).hexdigest()
    raise ValueError("no info dictionary")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "infohash":
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[2], "rb") as f:
        print(info_hash(f.read()))
