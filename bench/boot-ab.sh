#!/usr/bin/env bash
# Interleaved boots of two PAR builds (A and B) and the bare minimal app, to measure one change against the code
# before it: each round boots minimal, A, B in turn, so a drifting machine load slows all three alike.
#   bash bench/boot-ab.sh A_DLL B_DLL [ROUNDS]
# Build the two, e.g. `git worktree add /tmp/before HEAD~1`, then in each checkout:
#   dotnet publish Par.Api/Par.Api.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o OUT
# Prints the median wall time of each (process start -> GET /health 200, through bench/boot.sh) with its ratio to the
# minimal app, and the median phase timings from each PAR boot's runtime.ready event. A_ENV and B_ENV add KEY=VALUE
# words to one side's environment (the same build twice, with and without a setting).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
a_dll=${1:?usage: boot-ab.sh A_DLL B_DLL [ROUNDS]}
b_dll=${2:?usage: boot-ab.sh A_DLL B_DLL [ROUNDS]}
rounds=${3:-10}
export BENCH_STATE
BENCH_STATE=$(mktemp -d /tmp/par-boot-ab.XXXXXX)
trap 'bash "$root/bench/boot.sh" stop all; rm -rf "$BENCH_STATE"' EXIT
minimal="$root/bench/baseline/MinimalApi/bin/Release/net10.0/MinimalApi.dll"
[ -f "$minimal" ] || dotnet build "$root/bench/baseline/MinimalApi" -c Release -nologo -v q >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export BENCH_PAR_DLL=$a_dll BENCH_PAR_R2R_DLL=$b_dll BENCH_MINIMAL_DLL=$minimal BENCH_SAMPLE_DIR="$root/samples/sample-agent"
export BENCH_PYTHON=${PYTHON:-/usr/bin/python3}
export BENCH_PAR_REST BENCH_PAR_A2A BENCH_PAR_UI BENCH_MIN_PORT
BENCH_PAR_REST=$(free_port); BENCH_PAR_A2A=$(free_port); BENCH_PAR_UI=$(free_port); BENCH_MIN_PORT=$(free_port)

# boot.sh names the two PAR builds par-dir (A) and par-r2r (B); both boot the sample directory.
for _ in $(seq "$rounds"); do
  for kind in minimal par-dir par-r2r; do
    case $kind in par-dir) export BENCH_PAR_ENV=${A_ENV:-} ;; par-r2r) export BENCH_PAR_ENV=${B_ENV:-} ;; esac
    started=$(date +%s%N)
    bash "$root/bench/boot.sh" start "$kind" >/dev/null
    echo "$kind $(( ($(date +%s%N) - started) / 1000 ))" >>"$BENCH_STATE/times"
    bash "$root/bench/boot.sh" stop all
  done
done

python3 - "$BENCH_STATE" <<'PY'
import collections, json, os, statistics, sys
state = sys.argv[1]
times = collections.defaultdict(list)
for line in open(os.path.join(state, "times")):
    kind, us = line.split()
    times[kind].append(int(us) / 1000)
floor = statistics.median(times["minimal"])
for kind, label in (("minimal", "minimal"), ("par-dir", "A"), ("par-r2r", "B")):
    t = times[kind]
    print("%-8s median %5.0f ms  (min %4.0f, max %4.0f)  %.2fx the minimal app" % (label, statistics.median(t), min(t), max(t), statistics.median(t) / floor))
for kind, label in (("par-dir", "A"), ("par-r2r", "B")):
    rows = [json.loads(l) for l in open(os.path.join(state, "ready-%s.jsonl" % kind))]
    phases = {p: round(statistics.median(r["phases"][p] for r in rows), 1) for p in rows[0]["phases"]}
    print("%s bootMs %.0f %s" % (label, statistics.median(r["bootMs"] for r in rows), phases))
PY
