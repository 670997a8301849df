#!/usr/bin/env bash
# Network isolation, as root: PAR boots the sample agent in a fresh network namespace that holds only
# loopback, under `strace -f -e trace=connect,sendto,sendmsg`, once from s3:// (moto_server in the same
# namespace) and once from https:// (a loopback server with a test CA); each time a REST call, a gRPC Invoke
# and a SIGTERM follow. Every connect() of PAR and its children (and every datagram sent to an address) is
# listed; the test fails on any destination but the package endpoint, PAR's own listeners (its surface
# self-checks) and the agent worker's socket.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
source scripts/lib/package-servers.sh

# par_traced_boot NAME VAR=VALUE...: one boot under strace inside the namespace; audits its connect() calls.
par_traced_boot() {
  local name=$1 rest a2a ui pid spid code trace workdir
  trace=$work/$name.strace workdir=$work/$name-work
  shift
  { read -r rest; read -r a2a; read -r ui; } < <(par_free_ports 3)
  # A clean environment: no proxy, credential or PAR variable of the machine may change what PAR connects to.
  # PYTHON is the interpreter itself, as in the image, not a version manager's shell shim.
  env -i "PATH=$PATH" "HOME=$HOME" ${DOTNET_ROOT:+"DOTNET_ROOT=$DOTNET_ROOT"} "PYTHON=$PYTHON_BIN" \
    AGENT_APP_ID=ci-netns "REST_PORT=$rest" "A2A_PORT=$a2a" "UI_PORT=$ui" "PAR_WORK_DIR=$workdir" "$@" \
    strace -f -qq -e trace=connect,sendto,sendmsg -e signal=none -o "$trace" -- dotnet "$APP" >"$work/$name.log" 2>&1 &
  spid=$!
  PAR_STARTED_PIDS+=("$spid")
  par_wait_for "http://127.0.0.1:$rest/health" 120 || { tail -n 20 "$work/$name.log" >&2; par_fail "$name: never ready"; }
  curl -fsS "http://127.0.0.1:$rest/hello" | grep -q '"message": "hello"' || par_fail "$name: GET /hello"
  python3 scripts/lib/grpc_frame.py invoke echo text=isolated >"$work/invoke.bin"
  par_grpc "$a2a" pixell.agent.AgentService/Invoke "$work/invoke.bin" "$work/$name.invoke" | grep -q '"2": "isolated"' \
    || par_fail "$name: gRPC Invoke"
  pid=$(ps -o pid= --ppid "$spid" | tr -d ' ')
  kill -TERM "$pid"
  wait "$spid"
  code=$?
  par_forget "$spid"
  [ "$code" = 0 ] || { tail -n 20 "$work/$name.log" >&2; par_fail "$name: exit code $code after SIGTERM"; }
  echo "$name: connect() calls of PAR and its children (package endpoint port $PACKAGE_PORT, REST $rest, A2A $a2a):"
  python3 scripts/lib/connect_audit.py "$trace" --unix "$workdir/worker.sock" --tcp "$PACKAGE_PORT" "$rest" "$a2a" "$ui" \
    || par_fail "$name: connections beyond the package endpoint, PAR's listeners and the worker socket"
}

# Runs in the new namespace: loopback only, so any other destination fails and shows up in the trace.
inside() {
  work=$1 APP=$2
  trap par_stop_started EXIT
  ip link set lo up || par_fail "ip link set lo up"
  if ip -o route show table all | grep -v -e '^local ' -e '^broadcast ' -e ' dev lo ' | grep -q .; then
    par_fail "the namespace has routes beyond loopback: $(ip -o route show table all)"
  fi
  echo "namespace: interfaces $(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')"

  par_start_moto "$work/moto.log" || par_fail "moto_server did not start"
  par_s3_put par-packages sample/sample-agent.apkg "$work/srv/sample-agent.apkg" || par_fail "could not seed moto"
  PACKAGE_PORT=$PAR_MOTO_PORT par_traced_boot s3 PACKAGE_URL=s3://par-packages/sample/sample-agent.apkg \
    AWS_REGION=us-east-1 "AWS_ENDPOINT_URL_S3=http://127.0.0.1:$PAR_MOTO_PORT" PACKAGE_URL_ALLOW_PRIVATE=true \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test

  par_test_ca "$work" || par_fail "test CA"
  par_start_https "$work/srv" "$work/https.log" || par_fail "https server did not start"
  PACKAGE_PORT=$PAR_HTTPS_PORT par_traced_boot https "PACKAGE_URL=https://127.0.0.1:$PAR_HTTPS_PORT/sample-agent.apkg" \
    "PACKAGE_CA_BUNDLE=$PAR_TEST_CA" PACKAGE_URL_ALLOW_PRIVATE=true
}

# The audit itself must be able to fail: a made-up trace with a metadata-service call and a DNS query.
audit_can_fail() {
  local fake
  fake=$(mktemp)
  cat >"$fake" <<'EOF'
10 connect(3, {sa_family=AF_UNIX, sun_path="/w/worker.sock"}, 110) = 0
11 connect(4, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("169.254.169.254")}, 16) = -1 ENETUNREACH
12 sendto(5, "\x12", 1, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.2")}, 16) = 1
EOF
  if python3 scripts/lib/connect_audit.py "$fake" --unix /w/worker.sock --tcp 9000 >/dev/null; then
    rm -f "$fake"
    par_fail "connect_audit.py accepted calls to 169.254.169.254 and 10.0.0.2"
  fi
  rm -f "$fake"
}

main() {
  [ "$(id -u)" = 0 ] || par_fail "netns-test.sh needs root (unshare --net)"
  command -v ip >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null; } \
    || par_fail "could not install iproute2"
  bash scripts/setup-test-deps.sh || par_fail "could not install strace, unshare or moto_server"
  PYTHON_BIN=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))') || par_fail "python3"
  export PYTHON_BIN
  audit_can_fail
  dotnet build Par.Api/Par.Api.csproj --nologo -v q -clp:ErrorsOnly >/dev/null || par_fail "dotnet build Par.Api"
  work=$(mktemp -d /tmp/par-netns-test.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/srv"
  par_make_apkg samples/sample-agent "$work/srv/sample-agent.apkg" || par_fail "could not build the sample .apkg"
  unshare --net -- bash "$0" --inside "$work" "$PWD/Par.Api/bin/Debug/net10.0/Par.Api.dll" || exit 1
  echo "network isolation test passed in $((SECONDS - started)) s"
}

if [ "${1:-}" = --inside ]; then
  inside "$2" "$3"
else
  main
fi
