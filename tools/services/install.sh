#!/usr/bin/env bash
# Installs the services and linters the tests use when they are missing: moto server and
# cfn-lint from PyPI. Fails loudly: in CI a missing service fails the run, it never skips.
set -euo pipefail
python3 -c 'import moto.server, flask' 2>/dev/null || python3 -m pip install --quiet 'moto[server]'
command -v cfn-lint >/dev/null 2>&1 || python3 -m pip install --quiet cfn-lint
for extra in tools/services/install-*.sh; do
  [ -f "$extra" ] && bash "$extra"
done
exit 0
