#!/usr/bin/env bash
# Starts a single-node Kafka (KRaft, combined mode) on 127.0.0.1 in the background and creates
# the project's topics (ALL_TOPICS from @riskpool/contracts, with their .dlq twins).
#   KAFKA_PORT             client listener (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener (default 9093)
#   KAFKA_RUN_DIR          config, data, pid file and server.log (default <repo>/tmp/kafka)
#   KAFKA_TOPIC_PARTITIONS partitions per created topic (default 3)
#   KAFKA_START_TIMEOUT_S  readiness timeout in seconds (default 90)
# Authentication is always on (docs/adr/0011-kafka-sasl-scram-and-acls.md): prepare.sh makes
# <run dir>/sasl-users.properties (mode 600; `admin` and one principal per service, random
# passwords), and the services' ACLs are created with the topics. A client authenticates with
# SASL/SCRAM-SHA-512 as its principal (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD).
# Idempotent: when the broker of KAFKA_RUN_DIR already runs it says so, checks the topics and
# exits 0. Stop it with stop.sh.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_dir="$(kafka_default_run_dir)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
validate_port KAFKA_PORT "$port"
validate_port KAFKA_CONTROLLER_PORT "$controller_port"
require_cmd node

tcp_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

create_topics() {
  log "creating topics on 127.0.0.1:$port"
  (
    cd "$REPO_ROOT"
    KAFKA_BROKERS="127.0.0.1:$port" KAFKA_SASL_USERS_FILE="$run_dir/sasl-users.properties" \
      TS_NODE_PROJECT="$REPO_ROOT/tsconfig.spec.json" \
      timeout 120 node -r ./scripts/register-aliases.js -r ts-node/register/transpile-only \
      libs/testing/src/create-topics.ts
  ) || die "creating topics failed (broker log: $run_dir/server.log)"
}

if pid="$(running_broker_pid "$run_dir")"; then
  configured_port="$(sed -n 's/^advertised\.listeners=[A-Z]*:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$run_dir/server.properties" | tail -n 1)"
  log "already running (pid $pid) on 127.0.0.1:${configured_port:-?} with run dir $run_dir"
  if [[ -n "$configured_port" && "$configured_port" != "$port" ]]; then
    log "note: it listens on $configured_port, not KAFKA_PORT=$port; stop it first to change ports"
  fi
  port="${configured_port:-$port}"
  create_topics
  exit 0
fi

for p in "$port" "$controller_port"; do
  if tcp_open "$p"; then
    die "port $p on 127.0.0.1 is already in use by another process; set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
  fi
done

started_at=$SECONDS
"$KAFKA_DEPLOY_DIR/prepare.sh" "$run_dir" "$port" "$controller_port"

log_file="$run_dir/server.log"
log_offset=0
[[ -f "$log_file" ]] && log_offset="$(stat -c %s "$log_file")"
rm -f "$run_dir/kafka.pid"

log "starting Kafka $(kafka_version) on 127.0.0.1:$port (controller $controller_port), run dir $run_dir"
setsid bash "$KAFKA_DEPLOY_DIR/run.sh" "$run_dir" </dev/null >/dev/null 2>&1 &
launcher=$!

fail() {
  echo "----- tail of $log_file -----" >&2
  tail -n 40 "$log_file" >&2 2>/dev/null || true
  echo "----- tail of $run_dir/kafka.out -----" >&2
  tail -n 20 "$run_dir/kafka.out" >&2 2>/dev/null || true
  if pid="$(running_broker_pid "$run_dir")"; then
    "$KAFKA_DEPLOY_DIR/stop.sh" "$run_dir" || true
  fi
  die "$*"
}

deadline=$((SECONDS + KAFKA_START_TIMEOUT_S))
ready=""
while ((SECONDS < deadline)); do
  if ! proc_alive "$launcher" && ! running_broker_pid "$run_dir" >/dev/null; then
    fail "the broker exited during start-up"
  fi
  if [[ -f "$log_file" ]] && tail -c "+$((log_offset + 1))" "$log_file" | grep -q 'Kafka Server started' &&
    tcp_open "$port"; then
    ready=1
    break
  fi
  sleep 0.2
done
[[ -n "$ready" ]] || fail "the broker was not ready within ${KAFKA_START_TIMEOUT_S}s"

pid="$(running_broker_pid "$run_dir")" || fail "the broker is not running"
log "ready in $((SECONDS - started_at))s (pid $pid); log: $log_file"
create_topics
log "Kafka is up: KAFKA_BROKERS=127.0.0.1:$port (SASL/SCRAM-SHA-512; principals and passwords in $run_dir/sasl-users.properties)"
