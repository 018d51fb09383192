#!/usr/bin/env bash
# Smoke-test the envtest fixture (test/cluster/envtest.ts) against the binaries
# built by tools/build.sh: for each pinned Kubernetes version (or the versions
# given as arguments) start etcd + kube-apiserver, run `kubectl version` and
# `kubectl apply --server-side --dry-run=server` of a Namespace.
#
#   bash tools/build.sh && bash tools/smoke.sh [1.29.15 ...]
#
# Needs node_modules (esbuild, from `npm ci`) to turn the TypeScript into JS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ -x node_modules/.bin/esbuild ]; then
  node_modules/.bin/esbuild test/cluster/envtest-smoke.ts --bundle --platform=node --target=node20 \
    --format=cjs --log-level=warning --outfile="$out/test/cluster/envtest-smoke.js"
elif [ -x node_modules/.bin/tsc ]; then
  node_modules/.bin/tsc --outDir "$out/test/cluster" --noEmit false --module commonjs --target ES2022 \
    --types node --skipLibCheck test/cluster/envtest-smoke.ts test/cluster/envtest.ts
else
  echo "smoke.sh: neither esbuild nor tsc in node_modules/.bin; run npm ci" >&2; exit 1
fi
# The bundle lives outside the repo, so tell the fixture where the repo is.
TOOLS_CACHE_DIR=${TOOLS_CACHE_DIR:-$root/.cache} ENVTEST_REPO_ROOT=$root node "$out/test/cluster/envtest-smoke.js" "$@"
