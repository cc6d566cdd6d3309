# shellcheck shell=bash
# Shared helpers for the local single-node Kafka (KRaft, combined mode) built from the Maven
# Central jars. Sourced by fetch.sh, prepare.sh, run.sh, start.sh and stop.sh; the TypeScript
# test harness (libs/testing) calls those scripts, so every setting lives here once.

KAFKA_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$KAFKA_DEPLOY_DIR/../.." && pwd)"
KAFKA_POM="$KAFKA_DEPLOY_DIR/pom.xml"
KAFKA_PROPERTIES_TEMPLATE="$KAFKA_DEPLOY_DIR/server.properties.template"
KAFKA_LOG4J2_CONFIG="$KAFKA_DEPLOY_DIR/log4j2.xml"

# Seconds to wait for a graceful shutdown before SIGKILL, and for readiness.
KAFKA_STOP_TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-15}"
KAFKA_START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-90}"

die() {
  echo "kafka: error: $*" >&2
  exit 1
}

log() {
  echo "kafka: $*" >&2
}

require_cmd() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is not installed or not on PATH (needed: Java 17+ and Maven)"
  done
}

# The Kafka version, read from <kafka.version> in the pom (the single place it is set).
kafka_version() {
  local version
  version="$(sed -n 's:.*<kafka\.version>\([^<]*\)</kafka\.version>.*:\1:p' "$KAFKA_POM" | head -n 1)"
  [[ -n "$version" ]] || die "could not read <kafka.version> from $KAFKA_POM"
  printf '%s\n' "$version"
}

kafka_cache_root() {
  printf '%s\n' "${RISKPOOL_CACHE_DIR:-$HOME/.cache/riskpool}/kafka-$(kafka_version)"
}

kafka_libs_dir() {
  printf '%s\n' "$(kafka_cache_root)/libs"
}

kafka_default_run_dir() {
  printf '%s\n' "${KAFKA_RUN_DIR:-$REPO_ROOT/tmp/kafka}"
}

# A content hash of everything that shapes the jar set, so editing the pom refetches.
kafka_pom_hash() {
  sha256sum "$KAFKA_POM" | cut -c1-16
}

# A 22-character base64url cluster id (16 random bytes), like `kafka-storage.sh random-uuid`;
# Kafka rejects ids that start with '-'.
kafka_new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "${id:0:1}" != "-" && ${#id} -eq 22 ]] && break
  done
  printf '%s\n' "$id"
}

