#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Installs what the tests need beyond the .NET SDK first (scripts/setup-test-deps.sh). Arguments go to `dotnet test`
# (scripts/aot-test.sh passes a --filter).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-test-deps.sh || { echo "test dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
dotnet test Par.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# vstest's summary: "Passed!  - Failed:     0, Passed:    81, Skipped:     0, Total: ..."
summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -n 1)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
rm -f "$log"
if [ -z "$passed" ]; then
  echo "the test run produced no summary (build failure?)"
  echo "0 passed, 1 failed"
  exit 1
fi
line="${passed} passed, ${failed:-0} failed"
[ "${skipped:-0}" != "0" ] && line="$line, ${skipped} skipped"
echo "$line"
exit "$status"
