#!/usr/bin/env bash
# The image end to end, as root, without a Docker engine or registry: lints the Dockerfile, builds local
# base images (cached outside the clone), builds the Dockerfile with buildah (chroot isolation), checks the
# image's config, then runs its ENTRYPOINT once per package source (a mounted directory, https with a test CA,
# s3 through moto_server), in parallel, and checks /health, a REST call, gRPC Invoke and health, the UI, the
# HEALTHCHECK command, REST and gRPC through nginx (as behind an ALB), a clean exit 0 on SIGTERM, and that nothing was written outside PAR_WORK_DIR (what a
# read-only root filesystem requires). Ends with "container test passed in N s".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$SECONDS

source scripts/lib/package-servers.sh
source scripts/container-base.sh

[ "$(id -u)" = 0 ] || par_fail "container-test.sh needs root (buildah with chroot isolation)"
export PAR_CONTAINER_CACHE=${PAR_CONTAINER_CACHE:-/var/cache/par-containers}
IMAGE=localhost/par:ci
CASE_PIDS=()
DOCKERFILELINT_VERSION=1.8.0

install_tools() {
  local apt=()
  command -v buildah >/dev/null || apt+=(buildah)
  command -v debootstrap >/dev/null || apt+=(debootstrap)
  if [ ${#apt[@]} -gt 0 ]; then
    par_log "installing ${apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt[@]}" >/dev/null || return 1
  fi
  if ! command -v dockerfilelint >/dev/null; then
    par_log "installing dockerfilelint $DOCKERFILELINT_VERSION"
    npm install -g --silent "dockerfilelint@$DOCKERFILELINT_VERSION" >/dev/null || return 1
  fi
  bash scripts/setup-test-deps.sh
}

cleanup() {
  local pid
  for pid in "${CASE_PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  stop_runs
  [ -n "${work:-}" ] && rm -rf "$work"
}

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$child"; descendants "$child"; done
}

# `buildah run` does not forward signals and chroot isolation has no PID namespace: stopping a run means
# signalling what runs under it. Collected first, since killed parents orphan their children.
stop_runs() {
  local run pids=()
  for run in "${PAR_STARTED_PIDS[@]}"; do pids+=($(descendants "$run")); done
  [ ${#pids[@]} -gt 0 ] && kill -KILL "${pids[@]}" 2>/dev/null
  par_stop_started
}

# The entrypoint (tini) under a `buildah run` process.
entrypoint_pid() {
  local pid
  for pid in $(descendants "$1"); do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = tini ] && { echo "$pid"; return; }
  done
}

build_image() {
  local nuget
  # -r linux-x64: the AOT publish also needs the ILCompiler and runtime packages in the offline feed.
  dotnet restore Par.Api/Par.Api.csproj -r linux-x64 --nologo -v q >/dev/null || return 1
  nuget=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//')
  # The build stage restores offline from the host's NuGet folder (outgoing HTTPS here goes through a
  # re-signing proxy whose CA the base images must not trust).
  par_buildah bud --isolation chroot --network host --format docker --layers --pull=never \
    -v "$nuget:/nuget-feed:ro" --build-arg NUGET_SOURCE=/nuget-feed \
    --build-arg SDK_IMAGE="$PAR_SDK_IMAGE" --build-arg RUNTIME_IMAGE="$PAR_RUNTIME_IMAGE" \
    -t "$IMAGE" . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; return 1; }
}

# The Docker-format config keeps what the OCI format drops (HEALTHCHECK); check what operators rely on.
check_image_config() {
  par_buildah inspect --type image "$IMAGE" >"$work/image.json" || return 1
  python3 - "$work/image.json" "$work/entrypoint" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))["Docker"]["config"]
expect = {
    "User": "10001:10001",
    "StopSignal": "SIGTERM",
    "Entrypoint": ["/usr/bin/tini", "--", "/app/Par.Api"],
    "WorkingDir": "/app",
}
problems = ["%s is %r, expected %r" % (k, config.get(k), v) for k, v in expect.items() if config.get(k) != v]
ports = sorted(config.get("ExposedPorts") or {})
if ports != ["3000/tcp", "50051/tcp", "8080/tcp"]:
    problems.append("ExposedPorts is %s" % ports)
