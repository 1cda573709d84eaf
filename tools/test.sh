#!/usr/bin/env bash
# The one test command (npm test, .ci/run): installs what it needs, builds, runs every test
# with vitest's JSON reporter, prints one line "N passed, N failed" and fails on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm install, not npm ci: nx lists optional platform packages (darwin, win32, musl) the
  # registry reachable here does not serve, which npm ci reports as a lockfile mismatch.
  npm install --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }
fi
bash tools/services/install.sh || { echo "service install failed"; echo "0 passed, 1 failed"; exit 1; }
node tools/build.mjs || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p .tmp
rm -f .tmp/vitest.json
node node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@"
vitest_rc=$?
node tools/vitest-summary.mjs .tmp/vitest.json "$vitest_rc"
