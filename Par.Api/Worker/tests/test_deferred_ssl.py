"""asyncio imported with ssl deferred (par_worker.deferred_ssl): each case runs in a fresh interpreter, as the worker
does, and TLS is real: an asyncio echo server with a certificate made by openssl, bulk data through it so that
reads run the BIO dry (sslproto's SSLAgainErrors)."""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

from tests.support import DEADLINE

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAYLOAD = 256 * 1024  # larger than one TLS record and than sslproto's read buffer

SERVER = textwrap.dedent("""
    import asyncio, ssl, sys
    async def echo(reader, writer):
        writer.write(await reader.readexactly(int(sys.argv[3])))
        await writer.drain()
        writer.close()
    async def main():
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server = await asyncio.start_server(echo, "127.0.0.1", 0, ssl=context)
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    asyncio.run(main())
    """)

# Prints what the case found as JSON: whether ssl was imported before the TLS call, and at the end whether asyncio's
# modules hold the real module and classes (an `import ssl` of the probe's own resolves nothing: the stand-in stays
# until something reads through it).
PROBE = textwrap.dedent("""
    import json, sys
    from par_worker.deferred_ssl import import_asyncio
    {before}
    import_asyncio()
    import par_worker.server
    import asyncio
    found = {{"ssl_at_standby": "ssl" in sys.modules, "_ssl_at_standby": "_ssl" in sys.modules}}
    async def call():
        {call}
    if {port}:
        found["echoed"] = asyncio.run(call())
    import ssl
    found["asyncio_has_real_ssl"] = all(m.ssl is ssl for m in (asyncio.base_events, asyncio.selector_events, asyncio.sslproto))
    real = (ssl.SSLWantReadError, ssl.SSLSyscallError)
    found["again_errors_real"] = getattr(asyncio.sslproto, "SSLAgainErrors", real) == real  # 3.11+
    print(json.dumps(found))
    """)

# The body of the probe's coroutine: one line per statement, joined at its indentation by probe().
CLIENT_CALL = ['reader, writer = await asyncio.open_connection("127.0.0.1", {port}, ssl={ssl}, server_hostname="localhost")',
               'writer.write(b"x" * {n})', "data = await reader.readexactly({n})", "writer.close()", "return len(data)"]


def client_call(port, ssl):
    return [line.format(port=port, ssl=ssl, n=PAYLOAD) for line in CLIENT_CALL]


class DeferredSslTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.cert, cls.key = os.path.join(cls.dir.name, "cert.pem"), os.path.join(cls.dir.name, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost", "-keyout", cls.key, "-out", cls.cert],
                       check=True, capture_output=True, timeout=DEADLINE)
        cls.server = subprocess.Popen([sys.executable, "-c", SERVER, cls.cert, cls.key, str(PAYLOAD)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        cls.port = int(cls.server.stdout.readline())

    @classmethod
    def tearDownClass(cls):
        cls.server.stdin.close()
        cls.server.wait(DEADLINE)
        cls.dir.cleanup()

    def probe(self, before="", call=("return 0",), port=0):
        env = dict(os.environ, SSL_CERT_FILE=self.cert, PYTHONPATH=WORKER_DIR)
        code = PROBE.format(before=before, call="\n    ".join(call), port=port)
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=DEADLINE)
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)

    def test_worker_imports_without_ssl(self):
        found = self.probe()
        self.assertFalse(found["ssl_at_standby"])
        self.assertFalse(found["_ssl_at_standby"])
        self.assertFalse(found["asyncio_has_real_ssl"])  # the stand-in, until a TLS call reads through it

    def test_tls_with_ssl_true_brings_the_real_module_in(self):
        """ssl=True: asyncio makes the default context itself, through the stand-in (the CA from SSL_CERT_FILE)."""
        found = self.probe(call=client_call(self.port, "True"), port=self.port)
        self.assertFalse(found["ssl_at_standby"])
        self.assertEqual(found["echoed"], PAYLOAD)
        self.assertTrue(found["asyncio_has_real_ssl"])
        self.assertTrue(found["again_errors_real"])

    def test_agent_context_after_its_own_import_of_ssl(self):
        """An agent imports ssl itself and passes its context: asyncio's reads through the stand-in resolve it."""
        call = ["import ssl", "context = ssl.create_default_context(cafile=%r)" % self.cert] + client_call(self.port, "context")
        found = self.probe(call=call, port=self.port)
        self.assertEqual(found["echoed"], PAYLOAD)
        self.assertTrue(found["asyncio_has_real_ssl"])
        self.assertTrue(found["again_errors_real"])

    def test_ssl_imported_first_nothing_deferred(self):
        found = self.probe(before="import ssl")
        self.assertTrue(found["ssl_at_standby"])
        self.assertTrue(found["asyncio_has_real_ssl"])
        self.assertTrue(found["again_errors_real"])


if __name__ == "__main__":
    unittest.main()
