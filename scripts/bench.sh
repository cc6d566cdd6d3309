#!/usr/bin/env bash
# Runs every benchmark under bench/ (each writes JSON under bench/results/); figures and the
# conditions they were measured in are written down in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 24 first on PATH (fetched into the cache where the machine's is older), telemetry off.
# shellcheck source=env.sh
source scripts/env.sh
export KAFKAJS_NO_PARTITIONER_WARNING=1 TS_NODE_PROJECT=tsconfig.spec.json
# The services default to production; the benchmarks run them in test mode.
export RISKPOOL_MODE=test
bash scripts/setup.sh
mkdir -p bench/results
# `npm run bench -- system-load --quick`: the first argument picks benchmarks by name, the rest
# go to each benchmark.
only="${1:-}"
shift || true
# Whole-system benchmarks run the services from the production build, as npm start does.
if [[ -z "$only" || "system-load" == *"$only"* ]]; then
  echo "== build (tsc -p tsconfig.build.json)"
  npx tsc -p tsconfig.build.json
  export RISKPOOL_E2E_FROM_DIST=1
fi
for file in bench/*.bench.ts; do
  name="$(basename "$file" .bench.ts)"
  if [[ -n "$only" && "$name" != *"$only"* ]]; then continue; fi
  echo "== bench: $name"
  node --max-old-space-size=4096 -r ./scripts/register-aliases.js -r ts-node/register/transpile-only "$file" "$@"
done
echo "results: bench/results/"
