#!/usr/bin/env bash
# Debian's redis-server, PostgreSQL and MariaDB's server core: the local stage runs them for
# redis-cluster and relational-database resources when no Docker engine answers
# (packages/local-runtime local-databases, e2e/local-data.test.ts). Fails loudly when they cannot be installed.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server-core)
# mariadb-install-db runs my_print_defaults (mariadb-client-core).
[ -x /usr/bin/my_print_defaults ] || missing+=(mariadb-client-core)
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
[ -x /usr/bin/redis-server ] && [ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/my_print_defaults ]
