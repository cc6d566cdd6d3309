#!/usr/bin/env bash
# prepare.sh <run dir> <port> <controller port>
# Gets a run directory ready for run.sh: fetches the jars (once), makes the principals' passwords
# (<run dir>/sasl-users.properties, mode 600: `admin` and one per service, random, unless
# KAFKA_SASL_USERS_FILE names a file), renders <run dir>/server.properties from
# server.properties.template and, on first use, formats <run dir>/data as KRaft storage whose
# bootstrap metadata holds every principal's SCRAM-SHA-512 credential. The cluster id is kept in
# <run dir>/cluster.id. Used by start.sh and by libs/testing (startKafkaBroker).
# A node of a cluster: the variables of lib.sh render_properties plus KAFKA_CLUSTER_ID (the same
# users file on every node).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 3 ]] || die "usage: prepare.sh <run dir> <port> <controller port>"
run_dir="$1"
port="$2"
controller_port="$3"

"$KAFKA_DEPLOY_DIR/fetch.sh" >/dev/null

mkdir -p "$run_dir"
chmod 700 "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
users="${KAFKA_SASL_USERS_FILE:-$run_dir/sasl-users.properties}"
if [[ ! -f "$users" ]]; then
  # The credentials are in the formatted metadata: new passwords would not match it.
  [[ ! -f "$run_dir/data/meta.properties" ]] ||
    die "$users is missing but $run_dir/data was formatted with its passwords; remove $run_dir to start afresh"
  kafka_generate_users_file "$users"
fi
export KAFKA_SASL_USERS_FILE="$users"
render_properties "$run_dir/server.properties" "$port" "$controller_port" "$run_dir/data"
chmod 600 "$run_dir/server.properties"

if [[ -f "$run_dir/data/meta.properties" ]]; then
  exit 0
fi
if [[ -d "$run_dir/data" ]] && [[ -n "$(ls -A "$run_dir/data")" ]]; then
  die "$run_dir/data is not empty but has no meta.properties; remove it to start afresh"
fi
rm -rf "$run_dir/data"

# Formatted once per run dir (not from a shared template): the SCRAM credentials are this run's.
# A node of a cluster formats with the cluster's id (KAFKA_CLUSTER_ID, the same on every node).
cluster_id="${KAFKA_CLUSTER_ID:-$(kafka_new_cluster_id)}"
java_args_text="$(kafka_java_args "$run_dir")"
mapfile -t java_args <<<"$java_args_text"
scram_args_text="$(kafka_scram_format_args "$users")"
mapfile -t scram_args <<<"$scram_args_text"
# Class data sharing as the broker uses it, when its archive exists (a faster JVM start).
cds_archive="$(kafka_cds_archive)"
cds_args=()
[[ "${KAFKA_CDS:-1}" == "1" && -f "$cds_archive" ]] && cds_args=("-XX:SharedArchiveFile=$cds_archive" -Xshare:auto)
if ! java "${cds_args[@]}" "${java_args[@]}" -XX:TieredStopAtLevel=1 kafka.tools.StorageTool format \
  -t "$cluster_id" -c "$run_dir/server.properties" "${scram_args[@]}" >"$run_dir/format.out" 2>&1; then
  cat "$run_dir/format.out" >&2
  rm -rf "$run_dir/data"
  die "kafka-storage format failed"
fi
printf '%s\n' "$cluster_id" >"$run_dir/cluster.id"
