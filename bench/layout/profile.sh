#!/usr/bin/env bash
# The methods a NativeAOT PAR runs, for ILC's method order (issue 17): bench/layout/profile.sh EXE [ZIP]
# Boots a copy of EXE (a native publish, its Par.Api.dbg beside it) on samples/sample-agent, drives every surface a
# container serves (health and readiness, REST, pixell gRPC Invoke/Ping, A2A 1.0 and 0.3 JSON-RPC with streaming, the
# agent card, MCP, /metrics, OpenAPI), and before stopping it reads which pages of the executable's code PAR has
# mapped (/proc/PID/pagemap). bench/layout/order.py lists the methods on those pages, into method-order.txt in ZIP
# (default Par.Api/Aot/method-order.zip). Profile a build that already has an order, then publish again: on pages
# packed with what runs, the list loses most of the bystanders that shared a page with a method that ran.
# Par.Api.csproj passes that file to ILC (IlcOrderFile), which lays the listed methods out first and together.
# Why the copy and the readahead: the kernel maps up to 64 KiB of cached pages around each page a process touches,
# and reads ahead around each fault, so a normal run's mapped pages are a blur of what ran. The copy is dropped from
# the page cache and the disk's readahead is set to 0 for the run (restored after; needs root): then a page is
# mapped only when PAR touches it. Needs wrk and h2load (nghttp2-client).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$(realpath "${1:?usage: profile.sh EXE [ZIP]}")
out=$(realpath "${2:-$root/Par.Api/Aot/method-order.zip}")
dbg="${src}.dbg"; [ -f "$dbg" ] || dbg=$src
py=${PYTHON:-/usr/bin/python3}
[ "$(id -u)" = 0 ] || { echo "profile.sh needs root (the disk's readahead)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/par-layout.XXXXXX)
exe="$tmp/Par.Api"
cp "$src" "$exe"; cp -r "$(dirname "$src")/Worker" "$tmp/Worker"
readahead="/sys/class/bdi/$(stat -c '%Hd:%Ld' "$exe")/read_ahead_kb"
saved=$(cat "$readahead")
trap 'kill "${par_pid:-0}" 2>/dev/null || true; echo "$saved" >"$readahead"; rm -rf "$tmp"' EXIT
echo 0 >"$readahead"
python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)' "$exe"
python3 "$root/bench/lib/grpc_bodies.py" "$tmp"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rest=$(free_port); a2a=$(free_port); ui=$(free_port)
penv=(PATH="$PATH" HOME="$HOME" AGENT_APP_ID=layout PAR_WORK_DIR="$tmp/work" PYTHON="$py" REST_PORT="$rest" A2A_PORT="$a2a"
  UI_PORT="$ui" AGENT_PACKAGE_PATH="$root/samples/sample-agent")
env -i "${penv[@]}" "$exe" >"$tmp/par.log" 2>&1 </dev/null &
par_pid=$!
for _ in $(seq 600); do curl -fs -o /dev/null "http://127.0.0.1:$rest/ready" && break; sleep 0.05; done
curl -fs -o /dev/null "http://127.0.0.1:$rest/ready" || { echo "PAR did not become ready:" >&2; tail -20 "$tmp/par.log" >&2; exit 1; }

base="http://127.0.0.1:$rest"
json=(-H 'content-type: application/json')
mcp=(-H 'content-type: application/json' -H 'accept: application/json, text/event-stream')
surfaces() {
  for p in /health /ready /live /meta /hello /.well-known/agent-card.json \
    /swagger/runtime/swagger.json /swagger/agent/openapi.json /swagger/index.html /metrics; do curl -fs -o /dev/null "$base$p"; done
  curl -fs -o /dev/null -H 'A2A-Version: 1.0' "$base/.well-known/agent-card.json"
  curl -fs -o /dev/null "${json[@]}" -H 'A2A-Version: 1.0' "$base/a2a/jsonrpc" -d '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m1","role":"ROLE_USER","parts":[{"text":"hi"}],"metadata":{"skill":"echo","params":{"text":"hi"}}}}}'
  curl -fs -o /dev/null "${json[@]}" "$base/a2a/jsonrpc" -d '{"jsonrpc":"2.0","id":2,"method":"message/send","params":{"message":{"messageId":"m2","role":"user","kind":"message","parts":[{"kind":"text","text":"hi"}],"metadata":{"skill":"echo"}}}}'
  curl -fs -o /dev/null -N "${json[@]}" -H 'A2A-Version: 1.0' "$base/a2a/jsonrpc" -d '{"jsonrpc":"2.0","id":3,"method":"SendStreamingMessage","params":{"message":{"messageId":"m3","role":"ROLE_USER","parts":[{"text":"hi"}],"metadata":{"skill":"echo"}}}}'
  curl -fs -o /dev/null "${mcp[@]}" "$base/mcp" -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"layout","version":"1"}}}'
  curl -fs -o /dev/null "${mcp[@]}" "$base/mcp" -d '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
  curl -fs -o /dev/null "${mcp[@]}" "$base/mcp" -d '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}'
}
h2() { h2load -c1 -m"$2" -D "$3" -H 'content-type: application/grpc' -H 'te: trailers' -d "$tmp/grpc-$1.bin" \
  "http://127.0.0.1:$a2a/$4" >/dev/null; }
for _ in 1 2 3; do surfaces; done
wrk -t1 -c32 -d2s "$base/hello" >/dev/null; wrk -t1 -c1 -d1s "$base/hello" >/dev/null
h2 Invoke 32 2 pixell.agent.AgentService/Invoke; h2 Invoke 1 1 pixell.agent.AgentService/Invoke
h2 Ping 32 1 pixell.agent.AgentService/Ping
for _ in 1 2 3; do surfaces; done
python3 "$root/bench/layout/order.py" "$par_pid" "$dbg" >"$tmp/method-order.txt"
kill -TERM "$par_pid"; wait "$par_pid" || true
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9).write(sys.argv[2], "method-order.txt")' \
  "$out" "$tmp/method-order.txt"
echo "$(wc -l <"$tmp/method-order.txt") methods -> $out" >&2
