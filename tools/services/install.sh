#!/usr/bin/env bash
# Installs the services and linters the tests use when they are missing: moto server (with the
# docker SDK its Lambda runs functions through) and
# cfn-lint from PyPI. Fails loudly: in CI a missing service fails the run, it never skips.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_moto
# cfn-lint is pinned: packages/core/src/lib/model/cfn-attributes.json is generated from its resource
# schemas (packages/core/scripts/generate-cfn-attributes.py) and a test fails when they differ.
CFN_LINT_VERSION=1.51.0
[ "$(cfn-lint --version 2>/dev/null)" = "cfn-lint $CFN_LINT_VERSION" ] || python3 -m pip install --quiet "cfn-lint==$CFN_LINT_VERSION"
for extra in tools/services/install-*.sh; do
  [ -f "$extra" ] && bash "$extra"
done
exit 0
