#!/usr/bin/env bash
# One cold boot for hyperfine: `start KIND` launches a server and returns as soon as GET /health answers 200,
# leaving it running; `stop KIND|all` stops what a start left (SIGTERM, waits for the exit).
#   minimal    the floor: bench/baseline/MinimalApi (a bare ASP.NET minimal app)
#   par-dir    PAR with the sample agent from a directory
#   par-https  PAR with the sample as an .apkg over loopback https (test CA)
#   par-s3     PAR with the sample as an .apkg from moto_server
#   par-r2r    as par-dir, with a ReadyToRun (JIT) publish of PAR (BENCH_PAR_R2R_DLL)
#   par-aot    as par-dir, with the NativeAOT executable of PAR (BENCH_PAR_AOT_EXE): what the container image runs
#   minimal-aot  the native floor: MinimalApi published with NativeAOT (BENCH_MINIMAL_AOT_EXE)
# bench/run.sh sets the environment this reads (BENCH_STATE, ports, DLLs, package URLs); see there.
# Each PAR start gets a fresh PAR_WORK_DIR (venv included) and a clean environment (env -i), as a new container would.
# The readiness probe is pure bash (/dev/tcp, read -t): no fork per poll, so polling costs the same for every kind.
# Each PAR run's timeline (log events since the process start, CPU) goes to $BENCH_STATE/timeline-KIND.jsonl.
set -euo pipefail
state=${BENCH_STATE:?}
kind=${2:?usage: boot.sh start|stop KIND}

probe() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 2 line <&3 || line=""
  exec 3>&-
  [[ $line == "HTTP/1.1 200"* ]]
}

# The environment of one PAR start, into the array penv.
par_env() {
  local work="$state/work-$kind"
  rm -rf "$work"
  penv=(PATH="$PATH" HOME="$HOME" AGENT_APP_ID=bench PAR_WORK_DIR="$work" PYTHON="$BENCH_PYTHON"
    REST_PORT="$BENCH_PAR_REST" A2A_PORT="$BENCH_PAR_A2A" UI_PORT="$BENCH_PAR_UI" LOG_LEVEL=Information)
  case "$kind" in
    par-dir | par-r2r | par-aot) penv+=(AGENT_PACKAGE_PATH="$BENCH_SAMPLE_DIR") ;;
    par-https) penv+=(PACKAGE_URL="$BENCH_HTTPS_URL" PACKAGE_SHA256="$BENCH_APKG_SHA256"
      PACKAGE_CA_BUNDLE="$BENCH_CA" PACKAGE_URL_ALLOW_PRIVATE=true) ;;
    par-s3) penv+=(PACKAGE_URL="$BENCH_S3_URL" PACKAGE_SHA256="$BENCH_APKG_SHA256" AWS_ENDPOINT_URL_S3="$BENCH_S3_ENDPOINT"
      AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1) ;;
    *) echo "unknown kind $kind" >&2; exit 64 ;;
  esac
  # BENCH_PAR_ENV: extra KEY=VALUE words for PAR, to compare a setting against the defaults.
  read -r -a extra <<<"${BENCH_PAR_ENV:-}"
  penv+=("${extra[@]}")
}

stop_one() {
  local name=$1 pidfile="$state/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(<"$pidfile")
  # The run's timeline (log events against the start and ready instants, CPU while it still runs)
  [[ $name == par-* ]] && { python3 "$(dirname "$0")/lib/boot_record.py" "$name" "$state" || true; }
  rm -f "$pidfile"
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.025; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  [[ $name == par-* ]] && { grep -h '"event":"runtime.ready"' "$state/$name.log" >>"$state/ready-$name.jsonl" || true; }
  rm -f "$state/$name.epoch"
  return 0
}

case "$1" in
  start)
    t0=$EPOCHREALTIME
    if [ "$kind" = minimal ]; then
      port=$BENCH_MIN_PORT
      env -i PATH="$PATH" HOME="$HOME" setsid dotnet "$BENCH_MINIMAL_DLL" "$port" >"$state/$kind.log" 2>&1 </dev/null &
    elif [ "$kind" = minimal-aot ]; then
      port=$BENCH_MIN_PORT
      env -i PATH="$PATH" HOME="$HOME" setsid "$BENCH_MINIMAL_AOT_EXE" "$port" >"$state/$kind.log" 2>&1 </dev/null &
    else
      port=$BENCH_PAR_REST
      par_env
      command=(dotnet "${BENCH_PAR_DLL:-}")
      [ "$kind" = par-r2r ] && command=(dotnet "$BENCH_PAR_R2R_DLL")
      [ "$kind" = par-aot ] && command=("$BENCH_PAR_AOT_EXE")
      env -i "${penv[@]}" setsid "${command[@]}" >"$state/$kind.log" 2>&1 </dev/null &
    fi
    pid=$!
    echo "$pid" >"$state/$kind.pid"
    exec 4<> <(:)
    until probe "$port" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "$kind exited before it was ready:" >&2; tail -20 "$state/$kind.log" >&2; exit 1; }
      read -r -t 0.002 -u 4 || true
    done
    echo "$t0 $EPOCHREALTIME" >"$state/$kind.epoch" # builtins only: no fork inside the timed part
    ;;
  stop)
    if [ "$kind" = all ]; then
      for k in minimal minimal-aot par-dir par-https par-s3 par-r2r par-aot; do stop_one "$k"; done
    else
      stop_one "$kind"
    fi
    ;;
  *)
    echo "usage: $0 start|stop KIND" >&2
    exit 64
    ;;
esac
