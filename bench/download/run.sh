#!/usr/bin/env bash
# Download bench: PAR's fetch + SHA-256 verify of a 200 MB package over loopback HTTPS, against
# `curl -o /dev/null` of the same URL from the same server in the same run.
# Reports both throughputs, their ratio, and the growth of PAR's peak RSS during the download
# (VmHWM at the end minus VmRSS when package.download.started was logged).
# Usage: bench/download/run.sh [SIZE_MB=200] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-200}
rounds=${2:-3}

work=$(mktemp -d /tmp/par-bench-download.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building Par.Api (Release)..." >&2
dotnet build Par.Api/Par.Api.csproj -c Release -nologo -v q -o "$work/bin" >/dev/null

mkdir -p "$work/www"
head -c "$((size_mb * 1024 * 1024))" /dev/urandom >"$work/www/agent.apkg"
sha=$(sha256sum "$work/www/agent.apkg" | cut -d' ' -f1)

# A private CA and a server certificate for 127.0.0.1, trusted by PAR through PACKAGE_CA_BUNDLE and by curl through --cacert.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=PAR bench CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf "subjectAltName=IP:127.0.0.1\n" >"$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
  -extfile "$work/san.ext" -out "$work/server.pem" 2>/dev/null

python3 bench/download/serve.py "$work/www" "$work/server.pem" "$work/server.key" "$work/port" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
url="https://127.0.0.1:$(cat "$work/port")/agent.apkg"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

curl -sS --cacert "$work/ca.pem" -o /dev/null "$url" # warm the page cache and the server

# The VmRSS/VmHWM figure (kB) of a process, read without forking so the sampling does not steal CPU from the download.
proc_kb() {
  local status
  status=$(<"/proc/$1/status") || return 1
  [[ $status =~ $2:[[:space:]]+([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# One PAR boot: fetch + verify, then the boot stops at the next phase (the random bytes are no package).
# VmHWM is the kernel's own peak, so two readings suffice: VmRSS when the download starts, VmHWM when it ends.
run_par() {
  local log="$work/par-$1.log" baseline="" peak=""
  rm -rf "$work/par-work"
  : >"$log"
  env -i PATH="$PATH" HOME="$HOME" DOTNET_ROOT="${DOTNET_ROOT:-}" \
    AGENT_APP_ID=bench PACKAGE_URL="$url" PACKAGE_SHA256="$sha" PACKAGE_CA_BUNDLE="$work/ca.pem" \
    PACKAGE_URL_ALLOW_PRIVATE=true MAX_PACKAGE_SIZE_MB=$((size_mb + 16)) PAR_WORK_DIR="$work/par-work" \
    REST_PORT="$(free_port)" A2A_PORT="$(free_port)" UI_PORT="$(free_port)" BOOT_FAILURE_BACKOFF_SEC=30 \
    dotnet "$work/bin/Par.Api.dll" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null && [ -z "$baseline" ]; do
    [[ $(<"$log") == *'"package.download.started"'* ]] && baseline=$(proc_kb "$pid" VmRSS)
    sleep 0.01
  done
  while kill -0 "$pid" 2>/dev/null; do
    if [[ $(<"$log") == *'"package.download.completed"'* || $(<"$log") == *'"package.download.failed"'* ]]; then
      peak=$(proc_kb "$pid" VmHWM)
      break
    fi
    sleep 0.2
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "${baseline:-0} ${peak:-0}" >"$work/rss-$1.result"
}

for round in $(seq "$rounds"); do
  curl -sS --cacert "$work/ca.pem" -o /dev/null -w '%{size_download} %{time_total}\n' "$url" >"$work/curl-$round.txt"
  run_par "$round"
done

python3 - "$work" "$rounds" "$size_mb" <<'PY'
import json, sys
work, rounds, size_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
mib = 1024 * 1024
print(f"package: {size_mb} MiB over loopback https; {rounds} rounds (curl, then PAR, per round)")
ratios, growths = [], []
for r in range(1, rounds + 1):
    size, seconds = open(f"{work}/curl-{r}.txt").read().split()
    curl = int(size) / float(seconds) / mib
    done = [json.loads(l) for l in open(f"{work}/par-{r}.log") if '"package.download.completed"' in l]
    if not done:
        sys.exit(f"round {r}: PAR did not complete the download:\n" + open(f"{work}/par-{r}.log").read())
    par = done[0]["bytes"] / (done[0]["durationMs"] / 1000) / mib
    baseline, peak = (int(x) for x in open(f"{work}/rss-{r}.result").read().split())
    growth = (peak - baseline) / 1024
    ratios.append(par / curl); growths.append(growth)
    print(f"round {r}: curl {curl:7.1f} MiB/s   PAR fetch+verify {par:7.1f} MiB/s   ratio {par / curl:.2f}   "
          f"PAR peak RSS growth {growth:.1f} MiB (VmRSS {baseline / 1024:.1f} MiB at start, VmHWM {peak / 1024:.1f} MiB)")
ratios.sort(); growths.sort()
print(f"median: ratio PAR/curl {ratios[len(ratios) // 2]:.2f}, peak RSS growth {growths[len(growths) // 2]:.1f} MiB")
PY