health = config.get("Healthcheck") or {}
if health.get("Test") != ["CMD", "/app/Par.Api", "healthcheck"]:
    problems.append("Healthcheck is %r" % health)
if "PAR_WORK_DIR=/tmp/par" not in (config.get("Env") or []):
    problems.append("PAR_WORK_DIR is not /tmp/par in %r" % config.get("Env"))
if problems:
    sys.exit("image config: " + "; ".join(problems))
print("image config: user %s, ports %s, healthcheck %s, stop signal %s" % (
    config["User"], " ".join(ports), " ".join(health["Test"][1:]), config["StopSignal"]))
open(sys.argv[2], "w").write("\n".join(config["Entrypoint"]))
EOF
}

# The worker's modules load from the bytecode the image's build compiled into its zipapp (docs/python-agents.md).
check_worker_bytecode() {
  local probe loaded
  probe=$(par_buildah from --pull=never "$IMAGE") || return 1
  loaded=$(par_buildah run --isolation chroot --network host "$probe" -- python3 -c \
    'import sys; sys.path.insert(0, "/app/Worker/par_worker.pyz"); import par_worker.server as s; print(s.__file__)')
  local status=$?
  par_buildah rm "$probe" >/dev/null 2>&1
  [ $status = 0 ] && [ "$loaded" = /app/Worker/par_worker.pyz/par_worker/server.pyc ] \
    || { echo "the worker's server module loaded from '$loaded'" >&2; return 1; }
  par_log "worker bytecode: par_worker.server loaded from $loaded"
}

prepare_packages() {
  mkdir -p "$work/srv" "$work/certs"
  par_make_apkg samples/sample-agent "$work/srv/sample-agent.apkg" || return 1
  par_test_ca "$work/certs" || return 1
  par_start_https "$work/srv" "$work/https.log" || return 1
  par_start_moto "$work/moto.log" || return 1
  par_s3_put par-packages sample/sample-agent.apkg "$work/srv/sample-agent.apkg" || return 1
  # The image's user (10001) must be able to read the mounts.
  chmod -R a+rX "$work"
}

