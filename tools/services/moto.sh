#!/usr/bin/env bash
# Starts or stops a moto server (AWS API emulator) on 127.0.0.1.
#   moto.sh start <state-dir>   prints the endpoint URL; pid in <state-dir>/moto.pid
#   moto.sh stop <state-dir>    stops the server started there, by its pid
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state dir}
mkdir -p "$dir"
case "$cmd" in
  start)
    python3 -c 'import moto.server, flask' 2>/dev/null || python3 -m pip install --quiet 'moto[server]' >&2
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    # moto-server.py: moto.server plus cross-stack exports/imports through change sets (see the file).
    python3 "$(dirname "$0")/moto-server.py" -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
    echo $! >"$dir/moto.pid"
    for _ in $(seq 1 100); do
      if curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then echo "http://127.0.0.1:$port"; exit 0; fi
      kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null || { cat "$dir/moto.log" >&2; echo "moto server exited" >&2; exit 1; }
      sleep 0.2
    done
    echo "moto server did not answer on port $port within 20s" >&2; exit 1 ;;
  stop)
    [ -f "$dir/moto.pid" ] && kill "$(cat "$dir/moto.pid")" 2>/dev/null || true
    rm -f "$dir/moto.pid" ;;
  *) echo "usage: moto.sh start|stop <state-dir>" >&2; exit 2 ;;
esac
