#!/usr/bin/env bash
# run.sh <run dir>
# Runs the broker in the foreground (exec: this process becomes the JVM, so its pid is the
# broker's) with <run dir>/server.properties, after prepare.sh. Writes <run dir>/kafka.pid;
# the JVM's own stdout/stderr go to <run dir>/kafka.out, the broker's log to
# <run dir>/server.log (log4j2.xml). With KAFKA_PARENT_PID set, a watchdog stops the broker
# (SIGTERM, then SIGKILL) when that process dies, so a killed test run leaves no broker behind.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die "usage: run.sh <run dir>"
run_dir="$(cd "$1" && pwd)"
[[ -f "$run_dir/server.properties" ]] || die "$run_dir/server.properties is missing: run prepare.sh first"
[[ -f "$run_dir/data/meta.properties" ]] || die "$run_dir/data is not formatted: run prepare.sh first"
[[ -d "$(kafka_libs_dir)" ]] || die "$(kafka_libs_dir) is missing: run fetch.sh first"

# Command substitutions (not `< <(...)`) so that a failure inside stops this script.
java_args_text="$(kafka_java_args "$run_dir")"
cds_args_text="$(kafka_cds_args "$$")"
mapfile -t java_args <<<"$java_args_text"
cds_args=()
[[ -z "$cds_args_text" ]] || mapfile -t cds_args <<<"$cds_args_text"
cd "$run_dir"
exec >>"$run_dir/kafka.out" 2>&1
echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) starting Kafka $(kafka_version), pid $$"
printf '%s\n' "$$" >"$run_dir/kafka.pid"
echo "=== class data sharing: ${cds_args[*]:-off}"

if [[ -n "${KAFKA_PARENT_PID:-}" ]]; then
  parent="$KAFKA_PARENT_PID"
  broker="$$"
  stop_timeout="$KAFKA_STOP_TIMEOUT_S"
  (
    trap '' INT HUP
    while proc_alive "$parent" && proc_alive "$broker"; do sleep 1; done
    if pid_is_broker "$broker"; then
      echo "=== parent process $parent is gone: stopping broker $broker"
      kill -TERM "$broker" 2>/dev/null || true
      for ((i = 0; i < stop_timeout * 10; i++)); do
        proc_alive "$broker" || exit 0
        sleep 0.1
      done
      kill -KILL "$broker" 2>/dev/null || true
    fi
  ) </dev/null &
fi

exec java "${cds_args[@]}" "${java_args[@]}" kafka.Kafka "$run_dir/server.properties"
