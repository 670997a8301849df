#!/usr/bin/env bash
# Installs what the NativeAOT publish needs beyond the .NET SDK (SPEC §11): clang as the linker driver, lld, zlib.
# Idempotent and quiet when done. The SDK restores the ILCompiler packages itself (nothing pinned).
set -euo pipefail

need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v ld.lld >/dev/null 2>&1 || need_apt+=(lld)
[ -e /usr/include/zlib.h ] || need_apt+=(zlib1g-dev)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "missing AOT tools ${need_apt[*]}: install them (as root: apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
