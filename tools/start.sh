#!/usr/bin/env bash
# Starts all of Switchyard on this machine: Kafka, ClickHouse and Redis, the mock
# provider, and the six services, seeded with a demo tenant. Prints the API URL
# and a demo key. Ctrl-C stops the services (the infra keeps running;
# tools/infra/down.sh stops it).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$REPO_ROOT/tools/setup.sh"
bash "$REPO_ROOT/tools/infra/up.sh"
exec node "$REPO_ROOT/tools/dev/dist/start-dev.js"
