"""The methods on the code pages a process has mapped: order.py PID EXE_OR_DBG
Reads /proc/PID/pagemap over the executable's __managedcode section and prints, in address order, the symbol name
(`nm -n -S` of EXE_OR_DBG, which must be the same build) of every method that starts or ends on a mapped page or
spans one. bench/layout/profile.sh runs it where a page is mapped only when the process touched it. The symbols'
addresses are the process's because PAR's executable is not position-independent (Par.Api.csproj); a PIE build maps
elsewhere, finds no page and exits with that message."""
import struct
import subprocess
import sys

PAGE = 4096


def managed_code(path):
    for line in subprocess.run(["readelf", "-SW", path], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.replace("[ ", "[").split()
        if len(parts) > 5 and parts[1] == "__managedcode":
            start = int(parts[3], 16)
            return start, start + int(parts[5], 16)
    sys.exit("no __managedcode section in %s" % path)


def methods(path, start, end):
    """(address, size, name) of the executable's code symbols in [start, end), in address order."""
    found = []
    nm = subprocess.run(["nm", "-n", "-S", "--defined-only", path], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[2] in "tT":
            address = int(parts[0], 16)
            if start <= address < end:
                found.append((address, max(1, int(parts[1], 16)), parts[3]))
    return found


def mapped_pages(pid, start, end):
    first, last = start // PAGE, (end - 1) // PAGE
    with open("/proc/%s/pagemap" % pid, "rb") as pagemap:
        pagemap.seek(first * 8)
        entries = struct.iter_unpack("<Q", pagemap.read((last - first + 1) * 8))
        return {first + i for i, (entry,) in enumerate(entries) if entry >> 63}


def main():
    pid, path = sys.argv[1], sys.argv[2]
    start, end = managed_code(path)
    pages = mapped_pages(pid, start, end)
    if not pages:
        sys.exit("no mapped page in the executable's code: is PID %s this build's process?" % pid)
    seen = set()
    for address, size, name in methods(path, start, end):
        touched = any(page in pages for page in range(address // PAGE, (address + size - 1) // PAGE + 1))
        if touched and name not in seen:
            seen.add(name)
            print(name)


if __name__ == "__main__":
    main()
