"""python par_worker.pyz --add-bytecode: compiles the zipapp's modules with the interpreter that runs it, in place.

zipimport cannot write a bytecode cache, so a zipapp of sources is compiled at every start (~20 ms of the worker's
CPU on the boot's critical path). This adds a `.pyc` beside each `.py` in the zip, where zipimport looks for it.
The bytecode is unchecked-hash (PEP 552): zipimport loads it without comparing it with the source, which is fine
because both are written here, together. An interpreter of another minor version finds a foreign magic number and
falls back to the source, so a zip compiled for one Python still runs on any other.

The zip is rewritten beside itself and renamed over the original, so a failure leaves the original as it was.
"""
import os
import py_compile
import shutil
import sys
import tempfile
import zipfile


def add_bytecode(archive):
    """Rewrites `archive` with a fresh .pyc for each .py entry; returns how many modules were compiled."""
    archive = os.path.abspath(archive)
    folder = os.path.dirname(archive)
    compiled = 0
    with tempfile.TemporaryDirectory(prefix=".par-bytecode-", dir=folder) as scratch:
        staged = os.path.join(scratch, "staged.pyz")
        with zipfile.ZipFile(archive) as source, zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                if entry.filename.endswith(".pyc"):
                    continue  # an earlier run's bytecode: replaced below
                data = source.read(entry)
                target.writestr(entry, data)
                if entry.filename.endswith(".py"):
                    target.writestr(entry.filename + "c", _compile(data, scratch, archive, entry.filename))
                    compiled += 1
        shutil.copymode(archive, staged)
        os.replace(staged, archive)
    return compiled


def _compile(data, scratch, archive, name):
    """The bytecode of one module, with the file name zipimport gives a module compiled from the zip's source."""
    py = os.path.join(scratch, "module.py")
    pyc = py + "c"
    with open(py, "wb") as f:
        f.write(data)
    py_compile.compile(py, cfile=pyc, dfile=os.path.join(archive, name), doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open(pyc, "rb") as f:
        return f.read()


def main(archive):
    try:
        archive = os.path.abspath(archive)
        count = add_bytecode(archive)
    except (OSError, zipfile.BadZipFile, py_compile.PyCompileError) as e:
        print(f"par_worker: could not add bytecode to {archive}: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"par_worker: {count} modules of {archive} compiled for Python {sys.version_info[0]}.{sys.version_info[1]}")
