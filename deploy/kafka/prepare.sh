#!/usr/bin/env bash
# prepare.sh <run dir> <port> <controller port>
# Gets a run directory ready for run.sh: fetches the jars (once), renders
# <run dir>/server.properties from server.properties.template and, on first use, fills
# <run dir>/data with formatted KRaft storage. Formatting runs once per Kafka version and
# template into a cached storage template (cluster id generated then); run directories get a
# copy, which is faster than starting the JVM for StorageTool every time. The cluster id is
# kept in <run dir>/cluster.id. Used by start.sh and by libs/testing (startKafkaBroker).
# A node of a cluster: the variables of lib.sh render_properties plus KAFKA_CLUSTER_ID.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 3 ]] || die "usage: prepare.sh <run dir> <port> <controller port>"
run_dir="$1"
port="$2"
controller_port="$3"

"$KAFKA_DEPLOY_DIR/fetch.sh" >/dev/null

mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
render_properties "$run_dir/server.properties" "$port" "$controller_port" "$run_dir/data"

if [[ -f "$run_dir/data/meta.properties" ]]; then
  exit 0
fi
if [[ -d "$run_dir/data" ]] && [[ -n "$(ls -A "$run_dir/data")" ]]; then
  die "$run_dir/data is not empty but has no meta.properties; remove it to start afresh"
fi
rm -rf "$run_dir/data"

# A node of a cluster (KAFKA_CLUSTER_ID set, the same on every node): formatted with that id and
# its own node id, no template.
if [[ -n "${KAFKA_CLUSTER_ID:-}" ]]; then
  java_args_text="$(kafka_java_args "$run_dir")"
  mapfile -t java_args <<<"$java_args_text"
  if ! java "${java_args[@]}" kafka.tools.StorageTool format \
    -t "$KAFKA_CLUSTER_ID" -c "$run_dir/server.properties" >"$run_dir/format.out" 2>&1; then
    cat "$run_dir/format.out" >&2
    rm -rf "$run_dir/data"
    die "kafka-storage format failed"
  fi
  printf '%s\n' "$KAFKA_CLUSTER_ID" >"$run_dir/cluster.id"
  exit 0
fi

template="$(kafka_cache_root)/storage-template-$(kafka_template_hash)"
if [[ ! -f "$template/data/meta.properties" ]]; then
  exec 9>"$(kafka_cache_root)/.template.lock"
  flock -w 120 9 || die "timed out waiting for another process formatting $template"
  if [[ ! -f "$template/data/meta.properties" ]]; then
    staging="$template.staging.$$"
    rm -rf "$staging"
    mkdir -p "$staging"
    cluster_id="$(kafka_new_cluster_id)"
    printf '%s\n' "$cluster_id" >"$staging/cluster.id"
    # Ports are irrelevant to formatting (static controller.quorum.voters); nothing binds here.
    KAFKA_SASL_USERS_FILE="" render_properties "$staging/format.properties" 9092 9093 "$staging/data"
    log "formatting KRaft storage template (cluster id $cluster_id) in $template"
    java_args_text="$(kafka_java_args "$staging")"
    mapfile -t java_args <<<"$java_args_text"
    if ! java "${java_args[@]}" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$staging/format.properties" >"$staging/format.out" 2>&1; then
      cat "$staging/format.out" >&2
      rm -rf "$staging"
      die "kafka-storage format failed"
    fi
    rm -rf "$template"
    mv "$staging" "$template"
  fi
  exec 9>&-
fi

cp -R "$template/data" "$run_dir/data.tmp.$$"
mv "$run_dir/data.tmp.$$" "$run_dir/data"
cp "$template/cluster.id" "$run_dir/cluster.id"
