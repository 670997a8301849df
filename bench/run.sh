#!/usr/bin/env bash
# PAR's benchmarks, each figure next to its floor, in one run on loopback (see docs/benchmarks.md):
#   1. boot: process start -> /health 200 (directory, https, s3; JIT, ReadyToRun and NativeAOT builds) against a bare
#      ASP.NET app + `python3 -c pass`, JIT and NativeAOT (the native floor)
#   2. REST: wrk on an agent route through PAR, on /live, on a bare Kestrel route; the worker alone over its socket
#   3. A2A: h2load with framed gRPC bodies for Invoke and Ping, PAR against a bare Kestrel gRPC service
#      (2 and 3 load the JIT build and the NativeAOT executable side by side, round after round)
#   4. memory: VmRSS of PAR and its worker after boot and after the loads (both builds)
#   5. `healthcheck`: hyperfine, the NativeAOT executable against the JIT build and the ReadyToRun publish
#   6. download: bench/download/run.sh
# Writes bench/results/latest.json and renders docs/benchmarks.md.
# Environment: BOOT_RUNS (10), LOAD_SECONDS (5), LOAD_ROUNDS (2: each load figure is the median of this many runs),
# WARM_SECONDS (5: load on each target before the rounds, so that tiered JIT has settled), R2R (1: also boot a
# ReadyToRun publish of PAR), AOT (1: also the NativeAOT executable of PAR and the native floor; runs
# scripts/setup-aot.sh for clang/lld/zlib), DOWNLOAD (1; 0 keeps the download figures of the previous latest.json),
# DOWNLOAD_MB (200), KEEP_RAW (0; 1 keeps the raw outputs directory after a good run), PUBLISHED (see below), PYTHON (default
# /usr/bin/python3 when present: what an image runs; a pyenv shim would add ~0.3 s to every venv),
# RESULT (bench/results/latest.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
boot_runs=${BOOT_RUNS:-10}
load_s=${LOAD_SECONDS:-5}
warm_s=${WARM_SECONDS:-5}
result=${RESULT:-$root/bench/results/latest.json}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v h2load >/dev/null || need+=(nghttp2-client)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v moto_server >/dev/null || { echo "moto_server is missing (bash scripts/setup-test-deps.sh installs it)" >&2; exit 1; }

if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import venv' 2>/dev/null; then PYTHON=/usr/bin/python3; else PYTHON=$(python3 -c 'import sys; print(sys.executable)'); fi
fi

out=$(mktemp -d /tmp/par-bench.XXXXXX)
export BENCH_STATE="$out/state"
mkdir -p "$BENCH_STATE"
pids=()
done_ok=0
cleanup() {
  bash bench/boot.sh stop all 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$done_ok" != 1 ]; then echo "bench/run.sh failed; raw outputs kept in $out" >&2
  elif [ "${KEEP_RAW:-0}" = 1 ]; then echo "raw outputs kept in $out" >&2
  else rm -rf "$out"; fi
}
# A load tool that fails (exit status) leaves its figure out of the median; the run goes on.
warn() { echo "warning: $1 exited with status $2" >&2; }
trap cleanup EXIT
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "{\"start\": \"$(loadavg)\"}" >"$out/load-start.json"

echo "building (Release)..." >&2
dotnet build Par.Api/Par.Api.csproj -c Release -nologo -v q >/dev/null
for p in MinimalApi GrpcApi UdsLoad; do dotnet build "bench/baseline/$p" -c Release -nologo -v q >/dev/null; done
boot_kinds=(par-dir par-https par-s3)
# PUBLISHED=DIR: the r2r/, aot/ and minimal-aot/ publishes of an earlier run (KEEP_RAW=1) of the same commit, instead
# of publishing again (the NativeAOT publishes take minutes on a busy 2-core machine)
pub=${PUBLISHED:-$out}
if [ "${R2R:-1}" = 1 ]; then
  [ -n "${PUBLISHED:-}" ] || dotnet publish Par.Api/Par.Api.csproj -c Release -r linux-x64 --self-contained false -p:PublishAot=false \
    -p:PublishReadyToRun=true -nologo -v q -o "$pub/r2r" >/dev/null
  export BENCH_PAR_R2R_DLL="$pub/r2r/Par.Api.dll"
  [ -f "$BENCH_PAR_R2R_DLL" ] || { echo "no ReadyToRun publish at $BENCH_PAR_R2R_DLL" >&2; exit 1; }
  boot_kinds+=(par-r2r)
