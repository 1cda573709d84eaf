#!/usr/bin/env bash
# Loads into a (test) Docker engine the images moto's Docker Lambda runs functions with, made here
# from host binaries (no public image can be pulled):
#   busybox:latest               moto copies a function's code into a volume through it
#   nxs-test/lambda:nodejsNN.x   the host's node with tools/test-services/lambda-runtime/bootstrap.js
#                                (moto's MOTO_DOCKER_LAMBDA_IMAGE=nxs-test/lambda, tag = runtime) and
#                                the AWS SDK v3 clients Lambda's Node runtimes ship (bundled here)
# Only Node runtimes: a function of another runtime finds no image and fails its invoke loudly.
#   lambda-images.sh <DOCKER_HOST>
set -euo pipefail
host=${1:?DOCKER_HOST}
repo="$(cd "$(dirname "$0")/../.." && pwd)"
RUNTIMES=(nodejs18.x nodejs20.x nodejs22.x nodejs24.x)
SDK_CLIENTS=(client-lambda client-cloudformation client-sfn)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# busybox: the applets moto's volume helper container runs (sleep).
mkdir -p "$work/busybox/bin" "$work/busybox/tmp"
cp /bin/busybox "$work/busybox/bin/busybox"
for applet in sh sleep; do ln -s busybox "$work/busybox/bin/$applet"; done
tar -C "$work/busybox" -c . | docker -H "$host" import --change 'ENV PATH=/bin' - busybox:latest >/dev/null

# node: the binary, the shared libraries it loads, the bootstrap and the SDK clients.
root="$work/node"
node_bin=$(command -v node)
mkdir -p "$root/usr/bin" "$root/tmp" "$root/var/task" "$root/var/runtime/node_modules/@aws-sdk"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/bin/node"
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp "$repo/tools/test-services/lambda-runtime/bootstrap.js" "$root/var/runtime/bootstrap.js"
for client in "${SDK_CLIENTS[@]}"; do
  out="$root/var/runtime/node_modules/@aws-sdk/$client"
  mkdir -p "$out"
  (cd "$repo" && echo "module.exports = require('@aws-sdk/$client');" |
    node_modules/.bin/esbuild --bundle --platform=node --format=cjs --target=node18 --log-level=warning --outfile="$out/index.js")
done
tar -C "$root" -c . | docker -H "$host" import \
  --change 'ENV PATH=/usr/bin NODE_PATH=/var/runtime/node_modules LAMBDA_TASK_ROOT=/var/task' \
  --change 'WORKDIR /var/task' \
  --change 'ENTRYPOINT ["/usr/bin/node", "/var/runtime/bootstrap.js"]' \
  - "nxs-test/lambda:${RUNTIMES[0]}" >/dev/null
for runtime in "${RUNTIMES[@]:1}"; do
  docker -H "$host" tag "nxs-test/lambda:${RUNTIMES[0]}" "nxs-test/lambda:$runtime"
done