validate_port() {
  local name="$1" value="$2"
  if [[ ! "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    die "$name must be a TCP port (1-65535), got '$value'"
  fi
}

# render_properties <out file> <port> <controller port> <data dir>
# Always with authentication and ACLs (render_sasl_properties, KAFKA_SASL_USERS_FILE). One node by default. A node of a cluster: KAFKA_NODE_ID, KAFKA_QUORUM_VOTERS
# (`1@127.0.0.1:<controller port>,2@...`), KAFKA_REPLICATION_FACTOR and KAFKA_MIN_ISR.
render_properties() {
  local out="$1" port="$2" controller_port="$3" data_dir="$4"
  local node_id="${KAFKA_NODE_ID:-1}"
  local voters="${KAFKA_QUORUM_VOTERS:-$node_id@127.0.0.1:$controller_port}"
  local replication="${KAFKA_REPLICATION_FACTOR:-1}" min_isr="${KAFKA_MIN_ISR:-1}"
  validate_port KAFKA_PORT "$port"
  validate_port KAFKA_CONTROLLER_PORT "$controller_port"
  [[ "$port" != "$controller_port" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
  [[ "$node_id$replication$min_isr" =~ ^[0-9]+$ ]] || die "KAFKA_NODE_ID, KAFKA_REPLICATION_FACTOR and KAFKA_MIN_ISR must be numbers"
  [[ "$voters" =~ ^[0-9]+@[0-9.]+:[0-9]+(,[0-9]+@[0-9.]+:[0-9]+)*$ ]] || die "KAFKA_QUORUM_VOTERS must be id@host:port[,...], got '$voters'"
  sed -e "s|@KAFKA_PORT@|$port|g" \
    -e "s|@KAFKA_CONTROLLER_PORT@|$controller_port|g" \
    -e "s|@KAFKA_DATA_DIR@|$data_dir|g" \
    -e "s|@KAFKA_NODE_ID@|$node_id|g" \
    -e "s|@KAFKA_QUORUM_VOTERS@|$voters|g" \
    -e "s|@KAFKA_REPLICATION_FACTOR@|$replication|g" \
    -e "s|@KAFKA_MIN_ISR@|$min_isr|g" \
    "$KAFKA_PROPERTIES_TEMPLATE" >"$out.tmp"
  [[ -n "${KAFKA_SASL_USERS_FILE:-}" ]] || die "KAFKA_SASL_USERS_FILE is not set (prepare.sh sets it)"
  render_sasl_properties "$out.tmp" "$KAFKA_SASL_USERS_FILE" "$port" "$controller_port"
  mv -f "$out.tmp" "$out"
}

# The principals of the services: KAFKA_SERVICES of libs/contracts topic-access.ts (the one list;
# libs/testing/test/kafka-acl.int-spec.ts checks that this reads it whole).
kafka_service_principals() {
  sed -n '/^export const KAFKA_SERVICES = \[/,/\] as const;/p' \
    "$REPO_ROOT/libs/contracts/src/topic-access.ts" | grep -o "'[a-z][a-z0-9-]*'" | tr -d "'"
}

# A random password: 32 characters of base64url (24 bytes from /dev/urandom).
kafka_random_password() {
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# kafka_generate_users_file <file>: `admin` (the super user) and one principal per service, each
# with a random password, mode 600. Never committed, never a default: a new run dir, new passwords.
kafka_generate_users_file() {
  local file="$1" name
  (
    umask 077
    {
      printf 'admin=%s\n' "$(kafka_random_password)"
      for name in $(kafka_service_principals); do
        printf '%s=%s\n' "$name" "$(kafka_random_password)"
      done
    } >"$file.tmp"
  )
  chmod 600 "$file.tmp"
  mv -f "$file.tmp" "$file"
}

# kafka_users_each <users file>: `name password` a line, checked (principal names, 16+ characters of
# base64url), comments and blank lines left out.
kafka_users_each() {
  local users="$1" line name password
  [[ -f "$users" ]] || die "the Kafka users file $users does not exist"
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    name="${line%%=*}"
    password="${line#*=}"
    [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || die "bad principal name '$name' in $users"
    [[ "$password" =~ ^[A-Za-z0-9_-]{16,}$ ]] || die "the password of '$name' in $users must be 16+ characters of [A-Za-z0-9_-]"
    printf '%s %s\n' "$name" "$password"
  done <"$users"
}

kafka_admin_password() {
  local password
  password="$(kafka_users_each "$1" | sed -n 's/^admin //p' | head -n 1)"
  [[ -n "$password" ]] || die "$1 has no admin=<password> line"
  printf '%s\n' "$password"
}

# The StorageTool arguments that create every user of <users file> as a SCRAM-SHA-512 credential
# in the bootstrap metadata (KRaft keeps SCRAM credentials in the metadata log: format time is
# when they can be written without a running broker).
kafka_scram_format_args() {
  local name password
  while read -r name password; do
    printf '%s\n' --add-scram "SCRAM-SHA-512=[name=$name,password=$password]"
  done < <(kafka_users_each "$1")
}

# render_sasl_properties <properties file> <users file> <port> <controller port>
# Authentication and ACLs (docs/adr/0011-kafka-sasl-scram-and-acls.md): the client listener takes
# SASL/SCRAM-SHA-512 only (the credentials live in the metadata log, written at format time), the
# KRaft controller listener SASL/PLAIN with `admin` alone (KRaft cannot use SCRAM there: the
# controller authenticates before any metadata is loaded). The StandardAuthorizer refuses
# whatever no ACL allows; `admin` is the only super user (the broker itself, topic creation, the
# ACL set-up). A cluster node renders the same with the same file.
render_sasl_properties() {
  local out="$1" users="$2" port="$3" controller_port="$4" admin_password
  admin_password="$(kafka_admin_password "$users")"
  local plain='org.apache.kafka.common.security.plain.PlainLoginModule required'
  local scram='org.apache.kafka.common.security.scram.ScramLoginModule required'
  sed -i -e '/^listeners=/d' -e '/^advertised.listeners=/d' -e '/^inter.broker.listener.name=/d' \
    -e '/^controller.listener.names=/d' -e '/^listener.security.protocol.map=/d' "$out"
  cat >>"$out" <<PROPS

# SASL/SCRAM, SASL/PLAIN for the controller, and ACLs (render_sasl_properties).
listeners=BROKER://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=BROKER://127.0.0.1:$port
inter.broker.listener.name=BROKER
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.broker.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.broker.scram-sha-512.sasl.jaas.config=$scram username="admin" password="$admin_password";
listener.name.controller.plain.sasl.jaas.config=$plain username="admin" password="$admin_password" user_admin="$admin_password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
PROPS
}

# The java command line of the broker (or of a Kafka tool with a different main class).
# Heap and GC follow docs (small heap, SerialGC for 2 cores); KAFKA_HEAP_OPTS / KAFKA_JVM_OPTS
# override them.
kafka_java_args() {
  local logs_dir="$1"
  local heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  local jvm="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -Djava.awt.headless=true}"
  local -a args
  # Word splitting of the two option strings is intended.
  # shellcheck disable=SC2206
  args=($heap $jvm)
  # KAFKA_JIT=c1 stops at the client compiler: ~35% less CPU to start, lower peak throughput.
  # The test harness uses it (brokers restart often there); the dev broker keeps the full JIT.
  case "${KAFKA_JIT:-full}" in
    full) ;;
    c1) args+=(-XX:TieredStopAtLevel=1) ;;
    *) die "KAFKA_JIT must be 'full' or 'c1', got '${KAFKA_JIT}'" ;;
  esac
  args+=(
    "-Dlog4j2.configurationFile=$KAFKA_LOG4J2_CONFIG"
    "-Dkafka.logs.dir=$logs_dir"
    -cp "$(kafka_libs_dir)/*"
  )
  printf '%s\n' "${args[@]}"
}

# proc_alive <pid>: the process exists and is not a zombie (kill -0 succeeds on zombies).
proc_alive() {
  local state
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  state="$(sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ -n "$state" && "$state" != "Z" ]]
}

# AppCDS: the JVM maps the classes of an earlier run from an archive instead of loading and
# verifying ~10k classes again, which roughly halves the start on a busy 2-core machine. The first
# run of a (pom, JVM) pair writes the archive when it exits (-XX:ArchiveClassesAtExit); the next
# run checks it (a broken archive crashes the JVM, so it is tried with -Xshare:on first) and uses
# it. KAFKA_CDS=0 turns this off.
kafka_cds_archive() {
  local java_bin jvm_lib
  java_bin="$(readlink -f "$(command -v java)")"
  jvm_lib="$(dirname "$(dirname "$java_bin")")/lib/server/libjvm.so"
  local key
  key="$( (kafka_pom_hash && stat -c '%n %s %Y' "$java_bin" "$jvm_lib" 2>/dev/null) | sha256sum | cut -c1-16)"
  printf '%s\n' "$(kafka_cache_root)/cds/kafka-$key.jsa"
}

# Promotes <archive>.partial to <archive> once the run that writes it has exited.
kafka_cds_promote() {
  local archive="$1" lock="$1.lock" writer
  [[ -d "$lock" ]] || return 0
  writer="$(cat "$lock/pid" 2>/dev/null || true)"
  if proc_alive "$writer"; then
    return 0
  fi
  if [[ -s "$archive.partial" ]] &&
    java -Xshare:on "-XX:SharedArchiveFile=$archive.partial" -cp "$(kafka_libs_dir)/*" -version >/dev/null 2>&1; then
    mv -f "$archive.partial" "$archive" 2>/dev/null || true
  else
    rm -f "$archive.partial"
  fi
  rm -rf "$lock"
}

# The CDS options for a broker about to start as process <pid> (one option a line, maybe none).
kafka_cds_args() {
  local pid="$1" archive
  [[ "${KAFKA_CDS:-1}" == "1" ]] || return 0
  archive="$(kafka_cds_archive)"
  mkdir -p "$(dirname "$archive")"
  kafka_cds_promote "$archive"
  if [[ -f "$archive" ]]; then
    printf '%s\n' "-XX:SharedArchiveFile=$archive" -Xshare:auto
  elif mkdir "$archive.lock" 2>/dev/null; then
    printf '%s\n' "$pid" >"$archive.lock/pid"
    printf '%s\n' "-XX:ArchiveClassesAtExit=$archive.partial"
  fi
}

# pid_is_broker <pid>: true when the process exists, is not a zombie and is a Kafka broker.
pid_is_broker() {
  local pid="$1"
  proc_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

# The pid recorded in <run dir>/kafka.pid when it is a live broker, else nothing (exit 1).
running_broker_pid() {
  local run_dir="$1" pid
  [[ -f "$run_dir/kafka.pid" ]] || return 1
  pid="$(tr -dc '0-9' <"$run_dir/kafka.pid")"
  pid_is_broker "$pid" || return 1
  printf '%s\n' "$pid"
}
