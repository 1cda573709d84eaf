#!/usr/bin/env bash
# Starts or stops Verdaccio (a local npm registry) on 127.0.0.1 with its own config and storage
# under the state dir. It serves only the @nxstack scope, with no uplink: a workspace points that
# scope at it (`@nxstack:registry=<url>` in .npmrc) and takes everything else from its usual registry.
# Anyone may publish/unpublish @nxstack/* (npm still wants a token; any value is accepted).
#   verdaccio.sh start <state-dir>   prints http://127.0.0.1:<port>/
#   verdaccio.sh stop <state-dir>    stops it by its pid
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state dir}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/services/lib.sh"
mkdir -p "$dir/verdaccio"
d="$(cd "$dir/verdaccio" && pwd)"
case "$cmd" in
  start)
    bash "$root/tools/services/install-verdaccio.sh"
    port=$(free_port)
    rm -rf "$d/storage"; mkdir -p "$d/storage"
    cat >"$d/config.yaml" <<CFG
storage: $d/storage
auth:
  htpasswd:
    file: $d/htpasswd
    max_users: -1
uplinks: {}
packages:
  '@nxstack/*':
    access: \$all
    publish: \$all
    unpublish: \$all
log: { type: stdout, format: pretty, level: warn }
web: { enable: false }
CFG
    node "$root/.tmp/verdaccio/node_modules/verdaccio/bin/verdaccio" --config "$d/config.yaml" --listen "127.0.0.1:$port" >"$d/verdaccio.log" 2>&1 &
    echo $! >"$d/verdaccio.pid"
    wait_ready verdaccio "$d/verdaccio.pid" "$d/verdaccio.log" 150 0.2 http_ok "http://127.0.0.1:$port/-/ping"
    echo "http://127.0.0.1:$port/" ;;
  stop)
    stop_by_pid "$d/verdaccio.pid" ;;
  *) echo "usage: verdaccio.sh start|stop <state-dir>" >&2; exit 2 ;;
esac
