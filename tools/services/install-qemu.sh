#!/usr/bin/env bash
# Debian's qemu-user-static: the local runtime runs arm64 Go bootstraps under it on x86-64
# (packages/local-runtime go-zip.test.ts). Fails loudly when it cannot be installed.
set -euo pipefail
command -v qemu-aarch64-static >/dev/null 2>&1 && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q qemu-user-static >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q qemu-user-static >/dev/null; }
command -v qemu-aarch64-static >/dev/null
