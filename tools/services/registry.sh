#!/usr/bin/env bash
# Starts or stops Debian's docker-registry (OCI distribution registry) on 127.0.0.1 with its own
# config and storage under the state dir. An optional user:password turns on htpasswd (Basic) auth;
# NXS_REGISTRY_TOKEN_REALM + NXS_REGISTRY_TOKEN_CERT turn on token (Bearer) auth instead: tokens are
# JWTs signed by the key of that certificate, issuer nxs-test-issuer, service nxs-test-registry.
#   registry.sh start <state-dir> <name> [user:password]   prints http://127.0.0.1:<port>
#   registry.sh stop <state-dir> <name>                    stops it by its pid
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cmd=${1:?start|stop}; dir=${2:?state dir}; name=${3:-registry}

# The registry answers /v2/ with 200, or 401 when auth is on.
registry_ready() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/" || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}
d="$dir/$name"
mkdir -p "$d"
case "$cmd" in
  start)
    port=$(free_port)
    rm -rf "$d/storage"; mkdir -p "$d/storage"
    auth=""
    if [ -n "${4:-}" ]; then
      user=${4%%:*}; pass=${4#*:}
      # bcrypt through libxcrypt (Python's crypt module): the registry accepts only bcrypt htpasswd.
      hash=$(NXS_PASS="$pass" python3 -W ignore -c 'import crypt,os; print(crypt.crypt(os.environ["NXS_PASS"], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))')
      printf '%s:%s\n' "$user" "$hash" >"$d/htpasswd"
      auth="auth:
  htpasswd:
    realm: nxstack-test
    path: $d/htpasswd"
    fi
    if [ -n "${NXS_REGISTRY_TOKEN_REALM:-}" ]; then
      auth="auth:
  token:
    realm: $NXS_REGISTRY_TOKEN_REALM
    service: nxs-test-registry
    issuer: nxs-test-issuer
    rootcertbundle: $NXS_REGISTRY_TOKEN_CERT"
    fi
    cat >"$d/config.yml" <<CFG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $d/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
$auth
CFG
    docker-registry serve "$d/config.yml" >"$d/registry.log" 2>&1 &
    echo $! >"$d/registry.pid"
    wait_ready docker-registry "$d/registry.pid" "$d/registry.log" 100 0.1 registry_ready "$port"
    echo "http://127.0.0.1:$port" ;;
  stop)
    stop_by_pid "$d/registry.pid" ;;
  *) echo "usage: registry.sh start|stop <state-dir> <name> [user:password]" >&2; exit 2 ;;
esac
