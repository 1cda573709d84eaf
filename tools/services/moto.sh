#!/usr/bin/env bash
# Starts or stops a moto server (AWS API emulator) on 127.0.0.1.
#   moto.sh start <state-dir> [<docker-host>]   prints the endpoint URL; pid in <state-dir>/moto.pid
#     With a docker host, moto runs Lambda functions there (custom resources, Invoke) in the
#     images of lambda-images.sh, in network mode host so they reach this server.
#   moto.sh stop <state-dir>    stops the server started there, by its pid
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cmd=${1:?start|stop}; dir=${2:?state dir}
mkdir -p "$dir"
case "$cmd" in
  start)
    ensure_moto
    port=$(free_port)
    if [ -n "${3:-}" ]; then
      export DOCKER_HOST=$3 MOTO_DOCKER_LAMBDA_IMAGE=nxs-test/lambda MOTO_DOCKER_NETWORK_MODE=host
    fi
    # moto tells its Lambda containers this port (for AWS_ENDPOINT_URL and custom resource answers).
    export MOTO_PORT=$port
    # moto-server.py: moto.server plus cross-stack exports/imports through change sets (see the file).
    python3 "$(dirname "$0")/moto-server.py" -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
    echo $! >"$dir/moto.pid"
    wait_ready "moto server" "$dir/moto.pid" "$dir/moto.log" 100 0.2 http_ok "http://127.0.0.1:$port/moto-api/"
    echo "http://127.0.0.1:$port" ;;
  stop)
    stop_by_pid "$dir/moto.pid" ;;
  *) echo "usage: moto.sh start|stop <state-dir>" >&2; exit 2 ;;
esac