fi
minimal_kinds=()
if [ "${AOT:-1}" = 1 ]; then
  if [ -z "${PUBLISHED:-}" ]; then
    bash scripts/setup-aot.sh >&2
    echo "publishing NativeAOT (PAR and the native floor; minutes)..." >&2
    dotnet publish Par.Api/Par.Api.csproj -c Release -r linux-x64 -nologo -v q -o "$pub/aot" >/dev/null
    dotnet publish bench/baseline/MinimalApi -c Release -r linux-x64 -p:PublishAot=true -nologo -v q -o "$pub/minimal-aot" >/dev/null
  fi
  export BENCH_PAR_AOT_EXE="$pub/aot/Par.Api" BENCH_MINIMAL_AOT_EXE="$pub/minimal-aot/MinimalApi"
  [ -x "$BENCH_PAR_AOT_EXE" ] && [ -x "$BENCH_MINIMAL_AOT_EXE" ] || { echo "no NativeAOT publishes under $pub" >&2; exit 1; }
  boot_kinds+=(par-aot)
  minimal_kinds+=(-n aspnet-minimal-aot 'bash bench/boot.sh start minimal-aot')
fi
# As the Dockerfile does: the worker's modules compiled for the bench's Python, in every build's zipapp.
for pyz in "$root/Par.Api/bin/Release/net10.0/Worker/par_worker.pyz" "$pub/r2r/Worker/par_worker.pyz" "$pub/aot/Worker/par_worker.pyz"; do
  [ -f "$pyz" ] && "$PYTHON" "$pyz" --add-bytecode >&2
done
bin() { echo "$root/bench/baseline/$1/bin/Release/net10.0/$1.dll"; }
export BENCH_PAR_DLL="$root/Par.Api/bin/Release/net10.0/Par.Api.dll" BENCH_MINIMAL_DLL
BENCH_MINIMAL_DLL=$(bin MinimalApi)
export BENCH_PYTHON="$PYTHON" BENCH_SAMPLE_DIR="$root/samples/sample-agent"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export BENCH_PAR_REST BENCH_PAR_A2A BENCH_PAR_UI BENCH_MIN_PORT
BENCH_PAR_REST=$(free_port); BENCH_PAR_A2A=$(free_port); BENCH_PAR_UI=$(free_port); BENCH_MIN_PORT=$(free_port)
grpc_port=$(free_port)

# ---- package sources: the sample zipped as an .apkg, over https (test CA) and from moto_server
python3 bench/lib/make_apkg.py "$BENCH_SAMPLE_DIR" "$out/www/sample.apkg"
export BENCH_APKG_SHA256
BENCH_APKG_SHA256=$(sha256sum "$out/www/sample.apkg" | cut -d' ' -f1)
bash bench/lib/test-ca.sh "$out/tls"
export BENCH_CA="$out/tls/ca.pem"
python3 bench/download/serve.py "$out/www" "$out/tls/server.pem" "$out/tls/server.key" "$out/https-port" &
pids+=($!)
moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >"$out/moto.log" 2>&1 &
pids+=($!)
export BENCH_S3_ENDPOINT="http://127.0.0.1:$moto_port" BENCH_S3_URL="s3://par-bench/sample.apkg" BENCH_HTTPS_URL
for _ in $(seq 200); do [ -s "$out/https-port" ] && curl -fs -o /dev/null "$BENCH_S3_ENDPOINT/moto-api/" && break; sleep 0.05; done
BENCH_HTTPS_URL="https://127.0.0.1:$(cat "$out/https-port")/sample.apkg"
python3 bench/lib/s3_put.py "$BENCH_S3_ENDPOINT" par-bench sample.apkg "$out/www/sample.apkg"

# ---- 1. boot: rounds of one run per kind, so that a machine whose load drifts slows every kind alike
echo "boot: $boot_runs rounds..." >&2
boot_commands=()
for k in "${boot_kinds[@]}"; do boot_commands+=(-n "$k" "bash bench/boot.sh start $k"); done
echo "{\"boot\": \"$(loadavg)\"}" >"$out/load-boot.json"
for r in $(seq "$boot_runs"); do
  warm=(); [ "$r" = 1 ] && warm=(--warmup 1)
  hyperfine --style basic --runs 1 "${warm[@]}" --export-json "$out/boot-$r.json" \
    --prepare 'bash bench/boot.sh stop all' --cleanup 'bash bench/boot.sh stop all' \
    -n aspnet-minimal 'bash bench/boot.sh start minimal' \
    "${minimal_kinds[@]}" \
    -n python-pass "$PYTHON -c pass" \
    "${boot_commands[@]}" >>"$out/hyperfine.txt" 2>&1
