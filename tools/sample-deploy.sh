#!/usr/bin/env bash
# `npm run sample`: the main job end to end on a fresh clone.
#   1. installs the repo's npm dependencies when missing,
#   2. builds and packs every @nxstack package (tools/pack.sh),
#   3. creates .tmp/sample from e2e/sample-workspace and installs nx + the tarballs there,
#   4. runs `nx run api:deploy` (stage `local`: no AWS needed),
#   5. on the local stage, runs the packaged myLambda zip through the local Lambda runtime,
#   6. prints where the artifacts and the CloudFormation template went.
# Extra arguments go to the deploy (e.g. `npm run sample -- --stage dev --region eu-west-1`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample="$root/.tmp/sample"
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false

cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm dependencies"
  npm install --no-audit --no-fund  # not npm ci: see tools/test.sh
fi

echo "==> building and packing @nxstack packages"
mapfile -t tarballs < <(bash tools/pack.sh "$root/.tmp/packs")
printf '    %s\n' "${tarballs[@]}"

echo "==> creating $sample from e2e/sample-workspace"
# Keep node_modules between runs (faster), replace everything else.
if [ -d "$sample" ]; then
  find "$sample" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
fi
mkdir -p "$sample"
# Same version, new tarball contents: make npm install them again.
rm -rf "$sample/node_modules/@nxstack"
cp -R "$root/e2e/sample-workspace/." "$sample/"

echo "==> installing nx and the tarballs in the sample"
(cd "$sample" && npm install --prefer-offline --no-audit --no-fund --save-dev "${tarballs[@]}")

echo "==> nx run api:deploy $*"
cd "$sample"
NX_DAEMON=false NX_NO_CLOUD=true npx --no-install nx run api:deploy "$@"

stage="local"
prev=""
for a in "$@"; do
  if [ "$prev" = "--stage" ]; then stage="$a"; fi
  case "$a" in --stage=*) stage="${a#--stage=}" ;; esac
  prev="$a"
done

if [ "$stage" = "local" ]; then
  echo
  echo "==> nx run api:invoke --resource myLambda --event event.json (the deployed zip, run locally)"
  echo '{"delay":"2s"}' > event.json
  NX_DAEMON=false NX_NO_CLOUD=true npx --no-install nx run api:invoke --resource myLambda --event event.json
fi

echo
echo "Sample workspace:   $sample"
echo "Packaged artifacts: $sample/dist/stack/api/<resource>/ (zip + manifest.json)"
if [ "$stage" = "local" ]; then
  echo "Deployed artifacts: $sample/.nxstack/local/artifacts/api/"
  echo "Template:           $sample/.nxstack/local/api/template.json"
  echo "Stack state:        $sample/.nxstack/local/api/state.json"
  find "$sample/.nxstack/local" -type f | sort | sed "s|^$sample/|    |"
else
  echo "Deployed to AWS stage '$stage' (CloudFormation stack api-$stage)."
fi
echo
echo "Try: cd .tmp/sample && npx nx show project api   |   npx nx run api:deploy (cached, nothing uploaded)"
