#!/usr/bin/env bash
# Copies the Kafka broker's runtime jars (from pom.xml, via Maven) once into
#   ${RISKPOOL_CACHE_DIR:-$HOME/.cache/riskpool}/kafka-<version>/libs
# and prints that directory. Idempotent: a marker file holding the pom's hash makes later runs
# return at once without calling mvn; editing the pom refetches.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_cmd java
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
[[ "${java_major:-0}" =~ ^[0-9]+$ ]] || die "could not read the Java version (java -XshowSettings)"
((java_major >= 17)) || die "Kafka $(kafka_version) needs Java 17 or newer; found Java $java_major"

cache_root="$(kafka_cache_root)"
libs_dir="$(kafka_libs_dir)"
marker="$libs_dir/.fetched"
want="$(kafka_pom_hash)"

if [[ -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
  printf '%s\n' "$libs_dir"
  exit 0
fi

require_cmd mvn
mkdir -p "$cache_root"
# One fetch at a time per cache directory (a test run and start.sh may race).
exec 9>"$cache_root/.fetch.lock"
flock -w 900 9 || die "timed out waiting for another fetch to finish ($cache_root/.fetch.lock)"
if [[ -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
  printf '%s\n' "$libs_dir"
  exit 0
fi

staging="$cache_root/libs.staging.$$"
rm -rf "$staging"
log "copying the runtime jars of Kafka $(kafka_version) into $libs_dir (mvn dependency:copy-dependencies)"
# Maven 3.8 prints ANSI resets even in batch mode: strip them.
if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
  -DoutputDirectory="$staging" -DincludeScope=runtime 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2; then
  rm -rf "$staging"
  die "mvn dependency:copy-dependencies failed (see above); is Maven Central reachable?"
fi
compgen -G "$staging/kafka_2.13-*.jar" >/dev/null || die "no kafka_2.13 jar was copied into $staging"
compgen -G "$staging/log4j-slf4j-impl-*.jar" >/dev/null || die "no log4j2 slf4j binding was copied into $staging"
printf '%s\n' "$want" >"$staging/.fetched"
rm -rf "$libs_dir"
mv "$staging" "$libs_dir"
log "$(find "$libs_dir" -name '*.jar' | wc -l) jars in $libs_dir"
printf '%s\n' "$libs_dir"
