#!/usr/bin/env bash
# Debian's redis-server and PostgreSQL: the local stage runs them for redis-cluster and
# relational-database resources when no Docker engine answers (packages/local-runtime
# local-databases, e2e/local-databases.test.ts). Fails loudly when they cannot be installed.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
[ -x /usr/bin/redis-server ]
