#!/usr/bin/env bash
# The worker alone (issue 21): par_worker from WORKER_DIR (e.g. Par.Api/Worker, or an older commit's from git archive)
# started on the sample agent's spec, loaded by UdsLoad over its socket; prints req/s, p50 and the worker's CPU
# (utime+stime from /proc) per request.  Usage: bench/lib/worker-alone.sh WORKER_DIR PATH BODY [SECONDS] [CONNECTIONS]
# UdsLoad must be built: dotnet build bench/baseline/UdsLoad -c Release
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
w=$1 path=$2 body=$3 secs=${4:-5} conns=${5:-32}
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d /tmp/par-worker-alone.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
printf '{"packageDir": "%s", "rootPath": "", "a2a": "sample_agent.a2a:create_service", "asgi": "sample_agent.rest:app"}' \
  "$root/samples/sample-agent" >"$tmp/spec.json"
"$python" "$w/__main__.py" --spec "$tmp/spec.json" --socket "$tmp/w.sock" --status-file "$tmp/status.json" 2>"$tmp/w.log" &
pid=$!
for _ in $(seq 100); do [ -S "$tmp/w.sock" ] && [ -f "$tmp/status.json" ] && break; sleep 0.1; done
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
c0=$(cpu)
out=$(dotnet "$root/bench/baseline/UdsLoad/bin/Release/net10.0/UdsLoad.dll" "$tmp/w.sock" POST "$path" "$conns" "$secs" "$body")
c1=$(cpu)
kill -INT "$pid"; wait "$pid" || true
python3 -c "import json,os,sys; d=json.loads(sys.argv[1]); n=d['rps']*($secs+1); hz=os.sysconf('SC_CLK_TCK')
print('rps %7.0f  p50 %6.0f us  worker CPU %5.0f us/req' % (d['rps'], d['p50Us'], (int(sys.argv[2])-int(sys.argv[3]))*1e6/hz/n))" "$out" "$c1" "$c0"
