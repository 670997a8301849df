#!/usr/bin/env bash
# WORKER_PROCESSES throughput (issue 21), in one run on loopback: PAR with the sample agent (directory, Release JIT
# build) started with WORKER_PROCESSES=1 and with =2, both up at once and loaded one after the other, round after
# round; beside them the worker alone (UdsLoad over the 1-worker PAR's worker socket): the ceiling.
#   Invoke: h2load, 1 connection, 32 streams, ActionRequest{echo}; the worker alone: POST /_par/invoke/echo, 32 connections
#   REST agent route: wrk, 32 connections, GET /hello; the worker alone: GET /hello, 32 connections
#   Invoke of a CPU-bound handler (bench/agents/busy-agent), 1 and WORKERS workers: the pool's scaling where the worker,
#   not PAR, is the ceiling
# Reports req/s (median of LOAD_ROUNDS), the ratios, PAR's and the worker's CPU per Invoke (utime+stime from /proc over
# each h2load run, divided by its requests), VmRSS per worker and the load average before and after.
# Environment: LOAD_SECONDS (5), LOAD_ROUNDS (3), WARM_SECONDS (3), WORKERS (2: the pool size beside 1), PYTHON,
# BASELINE_DLL: another build's Par.Api.dll (e.g. the commit before a change, built Release elsewhere), started with
# 1 worker beside the others and measured the same way, its worker alone included: before and after in one run;
# TUNED_ENV: variables for one more 1-worker PAR of this build, or of PAR_EXE (a runtime setting measured beside the defaults), and
# then one-connection latency too (h2load -m1 Invoke mean, wrk -c1 /hello p50/p99) for it and the 1-worker PAR;
# PAR_EXE: a NativeAOT executable of PAR (dotnet publish -r linux-x64) to run instead of this Release JIT build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
load_s=${LOAD_SECONDS:-5}
rounds=${LOAD_ROUNDS:-3}
warm_s=${WARM_SECONDS:-3}
pool=${WORKERS:-2}
python=${PYTHON:-/usr/bin/python3}
for tool in wrk h2load; do command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk nghttp2-client)" >&2; exit 69; }; done

