"""Does a NativeAOT publish of PAR still follow its method order? aot-method-order.py EXE_OR_DBG ORDER_ZIP
Par.Api.csproj gives ILC the list in Par.Api/Aot/method-order.zip (bench/layout/profile.sh writes it), so that the
methods PAR runs come first in the executable's code. Names the code no longer has are skipped by ILC without a
word, so a list left behind by renames silently stops working. This fails (exit 1) unless at least 90% of the listed
names are methods of the executable and the ones found fill the start of its code (__managedcode) in one run."""
import sys
import zipfile

from aot_symbols import code_symbols, managed_code

THRESHOLD = 0.90


def main():
    exe, order_zip = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(order_zip) as archive:
        listed = archive.read("method-order.txt").decode("utf-8").split()
    start, end = managed_code(exe)
    symbols = {name: (address, length) for address, length, name in code_symbols(exe, start, end)}
    found = [symbols[name] for name in set(listed) if name in symbols]
    if not found:
        sys.exit("method order: none of the %d listed methods is a symbol of %s (stripped? give the .dbg)" % (len(listed), exe))
    share = len(found) / len(listed)
    size = sum(length for _, length in found)
    span = max(address + length for address, length in found) - start
    # Alignment padding between methods makes the span a little larger than the sum of their sizes.
    packed = size / span
    print("method order: %d of %d listed methods in %s (%.1f%%), %.2f MiB of code in the first %.2f MiB (%.0f%% packed)"
          % (len(found), len(listed), exe, share * 100, size / 2**20, span / 2**20, packed * 100))
    if share < THRESHOLD or packed < THRESHOLD:
        print("the method order is not applied or is stale: regenerate Par.Api/Aot/method-order.zip with bench/layout/profile.sh "
              "(bench/notes.md, 'Method order')")
        sys.exit(1)


if __name__ == "__main__":
    main()
