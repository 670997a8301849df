# PAR: one container, one agent. Build: docker build -t par .
# Base images are build arguments so that air-gapped builds (and the CI's local images) can replace them.
# FROM repeats each default so that linters, which do not expand ARG, see the pinned tag.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM ${SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0} AS build
# NativeAOT links with clang and lld against zlib (Debian's packages); skipped when the SDK image has them.
RUN if command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1 && [ -e /usr/include/zlib.h ]; then \
      echo "clang, lld and zlib1g-dev already present"; \
    else \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang lld zlib1g-dev \
      && rm -rf /var/lib/apt/lists/*; \
    fi
# Empty: restore from nuget.org. A folder or feed URL restores from there instead (offline builds; it must carry the
# ILCompiler and linux-x64 runtime packages the SDK picks for the AOT publish).
ARG NUGET_SOURCE=
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Par.Api/Par.Api.csproj Par.Api/
RUN dotnet restore Par.Api/Par.Api.csproj -r linux-x64 ${NUGET_SOURCE:+--source "$NUGET_SOURCE"}
COPY schema/ schema/
COPY Par.Api/ Par.Api/
# One native executable (PublishAot in Par.Api.csproj); its symbols (.dbg) stay in the build stage.
RUN dotnet publish Par.Api/Par.Api.csproj --no-restore -c Release -r linux-x64 -o /app \
    && mkdir -p /symbols && mv /app/*.dbg /symbols/

FROM ${RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/runtime-deps:10.0} AS runtime
# Python 3 with venv runs the agent's code; tini is PID 1 and reaps what the agent leaves behind.
# Skipped when the runtime image already has them (the CI's local base image does).
RUN if command -v tini >/dev/null 2>&1 && python3 -c "import ensurepip, venv" >/dev/null 2>&1; then \
      echo "python3, venv and tini already present"; \
    else \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv tini \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 par \
    && useradd --system --uid 10001 --gid 10001 --home-dir /tmp/par --no-create-home --shell /usr/sbin/nologin par \
    && mkdir -p /tmp/par && chown 10001:10001 /tmp/par && chmod 0700 /tmp/par

# Opt-in (docker build --build-arg PYTHON_AGENT_BASE=true): agents written for the old Python runtime import what it
# carried (fastapi, uvicorn, pydantic, grpc) without declaring it. This installs the distribution's packages of that
# set and lets every agent venv see them (VENV_SYSTEM_SITE_PACKAGES); docs/python-agents.md has the migration.
ARG PYTHON_AGENT_BASE=false
RUN if [ "$PYTHON_AGENT_BASE" = "true" ]; then \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
         python3-fastapi python3-uvicorn python3-pydantic python3-grpcio python3-protobuf \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV VENV_SYSTEM_SITE_PACKAGES=${PYTHON_AGENT_BASE}

# Every file PAR writes goes under PAR_WORK_DIR (HOME and TMPDIR too: .NET's diagnostics socket, pip's cache),
# so the root filesystem can be read-only when PAR_WORK_DIR is a writable volume. Ports keep their defaults.
ENV PAR_WORK_DIR=/tmp/par \
    HOME=/tmp/par \
    TMPDIR=/tmp/par \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TINI_SUBREAPER=1

WORKDIR /app
COPY --from=build /app /app
# The worker's modules compiled by the image's own Python, inside its zipapp (zipimport cannot cache bytecode, so
# otherwise every boot compiles them: ~20 ms of CPU on the boot's critical path). docs/python-agents.md.
RUN python3 /app/Worker/par_worker.pyz --add-bytecode

USER 10001:10001
EXPOSE 8080 50051 3000
VOLUME ["/tmp/par"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["/app/Par.Api", "healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/Par.Api"]
