#!/usr/bin/env bash
# Before any load: PAR and the bare apps answer what the load tools will count as success.
# check_responses.sh DIR PAR_REST BARE_REST PAR_A2A BARE_GRPC
set -euo pipefail
dir=$1
par=$(curl -fsS "http://127.0.0.1:$2/hello")
bare=$(curl -fsS "http://127.0.0.1:$3/hello")
[ "$par" = "$bare" ] || { echo "PAR /hello answered '$par', the bare app '$bare'" >&2; exit 1; }
for port in "$4" "$5"; do
  for method in Ping Invoke; do
    headers=$(curl -sS --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
      --data-binary "@$dir/grpc-$method.bin" -D - -o "$dir/reply.bin" "http://127.0.0.1:$port/pixell.agent.AgentService/$method")
    grep -qi '^grpc-status: 0' <<<"$headers" || { echo "$method on port $port: $headers" >&2; exit 1; }
    expected=pong; [ "$method" = Invoke ] && expected=hello
    grep -q "$expected" "$dir/reply.bin" || { echo "$method on port $port did not answer '$expected'" >&2; exit 1; }
  done
done
