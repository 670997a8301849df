"""python par_worker.pyz --add-bytecode (par_worker/bytecode.py), run as the Dockerfile runs it, and what zipimport
then loads: the bytecode when its magic is this interpreter's, the source when it is not."""
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
import zipfile

from tests.support import DEADLINE
from tests.test_zipapp import build_zipapp

RAISING_SOURCE = b"raise RuntimeError('compiled from source')\n"


def rewrite(archive, change):
    """Rewrites the zip with change(name, data) -> data for every entry."""
    with zipfile.ZipFile(archive) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            z.writestr(info, change(info.filename, data))


class AddBytecodeTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="par-worker-bytecode-")
        self.pyz = os.path.join(self.dir, "par_worker.pyz")
        build_zipapp(self.pyz)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def add_bytecode(self):
        return subprocess.run([sys.executable, self.pyz, "--add-bytecode"], capture_output=True, text=True,
                              timeout=DEADLINE)

    def import_server(self):
        """Imports the worker's server from the zip in a fresh interpreter, as the worker's start does."""
        code = "import sys; sys.path.insert(0, sys.argv[1]); import par_worker.server"
        return subprocess.run([sys.executable, "-c", code, self.pyz], capture_output=True, text=True,
                              timeout=DEADLINE, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))

    def names(self):
        with zipfile.ZipFile(self.pyz) as z:
            return z.namelist()

    def test_each_module_gets_unchecked_bytecode_of_this_interpreter(self):
        os.chmod(self.pyz, 0o640)
        done = self.add_bytecode()
        self.assertEqual(done.returncode, 0, done.stderr)
        names = self.names()
        sources = [n for n in names if n.endswith(".py")]
        self.assertIn("par_worker/server.py", sources)
        self.assertEqual(sorted(n for n in names if n.endswith(".pyc")), sorted(n + "c" for n in sources))
        with zipfile.ZipFile(self.pyz) as z:
            for name in sources:
                pyc = z.read(name + "c")
                self.assertEqual(pyc[:4], importlib.util.MAGIC_NUMBER, name)
                self.assertEqual(int.from_bytes(pyc[4:8], "little"), 0b01, name)  # hash-based, not checked
        self.assertEqual(stat.S_IMODE(os.stat(self.pyz).st_mode), 0o640)
        self.assertIn("%d modules" % len(sources), done.stdout)
        self.assertEqual(os.listdir(self.dir), ["par_worker.pyz"])  # no scratch left beside it

    def test_a_second_run_replaces_the_bytecode(self):
        self.assertEqual(self.add_bytecode().returncode, 0)
        first = self.names()
        self.assertEqual(self.add_bytecode().returncode, 0)
        self.assertEqual(self.names(), first)

    def test_the_bytecode_is_what_is_loaded(self):
        self.assertEqual(self.add_bytecode().returncode, 0)
        rewrite(self.pyz, lambda name, data: RAISING_SOURCE if name == "par_worker/common.py" else data)
        loaded = self.import_server()
        self.assertEqual(loaded.returncode, 0, loaded.stderr)

    def test_bytecode_of_another_python_falls_back_to_the_source(self):
        self.assertEqual(self.add_bytecode().returncode, 0)
        foreign = bytes([(importlib.util.MAGIC_NUMBER[0] + 1) % 256]) + importlib.util.MAGIC_NUMBER[1:]
        rewrite(self.pyz, lambda name, data: foreign + data[4:] if name.endswith(".pyc") else data)
        self.assertEqual(self.import_server().returncode, 0)
        rewrite(self.pyz, lambda name, data: RAISING_SOURCE if name == "par_worker/common.py" else data)
        loaded = self.import_server()
        self.assertNotEqual(loaded.returncode, 0)
        self.assertIn("compiled from source", loaded.stderr)

    def test_the_zipapp_still_runs_as_the_worker(self):
        self.assertEqual(self.add_bytecode().returncode, 0)
        standby = subprocess.run([sys.executable, self.pyz, "--spec", "-", "--socket", "s", "--status-file", "f"],
                                 input="", capture_output=True, text=True, timeout=DEADLINE, cwd=self.dir)
        self.assertEqual(standby.returncode, 0, standby.stderr)  # an empty stdin: the head start was not needed

    def test_a_module_that_does_not_compile_leaves_the_zip_as_it_was(self):
        rewrite(self.pyz, lambda name, data: b"def broken(:\n" if name == "par_worker/task.py" else data)
        with open(self.pyz, "rb") as f:
            before = f.read()
        done = self.add_bytecode()
        self.assertEqual(done.returncode, 1)
        self.assertIn("could not add bytecode to " + self.pyz, done.stderr)
        self.assertIn("task.py", done.stderr)
        with open(self.pyz, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(os.listdir(self.dir), ["par_worker.pyz"])


if __name__ == "__main__":
    unittest.main()
