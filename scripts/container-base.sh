#!/usr/bin/env bash
# Local base images that stand in for mcr.microsoft.com/dotnet/{sdk,aspnet}:10.0 (there is no registry here).
# Sourced by scripts/container-test.sh, which holds the cache lock; needs root, buildah and debootstrap.
# Images live in buildah storage under $PAR_CONTAINER_CACHE (outside the clone), keyed by `dotnet --version`
# and RECIPE, so repeated runs reuse them and a toolchain change rebuilds them.
#   base:    Debian bookworm minbase + python3, python3-venv, tini, ca-certificates and .NET's native deps
#   runtime: base + the host's dotnet host, Microsoft.NETCore.App and Microsoft.AspNetCore.App
#   sdk:     base + the host's whole /usr/share/dotnet

RECIPE=r1
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

par_build_base() {
  local name=$1 rootfs c m
  rootfs=$(mktemp -d /var/tmp/par-rootfs.XXXXXX)
  echo "container-base: debootstrap bookworm into $rootfs (once per machine, about a minute)" >&2
  if ! debootstrap --variant=minbase \
      --include=python3,python3-venv,ca-certificates,tini,libicu72,libssl3,zlib1g,passwd \
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

# $1 image name, $2 "runtime" or "sdk", $3 base image
par_build_dotnet() {
  local name=$1 kind=$2 base=$3 c m
  c=$(par_buildah from --pull=never "$base")
  m=$(par_buildah mount "$c")
  mkdir -p "$m/usr/share/dotnet/shared"
  if [ "$kind" = sdk ]; then
    cp -a "$DOTNET_ROOT_HOST"/. "$m/usr/share/dotnet/"
  else
    cp -a "$DOTNET_ROOT_HOST/dotnet" "$DOTNET_ROOT_HOST/host" "$m/usr/share/dotnet/"
    cp -a "$DOTNET_ROOT_HOST/shared/Microsoft.NETCore.App" "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" "$m/usr/share/dotnet/shared/"
  fi
  ln -sf /usr/share/dotnet/dotnet "$m/usr/bin/dotnet"
  par_buildah umount "$c" >/dev/null
  par_buildah config --env DOTNET_RUNNING_IN_CONTAINER=true "$c"
  if [ "$kind" = sdk ]; then
    # chroot isolation has no PID namespace: compiler and MSBuild servers would outlive each RUN step.
    par_buildah config --env UseSharedCompilation=false --env MSBUILDDISABLENODEREUSE=1 \
      --env DOTNET_CLI_USE_MSBUILD_SERVER=0 --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 "$c"
  fi
  par_buildah commit --quiet --format docker "$c" "$name" >/dev/null
  par_buildah rm "$c" >/dev/null
}

# Sets PAR_SDK_IMAGE and PAR_RUNTIME_IMAGE, building whatever is missing.
par_base_images() {
  local key base
  key="$(dotnet --version)-$RECIPE"
  base="localhost/par-base:bookworm-$RECIPE"
  PAR_SDK_IMAGE="localhost/par-sdk:$key"
  PAR_RUNTIME_IMAGE="localhost/par-runtime:$key"
  par_image_exists "$base" || par_build_base "$base" || return 1
  par_image_exists "$PAR_RUNTIME_IMAGE" || par_build_dotnet "$PAR_RUNTIME_IMAGE" runtime "$base" || return 1
  par_image_exists "$PAR_SDK_IMAGE" || par_build_dotnet "$PAR_SDK_IMAGE" sdk "$base" || return 1
}
