#!/usr/bin/python3
"""Serves one file as a court-order blocklist the way the desk does: an ETag that follows the
content, 304 Not Modified for a matching If-None-Match. Logs one line per request (200 or 304).
Usage: blocklist_server.py ADDRESS PORT FILE LOG"""
import hashlib
import http.server
import sys

ADDR, PORT, FILE, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(FILE, 'rb') as f:
            body = f.read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        fresh = self.headers.get('If-None-Match') == etag
        with open(LOG, 'a') as log:
            log.write(('304' if fresh else '200') + '\n')
        if fresh:
            self.send_response(304)
            self.send_header('ETag', etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain; charset=utf-8')
        self.send_header('ETag', etag)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer((ADDR, PORT), Handler).serve_forever()
