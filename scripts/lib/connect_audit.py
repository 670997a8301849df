"""Lists every destination in an `strace -f -e trace=connect,sendto,sendmsg` log and fails on any not allowed.

Usage: connect_audit.py STRACE_LOG --unix PATH... --tcp PORT...
Destinations are the addresses of connect() and those of sendto()/sendmsg() that name one (datagrams sent
without a connect, such as a DNS query, would otherwise pass unseen). Allowed: AF_UNIX to one of the given
paths, AF_INET/AF_INET6 to loopback on one of the given ports, AF_UNSPEC (it only dissolves a socket's
association) and AF_NETLINK (the kernel itself). Everything else fails.
"""
import argparse
import collections
import re
import sys

CALL = re.compile(r"(?P<call>connect|sendto|sendmsg)\(\d+, .*?\{sa_family=(?P<family>AF_\w+)(?P<rest>.*?)\}(?:, msg_namelen=\d+.*?|, \d+)\)(?: = (?P<result>.*))?")
UNIX_PATH = re.compile(r'sun_path=(?:@)?"(?P<path>[^"]*)"')
INET = re.compile(r'sin6?_port=htons\((?P<port>\d+)\).*?(?:inet_addr\("(?P<v4>[^"]+)"\)|inet_pton\(AF_INET6, "(?P<v6>[^"]+)")')
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


def describe(match):
    call, family, rest = match["call"], match["family"], match["rest"]
    if family == "AF_UNIX":
        path = UNIX_PATH.search(rest)
        return call, family, path["path"] if path else "(unnamed)", None
    if family in ("AF_INET", "AF_INET6"):
        inet = INET.search(rest)
        if inet:
            return call, family, inet["v4"] or inet["v6"], int(inet["port"])
    return call, family, rest.strip(", "), None


def allowed(family, target, port, unix_paths, tcp_ports):
    if family == "AF_UNIX":
        return target in unix_paths
    if family in ("AF_INET", "AF_INET6"):
        return target in LOOPBACK and port in tcp_ports
    return family in ("AF_UNSPEC", "AF_NETLINK")


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
    # The cut may fall before the call's closing parenthesis ("..., 28 <unfinished ...>"); the address is whole.
    for line in open(args.log, encoding="utf-8", errors="replace"):
        if "<unfinished ...>" in line:
            line = line.replace("<unfinished ...>", "").rstrip()
            line += "" if line.endswith(")") else ")"
        match = CALL.search(line)
        if match:
            key = describe(match)
            seen[key] += 1
            results[key].add((match["result"] or "(resumed later)").split(" (")[0])
        elif re.search(r"\bconnect\(|sa_family=", line) and "resumed>" not in line:
            unparsed.append(line.strip())

    if not seen:
        sys.exit("no connect() calls in %s: was the runtime traced at all?" % args.log)
    bad = 0
    for key, count in sorted(seen.items(), key=lambda kv: str(kv[0])):
        call, family, target, port = key
        ok = allowed(family, target, port, set(args.unix), set(args.tcp))
        bad += not ok
        where = "%s:%s" % (target, port) if port is not None else target
        print("  %s %-7s %-8s %s  x%d  -> %s" % ("ok " if ok else "BAD", call, family, where, count, ", ".join(sorted(results[key]))))
    for line in unparsed:
        print("  BAD unparsed: %s" % line)
    sys.exit(1 if bad or unparsed else 0)


if __name__ == "__main__":
    main()
