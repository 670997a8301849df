"""A tiny threaded HTTPS file server for the download bench: serves DIR on 127.0.0.1, writes its port to PORT_FILE."""
import http.server
import ssl
import sys
from functools import partial

directory, cert, key, port_file = sys.argv[1:5]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


handler = partial(QuietHandler, directory=directory)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
