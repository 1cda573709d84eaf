# Shared by the service scripts (source it): a free port on 127.0.0.1, waiting until a started
# service answers, stopping it by its pid.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_ready <name> <pidfile> <logfile> <tries> <interval-s> <probe command...>
# Runs the probe until it succeeds; fails (printing the log) when the process exits, or after
# <tries> attempts.
wait_ready() {
  local name=$1 pidfile=$2 log=$3 tries=$4 interval=$5
  shift 5
  for _ in $(seq 1 "$tries"); do
    if "$@"; then return 0; fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { cat "$log" >&2; echo "$name exited" >&2; return 1; }
    sleep "$interval"
  done
  echo "$name did not answer within $tries tries of ${interval}s" >&2
  return 1
}

# http_ok <url>: the URL answers with a 2xx.
http_ok() {
  curl -fsS "$1" >/dev/null 2>&1
}

# stop_by_pid <pidfile>: stops what the pidfile names (if it still runs) and removes the file.
stop_by_pid() {
  [ -f "$1" ] && kill "$(cat "$1")" 2>/dev/null || true
  rm -f "$1"
}

# ensure_moto: moto's server, with the docker SDK its Lambda runs functions through (pinned: moto
# 5.2 calls docker-py 7's API).
DOCKER_PY_VERSION=7.1.0
ensure_moto() {
  python3 -c 'import moto.server, flask' 2>/dev/null || python3 -m pip install --quiet 'moto[server]' >&2
  [ "$(python3 -c 'import docker; print(docker.__version__)' 2>/dev/null)" = "$DOCKER_PY_VERSION" ] ||
    python3 -m pip install --quiet "docker==$DOCKER_PY_VERSION" >&2
}
