#!/usr/bin/env bash
# Runs the whole system on this machine: PostgreSQL (the machine's, or an embedded one), a real
# Kafka broker, every service, and a seeded demo. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 24 first on PATH (fetched into the cache where the machine's is older), telemetry off.
# shellcheck source=env.sh
source scripts/env.sh
export NX_DAEMON=false KAFKAJS_NO_PARTITIONER_WARNING=1
# The services default to production; `npm start` is the demo (scripts/start-system.ts sets it per service too).
export RISKPOOL_MODE="${RISKPOOL_MODE:-demo}"
case " $* " in *" --cluster "*) export RISKPOOL_SETUP_CLUSTER=1 ;; esac
bash scripts/setup.sh
echo "== building the services (tsc -p tsconfig.build.json)"
npx tsc -p tsconfig.build.json
echo "== building the web console (vite build services/console); the gateway serves it at /console"
npx vite build services/console --logLevel warn
exec env TS_NODE_PROJECT=tsconfig.spec.json node -r ./scripts/register-aliases.js -r ts-node/register/transpile-only scripts/start-system.ts "$@"
