#!/usr/bin/env bash
# Installs Verdaccio (the local npm registry the install-path e2e publishes the packed packages to)
# into .tmp/verdaccio from tools/services/verdaccio/{package.json,package-lock.json}: its own
# folder, not a workspace dependency (300+ packages the workspace does not need).
# Pinned to 6.8.0 with node-fetch overridden to 2.7.0: 6.10.x needs Node 22, this repo runs Node 20.
# Fails loudly: a missing service fails the run, it never skips.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/tools/services/verdaccio"
dest="$root/.tmp/verdaccio"
if [ -f "$dest/node_modules/verdaccio/package.json" ] && cmp -s "$src/package-lock.json" "$dest/package-lock.json"; then
  exit 0
fi
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error --prefer-offline >&2)
node -e 'const v = require(process.argv[1]).version; if (v !== "6.8.0") { console.error(`install-verdaccio.sh: got verdaccio ${v}, want 6.8.0`); process.exit(1); }' \
  "$dest/node_modules/verdaccio/package.json"
