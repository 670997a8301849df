"""Gathers the raw outputs of bench/run.sh (in DIR) into one JSON document: collect.py DIR RESULT.json PYTHON."""
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys

out, result_path, python = sys.argv[1:4]


def read(name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return f.read()


def load_json(name):
    return json.loads(read(name))


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else 0.0


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in sh("lscpu").splitlines() if line.startswith("Model name")), "")
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {
        "nproc": int(sh("nproc") or 0),
        "cpu": cpu or platform.processor(),
        "memoryGiB": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "dotnet": sh("dotnet", "--version"),
        "python": sh(python, "-c", "import platform; print(platform.python_version())"),
        "pythonPath": python,
        "tools": {"wrk": sh("wrk", "--version").split(" [")[0] or "wrk", "h2load": sh("h2load", "--version"),
                  "hyperfine": sh("hyperfine", "--version")},
    }


def boot():
    times = {}
    for path in sorted(glob.glob(os.path.join(out, "boot-*.json"))):
        with open(path, encoding="utf-8") as f:
            for r in json.load(f)["results"]:
                times.setdefault(r["command"], []).extend(t * 1000 for t in r["times"])
    commands = {}
    for name, values in times.items():
        commands[name] = {"medianMs": round(statistics.median(values), 1), "meanMs": round(statistics.mean(values), 1),
                          "sdMs": round(statistics.stdev(values), 1) if len(values) > 1 else 0.0,
                          "minMs": round(min(values), 1), "maxMs": round(max(values), 1), "runs": len(values)}
    floor = commands["aspnet-minimal"]["medianMs"] + commands["python-pass"]["medianMs"]
    native = commands.get("aspnet-minimal-aot", {}).get("medianMs")
    phases = {}
    for path in sorted(glob.glob(os.path.join(out, "ready-par-*.jsonl"))):
        kind = os.path.basename(path)[len("ready-"):-len(".jsonl")]
        lines = [json.loads(line) for line in open(path) if line.strip()]
        names = list(lines[0]["phases"]) if lines else []
        phases[kind] = {"runs": len(lines), "bootMs": round(statistics.median(l["bootMs"] for l in lines), 1)}
        for name in names:
            phases[kind][name] = round(statistics.median(l["phases"][name] for l in lines), 1)
        if kind in commands:
            phases[kind]["hostStartMs"] = round(commands[kind]["medianMs"] - phases[kind]["bootMs"], 1)
    result = {"floorMs": round(floor, 1), "commands": commands, "phases": phases, "timeline": timeline()}
    if native is not None:
        result["nativeFloorMs"] = round(native + commands["python-pass"]["medianMs"], 1)
    return result


def timeline():
    """Per PAR kind, medians over the runs of bench/lib/boot_record.py's timelines (ms since the process start)."""
    kinds = {}
    for path in sorted(glob.glob(os.path.join(out, "timeline-par-*.jsonl"))):
        kind = os.path.basename(path)[len("timeline-"):-len(".jsonl")]
        runs = [json.loads(line) for line in open(path) if line.strip()]
        runs = [t for t in runs if "ready" in t and "listening" in t]
        if not runs:
            continue
        med = lambda f: round(statistics.median(f(t) for t in runs), 1)
        row = {"runs": len(runs), "listening": med(lambda t: t["listening"]), "ready": med(lambda t: t["ready"]),
               "probe200": med(lambda t: t["probe200"]),
               "phases": {p: {"start": med(lambda t, p=p: t["phases"][p]["start"]), "end": med(lambda t, p=p: t["phases"][p]["end"])}
                          for p in runs[0]["phases"] if all(p in t["phases"] and "end" in t["phases"][p] for t in runs)}}
        for k in ("par", "parChildren", "worker"):
            values = [t["cpuMs"][k] for t in runs if t["cpuMs"].get(k) is not None]
            if values:
                row.setdefault("cpuMs", {})[k] = round(statistics.median(values), 1)
        kinds[kind] = row
    return kinds


def native():
    """`healthcheck` (hyperfine) per build: native, jit and, with R2R=1, r2r."""
    if not os.path.exists(os.path.join(out, "healthcheck.json")):
        return None
    health = {}
    for h in load_json("healthcheck.json")["results"]:
        health[h["command"]] = {"meanMs": round(h["mean"] * 1000, 1), "sdMs": round(h["stddev"] * 1000, 1),
                                "medianMs": round(h["median"] * 1000, 1), "minMs": round(h["min"] * 1000, 1),
                                "userMs": round(h["user"] * 1000, 1), "systemMs": round(h["system"] * 1000, 1),
                                "runs": len(h["times"])}
    return {"healthcheck": health}


def rounds(pattern, parse):
    """The median, figure by figure, of one load figure measured in several rounds."""
    runs = []
    for path in sorted(glob.glob(os.path.join(out, pattern))):
        try:
            runs.append(parse(os.path.basename(path)))
        except (AttributeError, KeyError, ValueError, IndexError) as exc:  # a failed tool leaves no figure
            print("warning: %s has no figure (%s)" % (path, exc), file=sys.stderr)
    if not runs:
        return {"rps": 0.0, "p50Us": 0.0, "p99Us": 0.0, "errors": 1, "rounds": 0}
    merged = {k: round(statistics.median(r[k] for r in runs), 1) for k in ("rps", "p50Us", "p99Us")}
    merged["errors"] = sum(r.get("errors", 0) for r in runs)
    merged["rounds"] = len(runs)
    return merged


