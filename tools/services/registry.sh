#!/usr/bin/env bash
# Starts or stops Debian's docker-registry (OCI distribution registry) on 127.0.0.1 with its own
# config and storage under the state dir. An optional user:password turns on htpasswd (Basic) auth;
# NXS_REGISTRY_TOKEN_REALM + NXS_REGISTRY_TOKEN_CERT turn on token (Bearer) auth instead: tokens are
# JWTs signed by the key of that certificate, issuer nxs-test-issuer, service nxs-test-registry.
#   registry.sh start <state-dir> <name> [user:password]   prints http://127.0.0.1:<port>
#   registry.sh stop <state-dir> <name>                    stops it by its pid
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state dir}; name=${3:-registry}
d="$dir/$name"
mkdir -p "$d"
case "$cmd" in
  start)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
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
    for _ in $(seq 1 100); do
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
      if [ "$code" = 200 ] || [ "$code" = 401 ]; then echo "http://127.0.0.1:$port"; exit 0; fi
      kill -0 "$(cat "$d/registry.pid")" 2>/dev/null || { cat "$d/registry.log" >&2; echo "docker-registry exited" >&2; exit 1; }
      sleep 0.1
    done
    echo "docker-registry did not answer on port $port within 10s" >&2; exit 1 ;;
  stop)
    [ -f "$d/registry.pid" ] && kill "$(cat "$d/registry.pid")" 2>/dev/null || true
    rm -f "$d/registry.pid" ;;
  *) echo "usage: registry.sh start|stop <state-dir> <name> [user:password]" >&2; exit 2 ;;
esac
