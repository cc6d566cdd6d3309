#!/usr/bin/env bash
# The whole test suite: lint, format, types, unit tests, integration tests against a real Kafka
# broker and a real PostgreSQL that the jest global setup starts (or finds) by itself, then the
# end-to-end scenarios across all services (the web console's among them, in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 24 first on PATH (fetched into the cache where the machine's is older), telemetry off.
# shellcheck source=env.sh
source scripts/env.sh
export NX_DAEMON=false KAFKAJS_NO_PARTITIONER_WARNING=1
# The services default to production; the suites run them in test mode (each harness says so too).
export RISKPOOL_MODE=test

RISKPOOL_SETUP_BROWSER=1 RISKPOOL_SETUP_TEST_TOOLS=1 bash scripts/setup.sh

started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "lint"
# The module-boundary rule reads Nx's project graph; compute it first or the rule is skipped.
npx nx show projects >/dev/null
npx eslint . --max-warnings=0
step "format"
npx prettier --check . --log-level warn
step "types"
npx tsc -p tsconfig.check.json
# The web console has its own settings (DOM and JSX): services/console/tsconfig.json.
npx tsc -p services/console/tsconfig.json

mkdir -p tmp
rm -f tmp/jest-*.json
step "unit tests"
npx jest --selectProjects unit --ci --json --outputFile=tmp/jest-unit.json
bash scripts/test-integration.sh
step "build (tsc -p tsconfig.build.json, vite build services/console)"
npx tsc -p tsconfig.build.json
npx vite build services/console --logLevel warn
step "end-to-end (every service as a process behind the gateway)"
RISKPOOL_E2E_FROM_DIST=1 npx jest --selectProjects e2e --runInBand --ci --json --outputFile=tmp/jest-e2e.json

step "done"
node -e '
const fs = require("fs");
const files = fs.readdirSync("tmp").filter((f) => /^jest-.*\.json$/.test(f));
const r = files.map((f) => JSON.parse(fs.readFileSync("tmp/" + f, "utf8")));
const passed = r.reduce((n, x) => n + x.numPassedTests, 0);
const failed = r.reduce((n, x) => n + x.numFailedTests, 0);
const skipped = r.reduce((n, x) => n + x.numPendingTests + x.numTodoTests, 0);
console.log(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exit(1);
'
