#!/usr/bin/env bash
# Builds every package and packs each workspace into a tarball.
# Usage: tools/pack.sh [destination-dir]   (default: .tmp/packs)
# Prints one absolute tarball path per line on stdout; build/pack chatter goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/.tmp/packs}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

cd "$root"
node tools/build.mjs >&2
rm -f "$dest"/nxstack-*.tgz
# --json gives the file names without parsing npm's human output.
npm pack --workspaces --pack-destination "$dest" --json --ignore-scripts 2>/dev/null \
  | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
  for (const p of JSON.parse(s)) console.log(require("node:path").join(process.argv[1], p.filename));
});' "$dest"
