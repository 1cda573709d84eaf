#!/usr/bin/env bash
# actionlint (GitHub Actions workflow linter) for the ci generator's e2e: built from its Go module
# through the Go module proxy into .tmp/tools/bin (no release download). Pinned; fails loudly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=v1.7.12
bin="$root/.tmp/tools/bin/actionlint"
if [ -x "$bin" ] && [ "$("$bin" --version | head -1)" = "$version" ]; then exit 0; fi
mkdir -p "$root/.tmp/tools/bin"
GOBIN="$root/.tmp/tools/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$version" >&2
[ "$("$bin" --version | head -1)" = "$version" ] || { echo "install-actionlint.sh: $bin is not $version" >&2; exit 1; }
