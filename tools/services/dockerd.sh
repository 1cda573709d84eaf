#!/usr/bin/env bash
# Starts or stops a private Docker engine for the image-builder tests. It leaves the host's
# network alone (no iptables, no ip forwarding, no bridge) and keeps every file under the state
# dir: data root, exec root, pidfile and unix socket. Containers must use network mode none/host.
# host-gateway (host.docker.internal, which moto's Lambda containers call it by) is 127.0.0.1:
# with no bridge there is no gateway address, and in network mode host that is the host itself.
#   dockerd.sh start <state-dir>   prints unix://<state-dir>/dockerd/docker.sock
#   dockerd.sh stop <state-dir>    stops the engine started there, by its pid
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?state dir}
d="$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")/dockerd"
mkdir -p "$d"
# Unix socket paths are limited to 108 bytes: the exec root (containerd sockets) lives in /tmp.
sock="$d/docker.sock"
exec_root="/tmp/nxs-dockerd-$(printf '%s' "$d" | sha256sum | cut -c1-10)"
case "$cmd" in
  start)
    if [ -f "$d/dockerd.pid" ] && kill -0 "$(cat "$d/dockerd.pid")" 2>/dev/null; then echo "unix://$sock"; exit 0; fi
    mkdir -p "$d/data" "$exec_root"
    rm -f "$sock"
    driver=overlay2
    [ -n "${NXS_DOCKERD_STORAGE_DRIVER:-}" ] && driver=$NXS_DOCKERD_STORAGE_DRIVER
    start_engine() {
      dockerd --iptables=false --ip-forward=false --ip-masq=false --bridge=none --host-gateway-ip 127.0.0.1 \
        --data-root "$d/data" --exec-root "$exec_root" --pidfile "$d/dockerd.pid" \
        --host "unix://$sock" --storage-driver "$1" --containerd-namespace nxs-test \
        --containerd-plugins-namespace nxs-test-plugins >"$d/dockerd.log" 2>&1 &
      echo $! >"$d/dockerd.spawn.pid"
    }
    for drv in "$driver" vfs; do
      start_engine "$drv"
      for _ in $(seq 1 150); do
        if docker -H "unix://$sock" version >/dev/null 2>&1; then echo "unix://$sock"; exit 0; fi
        kill -0 "$(cat "$d/dockerd.spawn.pid")" 2>/dev/null || break
        sleep 0.2
      done
      kill "$(cat "$d/dockerd.spawn.pid")" 2>/dev/null || true
      sleep 1
      echo "dockerd with storage driver $drv did not start:" >&2; tail -5 "$d/dockerd.log" >&2
    done
    exit 1 ;;
  stop)
    for f in "$d/dockerd.pid" "$d/dockerd.spawn.pid"; do
      if [ -f "$f" ]; then
        pid=$(cat "$f"); kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        rm -f "$f"
      fi
    done
    rm -rf "$exec_root" 2>/dev/null || true ;;
  *) echo "usage: dockerd.sh start|stop <state-dir>" >&2; exit 2 ;;
esac
