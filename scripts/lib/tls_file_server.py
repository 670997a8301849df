"""Serves one folder over HTTPS on 127.0.0.1 for the container and isolation tests (standard library only).

Usage: tls_file_server.py DIR CERT KEY -- prints the chosen port on stdout once it listens.
"""
import functools
import http.server
import ssl
import sys


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write("https-server: " + (format % args) + "\n")


def main(directory, cert, key):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
