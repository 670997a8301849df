#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, once per machine. Idempotent and quiet when done.
set -euo pipefail

need_apt=()
command -v strace >/dev/null 2>&1 || need_apt+=(strace)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
command -v nginx >/dev/null 2>&1 || need_apt+=(nginx)  # the reverse proxy of the load-balancer tests
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)  # the load of the drain test
command -v chattr >/dev/null 2>&1 || need_apt+=(e2fsprogs)  # an undeletable file for the cleanup tests
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)  # the real scraper of the telemetry tests
python3 -c "import venv" 2>/dev/null || need_apt+=(python3-venv)
# The pixell agent tests run Debian's python with its packages (VENV_SYSTEM_SITE_PACKAGES): PyPI is not reachable.
/usr/bin/python3 -c "import fastapi" 2>/dev/null || need_apt+=(python3-fastapi)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "missing tools ${need_apt[*]}: install them (as root: apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v moto_server >/dev/null 2>&1; then
  # moto provides a real S3 API on loopback for the S3 tests.
  python3 -m pip install --quiet 'moto[server]==5.2.1' || { echo "moto_server is missing and could not be installed" >&2; exit 1; }
fi

if [ ! -d "$(dirname "$0")/node/node_modules/@apidevtools/swagger-parser" ]; then
  # The OpenAPI validator the Swagger tests drive, pinned by scripts/node/package-lock.json.
  command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js (apt-get install nodejs npm)" >&2; exit 1; }
  npm ci --prefix "$(dirname "$0")/node" --no-audit --no-fund --silent >/dev/null || { echo "scripts/node could not be installed" >&2; exit 1; }
fi
# The official MCP client the MCP tests drive (@modelcontextprotocol/sdk), pinned by scripts/node/mcp/package-lock.json.
[ -d "$(dirname "$0")/node/mcp/node_modules/@modelcontextprotocol/sdk" ] || npm ci --prefix "$(dirname "$0")/node/mcp" --no-audit --no-fund --silent >/dev/null || { echo "scripts/node/mcp could not be installed" >&2; exit 1; }

if [ ! -d "$(dirname "$0")/node/a2a/node_modules/a2a-v1" ] || [ ! -d "$(dirname "$0")/node/a2a/node_modules/a2a-v03" ]; then
  # The official A2A clients the A2A tests drive (@a2a-js/sdk 1.x and 0.3.x side by side), pinned by scripts/node/a2a/package-lock.json.
  npm ci --prefix "$(dirname "$0")/node/a2a" --no-audit --no-fund --silent >/dev/null || { echo "scripts/node/a2a could not be installed" >&2; exit 1; }
fi