UNITS = {"us": 1, "ms": 1000, "s": 1_000_000}


def wrk(name):
    text = read(name)
    value = lambda pattern: float(re.search(pattern, text).group(1))
    lat = {}
    for p, v, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M):
        lat[p] = float(v) * UNITS[unit]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": round(value(r"Requests/sec:\s+([\d.]+)"), 1), "p50Us": round(lat["50"], 1), "p99Us": round(lat["99"], 1),
            "errors": errors + (int(non2xx.group(1)) if non2xx else 0)}


def h2load(name):
    name = name[:-len(".txt")]
    text = read(name + ".txt")
    rps = float(re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", text).group(1))
    counts = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored", text)
    durations = [int(line.split("\t")[2]) for line in open(os.path.join(out, name + ".log")) if line.count("\t") >= 2]
    return {"rps": round(rps, 1), "p50Us": round(percentile(durations, 0.50), 1), "p99Us": round(percentile(durations, 0.99), 1),
            "errors": int(counts.group(4)) + int(counts.group(5)) if counts else 0}


def rest():
    figures = {}
    for c in (1, 32):
        row = {n: rounds("wrk-%s-c%d-r*.txt" % (n, c), wrk) for n in ("par-hello", "par-live", "bare-hello")}
        for n in ("aot-hello", "aot-live"):  # the NativeAOT executable (AOT=1)
            if glob.glob(os.path.join(out, "wrk-%s-c%d-r*.txt" % (n, c))):
                row[n] = rounds("wrk-%s-c%d-r*.txt" % (n, c), wrk)
        row["worker-hello"] = rounds("uds-hello-c%d-r*.json" % c, load_json)
        row["worker-invoke"] = rounds("uds-invoke-c%d-r*.json" % c, load_json)
        figures["c%d" % c] = row
    one = figures["c1"]
    # What PAR in front of the agent adds to one request: PAR's p50 minus the worker's own p50 over its socket.
    figures["forwardingAddedP50Us"] = round(one["par-hello"]["p50Us"] - one["worker-hello"]["p50Us"], 1)
    # The part of it that is the forwarding itself, once Kestrel's own cost (the bare route) is taken out.
    figures["proxyOnlyP50Us"] = round(figures["forwardingAddedP50Us"] - one["bare-hello"]["p50Us"], 1)
    return figures


def a2a():
    figures = {}
    for m in (1, 32):
        names = ["par-ping", "par-invoke", "bare-ping", "bare-invoke"]
        names += [n for n in ("aot-ping", "aot-invoke") if glob.glob(os.path.join(out, "h2-%s-m%d-r*.txt" % (n, m)))]
        figures["m%d" % m] = {n: rounds("h2-%s-m%d-r*.txt" % (n, m), h2load) for n in names}
    figures["invokeAddedP50Us"] = round(figures["m1"]["par-invoke"]["p50Us"] - figures["m1"]["bare-invoke"]["p50Us"], 1)
    return figures


def memory():
    mib = lambda d: {k: round(v / 1024, 1) for k, v in d.items()}
    figures = {"afterBoot": mib(load_json("rss-boot.json")), "afterLoad": mib(load_json("rss-load.json"))}
    if os.path.exists(os.path.join(out, "rss-idle.json")):
        figures["idle"] = mib(load_json("rss-idle.json"))  # 3 s after the last load
    return figures


def download(previous):
    path = os.path.join(out, "download.txt")
    if not os.path.exists(path):
        return previous.get("download")
    text = read("download.txt")
    rounds = [{"curlMiBs": float(a), "parMiBs": float(b), "ratio": float(c), "rssGrowthMiB": float(d)}
              for a, b, c, d in re.findall(r"curl\s+([\d.]+) MiB/s\s+PAR fetch\+verify\s+([\d.]+) MiB/s\s+ratio ([\d.]+)\s+"
                                           r"PAR peak RSS growth ([\d.]+) MiB", text)]
    median = re.search(r"median: ratio PAR/curl ([\d.]+), peak RSS growth ([\d.]+) MiB", text)
    size = re.search(r"package: (\d+) MiB", text)
    return {"sizeMiB": int(size.group(1)), "rounds": rounds, "ratio": float(median.group(1)),
            "rssGrowthMiB": float(median.group(2)),
            "curlMiBs": statistics.median(r["curlMiBs"] for r in rounds), "parMiBs": statistics.median(r["parMiBs"] for r in rounds)}


previous = {}
if os.path.exists(result_path):
    with open(result_path, encoding="utf-8") as f:
        previous = json.load(f)
meta = load_json("meta.json")
commit = sh("git", "rev-parse", "--short", "HEAD") + ("+dirty" if sh("git", "status", "--porcelain", "--untracked-files=no") else "")
result = {
    "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "commit": commit,
    "machine": machine(),
    "loadAverage": {k: v for name in ("start", "boot", "rest", "a2a", "end") for k, v in load_json("load-%s.json" % name).items()},
    "warmSeconds": int(os.environ.get("WARM_SECONDS", "5")),
    "loadSeconds": int(os.environ.get("LOAD_SECONDS", "5")),
    "boot": boot(),
    "meta": {"bootMs": meta.get("bootMs"), "phases": meta.get("phases")},
    "rest": rest(),
    "a2a": a2a(),
    "memoryMiB": memory(),
    "native": native(),
    "download": download(previous),
}
os.makedirs(os.path.dirname(result_path), exist_ok=True)
with open(result_path, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
