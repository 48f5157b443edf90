#!/usr/bin/env bash
# The test command (README's second command, run by .ci/run): brings up the engines and images the tests use,
# then builds and runs every test project. With CI=true engine-backed tests fail instead of skipping.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

bash build/setup.sh

started=$(date +%s)
dotnet test Framework.sln -c Release --logger "console;verbosity=normal" "$@"
echo "test: all test projects passed in $(( $(date +%s) - started ))s"
