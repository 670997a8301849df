"""Lists every connect() in an `strace -f -e trace=connect` log and fails on any that is not allowed.

Usage: connect_audit.py STRACE_LOG --unix PATH... --tcp PORT...
Allowed: AF_UNIX to one of the given paths, AF_INET/AF_INET6 to loopback on one of the given ports, and
AF_UNSPEC (which only dissolves a socket's association, it reaches nothing). Everything else fails.
"""
import argparse
import collections
import re
import sys

CALL = re.compile(r"connect\(\d+, \{sa_family=(?P<family>AF_\w+)(?P<rest>.*?)\}, \d+\)(?: = (?P<result>.*))?")
UNIX_PATH = re.compile(r'sun_path=(?:@)?"(?P<path>[^"]*)"')
INET = re.compile(r'sin6?_port=htons\((?P<port>\d+)\).*?(?:inet_addr\("(?P<v4>[^"]+)"\)|inet_pton\(AF_INET6, "(?P<v6>[^"]+)")')
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


def describe(match):
    family, rest = match["family"], match["rest"]
    if family == "AF_UNIX":
        path = UNIX_PATH.search(rest)
        return family, path["path"] if path else "(unnamed)", None
    if family in ("AF_INET", "AF_INET6"):
        inet = INET.search(rest)
        if inet:
            return family, inet["v4"] or inet["v6"], int(inet["port"])
    return family, rest.strip(", "), None


def allowed(family, target, port, unix_paths, tcp_ports):
    if family == "AF_UNIX":
        return target in unix_paths
    if family in ("AF_INET", "AF_INET6"):
        return target in LOOPBACK and port in tcp_ports
    return family == "AF_UNSPEC"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--unix", nargs="*", default=[])
    parser.add_argument("--tcp", nargs="*", type=int, default=[])
    args = parser.parse_args()

    seen = collections.Counter()
    results = collections.defaultdict(set)
    unparsed = []
    # strace -f splits calls interrupted by another thread: "connect(...<unfinished ...>" and "<... connect resumed>".
    for line in open(args.log, encoding="utf-8", errors="replace"):
        match = CALL.search(line.replace("<unfinished ...>", ""))
        if match:
            key = describe(match)
            seen[key] += 1
            results[key].add((match["result"] or "(resumed later)").split(" (")[0])
        elif "connect(" in line and "resumed>" not in line:
            unparsed.append(line.strip())

    if not seen:
        sys.exit("no connect() calls in %s: was the runtime traced at all?" % args.log)
    bad = 0
    for (family, target, port), count in sorted(seen.items(), key=lambda kv: str(kv[0])):
        ok = allowed(family, target, port, set(args.unix), set(args.tcp))
        bad += not ok
        where = "%s:%s" % (target, port) if port is not None else target
        print("  %s %-8s %s  x%d  -> %s" % ("ok " if ok else "BAD", family, where, count, ", ".join(sorted(results[(family, target, port)]))))
    for line in unparsed:
        print("  BAD unparsed: %s" % line)
    sys.exit(1 if bad or unparsed else 0)


if __name__ == "__main__":
    main()
