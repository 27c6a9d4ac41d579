#!/usr/bin/env bash
# Stops the Kafka, ClickHouse and Redis that up.sh started from this var dir:
# SIGTERM, wait up to INFRA_STOP_TIMEOUT (30s), then SIGKILL. Idempotent.
# Infra answering on the ports but started elsewhere (another worktree) is left alone.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# stop_service NAME PID_FILE CMDLINE_PATTERN HEALTH_CHECK
stop_service() {
  local name=$1 pid_file=$2 pattern=$3 health=$4 pid t0
  if pid=$(running_pid "$pid_file" "$pattern"); then
    t0=$SECONDS
    log "stopping $name (pid $pid)"
    stop_pid "$name" "$pid"
    rm -f "$pid_file"
    log "$name stopped ($((SECONDS - t0))s)"
    return
  fi
  rm -f "$pid_file" # stale or absent
  if "$health" >/dev/null 2>&1; then
    log "$name is answering but was not started from $VAR_DIR: leaving it running"
  else
    log "$name not running"
  fi
}

stop_service Kafka "$KAFKA_PID_FILE" "$KAFKA_MAIN" kafka_health
stop_service ClickHouse "$CH_PID_FILE" clickhouse-server clickhouse_health
stop_service Redis "$REDIS_PID_FILE" redis-server redis_health