done
cp "$BENCH_STATE"/ready-*.jsonl "$BENCH_STATE"/timeline-*.jsonl "$out/"

# ---- the servers under load: PAR with the sample (directory) as `dotnet build` runs it (JIT) and, with AOT=1, the
# NativeAOT executable beside it on ports of its own (both up at once, so that every round loads the two builds
# one after the other under the same machine load); the bare Kestrel REST and gRPC apps
bash bench/boot.sh start par-dir
bash bench/boot.sh start minimal
par_pid=$(<"$BENCH_STATE/par-dir.pid")
min_pid=$(<"$BENCH_STATE/minimal.pid")
worker_of() { python3 -c 'import json,sys; print(next(json.loads(l)["pid"] for l in open(sys.argv[1]) if "agent.worker.started" in l))' "$1"; }
if [ "${AOT:-1}" = 1 ]; then
  aot_rest=$(free_port); aot_a2a=$(free_port); aot_ui=$(free_port)
  BENCH_PAR_REST=$aot_rest BENCH_PAR_A2A=$aot_a2a BENCH_PAR_UI=$aot_ui bash bench/boot.sh start par-aot
  aot_pid=$(<"$BENCH_STATE/par-aot.pid")
  aot_worker_pid=$(worker_of "$BENCH_STATE/par-aot.log")
fi
env -i PATH="$PATH" HOME="$HOME" dotnet "$(bin GrpcApi)" "$grpc_port" >"$out/grpc.log" 2>&1 </dev/null &
grpc_pid=$!
pids+=("$grpc_pid")
worker_pid=$(worker_of "$BENCH_STATE/par-dir.log")
socket="$BENCH_STATE/work-par-dir/worker.sock"
curl -fsS "http://127.0.0.1:$BENCH_PAR_REST/meta" >"$out/meta.json"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
rss_json() {
  local native=""
  [ "${AOT:-1}" = 1 ] && native=", \"parAot\": $(rss "$aot_pid"), \"workerAot\": $(rss "$aot_worker_pid")"
  echo "{\"par\": $(rss "$par_pid"), \"worker\": $(rss "$worker_pid"), \"aspnetMinimal\": $(rss "$min_pid"), \"grpcBare\": $(rss "$grpc_pid")$native}"
}
python3 bench/lib/grpc_bodies.py "$out"
for _ in $(seq 200); do curl -s -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$grpc_port/" && break; sleep 0.05; done
bash bench/lib/check_responses.sh "$out" "$BENCH_PAR_REST" "$BENCH_MIN_PORT" "$BENCH_PAR_A2A" "$grpc_port"
[ "${AOT:-1}" = 1 ] && bash bench/lib/check_responses.sh "$out" "$aot_rest" "$BENCH_MIN_PORT" "$aot_a2a" "$grpc_port"
rss_json >"$out/rss-boot.json"

# ---- 2. and 3. REST (wrk; the worker alone through UdsLoad) and A2A (h2load; 1 connection, 1 or 32 streams)
# Every target is warmed up first (tiered JIT, connection pools), then LOAD_ROUNDS rounds measure each figure once;
# the report takes the median per figure.
udsload="$(bin UdsLoad)"
rest_targets=(par-hello:$BENCH_PAR_REST/hello par-live:$BENCH_PAR_REST/live bare-hello:$BENCH_MIN_PORT/hello)
grpc_targets=(par-ping:$BENCH_PAR_A2A:Ping par-invoke:$BENCH_PAR_A2A:Invoke bare-ping:$grpc_port:Ping bare-invoke:$grpc_port:Invoke)
if [ "${AOT:-1}" = 1 ]; then
  rest_targets+=(aot-hello:$aot_rest/hello aot-live:$aot_rest/live)
  grpc_targets+=(aot-ping:$aot_a2a:Ping aot-invoke:$aot_a2a:Invoke)
