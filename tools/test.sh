#!/usr/bin/env bash
# Runs every test against real infrastructure: installs what is missing, starts
# Kafka, ClickHouse and Redis, lints, runs unit tests, then the end-to-end suites (the
# real services as processes, the official openai/anthropic SDKs as clients).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$REPO_ROOT/tools/setup.sh"
bash "$REPO_ROOT/tools/infra/up.sh"

started=$(date +%s)
echo "[test] format (prettier --check)"
npx prettier --check . --log-level warn
echo "[test] lint (types, eslint, nx module boundaries)"
npx nx run-many -t lint --output-style=static
echo "[test] unit tests"
npx nx run-many -t test --exclude=@switchyard/e2e --output-style=static
echo "[test] end-to-end tests"
npm test -w @switchyard/e2e
echo "[test] all green in $(($(date +%s) - started))s"
