#!/usr/bin/env bash
# Local base images that stand in for mcr.microsoft.com/dotnet/{sdk,runtime-deps}:10.0 (there is no registry here).
# Sourced by scripts/container-test.sh, which holds the cache lock; needs root, buildah and debootstrap.
# Images live in buildah storage under $PAR_CONTAINER_CACHE (outside the clone), keyed by `dotnet --version`
# and RECIPE, so repeated runs reuse them and a toolchain change rebuilds them.
#   base:     Debian bookworm minbase + python3, python3-venv, tini, ca-certificates and .NET's native deps;
#             it is the runtime-deps stand-in (no .NET runtime: the image runs PAR's NativeAOT executable)
#   sdk-base: base + clang, lld and zlib1g-dev (NativeAOT's linker and zlib)
#   sdk:      sdk-base + the host's whole /usr/share/dotnet

RECIPE=r2
DOTNET_ROOT_HOST=/usr/share/dotnet

par_buildah() {
  buildah --root "$PAR_CONTAINER_CACHE/storage" --runroot "$PAR_CONTAINER_CACHE/run" --storage-driver overlay "$@"
}

par_image_exists() {
  par_buildah inspect --type image "$1" >/dev/null 2>&1
}

# The Debian mirror the machine itself uses (deb822 sources first, then the classic list).
par_debian_mirror() {
  local mirror
  mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1)
  [ -n "$mirror" ] || mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1)
  echo "${mirror:-http://deb.debian.org/debian}"
}

# $1 image name, $2 extra packages (comma-separated, may be empty)
par_build_base() {
  local name=$1 extra=${2:-} rootfs c m
  rootfs=$(mktemp -d /var/tmp/par-rootfs.XXXXXX)
  echo "container-base: debootstrap bookworm into $rootfs (once per machine, about a minute)" >&2
  if ! debootstrap --variant=minbase \
      --include=python3,python3-venv,ca-certificates,tini,libicu72,libssl3,zlib1g,passwd${extra:+,$extra} \
      bookworm "$rootfs" "$(par_debian_mirror)" >"$rootfs.log" 2>&1; then
    tail -n 20 "$rootfs.log" >&2
    rm -rf "$rootfs" "$rootfs.log"
    return 1
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs.log"
  c=$(par_buildah from scratch)
  m=$(par_buildah mount "$c")
  cp -a "$rootfs"/. "$m"/
  par_buildah umount "$c" >/dev/null
  par_buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$c"
  par_buildah commit --quiet --format docker "$c" "$name" >/dev/null
  par_buildah rm "$c" >/dev/null
  rm -rf "$rootfs"
}

# $1 image name, $2 base image (with clang, lld, zlib1g-dev): the host's whole .NET SDK on top.
par_build_sdk() {
  local name=$1 base=$2 c m
  c=$(par_buildah from --pull=never "$base")
  m=$(par_buildah mount "$c")
  mkdir -p "$m/usr/share/dotnet"
  cp -a "$DOTNET_ROOT_HOST"/. "$m/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$m/usr/bin/dotnet"
  par_buildah umount "$c" >/dev/null
  par_buildah config --env DOTNET_RUNNING_IN_CONTAINER=true "$c"
  # chroot isolation has no PID namespace: compiler and MSBuild servers would outlive each RUN step.
  par_buildah config --env UseSharedCompilation=false --env MSBUILDDISABLENODEREUSE=1 \
    --env DOTNET_CLI_USE_MSBUILD_SERVER=0 --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 "$c"
  par_buildah commit --quiet --format docker "$c" "$name" >/dev/null
  par_buildah rm "$c" >/dev/null
}

# Sets PAR_SDK_IMAGE and PAR_RUNTIME_IMAGE, building whatever is missing.
par_base_images() {
  local key sdk_base
  key="$(dotnet --version)-$RECIPE"
  sdk_base="localhost/par-sdk-base:bookworm-$RECIPE"
  PAR_SDK_IMAGE="localhost/par-sdk:$key"
  PAR_RUNTIME_IMAGE="localhost/par-base:bookworm-$RECIPE"
  par_image_exists "$PAR_RUNTIME_IMAGE" || par_build_base "$PAR_RUNTIME_IMAGE" || return 1
  par_image_exists "$sdk_base" || par_build_base "$sdk_base" clang,lld,zlib1g-dev || return 1
  par_image_exists "$PAR_SDK_IMAGE" || par_build_sdk "$PAR_SDK_IMAGE" "$sdk_base" || return 1
}
