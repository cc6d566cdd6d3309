#!/usr/bin/env bash
# Integration tests against a real Kafka broker and a real PostgreSQL. Each group (the libraries,
# then each service) is a jest run of its own, with its own broker and database: the services'
# suites use their real schema names and topics and must not see one another's events.
#   bash scripts/test-integration.sh [group ...]   e.g. services/ledger
set -euo pipefail
cd "$(dirname "$0")/.."
export KAFKAJS_NO_PARTITIONER_WARNING=1
mkdir -p tmp
# The ledger's spec files each start a ledger that reads the ledger topics from the beginning and
# asserts on everything it booked, so one file's events must not reach another: each file is a
# group of its own (its own broker and database).
# That holds when the folder is named as an argument too.
FILE_GROUPS_IN=(services/ledger)
if (($# > 0)); then
  asked=("$@")
else
  asked=(libs $(ls -d services/*/test 2>/dev/null | cut -d/ -f1-2))
fi
groups=()
for group in "${asked[@]}"; do
  if [[ " ${FILE_GROUPS_IN[*]} " == *" ${group%/} "* ]]; then
    groups+=($(find "${group%/}/test" -name '*.int-spec.ts' | sort))
  else
    groups+=("$group")
  fi
done
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
