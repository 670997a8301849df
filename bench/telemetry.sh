#!/usr/bin/env bash
# The request-path cost of telemetry (docs/telemetry.md): PAR (Release, JIT) with the sample agent, wrk on an agent
# route (/hello, forwarded to the ASGI app) and on /live, in three configurations:
#   off      METRICS=false, no OTEL_EXPORTER_OTLP_ENDPOINT: no meter listened to, no span made
#   metrics  METRICS=true (the default): meters recorded for GET /metrics (nothing scrapes during the load)
#   otlp     METRICS=true and OTEL_EXPORTER_OTLP_ENDPOINT at a local OTLP/HTTP sink: a span per request, exported
# Each round runs every configuration once (rotated, so a load drift hits all alike); figures are medians of ROUNDS.
# Environment: LOAD_SECONDS (5), WARM_SECONDS (3), ROUNDS (3), CONNECTIONS (8), RESULT (bench/results/telemetry.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
load_s=${LOAD_SECONDS:-5}
warm_s=${WARM_SECONDS:-3}
rounds=${ROUNDS:-3}
conns=${CONNECTIONS:-8}
result=${RESULT:-$root/bench/results/telemetry.json}
command -v wrk >/dev/null || { echo "wrk is missing (bash scripts/setup-test-deps.sh installs it)" >&2; exit 1; }

out=$(mktemp -d /tmp/par-bench-telemetry.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building (Release)..." >&2
dotnet build Par.Api/Par.Api.csproj -c Release -nologo -v q >/dev/null
dll="$root/Par.Api/bin/Release/net10.0/Par.Api.dll"

# The OTLP/HTTP sink: accepts every export with 200 and drops it (a collector's cost is not PAR's).
sink_port=$(free_port)
python3 - "$sink_port" >/dev/null 2>&1 <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
pids+=($!)

start_par() { # start_par NAME EXTRA_ENV... ; sets par_pid, rest
  local name=$1; shift
  rest=$(free_port)
  env -i PATH="$PATH" HOME="$HOME" AGENT_APP_ID=bench AGENT_PACKAGE_PATH="$root/samples/sample-agent" \
    PAR_WORK_DIR="$out/work-$name" REST_PORT="$rest" A2A_PORT="$(free_port)" UI_PORT="$(free_port)" \
    LOG_LEVEL=Warning ACCESS_LOG=false "$@" setsid dotnet "$dll" >"$out/$name.log" 2>&1 </dev/null &
  par_pid=$!
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$rest/ready" && return 0
    kill -0 "$par_pid" 2>/dev/null || { echo "PAR ($name) exited:" >&2; tail -20 "$out/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "PAR ($name) not ready" >&2; exit 1
}
stop_par() { kill -TERM "$par_pid" 2>/dev/null || true; wait "$par_pid" 2>/dev/null || true; }
# PAR's own CPU time (user + system, clock ticks): per request it is steadier than req/s on a shared machine.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$par_pid/stat"; }

configs=(off metrics otlp)
env_of() {
  case $1 in
    off) echo "METRICS=false" ;;
    metrics) echo "METRICS=true" ;;
    otlp) echo "METRICS=true OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port" ;;
  esac
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$rounds"); do
  # rotate the order each round
  order=("${configs[@]:$(( (r - 1) % 3 ))}" "${configs[@]:0:$(( (r - 1) % 3 ))}")
  for c in "${order[@]}"; do
    echo "round $r: $c..." >&2
    # shellcheck disable=SC2046
    start_par "$c-$r" $(env_of "$c")
    for path in hello live; do
      wrk -t1 -c"$conns" -d"${warm_s}s" "http://127.0.0.1:$rest/$path" >/dev/null || true
      before=$(cpu_ticks)
      wrk -t1 -c"$conns" -d"${load_s}s" --latency "http://127.0.0.1:$rest/$path" >"$out/wrk-$c-$path-$r.txt"
      echo $(( $(cpu_ticks) - before )) >"$out/cpu-$c-$path-$r.txt"
    done
    stop_par
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$out" "$rounds" "$result" "$load_start" "$load_end" "$conns" "$load_s" <<'PY'
import json, os, re, statistics, sys
out, rounds, result, load_start, load_end, conns, load_s = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    v = float(m.group(1)); return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
figures = {}
for c in ("off", "metrics", "otlp"):
    for path in ("hello", "live"):
        rps, p50, cpu = [], [], []
        for r in range(1, rounds + 1):
            text = open(os.path.join(out, f"wrk-{c}-{path}-{r}.txt")).read()
            rps.append(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)))
            p50.append(ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)))
            requests = int(re.search(r"(\d+) requests in", text).group(1))
            ticks = int(open(os.path.join(out, f"cpu-{c}-{path}-{r}.txt")).read())
            cpu.append(ticks * 1e6 / os.sysconf("SC_CLK_TCK") / max(requests, 1))
        figures[f"{c}/{path}"] = {"rps": round(statistics.median(rps)), "p50Ms": round(statistics.median(p50), 3),
                                  "parCpuUsPerRequest": round(statistics.median(cpu), 1),
                                  "rpsRuns": [round(x) for x in rps], "cpuUsRuns": [round(x, 1) for x in cpu]}
os.makedirs(os.path.dirname(result), exist_ok=True)
json.dump({"rounds": rounds, "connections": int(conns), "loadSeconds": int(load_s), "loadavgStart": load_start, "loadavgEnd": load_end,
           "figures": figures}, open(result, "w"), indent=2)
print("| route | figure | off | metrics | otlp |")
print("|---|---|---|---|---|")
for path, label in (("hello", "agent route `/hello` (forwarded)"), ("live", "`/live`")):
    f = [figures[f"{c}/{path}"] for c in ("off", "metrics", "otlp")]
    print(f"| {label} | PAR CPU µs per request | " + " | ".join(f"{x['parCpuUsPerRequest']:.0f}" for x in f) + " |")
    print(f"| {label} | req/s | " + " | ".join(str(x["rps"]) for x in f) + " |")
    print(f"| {label} | p50 ms | " + " | ".join(f"{x['p50Ms']:.2f}" for x in f) + " |")
print(f"\nwrk -t1 -c{conns}, {load_s} s per figure, median of {rounds} rounds; load average {load_start} -> {load_end}")
PY