# run_case [--healthcheck] [--proxy] NAME REST A2A UI VAR=VALUE...: boots the image's ENTRYPOINT with these variables
# and checks every surface (and the HEALTHCHECK command; and REST and gRPC through nginx as an ALB addresses them). Cases run in parallel, each in a subshell with its own working
# containers (concurrent runs in one container would share its mounts), PAR_WORK_DIR volume and ports.
run_case() {
  local healthcheck=false proxy=false rest a2a ui run tini
  [ "$1" = --healthcheck ] && { healthcheck=true; shift; }
  [ "$1" = --proxy ] && { proxy=true; shift; }
  # Not local: the EXIT trap of this subshell needs them.
  name=$1 out=$work/$1 container= probe=
  rest=$2 a2a=$3 ui=$4
  shift 4
  PAR_STARTED_PIDS=()
  trap 'code=$?; stop_runs; par_buildah rm $container $probe >/dev/null 2>&1
        [ $code = 0 ] || { echo "--- $name: last lines of the runtime log" >&2; tail -n 15 "$out.log" >&2; }' EXIT
  trap 'exit 143' TERM
  mkdir -p "$out.vol" && chown 10001:10001 "$out.vol"
  container=$(par_buildah from --pull=never "$IMAGE") || par_fail "$name: buildah from"
  local env=(-e AGENT_APP_ID=ci-container -e "REST_PORT=$rest" -e "A2A_PORT=$a2a" -e "UI_PORT=$ui")
  for pair in "$@"; do env+=(-e "$pair"); done
  mapfile -t entrypoint <"$work/entrypoint"
  local boot=$SECONDS
  par_buildah run --isolation chroot --network host \
    -v "$out.vol:/tmp/par" -v "$ROOT/samples/sample-agent:/packages/sample-agent:ro" -v "$work/certs:/certs:ro" \
    "${env[@]}" "$container" -- "${entrypoint[@]}" >"$out.log" 2>&1 &
  run=$!
  PAR_STARTED_PIDS+=("$run")
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$rest/health" 2>/dev/null; do
    kill -0 "$run" 2>/dev/null && [ $((SECONDS - boot)) -lt 120 ] && { sleep 0.2; continue; }
    par_fail "$name: /health never answered 200"
  done
  par_log "$name: ready after $((SECONDS - boot)) s"

  tini=$(entrypoint_pid "$run")
  [ -n "$tini" ] || par_fail "$name: no tini process under buildah run"
  local app uid
  app=$(ps -o pid= --ppid "$tini" | head -n 1 | tr -d ' ')
  uid=$(ps -o uid= -p "$app" | tr -d ' ')
  [ "$uid" = 10001 ] || par_fail "$name: the runtime runs as uid $uid, not 10001"

  curl -fsS "http://127.0.0.1:$rest/hello" | grep -q '"message": "hello"' || par_fail "$name: GET /hello"
  python3 scripts/lib/grpc_frame.py invoke echo text=hi-from-grpc >"$out.invoke.bin"
  par_grpc "$a2a" pixell.agent.AgentService/Invoke "$out.invoke.bin" "$out.invoke" >"$out.invoke.json" \
    && grep -q '"1": 1, "2": "hi-from-grpc"' "$out.invoke.json" || par_fail "$name: gRPC Invoke echo: $(cat "$out.invoke.json")"
  python3 scripts/lib/grpc_frame.py empty >"$out.empty.bin"
  par_grpc "$a2a" grpc.health.v1.Health/Check "$out.empty.bin" "$out.health" | grep -q '"1": 1' \
    || par_fail "$name: gRPC health is not SERVING"
  curl -fsS -D "$out.ui.headers" "http://127.0.0.1:$rest/ui/" | grep -qi '<html' && grep -qi '^content-type: text/html' "$out.ui.headers" \
    || par_fail "$name: GET /ui/ is not the agent's HTML"
  $proxy && { check_through_proxy "$name" "$rest" "$a2a" || par_fail "$name: through the proxy"; }
  if $healthcheck; then
    probe=$(par_buildah from --pull=never "$IMAGE") || par_fail "$name: buildah from"
    par_buildah run --isolation chroot --network host -e "REST_PORT=$rest" "$probe" -- /app/Par.Api healthcheck \
      >"$out.healthcheck" 2>&1 || { cat "$out.healthcheck" >&2; par_fail "$name: the HEALTHCHECK command failed"; }
  fi

  check_nothing_written "$name" "$container"
  kill -TERM "$tini"
  local deadline=$((SECONDS + 60))
  while kill -0 "$run" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -0 "$run" 2>/dev/null && par_fail "$name: still running 60 s after SIGTERM"
  wait "$run"
  local code=$?
  par_forget "$run"
  [ "$code" = 0 ] || par_fail "$name: exit code $code after SIGTERM, expected 0"
  grep '"event":"runtime.exiting"' "$out.log" | grep -q '"exitCode":0' || par_fail "$name: no runtime.exiting event with exit code 0"
  check_nothing_written "$name" "$container"
  par_log "$name: /health, REST, gRPC Invoke and health, UI,$($healthcheck && echo " HEALTHCHECK,") SIGTERM -> exit 0, root fs untouched"
}