out=$(mktemp -d /tmp/par-pool.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${KEEP_RAW:-0}" = 1 ] && echo "raw outputs kept in $out" >&2 || rm -rf "$out"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dotnet build Par.Api/Par.Api.csproj -c Release -nologo -v q >/dev/null
dotnet build bench/baseline/UdsLoad -c Release -nologo -v q >/dev/null
par_dll=$root/Par.Api/bin/Release/net10.0/Par.Api.dll
udsload=$root/bench/baseline/UdsLoad/bin/Release/net10.0/UdsLoad.dll
python3 bench/lib/grpc_bodies.py "$out"

start_par() { # start_par NAME WORKERS [DLL] [VAR=VALUE...]: writes $out/NAME.{pid,rest,a2a,log}; DLL "" is this build
  local rest a2a ui dll=${3:-$par_dll} launch
  launch=(dotnet "$dll")
  [ -n "${PAR_EXE:-}" ] && [ -z "${3:-}" ] && launch=("$PAR_EXE")
  rest=$(free_port); a2a=$(free_port); ui=$(free_port)
  env -i PATH="$PATH" HOME="$HOME" AGENT_APP_ID=bench PAR_WORK_DIR="$out/work-$1" PYTHON="$python" \
    AGENT_PACKAGE_PATH="$root/samples/sample-agent" REST_PORT="$rest" A2A_PORT="$a2a" UI_PORT="$ui" \
    WORKER_PROCESSES="$2" ACCESS_LOG=false "${@:4}" setsid "${launch[@]}" >"$out/$1.log" 2>&1 </dev/null &
  pids+=($!)
  echo $! >"$out/$1.pid"; echo "$rest" >"$out/$1.rest"; echo "$a2a" >"$out/$1.a2a"
  for _ in $(seq 600); do curl -fs -o /dev/null "http://127.0.0.1:$rest/ready" && return 0; sleep 0.1; done
  echo "PAR $1 did not become ready:" >&2; tail -20 "$out/$1.log" >&2; exit 1
}
start_par one 1
start_par pool "$pool"
targets="one pool"
if [ -n "${BASELINE_DLL:-}" ]; then start_par base 1 "$BASELINE_DLL"; targets="base one pool"; fi
# TUNED_ENV: one more 1-worker PAR of this build (or PAR_EXE) with these variables (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70)
if [ -n "${TUNED_ENV:-}" ]; then read -ra tuned <<<"$TUNED_ENV"; start_par tuned 1 "" "${tuned[@]}"; targets="$targets tuned"; fi
# A CPU-bound agent (bench/agents/busy-agent: ~0.8 ms of pure Python per call), where the worker is the ceiling: 1 and
# $pool workers, loaded with the same h2load as Invoke. What a pool is for; echo measures PAR's cost per call instead.
busy_agent=(AGENT_PACKAGE_PATH="$root/bench/agents/busy-agent")
start_par busy1 1 "" "${busy_agent[@]}"
start_par busyn "$pool" "" "${busy_agent[@]}"
workers_of() { python3 -c 'import json,sys; print(" ".join(str(json.loads(l)["pid"]) for l in open(sys.argv[1]) if "agent.worker.started" in l))' "$1"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in clock ticks
h2() { # h2 PORT SECONDS [BODY]: BODY is grpc-Invoke (echo) unless given
  h2load -c1 -m32 -D "$2" -H 'content-type: application/grpc' -H 'te: trailers' -d "$out/${3:-grpc-Invoke}.bin" \
    "http://127.0.0.1:$1/pixell.agent.AgentService/Invoke" | awk '/^finished in/ {gsub(",", "", $4); print $4}'
}
h2cpu() { # h2cpu NAME SECONDS: req/s, then PAR's and its (first) worker's CPU in µs per Invoke over the run
  local pid wpid p0 w0 rps p1 w1
  pid=$(<"$out/$1.pid"); wpid=$(workers_of "$out/$1.log" | cut -d' ' -f1)
  p0=$(ticks "$pid"); w0=$(ticks "$wpid")
  rps=$(h2 "$(<"$out/$1.a2a")" "$2")
  p1=$(ticks "$pid"); w1=$(ticks "$wpid")
  python3 -c "import os,sys; r,s,p,w=map(float,sys.argv[1:]); hz=os.sysconf('SC_CLK_TCK'); n=r*s
print('%s %.1f %.1f' % (sys.argv[1], p*1e6/hz/n, w*1e6/hz/n))" "$rps" "$2" "$((p1 - p0))" "$((w1 - w0))"
}
w() { wrk -t1 -c32 -d"${2}s" "http://127.0.0.1:$1/hello" | awk '/^Requests\/sec/ {print $2}'; }
to_us() { awk '{v=$1; u=v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v); print (u=="ms" ? v*1000 : (u=="s" ? v*1e6 : v))}'; }
h2lat() { # h2lat PORT SECONDS: one stream, one connection: the mean time per Invoke in µs
  h2load -c1 -m1 -D "$2" -H 'content-type: application/grpc' -H 'te: trailers' -d "$out/grpc-Invoke.bin" \
    "http://127.0.0.1:$1/pixell.agent.AgentService/Invoke" | awk '/^time for request:/ {print $6}' | to_us
}
wlat() { # wlat PORT SECONDS: one connection: "p50 p99" of GET /hello in µs
  local t
  t=$(wrk -t1 -c1 -d"${2}s" --latency "http://127.0.0.1:$1/hello")
  echo "$(awk '$1 == "50%" {print $2}' <<<"$t" | to_us) $(awk '$1 == "99%" {print $2}' <<<"$t" | to_us)"
}
uds() { # uds NAME METHOD PATH [BODY]: the worker alone, over NAME's first worker socket
  dotnet "$udsload" "$out/work-$1/worker.sock" "$2" "$3" 32 "$load_s" "${@:4}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rps"])'; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up ${warm_s}s per target..." >&2
for n in $targets; do h2 "$(<"$out/$n.a2a")" "$warm_s" >/dev/null; w "$(<"$out/$n.rest")" "$warm_s" >/dev/null; done
for n in busy1 busyn; do h2 "$(<"$out/$n.a2a")" "$warm_s" grpc-Busy >/dev/null; done
: >"$out/figures"
for r in $(seq "$rounds"); do
  echo "round $r/$rounds: ${load_s}s per figure..." >&2
  read -ra order <<<"$targets"; k=$(( (r - 1) % ${#order[@]} ))
  order=("${order[@]:k}" "${order[@]:0:k}") # each round starts with another target: a load that changes over the run biases none
  [ -n "${BASELINE_DLL:-}" ] && echo "baseworker-invoke $(uds base POST /_par/invoke/echo '{"text": "hello"}')" >>"$out/figures"
  echo "worker-invoke $(uds one POST /_par/invoke/echo '{"text": "hello"}')" >>"$out/figures"
  for n in "${order[@]}"; do
    read -r rps par_us worker_us < <(h2cpu "$n" "$load_s")
    echo "$n-invoke $rps" >>"$out/figures"; echo "$n-invokecpu $par_us" >>"$out/figures"; echo "$n-invokeworkercpu $worker_us" >>"$out/figures"
  done
  for n in busy1 busyn; do echo "$n-invoke $(h2 "$(<"$out/$n.a2a")" "$load_s" grpc-Busy)" >>"$out/figures"; done
  [ -n "${BASELINE_DLL:-}" ] && echo "baseworker-rest $(uds base GET /hello)" >>"$out/figures"
  echo "worker-rest $(uds one GET /hello)" >>"$out/figures"
  for n in "${order[@]}"; do echo "$n-rest $(w "$(<"$out/$n.rest")" "$load_s")" >>"$out/figures"; done
  if [ -n "${TUNED_ENV:-}" ]; then
    for n in one tuned; do
      echo "$n-latinvoke $(h2lat "$(<"$out/$n.a2a")" "$load_s")" >>"$out/figures"
      read -r p50 p99 < <(wlat "$(<"$out/$n.rest")" "$load_s")
      echo "$n-latrest50 $p50" >>"$out/figures"; echo "$n-latrest99 $p99" >>"$out/figures"
    done
  fi
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

rss_one=$(for p in $(workers_of "$out/one.log"); do rss "$p"; done | paste -sd' ')
rss_pool=$(for p in $(workers_of "$out/pool.log"); do rss "$p"; done | paste -sd' ')
par_one=$(rss "$(<"$out/one.pid")"); par_pool=$(rss "$(<"$out/pool.pid")")
python3 - "$out/figures" "$pool" "$load_start" "$load_end" "$rss_one" "$rss_pool" "$par_one" "$par_pool" "$(nproc)" <<'PY'
import statistics, sys
figures, pool, load_start, load_end, rss_one, rss_pool, par_one, par_pool, cpus = sys.argv[1:]
runs = {}
for line in open(figures):
    name, value = line.split()
    runs.setdefault(name, []).append(float(value))
m = {k: statistics.median(v) for k, v in runs.items()}
print(f"WORKER_PROCESSES bench: {cpus} CPUs, {len(runs['one-invoke'])} rounds, load average {load_start} before, {load_end} after")
print("| | worker alone | PAR, 1 worker | PAR, %s workers | 1 worker / alone | %s / 1 worker |" % (pool, pool))
print("|---|---:|---:|---:|---:|---:|")
for kind, label in (("invoke", "Invoke (h2load, 32 streams)"), ("rest", "REST /hello (wrk, 32 connections)")):
    alone, one, many = m[f"worker-{kind}"], m[f"one-{kind}"], m[f"pool-{kind}"]
    print(f"| {label} | {alone:,.0f} | {one:,.0f} | {many:,.0f} | {one / alone:.0%} | {many / one:.2f}x |")
print(f"| Invoke busy (~0.8 ms of Python per call, 32 streams) | | {m['busy1-invoke']:,.0f} | {m['busyn-invoke']:,.0f} | | {m['busyn-invoke'] / m['busy1-invoke']:.2f}x |")
w1 = [int(x) for x in rss_one.split()]
wn = [int(x) for x in rss_pool.split()]
print(f"VmRSS after the loads: PAR {int(par_one) // 1024} MiB with 1 worker, {int(par_pool) // 1024} MiB with {pool}; "
      f"workers {', '.join(f'{x // 1024} MiB' for x in w1)} (1) and {', '.join(f'{x // 1024} MiB' for x in wn)} ({pool}); "
      f"each extra worker about {statistics.mean(wn) / 1024:.0f} MiB")
print("CPU per Invoke (µs, median; PAR's process, and its first worker's; h2load's own CPU not counted):",
      ", ".join(f"{n} PAR {m[n + '-invokecpu']:.0f} / worker {m[n + '-invokeworkercpu']:.0f}" for n in ("base", "one", "pool", "tuned") if n + "-invokecpu" in m))
if "tuned-invoke" in m:
    print(f"TUNED_ENV, 1 worker: Invoke {m['tuned-invoke']:,.0f} req/s ({m['tuned-invoke'] / m['worker-invoke']:.0%} of the worker alone), "
          f"REST {m['tuned-rest']:,.0f} req/s ({m['tuned-rest'] / m['worker-rest']:.0%})")
    print("one connection, 1 worker (µs, median): Invoke mean %.0f default / %.0f TUNED_ENV; REST p50 %.0f / %.0f, p99 %.0f / %.0f"
          % tuple(m[f"{n}-{k}"] for k in ("latinvoke", "latrest50", "latrest99") for n in ("one", "tuned")))
if "base-invoke" in m:
    print("baseline build (BASELINE_DLL), 1 worker, in the same run:")
    print("| | baseline worker alone | baseline PAR | baseline PAR / its worker | this worker alone / baseline's | this PAR / baseline PAR |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, label in (("invoke", "Invoke"), ("rest", "REST /hello")):
        balone, bone, alone, one = m[f"baseworker-{kind}"], m[f"base-{kind}"], m[f"worker-{kind}"], m[f"one-{kind}"]
        print(f"| {label} | {balone:,.0f} | {bone:,.0f} | {bone / balone:.0%} | {alone / balone:.2f}x | {one / bone:.2f}x |")
print("raw req/s per round:", {k: [round(x) for x in v] for k, v in runs.items()})
PY
