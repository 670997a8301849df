#!/usr/bin/env bash
# Runs every test of the solution (xunit) and the Python worker's unittest suite (Par.Api/Worker/tests) and ends
# with one line counting both: "N passed, N failed[, N skipped]".
# Installs what the tests need beyond the .NET SDK first (scripts/setup-test-deps.sh). Arguments go to `dotnet test`
# (scripts/aot-test.sh passes a --filter); with arguments the worker's suite, which does not depend on them, is left out.
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

# The worker's own suite: stdlib unittest, no packages. Its summary: "Ran 104 tests in 3.2s", then "OK" or
# "FAILED (failures=1, errors=2, skipped=3)" ("OK (skipped=3)").
pylog=$(mktemp)
if [ $# -gt 0 ]; then
  echo "Ran 0 tests in 0s (the worker's suite runs only without arguments)" >"$pylog"; echo "OK" >>"$pylog"; pystatus=0
else
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s Par.Api/Worker/tests -t Par.Api/Worker 2>&1 | tee "$pylog"
pystatus=${PIPESTATUS[0]}
fi
ran=$(sed -nE 's/^Ran ([0-9]+) tests? in .*/\1/p' "$pylog" | tail -n 1)
verdict=$(grep -E "^(OK|FAILED)" "$pylog" | tail -n 1)
rm -f "$pylog"
if [ -z "$ran" ] || [ -z "$verdict" ]; then
  echo "the worker's unittest run produced no summary"
  ran=0; pyfailed=1; pyskipped=0
else
  pyfailed=$(( $(sed -nE 's/.*[(]failures=([0-9]+).*/\1/p' <<<"$verdict" | grep . || echo 0) \
             + $(sed -nE 's/.*[(, ]errors=([0-9]+).*/\1/p' <<<"$verdict" | grep . || echo 0) ))
  pyskipped=$(sed -nE 's/.*skipped=([0-9]+).*/\1/p' <<<"$verdict" | grep . || echo 0)
  # unittest counts an unexpected success as neither failure nor error; it fails the run, so it counts here
  pyfailed=$(( pyfailed + $(sed -nE 's/.*unexpected successes=([0-9]+).*/\1/p' <<<"$verdict" | grep . || echo 0) ))
fi
[ "$pystatus" != "0" ] && [ "$pyfailed" = "0" ] && pyfailed=1
pypassed=$(( ran - pyfailed - pyskipped ))
[ "$pypassed" -lt 0 ] && pypassed=0

passed=$(( passed + pypassed ))
failed=$(( ${failed:-0} + pyfailed ))
skipped=$(( ${skipped:-0} + pyskipped ))
line="${passed} passed, ${failed} failed"
[ "${skipped}" != "0" ] && line="$line, ${skipped} skipped"
echo "$line"
[ "$status" != "0" ] && exit "$status"
[ "$pystatus" != "0" ] && exit "$pystatus"
exit 0
