# Package endpoints on loopback for scripts/container-test.sh and scripts/netns-test.sh (sourced, bash).
# Every process started here is recorded in PAR_STARTED_PIDS so the caller's cleanup can stop exactly those.

PAR_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PAR_STARTED_PIDS=()

par_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

par_fail() { echo "FAIL: $*" >&2; exit 1; }

# par_free_ports [N]: N distinct free loopback ports (bound together, so never the same twice), one a line.
par_free_ports() {
  python3 - "${1:-1}" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

# Stops the processes this script started, newest first, by their ids.
par_stop_started() {
  local i pid
  for ((i = ${#PAR_STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PAR_STARTED_PIDS[$i]}
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  PAR_STARTED_PIDS=()
}

# par_forget PID: a process that was waited for is not ours to stop any more (its id may be reused).
par_forget() {
  local kept=() pid
  for pid in "${PAR_STARTED_PIDS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  PAR_STARTED_PIDS=("${kept[@]}")
}

# par_wait_for URL SECONDS [curl options...]: polls until URL answers 200.
par_wait_for() {
  local url=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until curl -fsS -o /dev/null --max-time 2 "$@" "$url" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

# par_make_apkg DIR OUT: zips a package directory (no bytecode caches) into an .apkg.
par_make_apkg() {
  python3 - "$1" "$2" <<'EOF'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)
            z.write(path, os.path.relpath(path, src))
EOF
}

# par_test_ca DIR: a throw-away CA and a server certificate for 127.0.0.1 and localhost.
# Sets PAR_TEST_CA (the CA's PEM, for PACKAGE_CA_BUNDLE), PAR_TLS_CERT and PAR_TLS_KEY.
par_test_ca() {
  local dir=$1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=PAR test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null || return 1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null || return 1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 1 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null || return 1
  PAR_TEST_CA=$dir/ca.pem PAR_TLS_CERT=$dir/server.pem PAR_TLS_KEY=$dir/server.key
}

# par_start_https DIR LOG: serves DIR over HTTPS with the test CA's certificate. Sets PAR_HTTPS_PORT.
par_start_https() {
  local dir=$1 log=$2 portfile
  portfile=$(mktemp)
  python3 "$PAR_LIB_DIR/tls_file_server.py" "$dir" "$PAR_TLS_CERT" "$PAR_TLS_KEY" >"$portfile" 2>"$log" &
  PAR_STARTED_PIDS+=($!)
  # Up to 30 s, as for moto: a machine under load starts Python slowly.
  for _ in $(seq 300); do
    PAR_HTTPS_PORT=$(head -n 1 "$portfile")
    [ -n "$PAR_HTTPS_PORT" ] && break
    sleep 0.1
  done
  rm -f "$portfile"
  [ -n "$PAR_HTTPS_PORT" ]
}

# par_start_moto LOG: moto_server (a real S3 API) on a free loopback port. Sets PAR_MOTO_PORT.
par_start_moto() {
  PAR_MOTO_PORT=$(par_free_ports)
  moto_server -H 127.0.0.1 -p "$PAR_MOTO_PORT" >"$1" 2>&1 &
  PAR_STARTED_PIDS+=($!)
  par_wait_for "http://127.0.0.1:$PAR_MOTO_PORT/" 30
}

# par_s3_put BUCKET KEY FILE: moto accepts unsigned requests, so curl is enough to seed it.
par_s3_put() {
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$PAR_MOTO_PORT/$1" &&
    curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$3" "http://127.0.0.1:$PAR_MOTO_PORT/$1/$2"
}

# par_grpc PORT METHOD BODYFILE OUTFILE: one unary gRPC call over h2c; prints the decoded response fields
# and fails unless the trailers say grpc-status 0.
par_grpc() {
  local port=$1 method=$2 body=$3 out=$4
  curl -sS --http2-prior-knowledge --max-time 10 -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary "@$body" -D "$out.headers" -o "$out" "http://127.0.0.1:$port/$method" || return 1
  grep -qiE '^grpc-status: *0\b' "$out.headers" || { cat "$out.headers" >&2; return 1; }
  python3 "$PAR_LIB_DIR/grpc_frame.py" decode <"$out"
}
