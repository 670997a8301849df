#!/usr/bin/env bash
# Boot time of samples/sample-agent: from process start until GET /health answers 200.
#   start  launches the runtime, returns as soon as /health is 200 and leaves it running
#   stop   stops the runtime a previous start left running (SIGTERM, waits for the exit)
# With hyperfine, only `start` is timed and each run begins with the previous runtime gone:
#   dotnet build -c Release
#   hyperfine --runs 20 --warmup 2 --prepare 'bash bench/boot-sample.sh stop' \
#     --cleanup 'bash bench/boot-sample.sh stop' 'bash bench/boot-sample.sh start'
# PAR's own figure for each boot (runtime.ready, with the phases) is appended to $BENCH_DIR/ready.jsonl.
# PYTHON is passed through: a pyenv shim as python3 adds ~0.3 s to the venv creation that an image's
# /usr/bin/python3 does not, so compare with PYTHON=/path/to/the/real/python3 as well.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${PAR_DLL:-$root/Par.Api/bin/Release/net10.0/Par.Api.dll}
state=${BENCH_DIR:-/tmp/par-bench}
port=${BENCH_REST_PORT:-18080}
mkdir -p "$state"

case "${1:-}" in
  start)
    work="$state/work"
    rm -rf "$work"
    AGENT_APP_ID=bench AGENT_PACKAGE_PATH="$root/samples/sample-agent" PAR_WORK_DIR="$work" \
      REST_PORT="$port" A2A_PORT=$((port + 1)) LOG_LEVEL=Information \
      setsid dotnet "$dll" >"$state/par.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$state/par.pid"
    until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do
      kill -0 "$pid" 2>/dev/null || { echo "PAR exited before it was ready:" >&2; cat "$state/par.log" >&2; exit 1; }
      sleep 0.005
    done
    ;;
  stop)
    [ -f "$state/par.pid" ] || exit 0
    pid=$(cat "$state/par.pid")
    rm -f "$state/par.pid"
    if kill -TERM "$pid" 2>/dev/null; then
      while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
    grep -h '"event":"runtime.ready"' "$state/par.log" >>"$state/ready.jsonl" || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 64
    ;;
esac
