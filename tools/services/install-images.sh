#!/usr/bin/env bash
# Installs what the image-builder tests need when missing: Debian's docker-registry (OCI
# distribution registry), docker.io (dockerd, classic builder) and busybox-static (the rootfs of
# the locally made base images). Fails loudly: a missing service fails the run, it never skips.
set -euo pipefail
need=()
for pkg in docker-registry docker.io busybox-static; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null || {
    $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  }
fi
# The test scripts need these exact binaries.
for bin in docker-registry dockerd docker busybox; do
  command -v "$bin" >/dev/null 2>&1 || { echo "install-images.sh: $bin is still missing" >&2; exit 1; }
done
file_static=$(head -c 4 /bin/busybox | od -An -c | tr -d ' ')
[ "$file_static" = '177ELF' ] || { echo "install-images.sh: /bin/busybox is not an ELF binary" >&2; exit 1; }
exit 0
