#!/usr/bin/env bash
# Integration tests against a real Kafka broker and a real PostgreSQL. Each group (the libraries,
# then each service) is a jest run of its own, with its own broker and database: the services'
# suites use their real schema names and topics and must not see one another's events.
#   bash scripts/test-integration.sh [group ...]   e.g. services/ledger
set -euo pipefail
cd "$(dirname "$0")/.."
export KAFKAJS_NO_PARTITIONER_WARNING=1
mkdir -p tmp
if (($# > 0)); then groups=("$@"); else groups=(libs $(ls -d services/*/test 2>/dev/null | cut -d/ -f1-2)); fi
failed=()
for group in "${groups[@]}"; do
  name="${group//\//-}"
  printf '\n== integration tests: %s\n' "$group"
  # Every group runs even when one fails, so one run shows everything that is wrong.
  npx jest "$group" --selectProjects integration --runInBand --ci --json --outputFile="tmp/jest-integration-$name.json" ||
    failed+=("$group")
done
if ((${#failed[@]} > 0)); then
  echo "integration tests failed in: ${failed[*]}" >&2
  exit 1
fi
