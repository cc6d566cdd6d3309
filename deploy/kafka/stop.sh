#!/usr/bin/env bash
# Stops the broker of KAFKA_RUN_DIR (default <repo>/tmp/kafka), or of the run directory given
# as the first argument: SIGTERM (the broker's shutdown hook runs), then SIGKILL after
# KAFKA_STOP_TIMEOUT_S (15) seconds. Idempotent: a stopped broker is not an error.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_dir="${1:-$(kafka_default_run_dir)}"

if ! pid="$(running_broker_pid "$run_dir")"; then
  log "no broker running for $run_dir"
  rm -f "$run_dir/kafka.pid"
  exit 0
fi

log "stopping broker (pid $pid)"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + KAFKA_STOP_TIMEOUT_S))
while pid_is_broker "$pid" && ((SECONDS < deadline)); do
  sleep 0.1
done
if pid_is_broker "$pid"; then
  log "broker did not stop within ${KAFKA_STOP_TIMEOUT_S}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 5))
  while pid_is_broker "$pid" && ((SECONDS < deadline)); do
    sleep 0.1
  done
  pid_is_broker "$pid" && die "broker (pid $pid) survived SIGKILL"
fi
rm -f "$run_dir/kafka.pid"
log "stopped"
