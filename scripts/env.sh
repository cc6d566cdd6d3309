# shellcheck shell=bash
# Sourced (from the repository's root) by every script that runs the project: setup.sh, start.sh,
# test.sh, bench.sh and .ci/run. Node 24 first on PATH (scripts/node-runtime.sh: the machine's
# when new enough, else one fetched into the cache), so npm, npx and every `node` they start run
# on it; and no tool reports home: Nx Cloud off (nx.json says so too, and analytics: false),
# Redocly's telemetry off (redocly.yaml too), no Scarf install analytics, no npm update check.
node_bin="$(bash "$(dirname "${BASH_SOURCE[0]}")/node-runtime.sh")"
export PATH="$node_bin:$PATH"
unset node_bin
export NX_NO_CLOUD=true REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export SCARF_ANALYTICS=false DO_NOT_TRACK=1 npm_config_update_notifier=false
