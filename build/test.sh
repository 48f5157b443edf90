#!/usr/bin/env bash
# The test command (README's second command, run by .ci/run): brings up the engines and images the tests use,
# then builds and runs every test project. With CI=true engine-backed tests fail instead of skipping.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

bash build/setup.sh

started=$(date +%s)
# Build everything first, then test without building: `dotnet test` on a solution otherwise builds and tests
# projects side by side, so one suite could start while another project still writes the CLI's bin (and plugins/).
dotnet build Framework.sln -c Release -tl:off -nologo -v:q
dotnet build tests/Sandbox.ScaleOut.Tests/Sandbox.ScaleOut.Tests.csproj -c Release -tl:off -nologo -v:q
dotnet test Framework.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
# The CLI suite again, every command sent through a real `sandbox serve`: output, exit codes and --json must not
# depend on where a run happens.
SANDBOX_CLI_TESTS_THROUGH_SERVER=1 dotnet test tests/Sandbox.Cli.Tests/Sandbox.Cli.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" "$@"
# The scale-out suite brings up a 3-node swarm of Docker-in-Docker nodes: run after the rest, not beside it, so the
# two cores are not shared between it and the other suites.
dotnet test tests/Sandbox.ScaleOut.Tests/Sandbox.ScaleOut.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" "$@"
echo "test: all test projects passed in $(( $(date +%s) - started ))s"
