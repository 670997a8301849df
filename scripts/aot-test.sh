#!/usr/bin/env bash
# NativeAOT (SPEC §11): publishes PAR as one native executable into out/ (AOT and trim warnings are errors, except
# those Par.Api.csproj lists in WarningsNotAsErrors, each with its reason), then runs the process-level tests (every
# test class that starts PAR as a child process) against that executable through PAR_TEST_EXE.
# Ends with one line: "N passed, N failed" (a failed publish is "0 passed, 1 failed").
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-aot.sh || { echo "the AOT toolchain could not be installed"; echo "0 passed, 1 failed"; exit 1; }

out=${AOT_OUT:-$PWD/out}
if ! dotnet publish Par.Api -c Release -r linux-x64 -o "$out" --nologo; then
  echo "AOT publish FAILED"
  echo "0 passed, 1 failed"
  exit 1
fi
[ -x "$out/Par.Api" ] || { echo "AOT publish produced no $out/Par.Api"; echo "0 passed, 1 failed"; exit 1; }
# As the Dockerfile does: the worker's modules compiled into its zipapp, so the native runs load bytecode and the
# JIT runs (scripts/test.sh) the sources.
python3 "$out/Worker/par_worker.pyz" --add-bytecode || { echo "the worker's bytecode could not be added"; echo "0 passed, 1 failed"; exit 1; }

# The classes that start PAR as a process (ParProcess, directly or through RuntimeProcess / PixellRuntime).
classes=$(grep -rlE '\b(ParProcess|RuntimeProcess|PixellRuntime)\b' Par.Api.Tests --include='*Tests.cs' | xargs -n1 basename | sed 's/\.cs$//' | sort -u)
filter=$(printf 'FullyQualifiedName~.%s.|' $classes)
echo "process-level tests against $out/Par.Api: $(echo $classes)"
PAR_TEST_EXE="$out/Par.Api" bash scripts/test.sh --filter "${filter%|}"
