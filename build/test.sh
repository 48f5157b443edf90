#!/usr/bin/env bash
# The test command (README's second command, run by .ci/run): brings up the engines and images the tests use,
# then builds and runs every test project. With CI=true engine-backed tests fail instead of skipping.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# The CLI processes tests start run in their own process unless a test turns the CLI daemon on for itself.
export SANDBOX_DAEMON=off

bash build/setup.sh

started=$(date +%s)
# Every suite's output is also kept in one log so that, when one fails, the names and messages of the failed tests
# are printed last: a CI that shows only the tail of a long run still says what failed. (tee runs beside each suite,
# not in a pipe after it, so a process a test leaves holding the output cannot keep this script waiting.)
log="$(mktemp /tmp/sandbox-test-XXXXXX.log)"
summarize_failures() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    sleep 1 # the tee beside the last suite may still be writing its tail
    echo "test: FAILED (exit $rc) after $(( $(date +%s) - started ))s; failed tests (or aborted runs) and their first message lines:"
    awk '/^  Failed [A-Za-z_]/ { print; failed = 1; keep = 8; next }
         keep > 0 && /^  (Stack Trace|Standard Output Messages):/ { keep = 0 }
         keep > 0 { print; keep-- }
         /[Tt]est run was aborted|[Tt]est host process crashed|Test Run Aborted/ { print; failed = 1 }
         END { if (!failed) print "  none reported: the failure came from the build or outside a test (see above)" }' "$log" | head -n 60
  fi
  rm -f "$log"
}
trap summarize_failures EXIT
# One suite (a solution or a test project), with the arguments this script was given, its output also in the log.
test_arguments=("$@")
run_suite() {
  dotnet test "$1" -c Release --no-build --logger "console;verbosity=normal" "${test_arguments[@]}" > >(tee -a "$log") 2>&1
}
# Build everything first, then test without building: `dotnet test` on a solution otherwise builds and tests
# projects side by side, so one suite could start while another project still writes the CLI's bin (and plugins/).
dotnet build Framework.sln -c Release -tl:off -nologo -v:q
dotnet build tests/Sandbox.ScaleOut.Tests/Sandbox.ScaleOut.Tests.csproj -c Release -tl:off -nologo -v:q
run_suite Framework.sln
# The CLI suite again, every command sent through a real `sandbox serve`: output, exit codes and --json must not
# depend on where a run happens.
SANDBOX_CLI_TESTS_THROUGH_SERVER=1 run_suite tests/Sandbox.Cli.Tests/Sandbox.Cli.Tests.csproj
# The scale-out suite brings up a 3-node swarm of Docker-in-Docker nodes: run after the rest, not beside it, so the
# two cores are not shared between it and the other suites.
run_suite tests/Sandbox.ScaleOut.Tests/Sandbox.ScaleOut.Tests.csproj
echo "test: all test projects passed in $(( $(date +%s) - started ))s"
