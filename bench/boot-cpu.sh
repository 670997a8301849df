#!/usr/bin/env bash
# Where a boot's CPU goes: boots the sample with a PAR build and, at the first GET /health 200, reads each thread's
# /proc/PID/task/TID/schedstat (time on a CPU, time waiting in the run queue) for PAR and for its worker.
#   bash bench/boot-cpu.sh PAR_EXE [BOOTS]      e.g. the NativeAOT publish: bench/boot-cpu.sh /tmp/aot/Par.Api 7
# On two cores, PAR's and the worker's CPU together bound the boot from below however the two overlap.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exe=${1:?usage: boot-cpu.sh PAR_EXE [BOOTS]}
boots=${2:-5}
state=$(mktemp -d /tmp/par-boot-cpu.XXXXXX)
trap 'rm -rf "$state"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rest=$(free_port); a2a=$(free_port); ui=$(free_port)
probe() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$rest" || return 1
  printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 2 line <&3 || line=""
  exec 3>&-
  [[ $line == "HTTP/1.1 200"* ]]
}
exec 4<> <(:)
for _ in $(seq "$boots"); do
  rm -rf "$state/work"
  t0=$EPOCHREALTIME
  env -i PATH="$PATH" HOME="$HOME" AGENT_APP_ID=bench AGENT_PACKAGE_PATH="$root/samples/sample-agent" \
    PAR_WORK_DIR="$state/work" REST_PORT="$rest" A2A_PORT="$a2a" UI_PORT="$ui" PYTHON="${PYTHON:-/usr/bin/python3}" \
    setsid "$exe" >"$state/par.log" 2>&1 </dev/null &
  pid=$!
  until probe 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "PAR exited before it was ready:" >&2; tail -20 "$state/par.log" >&2; exit 1; }
    read -r -t 0.002 -u 4 || true
  done
  t1=$EPOCHREALTIME
  python3 - "$pid" "$t0" "$t1" <<'PY'
import os, sys
pid, t0, t1 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
def threads(p):  # (name, on-CPU ms, run-queue ms) per thread
    out = []
    for t in os.listdir(f"/proc/{p}/task"):
        try:
            run, wait, _ = open(f"/proc/{p}/task/{t}/schedstat").read().split()
            out.append((open(f"/proc/{p}/task/{t}/comm").read().strip(), int(run) / 1e6, int(wait) / 1e6))
        except OSError:
            pass
    return out
par = threads(pid)
workers = [x for k in open(f"/proc/{pid}/task/{pid}/children").read().split() for x in threads(int(k))]
main = next((x[1] for x in par if x[0] == "Par.Api"), 0.0)
print(f"boot {(t1 - t0) * 1000:.1f} ms | PAR cpu {sum(x[1] for x in par):.1f} ms (main thread {main:.1f}), "
      f"run queue {sum(x[2] for x in par):.1f} | worker cpu {sum(x[1] for x in workers):.1f}, run queue {sum(x[2] for x in workers):.1f}")
PY
  kill -TERM "$pid"; wait "$pid" || true
done
