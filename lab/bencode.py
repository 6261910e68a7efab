"""Strict bencode decoding (BEP 3) for the lab's payload checks and torrent files."""


class BencodeError(ValueError):
    pass


def decode(data):
    """Decode one complete bencoded value; trailing bytes are an error."""
    value, end = decode_prefix(data, 0)
    if end != len(data):
        raise BencodeError(f"{len(data) - end} trailing bytes after offset {end}")
    return value


def decode_prefix(data, i):
    """Decode the value starting at offset i; returns (value, offset after it)."""
    if i >= len(data):
        raise BencodeError(f"unexpected end at offset {i}")
    c = data[i:i + 1]
    if c == b"i":
        e = data.index(b"e", i)
        s = data[i + 1:e]
        if not s or s == b"-0" or (s[:1] == b"0" and len(s) > 1) or s[:2] == b"-0":
            raise BencodeError(f"bad integer at offset {i}")
        return int(s), e + 1
    if c == b"l":
        out, i = [], i + 1
        while data[i:i + 1] != b"e":
            v, i = decode_prefix(data, i)
            out.append(v)
        return out, i + 1
    if c == b"d":
        out, i, last = {}, i + 1, None
        while data[i:i + 1] != b"e":
            k, i = decode_prefix(data, i)
            if not isinstance(k, bytes):
                raise BencodeError(f"non-string dictionary key before offset {i}")
            if last is not None and k <= last:
                raise BencodeError(f"dictionary keys not sorted/unique at offset {i}")
            last = k
            out[k], i = decode_prefix(data, i)
        return out, i + 1
    if c.isdigit():
        colon = data.index(b":", i)
        n = int(data[i:colon])
        if data[i:i + 1] == b"0" and colon - i > 1:
            raise BencodeError(f"bad string length at offset {i}")
        if colon + 1 + n > len(data):
            raise BencodeError(f"string past end at offset {i}")
        return data[colon + 1:colon + 1 + n], colon + 1 + n
    raise BencodeError(f"unexpected byte {c!r} at offset {i}")
