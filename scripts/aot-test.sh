#!/usr/bin/env bash
# NativeAOT (SPEC §11): publishes PAR as one native executable into out/ (AOT and trim warnings are errors, except
# those Par.Api.csproj lists in WarningsNotAsErrors, each with its reason), then runs the process-level tests (every
# test class that starts PAR as a child process) against that executable through PAR_TEST_EXE.
# The method order (Par.Api.csproj) is checked on the executable as one more test.
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

# The method order applied, and not gone stale (scripts/aot-method-order.py): one test of its own.
if python3 scripts/aot-method-order.py "$out/Par.Api.dbg" Par.Api/Aot/method-order.zip; then order_failed=0; else order_failed=1; fi

# The classes that start PAR as a process (ParProcess, directly or through RuntimeProcess / PixellRuntime).
classes=$(grep -rlE '\b(ParProcess|RuntimeProcess|PixellRuntime)\b' Par.Api.Tests --include='*Tests.cs' | xargs -n1 basename | sed 's/\.cs$//' | sort -u)
filter=$(printf 'FullyQualifiedName~.%s.|' $classes)
echo "process-level tests against $out/Par.Api: $(echo $classes)"
summary=$(mktemp)
# Everything test.sh prints but its summary line, which gets the method-order test's count.
PAR_TEST_EXE="$out/Par.Api" bash scripts/test.sh --filter "${filter%|}" 2>&1 | { prev= seen=0
  while IFS= read -r line; do [ $seen = 1 ] && printf '%s\n' "$prev"; prev=$line seen=1; done
  printf '%s\n' "$prev" >"$summary"; }
status=${PIPESTATUS[0]}
line=$(cat "$summary"); rm -f "$summary"
passed=$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$line")
failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
[ -n "$passed" ] || { printf '%s\n' "$line"; echo "0 passed, $((1 + order_failed)) failed"; exit 1; }
echo "$line" | sed -E "s/^[0-9]+ passed, [0-9]+ failed/$((passed + 1 - order_failed)) passed, $((failed + order_failed)) failed/"
[ "$order_failed" = 0 ] || exit 1
exit "$status"
