"""The methods on the code pages a process has mapped: order.py PID EXE_OR_DBG
Reads /proc/PID/pagemap over the executable's __managedcode section and prints, in address order, the symbol name
(`nm -n -S` of EXE_OR_DBG, which must be the same build) of every method that starts or ends on a mapped page or
spans one. bench/layout/profile.sh runs it where a page is mapped only when the process touched it. The symbols'
addresses are the process's because PAR's executable is not position-independent (Par.Api.csproj); a PIE build maps
elsewhere, finds no page and exits with that message."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from aot_symbols import code_symbols, managed_code  # noqa: E402

PAGE = 4096


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
    for address, size, name in code_symbols(path, start, end):
        touched = any(page in pages for page in range(address // PAGE, (address + size - 1) // PAGE + 1))
        if touched and name not in seen:
            seen.add(name)
            print(name)


if __name__ == "__main__":
    main()
