"""The worker as PAR runs it: par_worker.pyz (zipped as Par.Api.csproj does: __main__.py and the par_worker package)
in its own process, with an agent whose top-level modules carry the worker's module names."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

from tests.support import DEADLINE

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHADOWS = ("http11", "asgi", "control", "lifespan", "task", "common", "__main__")


def build_zipapp(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(os.path.join(WORKER_DIR, "__main__.py"), "__main__.py")
        package = os.path.join(WORKER_DIR, "par_worker")
        for name in sorted(os.listdir(package)):
            if name.endswith(".py"):
                z.write(os.path.join(package, name), "par_worker/" + name)


class ZipappTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="par-worker-zipapp-")
        cls.pyz = os.path.join(cls.root, "par_worker.pyz")
        build_zipapp(cls.pyz)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="w-", dir=self.root)
        self.package = os.path.join(self.dir, "pkg")
        os.mkdir(self.package)
        self.socket, self.status = os.path.join(self.dir, "w.sock"), os.path.join(self.dir, "status.json")
        self.proc = None

    def tearDown(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stderr) if self.proc else ():
            if stream:
                stream.close()

    def write(self, name, source):
        with open(os.path.join(self.package, name), "w", encoding="utf-8") as f:
            f.write(source)

    def spec(self, **spec):
        path = os.path.join(self.dir, "spec.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(dict(spec, packageDir=self.package), f)
        return path

    def start(self, spec_argument, stdin=None):
        self.proc = subprocess.Popen([sys.executable, "-u", self.pyz, "--spec", spec_argument, "--socket", self.socket,
                                      "--status-file", self.status], cwd=self.dir, stdin=stdin or subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))

    def wait_for_status(self):
        deadline = time.monotonic() + DEADLINE
        while not os.path.exists(self.status):
            if self.proc.poll() is not None:
                self.fail("the worker exited with %s: %s" % (self.proc.returncode, self.proc.stderr.read().decode()))
            if time.monotonic() > deadline:
                self.fail("the worker wrote no status")
            time.sleep(0.02)
        with open(self.status, encoding="utf-8") as f:
            return json.load(f)

    def request(self, data):
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(DEADLINE)
            s.connect(self.socket)
            s.sendall(data)
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)

    def write_shadowing_agent(self):
        for name in SHADOWS:
            self.write(name + ".py", "raise ImportError('the worker imported the agent module %s.py')\n" % name)
        self.write("loader.py", "WHOSE = 'the agent'\n")
        self.write("server.py", "import loader\n\ndef hello(params):\n    return 'hello %s from %s' % (params['name'], loader.WHOSE)\n")

    def test_agent_modules_named_like_the_worker_modules_do_not_clash(self):
        self.write_shadowing_agent()
        self.start(self.spec(exports=[{"name": "hello", "handler": "server.hello"}]))

        status = self.wait_for_status()
        answer = self.request(b'POST /_par/invoke/hello HTTP/1.1\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{"name": "ann"}')

        self.assertEqual(("loaded", ["hello"]), (status["state"], status["actions"]))
        self.assertTrue(answer.endswith(b'{"success": true, "result": "hello ann from the agent"}'), answer)

    def test_worker_is_its_own_session_and_sigterm_stops_it_cleanly(self):
        self.write("agent_main.py", "def run(params):\n    return 1\n")
        self.start(self.spec(exports=[{"name": "run", "handler": "agent_main.run"}]))
        self.wait_for_status()

        self.assertEqual(self.proc.pid, os.getsid(self.proc.pid))
        self.proc.send_signal(signal.SIGTERM)

        self.assertEqual(0, self.proc.wait(DEADLINE))
        self.assertFalse(os.path.exists(self.socket))

    def test_load_failure_exits_3_with_the_agent_traceback(self):
        self.write("agent_main.py", "import os\nraise RuntimeError('AGENT_DB_URL is required')\n")
        self.start(self.spec(exports=[{"name": "run", "handler": "agent_main.run"}]))

        self.assertEqual(3, self.proc.wait(DEADLINE))
        status = self.wait_for_status()
        self.assertEqual("failed", status["state"])
        self.assertIn("RuntimeError: AGENT_DB_URL is required", status["error"])
        self.assertIn('agent_main.py", line 2', status["traceback"])

    def test_standby_worker_loads_the_spec_named_on_stdin(self):
        self.write_shadowing_agent()
        spec = self.spec(exports=[{"name": "hello", "handler": "server.hello"}])
        self.start("-", stdin=subprocess.PIPE)

        self.proc.stdin.write(spec.encode() + b"\n")
        self.proc.stdin.flush()

        self.assertEqual(["hello"], self.wait_for_status()["actions"])

    def test_a_loaded_worker_has_not_mapped_ssl(self):
        """asyncio's ssl is deferred to its first use (par_worker/deferred_ssl.py): an agent that makes no TLS call
        leaves libssl, libcrypto and the _ssl extension unmapped."""
        self.write("agent_main.py", "import asyncio\n\nasync def run(params):\n    return 'ok'\n")
        self.start("-", stdin=subprocess.PIPE)
        self.proc.stdin.write(self.spec(exports=[{"name": "run", "handler": "agent_main.run"}]).encode() + b"\n")
        self.proc.stdin.flush()
        self.wait_for_status()

        answer = self.request(b"POST /_par/invoke/run HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        with open("/proc/%d/maps" % self.proc.pid, encoding="utf-8") as f:
            mapped = {os.path.basename(line.split()[-1]) for line in f if "/" in line}

        self.assertTrue(answer.endswith(b'{"success": true, "result": "ok"}'), answer)
        self.assertEqual([], sorted(name for name in mapped if name.startswith(("_ssl.", "libssl", "libcrypto"))))

    def test_standby_worker_not_needed_exits_0(self):
        self.start("-", stdin=subprocess.PIPE)
        self.proc.stdin.close()

        self.assertEqual(0, self.proc.wait(DEADLINE))
        self.assertFalse(os.path.exists(self.status))


if __name__ == "__main__":
    unittest.main()
