#!/usr/bin/env bash
# PAR's RSS at ready and after a short load, for comparing builds/settings (issue 17):
#   bench/rss-probe.sh EXE [RUNS]
# Boots the NativeAOT executable EXE on samples/sample-agent as bench/boot.sh does (a clean environment, a fresh
# PAR_WORK_DIR, PYTHON=/usr/bin/python3), waits for /health, reads VmRSS, applies ~12 s of load (wrk on /hello with
# 1 and 32 connections, h2load gRPC Invoke with 1 and 32 streams, Ping with 32), reads VmRSS again (and once more 3 s later, idle) and prints one JSON
# line per run: exe size, RSS at ready and after load, anonymous, the executable's resident pages, threads and the
# sum of the threads' stacks. RSS_PROBE_ENV: extra KEY=VALUE words for PAR's environment. RSS_PROBE_SMAPS=1 also
# prints bench/lib/smaps.py's breakdown after load (to stderr). RSS_PROBE_HOOK: a command run after load with
# $PAR_PID set, before the last reading (e.g. an madvise experiment).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exe=$(realpath "${1:?usage: rss-probe.sh EXE [RUNS]}")
runs=${2:-3}
py=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d /tmp/rss-probe.XXXXXX)
trap 'kill "${pid:-0}" 2>/dev/null || true; [ -n "${RSS_PROBE_KEEPTMP:-}" ] || rm -rf "$tmp"' EXIT
python3 "$root/bench/lib/grpc_bodies.py" "$tmp"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
# the executable's resident pages (its code/rodata and data/bss groups in bench/lib/smaps.py), anonymous, threads
measure() {
  python3 - "$1" "$root/bench/lib" <<'EOF'
import os, sys
pid = sys.argv[1]
sys.path.insert(0, sys.argv[2])
import smaps
exe, sizes = smaps.groups(pid)
name = os.path.basename(exe)
exe_rss = sum(s["Rss"] for n, s in sizes.items() if n.startswith(name + " ("))
anon = sum(s["Anonymous"] for s in sizes.values())
print(exe_rss, anon, len(os.listdir("/proc/%s/task" % pid)))
EOF
}
size=$(stat -c %s "$exe")
for r in $(seq "$runs"); do
  rest=$(free_port); a2a=$(free_port); ui=$(free_port)
  work="$tmp/work-$r"
  read -r -a extra <<<"${RSS_PROBE_ENV:-}"
  env -i PATH="$PATH" HOME="$HOME" AGENT_APP_ID=bench PAR_WORK_DIR="$work" PYTHON="$py" REST_PORT="$rest" A2A_PORT="$a2a" \
    UI_PORT="$ui" LOG_LEVEL=Information AGENT_PACKAGE_PATH="$root/samples/sample-agent" "${extra[@]}" \
    setsid "$exe" >"$tmp/par-$r.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$rest/health" && break
    kill -0 "$pid" 2>/dev/null || { echo "PAR exited:" >&2; tail -20 "$tmp/par-$r.log" >&2; exit 1; }
    sleep 0.05
  done
  sleep 1
  ready=$(kib VmRSS "$pid")
  read -r exe_ready anon_ready thr_ready < <(measure "$pid")
  wrk -t1 -c32 -d3s "http://127.0.0.1:$rest/hello" >/dev/null
  wrk -t1 -c1 -d2s "http://127.0.0.1:$rest/hello" >/dev/null
  for m in 32 1; do
    h2load -c1 -m$m -D 3 -H 'content-type: application/grpc' -H 'te: trailers' -d "$tmp/grpc-Invoke.bin" \
      "http://127.0.0.1:$a2a/pixell.agent.AgentService/Invoke" >"$tmp/h2-$m.txt" \
      || { echo "h2load failed; PAR $(kill -0 "$pid" 2>/dev/null && echo alive || echo gone):" >&2; tail -5 "$tmp/par-$r.log" >&2; cp "$tmp/par-$r.log" "/tmp/rss-probe-failed-$$.log"; exit 1; }
    grep -q 'succeeded, 0 failed, 0 errored' "$tmp/h2-$m.txt" || { grep '^requests' "$tmp/h2-$m.txt" >&2; }
  done
  h2load -c1 -m32 -D 2 -H 'content-type: application/grpc' -H 'te: trailers' -d "$tmp/grpc-Ping.bin" \
    "http://127.0.0.1:$a2a/pixell.agent.AgentService/Ping" >/dev/null
  sleep 1
  if [ -n "${RSS_PROBE_HOOK:-}" ]; then
    before_hook=$(kib VmRSS "$pid")
    PAR_PID=$pid PAR_REST=$rest PAR_A2A=$a2a PAR_TMP=$tmp bash -c "$RSS_PROBE_HOOK" >&2
    sleep 0.5
    echo "hook: VmRSS $before_hook -> $(kib VmRSS "$pid") KiB" >&2
  fi
  load=$(kib VmRSS "$pid")
  read -r exe_load anon_load thr_load < <(measure "$pid")
  hwm=$(kib VmHWM "$pid")
  sleep 3 # quiet: the idle trim (IDLE_MEMORY_TRIM) has given the load's memory back by now
  idle=$(kib VmRSS "$pid")
  [ "${RSS_PROBE_SMAPS:-0}" = 1 ] && python3 "$root/bench/lib/smaps.py" "$pid" >&2
  [ -n "${RSS_PROBE_KEEP:-}" ] && cp "/proc/$pid/smaps" "${RSS_PROBE_KEEP}-$r.smaps"
  printf '{"run": %d, "exe_mb": %.2f, "ready_kib": %d, "load_kib": %d, "hwm_kib": %d, "idle_kib": %d, "exe_ready_kib": %d, "exe_load_kib": %d, "anon_ready_kib": %d, "anon_load_kib": %d, "threads_ready": %d, "threads_load": %d}\n' \
    "$r" "$(echo "$size/1000000" | bc -l)" "$ready" "$load" "$hwm" "$idle" "$exe_ready" "$exe_load" "$anon_ready" "$anon_load" "$thr_ready" "$thr_load"
  kill -TERM "$pid"
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
