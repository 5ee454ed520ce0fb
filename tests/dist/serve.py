#!/usr/bin/env python3
"""A static HTTP server on 127.0.0.1 for the release packages: serves DIR on a free port, which
it writes to PORTFILE once listening. .tgz goes out as application/gzip: helm 3 decides from
the Content-Type alone whether a URL is a plugin archive (python's default, x-tar, is refused).

    tests/dist/serve.py DIR PORTFILE
"""
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".tgz": "application/gzip", ".prov": "text/plain"}

    def log_message(self, *args):
        pass


def main():
    directory, portfile = sys.argv[1], sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=directory))
    with open(portfile + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    server.serve_forever()


if __name__ == "__main__":
    main()
