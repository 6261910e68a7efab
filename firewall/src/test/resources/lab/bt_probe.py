#!/usr/bin/python3
"""Peer-wire probe for the firewall tests.

server ADDR PORT LOG: accepts connections, reads each until EOF/reset, appends one line per
  connection to LOG: "reset", "eof BYTES" or "timeout BYTES" (what reached the server side).
client ADDR PORT [SPORT]: connects (optionally from SPORT), sends a BEP 3 handshake, then a few
  messages; prints "result reset" when the connection was reset, "result open" when everything
  was sent and the server kept the connection, "result timeout" when nothing answered.
plain ADDR PORT: the same with an HTTP request and text lines instead of BitTorrent.
"""
import os
import socket
import sys
import threading
import time

HANDSHAKE = (b"\x13BitTorrent protocol" + bytes([0, 0, 0, 0, 0, 0x10, 0, 0])
             + bytes.fromhex("a1b2c3d4e5f60718293a4b5c6d7e8f9001122334") + b"-TR3000-swfwprobe123")


def serve(addr, port, log):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)

    def handle(c):
        c.settimeout(8)
        n = 0
        res = None
        try:
            while True:
                d = c.recv(65536)
                if not d:
                    res = "eof"
                    break
                n += len(d)
                if n >= len(HANDSHAKE) and n < len(HANDSHAKE) + 1:
                    pass
        except ConnectionResetError:
            res = "reset"
        except socket.timeout:
            res = "timeout"
        with open(log, "a") as f:
            f.write(res if res == "reset" else "%s %d" % (res, n))
            f.write("\n")
        c.close()

    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


def client(addr, port, sport, plain=False):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    if sport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", sport))
    s.settimeout(5)
    try:
        s.connect((addr, port))
    except (ConnectionRefusedError, ConnectionResetError):
        print("result reset")
        return
    except socket.timeout:
        print("result timeout")
        return
    print("connected", flush=True)
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: lab.test\r\n\r\n" if plain else HANDSHAKE)
        for _ in range(10):
            time.sleep(0.3)
            s.sendall(b"hello, this is not BitTorrent\r\n" if plain else b"\x00\x00\x00\x05\x04\x00\x00\x00\x01")
        s.settimeout(2)
        try:
            d = s.recv(100)
            print("result " + ("closed" if not d else "open"))
        except socket.timeout:
            print("result open")
    except (ConnectionResetError, BrokenPipeError):
        print("result reset")


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0, sys.argv[1] == "plain")