# Everything a run wrote outside its mounted volumes is in the container's upper layer; a read-only root
# filesystem would have refused it. Checked while the runtime runs (.NET's diagnostics pipes exist only then)
# and after it stopped. buildah itself adds the mount points of the volumes and run/.containerenv.
# check_through_proxy NAME REST A2A: nginx on loopback in front of the container, as an ALB is (public Host,
# X-Forwarded-Proto https, grpc_pass over h2c): /health, /meta, an agent route and gRPC health answer through it.
check_through_proxy() {
  local name=$1 rest=$2 a2a=$3 dir=$out.nginx ports nginx_pid code=0
  mapfile -t ports < <(par_free_ports 2)
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/error.log info;
events { worker_connections 64; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:${ports[0]};
    location / {
      proxy_pass http://127.0.0.1:$rest; proxy_http_version 1.1;
      proxy_set_header Host agents.example.com; proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-Port 443; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
  server {
    listen 127.0.0.1:${ports[1]} http2;
    location / { grpc_pass grpc://127.0.0.1:$a2a; grpc_set_header Host agents.example.com; }
  }
}
CONF
  nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" &
  nginx_pid=$!
  PAR_STARTED_PIDS+=("$nginx_pid")
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${ports[0]}/health" 2>/dev/null; do
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$dir/error.log" >&2; return 1; }
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:${ports[0]}/meta" | grep -q '"name":"sample-agent"' || { echo "$name: /meta through the proxy" >&2; code=1; }
  curl -fsS "http://127.0.0.1:${ports[0]}/request" | grep -q '"scheme": "https"' || { echo "$name: the agent did not see https" >&2; code=1; }
  par_grpc "${ports[1]}" grpc.health.v1.Health/Check "$out.empty.bin" "$out.proxy.health" | grep -q '"1": 1' \
    || { echo "$name: gRPC health through the proxy is not SERVING" >&2; code=1; }
  kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null
  par_forget "$nginx_pid"
  return $code
}

check_nothing_written() {
  local name=$1 container=$2 merged upper
  merged=$(par_buildah mount "$container") || par_fail "$name: buildah mount"
  upper=${merged%/merged}/diff
  [ -d "$upper" ] || par_fail "$name: upper layer $upper not found"
  find "$upper" -mindepth 1 -printf '%P\n' | sort >"$work/$name.written"
  par_buildah umount "$container" >/dev/null
  if grep -vxE 'run|run/\.containerenv|tmp|tmp/par|packages|packages/sample-agent|certs' "$work/$name.written" >"$work/$name.unexpected"; then
    par_fail "$name: written outside PAR_WORK_DIR: $(tr '\n' ' ' <"$work/$name.unexpected")"
  fi
}

# Each changed commit adds its build layers to the cache; past a few GB, drop the dangling ones (the next
# build then restores and publishes again, the base images stay).
prune_cache() {
  local mb
  mb=$(du -sm "$PAR_CONTAINER_CACHE/storage" | cut -f1)
  [ "$mb" -gt "${PAR_CONTAINER_CACHE_MAX_MB:-6000}" ] || return 0
  par_log "buildah storage holds $mb MB: pruning dangling images"
  par_buildah rmi --prune >/dev/null 2>&1 || true
}

main() {
  install_tools || par_fail "could not install buildah, debootstrap, dockerfilelint or the test dependencies"
  local lint
  lint=$(dockerfilelint Dockerfile 2>&1) || { echo "$lint"; par_fail "dockerfilelint found issues"; }
  par_log "dockerfilelint: $(grep -o 'Issues: .*' <<<"$lint")"

  mkdir -p "$PAR_CONTAINER_CACHE"
  exec 9>"$PAR_CONTAINER_CACHE/lock"
  flock -w 1800 9 || par_fail "another container test holds $PAR_CONTAINER_CACHE/lock"
  work=$(mktemp -d /tmp/par-container-test.XXXXXX)
  trap cleanup EXIT

  prepare_packages || par_fail "could not serve the sample package over loopback"
  par_base_images || par_fail "could not build the local base images"
  par_log "base images: $PAR_SDK_IMAGE, $PAR_RUNTIME_IMAGE"
  local build=$SECONDS
  build_image || par_fail "buildah bud"
  par_log "built $IMAGE in $((SECONDS - build)) s"
  check_image_config || par_fail "image config"
  check_worker_bytecode || par_fail "worker bytecode"

  local ports
  mapfile -t ports < <(par_free_ports 9)
  run_case --healthcheck --proxy directory "${ports[@]:0:3}" AGENT_PACKAGE_PATH=/packages/sample-agent &
  CASE_PIDS+=($!)
  run_case https "${ports[@]:3:3}" "PACKAGE_URL=https://127.0.0.1:$PAR_HTTPS_PORT/sample-agent.apkg" \
    PACKAGE_CA_BUNDLE=/certs/ca.pem PACKAGE_URL_ALLOW_PRIVATE=true &
  CASE_PIDS+=($!)
  run_case s3 "${ports[@]:6:3}" PACKAGE_URL=s3://par-packages/sample/sample-agent.apkg AWS_REGION=us-east-1 \
    "AWS_ENDPOINT_URL_S3=http://127.0.0.1:$PAR_MOTO_PORT" PACKAGE_URL_ALLOW_PRIVATE=true \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test &
  CASE_PIDS+=($!)
  local pid failed=0
  for pid in "${CASE_PIDS[@]}"; do wait "$pid" || failed=1; done
  CASE_PIDS=()
  [ $failed = 0 ] || par_fail "a package source case failed (see above)"
  prune_cache
  echo "container test passed in $((SECONDS - started)) s"
}

main "$@"