fi
h2() { # h2 PORT METHOD STREAMS SECONDS [--log-file F]
  h2load -c1 -m"$3" -D "$4" -H 'content-type: application/grpc' -H 'te: trailers' -d "$out/grpc-$2.bin" "${@:5}" \
    "http://127.0.0.1:$1/pixell.agent.AgentService/$2"
}
echo "warm-up: ${warm_s}s per target..." >&2
for c in 1 32; do
  for target in "${rest_targets[@]}"; do wrk -t1 -c"$c" -d"${warm_s}s" "http://127.0.0.1:${target#*:}" >/dev/null || true; done
  for target in "${grpc_targets[@]}"; do
    IFS=: read -r _ port method <<<"$target"
    h2 "$port" "$method" "$c" "$warm_s" >/dev/null || true
  done
done
echo "{\"rest\": \"$(loadavg)\"}" >"$out/load-rest.json"
for r in $(seq "${LOAD_ROUNDS:-2}"); do
  echo "load round $r: ${load_s}s per figure..." >&2
  for c in 1 32; do
    for target in "${rest_targets[@]}"; do
      wrk -t1 -c"$c" -d"${load_s}s" --latency "http://127.0.0.1:${target#*:}" >"$out/wrk-${target%%:*}-c$c-r$r.txt" \
        || warn "wrk ${target%%:*} c$c" $?
    done
    dotnet "$udsload" "$socket" GET /hello "$c" "$load_s" >"$out/uds-hello-c$c-r$r.json" || warn "UdsLoad hello c$c" $?
    dotnet "$udsload" "$socket" POST /_par/invoke/echo "$c" "$load_s" '{"text": "hello"}' >"$out/uds-invoke-c$c-r$r.json" \
      || warn "UdsLoad invoke c$c" $?
  done
  [ "$r" = 1 ] && echo "{\"a2a\": \"$(loadavg)\"}" >"$out/load-a2a.json"
  for m in 1 32; do
    for target in "${grpc_targets[@]}"; do
      IFS=: read -r name port method <<<"$target"
      h2 "$port" "$method" "$m" "$load_s" --log-file "$out/h2-$name-m$m-r$r.log" >"$out/h2-$name-m$m-r$r.txt" \
        || warn "h2load $name m$m" $?
    done
  done
done

rss_json >"$out/rss-load.json"
# and once the load has been over for 3 s: the idle memory trim (IDLE_MEMORY_TRIM) runs after a quiet second
sleep 3
rss_json >"$out/rss-idle.json"
# where the native PAR's and its worker's memory is once idle, by mapping (for bench/notes.md; kept with KEEP_RAW=1)
[ "${AOT:-1}" = 1 ] && { python3 bench/lib/smaps.py "$aot_pid" "$aot_worker_pid" "$par_pid" >"$out/smaps-idle.txt" || true; }

# ---- `healthcheck` (the image's HEALTHCHECK, a process start + one GET /health): native against JIT (and
# ReadyToRun), interleaved by hyperfine's order, against the native PAR still listening
if [ "${AOT:-1}" = 1 ]; then
  echo "healthcheck: hyperfine, native against JIT..." >&2
  hc=(-n native "$BENCH_PAR_AOT_EXE healthcheck" -n jit "dotnet $BENCH_PAR_DLL healthcheck")
  [ "${R2R:-1}" = 1 ] && hc+=(-n r2r "dotnet $BENCH_PAR_R2R_DLL healthcheck")
  env -i PATH="$PATH" HOME="$HOME" REST_PORT="$aot_rest" hyperfine -N --style basic --warmup 2 --runs 20 \
    --export-json "$out/healthcheck.json" "${hc[@]}" >>"$out/hyperfine.txt" 2>&1
fi
echo "{\"end\": \"$(loadavg)\"}" >"$out/load-end.json"
bash bench/boot.sh stop all
kill "$grpc_pid" 2>/dev/null || true

# ---- 5. download
if [ "${DOWNLOAD:-1}" = 1 ]; then
  echo "download: bench/download/run.sh ${DOWNLOAD_MB:-200} 3..." >&2
  bash bench/download/run.sh "${DOWNLOAD_MB:-200}" 3 >"$out/download.txt"
fi

WARM_SECONDS=$warm_s LOAD_SECONDS=$load_s python3 bench/lib/collect.py "$out" "$result" "$PYTHON"
before=(); [ -f bench/results/before.json ] && before=(bench/results/before.json)
python3 bench/lib/render.py "$result" docs/benchmarks.md "${before[@]}"
done_ok=1
echo "wrote $result and docs/benchmarks.md" >&2
