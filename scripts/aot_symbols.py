"""The managed code of a NativeAOT executable, read with binutils (readelf, nm): shared by
scripts/aot-method-order.py (CI's check of the method order) and bench/layout/order.py (which writes it)."""
import subprocess
import sys


def managed_code(path):
    """[start, end) of the executable's __managedcode section, where ILC puts every compiled method."""
    for line in subprocess.run(["readelf", "-SW", path], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.replace("[ ", "[").split()
        if len(parts) > 5 and parts[1] == "__managedcode":
            start = int(parts[3], 16)
            return start, start + int(parts[5], 16)
    sys.exit("no __managedcode section in %s" % path)


def code_symbols(path, start, end):
    """(address, size, name) of the code symbols in [start, end), in address order; a symbol without a size counts 1."""
    found = []
    nm = subprocess.run(["nm", "-n", "-S", "--defined-only", path], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[2] in "tT":
            address = int(parts[0], 16)
            if start <= address < end:
                found.append((address, max(1, int(parts[1], 16)), parts[3]))
    return found
