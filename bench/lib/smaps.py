"""Where a process's resident memory is, by mapping: smaps.py PID [PID...]
Groups /proc/PID/smaps by what is mapped: the executable's file pages (its code and read-only data), its writable
data and bss, each shared library, [heap] (malloc), [stack], and anonymous mappings (for .NET: the GC heap, the
runtime's own allocations, thread stacks). Prints Rss and the private/anonymous part per group in MiB, largest
first, then /proc/PID/smaps_rollup's totals."""
import collections
import os
import sys


def groups(pid):
    exe = os.path.realpath("/proc/%s/exe" % pid)
    sizes = collections.defaultdict(lambda: collections.Counter())
    name = None
    with open("/proc/%s/smaps" % pid, encoding="utf-8") as f:
        for line in f:
            head = line.split()
            if not head:
                continue
            if "-" in head[0] and not head[0].endswith(":"):  # a mapping's first line: range perms offset dev inode [path]
                perms, path = head[1], (head[5] if len(head) > 5 else "")
                if path == exe:
                    name = "%s (%s)" % (os.path.basename(exe), "code/rodata" if "w" not in perms else "data/bss")
                elif path.startswith("["):
                    name = path if path in ("[heap]", "[stack]") else "[kernel: %s]" % path.strip("[]")
                elif path:
                    name = os.path.basename(path) if "w" not in perms else os.path.basename(path) + " (writable)"
                else:
                    name = "anonymous (%s)" % ("rw" if "w" in perms else perms)
                continue
            if head[0] in ("Rss:", "Anonymous:", "Private_Dirty:", "Private_Clean:", "Shared_Clean:"):
                sizes[name][head[0][:-1]] += int(head[1])
    return exe, sizes


def main():
    for pid in sys.argv[1:]:
        exe, sizes = groups(pid)
        total = sum(s["Rss"] for s in sizes.values())
        print("PID %s (%s): Rss %.1f MiB" % (pid, exe, total / 1024))
        print("  %-44s %9s %9s %9s" % ("mapping", "Rss MiB", "anon", "shared"))
        for name, s in sorted(sizes.items(), key=lambda kv: -kv[1]["Rss"]):
            if s["Rss"] >= 128:  # leave out what is under 128 KiB
                print("  %-44s %9.1f %9.1f %9.1f" % (name[:44], s["Rss"] / 1024, s["Anonymous"] / 1024, s["Shared_Clean"] / 1024))
        small = sum(s["Rss"] for s in sizes.values() if s["Rss"] < 128)
        print("  %-44s %9.1f" % ("(mappings under 128 KiB each)", small / 1024))
        with open("/proc/%s/smaps_rollup" % pid, encoding="utf-8") as f:
            rollup = {l.split()[0][:-1]: int(l.split()[1]) for l in f if l.split() and l.split()[0].endswith(":")}
        print("  rollup: " + ", ".join("%s %.1f" % (k, rollup[k] / 1024) for k in
                                       ("Rss", "Pss", "Anonymous", "Private_Dirty", "Shared_Clean", "Private_Clean") if k in rollup)
              + " MiB")


if __name__ == "__main__":
    main()
